"""A sequence's report for staff: its funnel and its experiment, also as CSV.

Every figure is a grouped count in the database (a few queries per sequence, whatever its
size). Definitions:

- **Entered**: entries into the sequence (a partner entering twice counts twice), per
  group. **Exited by goal**: entries closed because the exit condition was met.
- Per step: **done** for each group (the holdout's steps are recorded without a message,
  so both groups pass the same steps); **sent**: messages written; **opened**: messages a
  channel reports opened (a delivery's `opened_at`) or read in the cabinet; **clicked**:
  messages whose link was followed (the notification's or a delivery's `clicked_at`).
- The **experiment** compares the sent group with the holdout: the **goal** (reached
  within the sequence's goal window after entering) and **active at day 30, 60, 90**: as
  learning's cohorts read activity, the partner signed in or placed a paid order on or
  after that day from entering; only entries at least that many days old count. Each
  with the counts, the rates, the difference in percentage points and its 95% interval
  (proportions.py).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Delivery
from orders.models import Order

from .conditions import PAID
from .models import Condition, Enrollment, ExitReason, Group, StepSend
from .proportions import Comparison

ACTIVE_DAYS = (30, 60, 90)


@dataclass
class StepFigures:
    position: int
    title: str
    sent_group: int = 0
    holdout: int = 0
    sent: int = 0
    opened: int = 0
    clicked: int = 0

    @staticmethod
    def percent(count, total):
        return round(100 * count / total, 1) if total else None

    @property
    def opened_percent(self):
        return self.percent(self.opened, self.sent)

    @property
    def clicked_percent(self):
        return self.percent(self.clicked, self.sent)


@dataclass
class Figure:
    key: str
    label: str
    comparison: Comparison

    def _percent(self, value):
        return None if value is None else round(100 * value, 1)

    @property
    def sent_percent(self):
        return self._percent(self.comparison.sent_rate)

    @property
    def held_percent(self):
        return self._percent(self.comparison.held_rate)

    @property
    def difference_points(self):
        return self._percent(self.comparison.difference)

    @property
    def interval_points(self):
        interval = self.comparison.interval
        return None if interval is None else tuple(round(100 * end, 1) for end in interval)


@dataclass
class Report:
    sequence: object
    entered: dict = field(default_factory=dict)  # {group: count}
    exited_by_goal: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)
    figures: list = field(default_factory=list)

    @property
    def entered_total(self):
        return sum(self.entered.values())

    @property
    def exited_by_goal_total(self):
        return sum(self.exited_by_goal.values())

    @property
    def sent_total(self):
        return sum(step.sent for step in self.steps)

    @property
    def opened_total(self):
        return sum(step.opened for step in self.steps)

    @property
    def clicked_total(self):
        return sum(step.clicked for step in self.steps)


def _by_group(queryset, **counts):
    rows = queryset.values("group").annotate(**counts).order_by()
    return {row["group"]: row for row in rows}


def _steps(sequence):
    titles = {position: step.title_en
              for position, step in enumerate(sequence.steps.all(), start=1)}
    opened = Delivery.objects.filter(notification_id=OuterRef("notification_id"),
                                     opened_at__isnull=False)
    clicked = Delivery.objects.filter(notification_id=OuterRef("notification_id"),
                                      clicked_at__isnull=False)
    rows = StepSend.objects.filter(enrollment__sequence=sequence).values("position").annotate(
        sent_group=Count("pk", filter=Q(enrollment__group=Group.SENT)),
        holdout=Count("pk", filter=Q(enrollment__group=Group.HOLDOUT)),
        sent=Count("notification"),
        opened=Count("notification", filter=Q(notification__read_at__isnull=False)
                     | Q(Exists(opened))),
        clicked=Count("notification", filter=Q(notification__clicked_at__isnull=False)
                      | Q(Exists(clicked))),
    ).order_by()
    counted = {row["position"]: row for row in rows}
    positions = sorted(set(titles) | set(counted))
    return [StepFigures(position=position, title=titles.get(position, _("(a removed step)")),
                        **{key: value for key, value in counted.get(position, {}).items()
                           if key != "position"})
            for position in positions]


def _comparison(rows, count_key, total_key):
    sent, held = rows.get(Group.SENT, {}), rows.get(Group.HOLDOUT, {})
    return Comparison(sent=sent.get(count_key, 0), sent_total=sent.get(total_key, 0),
                      held=held.get(count_key, 0), held_total=held.get(total_key, 0))


def _active_after(days):
    """An entry's partner signed in or placed a paid order on or after day `days`."""
    later = OuterRef("entered_at") + timedelta(days=days)
    ordered = Order.objects.filter(partner_id=OuterRef("partner_id"), status__in=PAID,
                                   created_at__gte=later)
    return (Q(user__last_login__gte=F("entered_at") + timedelta(days=days))
            | Q(Exists(ordered)))


def report(sequence, now=None):
    now = now or timezone.now()
    entries = Enrollment.objects.filter(sequence=sequence)
    counts = {
        "entered": Count("pk"),
        "goal": Count("pk", filter=Q(goal_at__isnull=False)),
        "exited": Count("pk", filter=Q(exit_reason=ExitReason.GOAL)),
    }
    for days in ACTIVE_DAYS:
        old_enough = Q(entered_at__lte=now - timedelta(days=days))
        counts[f"old_{days}"] = Count("pk", filter=old_enough)
        counts[f"active_{days}"] = Count("pk", filter=old_enough & _active_after(days))
    rows = _by_group(entries, **counts)
    result = Report(
        sequence=sequence,
        entered={group: rows.get(group, {}).get("entered", 0) for group in Group.values},
        exited_by_goal={group: rows.get(group, {}).get("exited", 0) for group in Group.values},
        steps=_steps(sequence),
    )
    goal = sequence.goal_condition
    if goal:
        result.figures.append(Figure(
            key="goal", label=_("Goal: %(goal)s") % {"goal": Condition(goal).label},
            comparison=_comparison(rows, "goal", "entered")))
    for days in ACTIVE_DAYS:
        result.figures.append(Figure(
            key=f"active_{days}", label=_("Active at day %(day)s") % {"day": days},
            comparison=_comparison(rows, f"active_{days}", f"old_{days}")))
    return result


def _cell(value):
    return "" if value is None else value


def as_csv(result):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_("Step"), _("Title"), _("Done, sent group"), _("Done, holdout"),
                     _("Sent"), _("Opened"), _("Clicked")])
    for step in result.steps:
        writer.writerow([step.position, step.title, step.sent_group, step.holdout, step.sent,
                         step.opened, step.clicked])
    writer.writerow([])
    writer.writerow([_("Figure"), _("Sent group"), _("Sent group, total"),
                     _("Sent group, %"), _("Holdout"), _("Holdout, total"), _("Holdout, %"),
                     _("Difference, points"),
                     # xgettext:no-python-format
                     _("95% interval from"),
                     # xgettext:no-python-format
                     _("95% interval to")])
    for figure in result.figures:
        comparison, interval = figure.comparison, figure.interval_points or (None, None)
        writer.writerow([figure.label, comparison.sent, comparison.sent_total,
                         _cell(figure.sent_percent), comparison.held, comparison.held_total,
                         _cell(figure.held_percent), _cell(figure.difference_points),
                         _cell(interval[0]), _cell(interval[1])])
    writer.writerow([])
    writer.writerow([_("Entered, sent group"), result.entered.get(Group.SENT, 0)])
    writer.writerow([_("Entered, holdout"), result.entered.get(Group.HOLDOUT, 0)])
    writer.writerow([_("Exited by goal"), result.exited_by_goal_total])
    return out.getvalue()
