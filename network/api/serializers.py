"""What the network API reads (query parameters, request bodies) and answers (nodes,
summaries, statistics). Querysets and who may see what live in api.py and permissions.py.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import StrictJSONInput
from network import codes, genealogy, stats
from network.downline import DEFAULT_DEPTH, MAX_DEPTH
from network.models import Leg, Partner, PartnerStatus, TeamSnapshot
from network.ranks import rank_label
from network.referrals import referral_url

# Ids are 32-bit on every database the project runs on; a bigger one names nothing.
MAX_ID = 2**31 - 1
# A three-letter currency code (ISO 4217), in any case: the ledger stores it upper-case.
CURRENCY_PATTERN = r"^[A-Za-z]{3}$"
ORDERINGS = ["level", "-level", "joined_at", "-joined_at", "name", "-name"]


def photo_url(request, partner):
    if not partner.photo:
        return None
    return request.build_absolute_uri(partner.photo.url)


def snapshot_of(partner):
    """The partner's TeamSnapshot, or None before the first recompute."""
    try:
        return partner.snapshot
    except TeamSnapshot.DoesNotExist:
        return None


class RankNameField(serializers.CharField):
    """The partner's rank as its name in the request's language (`rank` stays the code)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The rank's name in the request's language."))
        super().__init__(source="rank", read_only=True, **kwargs)

    def to_representation(self, value):
        return rank_label(value)


# --- query parameters ------------------------------------------------------------------


class TreeQuerySerializer(serializers.Serializer):
    tree = serializers.ChoiceField(
        choices=genealogy.TREES, default=genealogy.SPONSOR,
        help_text=_("Which tree: the sponsor (enroller) tree or the binary placement tree."),
        error_messages={"invalid_choice": _("Choose “sponsor” or “placement”.")},
    )


class DownlineQuerySerializer(TreeQuerySerializer):
    depth = serializers.IntegerField(
        default=DEFAULT_DEPTH, min_value=1, max_value=MAX_DEPTH,
        help_text=_("How many levels below you to include (1 to 1000)."),
    )
    level = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_DEPTH,
        help_text=_("Only partners this many levels below you (1 = your first line)."),
    )
    status = serializers.ChoiceField(
        choices=PartnerStatus.choices, required=False, help_text=_("Only this status.")
    )
    rank = serializers.CharField(
        required=False, min_length=1, max_length=32, trim_whitespace=False,
        help_text=_("Only this rank."),
    )
    joined_after = serializers.DateField(
        required=False, help_text=_("Joined on or after this day (YYYY-MM-DD).")
    )
    joined_before = serializers.DateField(
        required=False, help_text=_("Joined on or before this day (YYYY-MM-DD).")
    )
    q = serializers.CharField(
        required=False, min_length=1, max_length=100, trim_whitespace=False,
        help_text=_("Search by name, email, referral code or external id."),
    )
    ordering = serializers.ChoiceField(
        choices=ORDERINGS, default="level",
        help_text=_("Sort order; a leading minus reverses it."),
        error_messages={"invalid_choice": _(
            "Choose one of: level, -level, joined_at, -joined_at, name, -name."
        )},
    )

    def validate(self, attrs):
        after, before = attrs.get("joined_after"), attrs.get("joined_before")
        if after and before and after > before:
            raise serializers.ValidationError(
                {"joined_before": _("It must not be earlier than joined_after.")}
            )
        return attrs


class StatsQuerySerializer(serializers.Serializer):
    since = serializers.DateField(
        required=False, help_text=_("First day (YYYY-MM-DD); by default 29 days before until.")
    )
    until = serializers.DateField(
        required=False, help_text=_("Last day (YYYY-MM-DD), included; by default today.")
    )

    def validate(self, attrs):
        default_since, default_until = stats.default_range()
        until = attrs.get("until") or default_until
        since = attrs.get("since") or until - (default_until - default_since)
        if since > until:
            raise serializers.ValidationError({"until": _("It must not be earlier than since.")})
        if (until - since).days >= stats.MAX_DAYS:
            raise serializers.ValidationError(
                {"since": _("The range can be at most %(days)s days.") % {"days": stats.MAX_DAYS}}
            )
        return {"since": since, "until": until}


# --- request bodies --------------------------------------------------------------------


@extend_schema_field({"type": "string", "enum": ["L", "R"]})
class LegField(serializers.ChoiceField):
    """The L/R choice, inlined in the schema: a node's placement_leg already names the set."""


class PlaceRequestSerializer(StrictJSONInput, serializers.Serializer):
    parent = serializers.IntegerField(
        min_value=1, max_value=MAX_ID,
        help_text=_("The partner in your placement team to place under."),
    )
    leg = LegField(choices=Leg.choices, help_text=_("L (left) or R (right)."))


class ReferralCodeRequestSerializer(StrictJSONInput, serializers.Serializer):
    code = serializers.RegexField(
        codes.VANITY_INPUT_PATTERN, min_length=3, max_length=20, trim_whitespace=False,
        help_text=codes.VANITY_RULE, error_messages={"invalid": codes.VANITY_RULE},
    )


