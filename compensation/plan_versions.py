"""Plan versions as a company's files make them: a plan file imported as a draft (the next
version of its name), a new draft made from a version, and a draft published, each
checked by the engine's own parser (`compensation.plan.parse_plan`). The `plan` command
works through here; the admin's "Publish" and "New version from this" do the same, and
its forms ask the rules here (`check_effective_from`, `check_editable`).

`plan_currency` reads the currency a version pays in, for everyone who shows its bonuses.

Nothing is written when a step is refused: the refusal (`PlanVersionError`) says why in
one line.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from compensation.engine.plan import PlanError, parse_plan
from compensation.models import PlanVersion

DEFAULT_CURRENCY = "EUR"


def plan_currency(version):
    """The currency `version` pays its bonuses in: its rules' `currency`, EUR when the
    rules name none."""
    rules = version.rules if isinstance(version.rules, dict) else {}
    return str(rules.get("currency") or "") or DEFAULT_CURRENCY


class PlanVersionError(ValueError):
    """A plan version step that cannot be done; the message says why."""


def first_of_next_month(today=None):
    today = today or timezone.localdate()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def check_effective_from(day):
    if day.day != 1:
        raise PlanVersionError(_("A plan comes into force on the first day of a month."))


def check_editable(plan):
    """Only a draft's rules may change; a published version is changed by a new one."""
    if plan.state != PlanVersion.State.DRAFT:
        raise PlanVersionError(_("A published plan version is read-only; make a new "
                                 "version from it to change the rules."))


def _next_version(versions, name, rules, effective_from):
    """A draft `name` numbered after the highest of `versions` (locked by the caller)."""
    highest = versions.aggregate(highest=Max("version"))["highest"] or 0
    return PlanVersion.objects.create(
        name=name, version=highest + 1, rules=rules, effective_from=effective_from,
        state=PlanVersion.State.DRAFT,
    )


def _same_moment(name):
    return PlanVersionError(
        _("Another version of %(name)s was made at the same moment; try again.")
        % {"name": name}
    )


def new_version_from(plan):
    """A new draft of `plan`'s name with the next version number and a copy of its rules
    and date; `plan` stays as it is."""
    try:
        with transaction.atomic():
            versions = PlanVersion.objects.select_for_update().filter(name=plan.name)
            return _next_version(versions, plan.name, plan.rules, plan.effective_from)
    except IntegrityError:
        raise _same_moment(plan.name) from None


def import_plan(rules, name, effective_from=None):
    """A new draft `name` v(highest + 1) with `rules`, in force from `effective_from` (the
    first day of next month by default). Returns (version, created): when the newest
    version of `name` already has exactly these rules, it is returned and nothing is
    made, so importing the same file twice makes one version."""
    parse_plan(rules, "rules")  # PlanError: the caller names the file
    name = (name or "").strip()
    if not name:
        raise PlanVersionError(_("The plan version needs a name."))
    if len(name) > PlanVersion._meta.get_field("name").max_length:
        raise PlanVersionError(_("The name is longer than %(max)s characters.")
                               % {"max": PlanVersion._meta.get_field("name").max_length})
    effective_from = effective_from or first_of_next_month()
    check_effective_from(effective_from)
    try:
        with transaction.atomic():
            versions = PlanVersion.objects.select_for_update().filter(name=name)
            newest = versions.order_by("-version").first()
            if newest is not None and newest.rules == rules \
                    and newest.effective_from == effective_from:
                return newest, False
            return _next_version(versions, name, rules, effective_from), True
    except IntegrityError:
        # Another import of the same name took the number at the same moment.
        raise _same_moment(name) from None


def publish(plan_pk):
    """Publish the draft: its rules checked once more, then read-only for good."""
    with transaction.atomic():
        plan = PlanVersion.objects.select_for_update().filter(pk=plan_pk).first()
        if plan is None:
            raise PlanVersionError(_("There is no plan version %(id)s.") % {"id": plan_pk})
        if plan.state != PlanVersion.State.DRAFT:
            raise PlanVersionError(_("%(plan)s is already published.") % {"plan": plan})
        try:
            parse_plan(plan.rules, "rules")
        except PlanError as error:
            raise PlanVersionError(str(error)) from None
        plan.state, plan.published_at = PlanVersion.State.PUBLISHED, timezone.now()
        plan.save(update_fields=["state", "published_at"])
    return plan
