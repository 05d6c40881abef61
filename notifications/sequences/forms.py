"""The sequence's admin form: the steps are checked together, not only one by one: at
least one, each no earlier than the one before it, and the goal window lasting until the
last one (an entry closes when its window is over)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class SequenceForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("steps") if hasattr(self, "formsets") else None
        if formset is None or any(formset.errors):
            return cleaned  # each step's own errors are shown at the step first
        steps = [form.cleaned_data for form in formset.forms
                 if getattr(form, "cleaned_data", None)
                 and not form.cleaned_data.get("DELETE")]
        if not steps:
            raise ValidationError(_("A sequence needs at least one step."), code="no_steps")
        # The formset's order is the one staff arranged (ORDER, when they moved steps).
        steps.sort(key=lambda step: step.get("ORDER") or 0)
        delays = [(step.get("delay_days") or 0) * 24 + (step.get("delay_hours") or 0)
                  for step in steps]
        for number, (before, after) in enumerate(zip(delays, delays[1:], strict=False),
                                                 start=2):
            if after < before:
                raise ValidationError(
                    _("Step %(number)s comes before the step above it: order the steps by "
                      "their delay.") % {"number": number}, code="order")
        window = cleaned.get("goal_days")
        if window and delays[-1] > window * 24:
            self.add_error("goal_days", ValidationError(
                _("The goal window must last at least until the last step (day %(day)s).")
                % {"day": -(-delays[-1] // 24)}, code="window"))
        return cleaned
