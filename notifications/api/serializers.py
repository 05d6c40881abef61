"""The notification API's shapes: a notification as the partner reads it, the unread
count, and the preferences (read: every kind with its channels; write: validated)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import StrictJSONInput
from notifications import channels as channel_registry
from notifications import kinds, preferences, rendering


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    category = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text=_(
        "Opens the notification: marks it read and clicked, then redirects to what it is "
        "about."))
    target_url = serializers.CharField(source="url", read_only=True, help_text=_(
        "The site-relative address the notification is about (may be empty)."))
    source = serializers.CharField(read_only=True)
    read = serializers.SerializerMethodField()
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    def _texts(self, notification):
        cache = self.context.setdefault("texts", {})
        if notification.pk not in cache:
            cache[notification.pk] = rendering.texts(notification)
        return cache[notification.pk]

    def get_category(self, notification) -> str:
        kind = kinds.get(notification.kind)
        return kind.category if kind else ""

    def get_title(self, notification) -> str:
        return self._texts(notification)[0]

    def get_body(self, notification) -> str:
        return self._texts(notification)[1]

    def get_url(self, notification) -> str:
        return rendering.open_path(notification)

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=_(
        "Your unread notifications; counting stops at 100 (a bell shows “99+”)."))


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were marked read."))


class NotificationFilterSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, max_length=64)
    category = serializers.ChoiceField(choices=list(kinds.CATEGORIES), required=False)
    unread = serializers.BooleanField(required=False, default=False)


class MarkAllSerializer(StrictJSONInput, serializers.Serializer):
    kind = serializers.CharField(required=False, max_length=64, help_text=_(
        "Only notifications of this kind."))
    category = serializers.ChoiceField(choices=list(kinds.CATEGORIES), required=False,
                                       help_text=_("Only notifications of this category."))


class ChannelSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    available = serializers.BooleanField(help_text=_(
        "Whether the channel can reach you now (e.g. a linked Telegram)."))


class KindSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    required = serializers.BooleanField(help_text=_(
        "Payout and security notices: their default channels cannot be turned off."))
    default_channels = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())


class PreferencesSerializer(StrictJSONInput, serializers.Serializer):
    time_zone = serializers.CharField(max_length=64, help_text=_(
        "An IANA time zone name, e.g. Europe/Kyiv: quiet hours are read in it."))
    quiet_start = serializers.TimeField(allow_null=True, required=False, help_text=_(
        "Quiet hours from (HH:MM); null for none. Nothing but the cabinet's bell reaches "
        "you in quiet hours: the rest waits until they end."))
    quiet_end = serializers.TimeField(allow_null=True, required=False)
    digest = serializers.BooleanField(required=False, help_text=_(
        "One email a day with everything instead of one email per notification."))
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES],
                                       required=False)
    channels = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=20),
                                    max_length=10),
        required=False, help_text=_(
            "{kind: [channel, …]} for the kinds whose channels you change; kinds left "
            "out keep their default channels. Required kinds always keep theirs."))
    kinds = KindSerializer(many=True, read_only=True)
    available_channels = ChannelSerializer(many=True, read_only=True)

    def validate_time_zone(self, value):
        if not preferences.is_time_zone(value):
            raise serializers.ValidationError(_("Unknown time zone: %(zone)s.")
                                              % {"zone": value})
        return value

    def validate_channels(self, value):
        if len(value) > 500:
            raise serializers.ValidationError(_("Too many kinds."))
        try:
            return preferences.clean_channels(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def validate(self, data):
        start = data.get("quiet_start", None)
        end = data.get("quiet_end", None)
        if ("quiet_start" in data) != ("quiet_end" in data) or (start is None) != (end is None):
            raise serializers.ValidationError(
                {"quiet_end": [_("Give both ends of the quiet hours, or neither.")]})
        return data


def preferences_data(user, preference):
    """The preferences as PreferencesSerializer reads them."""
    every_channel = channel_registry.all()
    return {
        "time_zone": preference.time_zone,
        "quiet_start": preference.quiet_start,
        "quiet_end": preference.quiet_end,
        "digest": preference.digest,
        "language": user.language,
        "channels": {kind.key: preferences.chosen_channels(kind, preference)
                     for kind in kinds.all()},
        "kinds": [{
            "key": kind.key, "label": str(kind.label), "category": kind.category,
            "category_label": str(kinds.CATEGORIES[kind.category]),
            "required": kind.required, "default_channels": list(kind.channels),
            "channels": preferences.chosen_channels(kind, preference),
        } for _category, _label, members in kinds.by_category() for kind in members],
        "available_channels": [{
            "name": channel.name, "label": str(channel.label),
            "available": bool(channel.available(user)),
        } for channel in every_channel],
    }