# --- answers ---------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    """A partner as their team sees them: name and the ways to reach them."""

    name = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = ["id", "name", "email", "phone", "telegram", "whatsapp", "viber", "photo_url"]

    def get_email(self, partner) -> str:
        return partner.user.email if partner.user_id else ""

    def get_photo_url(self, partner) -> str | None:
        return photo_url(self.context["request"], partner)


class NodeSerializer(serializers.ModelSerializer):
    """One partner in a tree, as the viewer sees them (`level` counts from the viewer)."""

    name = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()
    level = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text=_("Levels below you in the requested tree; null when not below you there."),
    )
    sponsor_id = serializers.IntegerField(read_only=True, allow_null=True)
    placement_parent_id = serializers.IntegerField(read_only=True, allow_null=True)
    photo_url = serializers.SerializerMethodField()
    team_size = serializers.SerializerMethodField()
    active_count = serializers.SerializerMethodField()
    left_count = serializers.SerializerMethodField()
    right_count = serializers.SerializerMethodField()
    children_count = serializers.IntegerField(
        read_only=True, help_text=_("Direct children in the requested tree.")
    )
    rank_name = RankNameField()

    class Meta:
        model = Partner
        fields = [
            "id", "name", "referral_code", "email", "phone", "status", "rank", "rank_name",
            "joined_at", "level", "placement_leg", "sponsor_id", "placement_parent_id", "photo_url",
            "team_size", "active_count", "left_count", "right_count", "children_count",
        ]
        read_only_fields = fields

    def get_email(self, partner) -> str:
        return partner.user.email if partner.user_id else ""

    def get_photo_url(self, partner) -> str | None:
        return photo_url(self.context["request"], partner)

    def _figure(self, partner, name):
        snapshot = snapshot_of(partner)
        return getattr(snapshot, name) if snapshot else 0

    def get_team_size(self, partner) -> int:
        return self._figure(partner, "team_size")

    def get_active_count(self, partner) -> int:
        return self._figure(partner, "active_count")

    def get_left_count(self, partner) -> int:
        return self._figure(partner, "left_count")

    def get_right_count(self, partner) -> int:
        return self._figure(partner, "right_count")


class NodeDetailSerializer(NodeSerializer):
    path = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, allow_null=True,
        help_text=_(
            "Ids from your root down to this partner in the requested tree; null when the "
            "partner is not below you in that tree."
        ),
    )

    class Meta(NodeSerializer.Meta):
        fields = [*NodeSerializer.Meta.fields, "path"]
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamSnapshot
        fields = [
            "team_size", "active_count", "personally_sponsored", "left_count", "right_count",
            "left_active", "right_active", "computed_at",
        ]


class SummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    referral_url = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()
    sponsor = serializers.SerializerMethodField()
    placed = serializers.BooleanField(source="is_placed", read_only=True)
    team = serializers.SerializerMethodField()
    holding_tank_count = serializers.IntegerField(read_only=True)
    rank_name = RankNameField()

    class Meta:
        model = Partner
        fields = [
            "id", "name", "referral_code", "referral_url", "status", "rank", "rank_name",
            "joined_at",
            "photo_url", "sponsor", "placed", "placement_leg", "team", "holding_tank_count",
            "vanity_code_chosen",
        ]
        read_only_fields = fields

    def get_referral_url(self, partner) -> str:
        return referral_url(self.context["request"], partner)

    def get_photo_url(self, partner) -> str | None:
        return photo_url(self.context["request"], partner)

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_sponsor(self, partner):
        if partner.sponsor_id is None:
            return None
        return ContactSerializer(partner.sponsor, context=self.context).data

    @extend_schema_field(TeamSerializer(allow_null=True))
    def get_team(self, partner):
        snapshot = snapshot_of(partner)
        return TeamSerializer(snapshot).data if snapshot else None


class UplineSerializer(serializers.Serializer):
    sponsor = ContactSerializer(allow_null=True, read_only=True)
    levels_above = serializers.IntegerField(
        read_only=True, help_text=_("How many sponsors stand above you up to the company.")
    )


class DayStatsSerializer(serializers.Serializer):
    date = serializers.DateField()
    visits = serializers.IntegerField()
    signups = serializers.IntegerField()


class SourceStatsSerializer(serializers.Serializer):
    source = serializers.CharField(help_text=_("utm_source, or “direct”."))
    visits = serializers.IntegerField()
    signups = serializers.IntegerField()
    conversion = serializers.FloatField(help_text=_("Sign-ups per visit, to 4 places."))


class ReferralStatsSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    visits = serializers.IntegerField()
    signups = serializers.IntegerField()
    conversion = serializers.FloatField(
        help_text=_("Sign-ups per visit, to 4 places; 0 without visits.")
    )
    by_day = DayStatsSerializer(many=True)
    by_source = SourceStatsSerializer(many=True)


class HoldingTankEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = ["id", "name", "email", "joined_at", "placement_deadline"]
        read_only_fields = fields

    def get_email(self, partner) -> str:
        return partner.user.email if partner.user_id else ""


class ReferralCodeSerializer(serializers.Serializer):
    referral_code = serializers.CharField(read_only=True)
    referral_url = serializers.URLField(read_only=True)

