"""The 90-day plan's admin form: the plan as a whole is checked, not only each task: one
first goal, task keys unique within the plan."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class JourneyPlanForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("tasks") if hasattr(self, "formsets") else None
        if formset is None or formset.errors and any(formset.errors):
            return cleaned  # the tasks' own errors are shown at each task first
        tasks = [form.cleaned_data for form in formset.forms
                 if getattr(form, "cleaned_data", None)
                 and not form.cleaned_data.get("DELETE")]
        goals = [task for task in tasks if task.get("first_goal")]
        if len(goals) != 1:
            raise ValidationError(
                _("Mark exactly one task as the first goal (now: %(count)d).")
                % {"count": len(goals)}, code="first_goal")
        keys = [task.get("key") for task in tasks if task.get("key")]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValidationError(
                _("Each task needs its own key; repeated: %(keys)s.")
                % {"keys": ", ".join(repeated)}, code="key")
        return cleaned
