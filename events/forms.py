"""The Wagtail admin's form for a company event: its start and end are typed and shown as
the wall-clock times in the event's own time zone, whatever the editor's zone is."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import times

TIME_FIELDS = ("starts_at", "ends_at")


def rank_choices(current=""):
    """The ranks of the plan in force, lowest first (and the page's own, if no longer
    among them)."""
    from compensation import ranks

    choices = ranks.choices()
    if current and current not in dict(choices):
        choices.append((current, current))
    return choices


def show_in_event_zone(form, zone_name):
    """Show the instance's times as wall-clock times in the event's zone."""
    for name in TIME_FIELDS:
        value = getattr(form.instance, name, None)
        if value is not None and name in form.fields:
            form.initial[name] = times.wall_clock(value, zone_name)


def read_in_event_zone(form, cleaned_data):
    """Read the typed times as wall-clock times in the chosen zone; check their order."""
    zone_name = cleaned_data.get("time_zone")
    if not zone_name:
        return cleaned_data
    for name in TIME_FIELDS:
        if cleaned_data.get(name) is not None:
            cleaned_data[name] = times.in_zone(cleaned_data[name], zone_name)
    for name, error in times.check_order(
            cleaned_data.get("starts_at"), cleaned_data.get("ends_at")).items():
        form.add_error(name, error)
    return cleaned_data


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields:
            self.fields["time_zone"].widget = forms.Select(choices=times.zone_choices())
        if "min_rank" in self.fields:
            self.fields["min_rank"].widget = forms.Select(
                choices=[("", _("Every partner")), *rank_choices(self.instance.min_rank)])
        if self.instance.pk:
            show_in_event_zone(self, self.instance.time_zone)

    def clean(self):
        return read_in_event_zone(self, super().clean())
