"""The cabinet's forms: the vanity code, placing from the holding tank, and the filters of
the team list and the referral statistics."""

from django import forms
from django.utils.translation import gettext_lazy as _

from compensation import ranks
from network import codes, stats
from network.downline import MAX_DEPTH
from network.genealogy import PLACEMENT, SPONSOR
from network.models import Leg, PartnerStatus


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO (yyyy-mm-dd), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


TREE_CHOICES = [(SPONSOR, _("Sponsor tree")), (PLACEMENT, _("Placement tree"))]


class VanityCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"), max_length=20, min_length=3,
        help_text=_("3 to 20 letters, digits or single hyphens. You can choose it only once."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = codes.normalize(self.cleaned_data["code"])
        codes.validate_vanity_code(code)
        return code


class PlacementForm(forms.Form):
    """Where a partner waiting in the holding tank goes: under which partner, which leg."""

    partner = forms.IntegerField(widget=forms.HiddenInput)
    parent = forms.CharField(
        label=_("Under the partner with code"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )
    leg = forms.ChoiceField(
        label=_("Leg"), choices=Leg.choices, widget=forms.RadioSelect, initial=Leg.LEFT,
    )

    def clean_parent(self):
        return codes.normalize(self.cleaned_data["parent"])


class DownlineFilterForm(forms.Form):
    """The team list's filters; the same names and meanings as the downline API's."""

    MORE_FILTERS = ["depth", "level", "status", "rank", "joined_after", "joined_before"]
    ORDERING_CHOICES = [
        ("level", _("Nearest levels first")),
        ("-level", _("Deepest levels first")),
        ("-joined_at", _("Newest first")),
        ("joined_at", _("Oldest first")),
        ("name", _("Name A–Z")),
        ("-name", _("Name Z–A")),
    ]

    q = forms.CharField(label=_("Name, email or code"), required=False, max_length=100)
    tree = forms.ChoiceField(label=_("Tree"), choices=TREE_CHOICES, required=False)
    depth = forms.IntegerField(
        label=_("Down to level"), required=False, min_value=1, max_value=MAX_DEPTH,
    )
    level = forms.IntegerField(label=_("Only level"), required=False, min_value=1)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any status")), *PartnerStatus.choices],
    )
    rank = forms.ChoiceField(label=ranks.HIGHEST_RANK, required=False)
    joined_after = forms.DateField(
        label=_("Joined from"), required=False,
        widget=DateInput(),
    )
    joined_before = forms.DateField(
        label=_("Joined until"), required=False,
        widget=DateInput(),
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=ORDERING_CHOICES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The plan's ranks by name in the page's language (the filter matches the code).
        self.fields["rank"].choices = [("", _("Any rank")), *ranks.choices()]

    def clean(self):
        data = super().clean()
        after, before = data.get("joined_after"), data.get("joined_before")
        if after and before and after > before:
            self.add_error("joined_before", _("The end of the range is before its start."))
        return data


class StatsRangeForm(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=DateInput(),
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=DateInput(),
    )

    def clean(self):
        data = super().clean()
        default_since, default_until = stats.default_range()
        until = data.get("until") or default_until
        since = data.get("since") or until - (default_until - default_since)
        if since > until:
            self.add_error("until", _("The end of the range is before its start."))
        elif (until - since).days + 1 > stats.MAX_DAYS:
            self.add_error(
                "since", _("Choose at most %(days)s days.") % {"days": stats.MAX_DAYS}
            )
        data["since"], data["until"] = since, until
        return data

    def range(self):
        """(since, until) when valid, else the default range."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["since"], self.cleaned_data["until"]
        return stats.default_range()
