"""The cabinet's forms for a partner's team event and for inviting their team. Times are
typed as wall-clock times in the chosen zone (events/times.py); the description is plain
text, shown escaped; the online link must be an http(s) address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import times
from .forms import read_in_event_zone, show_in_event_zone
from .models import TeamEvent

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class TeamEventForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=times.zone_choices)

    class Meta:
        model = TeamEvent
        fields = ["title", "description", "starts_at", "ends_at", "time_zone", "online_url",
                  "place", "capacity"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                             format=LOCAL_INPUT),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "starts_at": _("In the event's time zone."),
            "online_url": _("Where to join (https://…), or give a place below."),
            "capacity": _("Blank: no limit."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M",
                                               "%Y-%m-%d %H:%M:%S"]
        if self.instance.pk:
            show_in_event_zone(self, self.instance.time_zone)
        else:
            self.initial.setdefault("time_zone", times.default_zone())

    def clean(self):
        cleaned = read_in_event_zone(self, super().clean())
        if not (cleaned.get("online_url") or (cleaned.get("place") or "").strip()) \
                and "online_url" not in self.errors:
            self.add_error("place", _("Give an online link or a place."))
        return cleaned


DEPTHS = [
    (1, _("The partners I sponsored personally")),
    (3, _("My team, three levels down")),
    (10, _("My whole team (ten levels down)")),
]


class InviteForm(forms.Form):
    depth = forms.TypedChoiceField(label=_("Invite"), choices=DEPTHS, coerce=int, initial=1)
