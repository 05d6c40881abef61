"""The cabinet's preferences form: time zone, quiet hours, digest and language as fields;
the channel of each kind as checkboxes named "channel:<kind>:<channel>" (the table the
page draws from preferences.choices)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications import channels as channel_registry
from notifications import kinds, preferences

CHECKBOX = "channel:{kind}:{channel}"


class PreferencesForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"))
    quiet_start = forms.TimeField(label=_("Quiet hours from"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"},
                                                         format="%H:%M"))
    quiet_end = forms.TimeField(label=_("Quiet hours until"), required=False,
                                widget=forms.TimeInput(attrs={"type": "time"},
                                                       format="%H:%M"))
    digest = forms.BooleanField(label=_("One email a day with everything (daily digest)"),
                                required=False)
    language = forms.ChoiceField(label=_("Language of notifications"),
                                 choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(zone, zone) for zone in preferences.time_zones()]

    def clean(self):
        data = super().clean()
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", _("Give both ends of the quiet hours, or neither."))
        return data

    def chosen_channels(self):
        """{kind: [channels]} from the checkboxes (required kinds get theirs back when
        saved, whatever was sent)."""
        names = channel_registry.names()
        return {kind.key: [name for name in names
                           if CHECKBOX.format(kind=kind.key, channel=name) in self.data]
                for kind in kinds.all()}


def initial(user, preference):
    return {"time_zone": preference.time_zone, "quiet_start": preference.quiet_start,
            "quiet_end": preference.quiet_end, "digest": preference.digest,
            "language": user.language}
