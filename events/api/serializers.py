"""What the events API reads (a date range, an answer) and answers (an event with the
caller's answer, the seats and its `.ics` link)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import StrictJSONInput
from events.models import ANSWERS, RsvpStatus

MAX_RANGE = timedelta(days=366)


class EventRangeSerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False, help_text=_("The first day (YYYY-MM-DD, UTC); today by default."))
    end = serializers.DateField(
        required=False, help_text=_("The day after the last (YYYY-MM-DD); 90 days after "
                                    "the first by default, at most 366."))
    kind = serializers.ChoiceField(choices=["company", "team"], required=False,
                                   help_text=_("Only company events or only team events."))

    def to_internal_value(self, data):
        # An empty ?start= is a mistake, not "today": say so rather than guess.
        blank = {name: [_("Give a value or leave the parameter out.")]
                 for name in self.fields if name in data and not str(data.get(name)).strip()}
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)

    def validate(self, data):
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            raise serializers.ValidationError({"end": _("The end must be after the start.")})
        if start and end and end - start > MAX_RANGE:
            raise serializers.ValidationError(
                {"end": _("Ask for at most 366 days at a time.")})
        return data


class OwnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The owner's partner id."))
    name = serializers.CharField()


class EventSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_(
        "The event's id in this API: “company-<id>” or “team-<id>” (the same in every "
        "language)."))
    kind = serializers.ChoiceField(choices=["company", "team"])
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text=_("Plain text."))
    starts_at = serializers.DateTimeField(help_text=_("In the event's time zone."))
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField(help_text=_("The IANA name, e.g. Europe/Kyiv."))
    online_url = serializers.CharField(allow_blank=True)
    place = serializers.CharField(allow_blank=True)
    language = serializers.CharField(allow_blank=True, help_text=_(
        "The language the event is held in (company events; blank: not said)."))
    min_rank = serializers.CharField(allow_blank=True, help_text=_(
        "Company events: the lowest rank that may answer (blank: everyone)."))
    capacity = serializers.IntegerField(allow_null=True, help_text=_("Null: unlimited."))
    going = serializers.IntegerField(help_text=_("Seats taken."))
    waiting = serializers.IntegerField(help_text=_("On the waiting list."))
    seats_left = serializers.IntegerField(allow_null=True)
    answer = serializers.ChoiceField(
        choices=[("", "")] + RsvpStatus.choices, allow_blank=True,
        help_text=_("Your answer (“waiting”: you said “going” to a full event); blank when "
                    "you have not answered."))
    may_answer = serializers.BooleanField()
    owner = OwnerSerializer(allow_null=True, help_text=_("Team events: whose it is."))
    url = serializers.CharField(allow_blank=True, help_text=_("The event's page (absolute)."))
    ics_url = serializers.CharField(help_text=_("Its iCalendar (.ics) download (absolute)."))


class AnswerSerializer(StrictJSONInput, serializers.Serializer):
    answer = serializers.ChoiceField(choices=[(value, RsvpStatus(value).label)
                                              for value in ANSWERS])
