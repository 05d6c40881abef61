"""Which stages and lessons of a course are open to a partner, and why the others are not.

Stage N+1 opens when stage N is passed (every lesson in it done, and a lesson with a quiz
is done only once its quiz is passed), and, where the stage asks for it, once the partner
has an achievement (achievements.py) and/or a number of days after joining (drip). The
first stage is open from the start unless its own extras say otherwise. Every page, API
call and file of a lesson asks `lesson_access` on the server.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import achievements
from .models import Achievement, LessonProgress

ACHIEVEMENT_NEEDS = {
    Achievement.FIRST_ORDER: lambda: _("your first order"),
    Achievement.FIRST_PARTNER: lambda: _("your first personally sponsored partner"),
    Achievement.LANDING_PUBLISHED: lambda: _("your landing published"),
}


@dataclass
class LessonState:
    outline: object
    completed: bool = False
    locked: bool = True
    video_seconds: int = 0


@dataclass
class StageState:
    outline: object
    lessons: list = field(default_factory=list)
    passed: bool = False
    locked: bool = True
    opens_by: list = field(default_factory=list)  # what still opens it, in words
    opens_on: object = None  # the date a drip stage opens

    @property
    def done_count(self):
        return sum(lesson.completed for lesson in self.lessons)


@dataclass
class CourseState:
    outline: object
    stages: list
    completed: bool
    lessons_total: int
    lessons_done: int

    @property
    def percent(self):
        if not self.lessons_total:
            return 0
        return int(100 * self.lessons_done / self.lessons_total)

    @property
    def started(self):
        return self.lessons_done > 0

    @property
    def next_lesson(self):
        """The first open lesson not done yet (None when all done or all locked)."""
        for stage in self.stages:
            for lesson in stage.lessons:
                if not lesson.locked and not lesson.completed:
                    return lesson
        return None

    def lesson(self, lesson_id):
        for stage in self.stages:
            for lesson in stage.lessons:
                if lesson.outline.id == lesson_id:
                    return stage, lesson
        return None, None


def progress_of(partner, course_keys):
    """{lesson_key: (completed, video_seconds)} for the partner in these courses: one query."""
    rows = LessonProgress.objects.filter(
        partner=partner, course_key__in=list(course_keys)
    ).values_list("lesson_key", "completed_at", "video_seconds")
    return {str(key): (completed is not None, seconds) for key, completed, seconds in rows}


def _extras_missing(partner, stage, now, known):
    """What the stage's own extras still need (words) and the drip date, if any."""
    needs, opens_on = [], None
    if stage.requires_achievement:
        if stage.requires_achievement not in known:
            known[stage.requires_achievement] = achievements.has(
                partner, stage.requires_achievement)
        if not known[stage.requires_achievement]:
            needs.append(ACHIEVEMENT_NEEDS[stage.requires_achievement]())
    if stage.opens_after_days:
        opens_at = partner.joined_at + timedelta(days=stage.opens_after_days)
        if opens_at > now:
            opens_on = timezone.localdate(opens_at)
            days = (opens_on - timezone.localdate(now)).days
            needs.append(ngettext("%(days)d more day after joining",
                                  "%(days)d more days after joining", days) % {"days": days})
    return needs, opens_on


def course_state(partner, outline, progress, now=None):
    """The partner's state in a course (`progress` from `progress_of`)."""
    now = now or timezone.now()
    known = {}
    stages, previous_passed, previous_title = [], True, None
    done_total = total = 0
    for stage in outline.stages:
        state = StageState(outline=stage)
        for lesson in stage.lessons:
            completed, seconds = progress.get(lesson.key, (False, 0))
            state.lessons.append(LessonState(outline=lesson, completed=completed,
                                             video_seconds=seconds))
        state.passed = bool(state.lessons) and all(lesson.completed for lesson in state.lessons)
        if not previous_passed:
            state.opens_by.append(_("passing “%(stage)s”") % {"stage": previous_title})
        if not state.passed:
            # A stage already passed stays open, whatever its extras say now.
            needs, state.opens_on = _extras_missing(partner, stage, now, known) \
                if previous_passed else ([], None)
            state.opens_by.extend(needs)
        state.locked = bool(state.opens_by) and not state.passed
        for lesson in state.lessons:
            lesson.locked = state.locked
        total += len(state.lessons)
        done_total += state.done_count
        previous_passed, previous_title = state.passed, stage.title
        stages.append(state)
    return CourseState(
        outline=outline, stages=stages, lessons_total=total, lessons_done=done_total,
        completed=bool(stages) and all(stage.passed for stage in stages),
    )


def what_opens(stage_state):
    """One sentence: what opens a locked stage."""
    return _("This stage opens after %(needs)s.") % {"needs": "; ".join(
        str(need) for need in stage_state.opens_by)}
