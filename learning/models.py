"""Learning's content (Wagtail pages and snippets) and each partner's progress.

Content: LearningIndexPage → CoursePage → StagePage → LessonPage, and the knowledge base
(KnowledgeBaseIndexPage → KnowledgeArticlePage with KnowledgeCategory snippets); the
90-day journey is a JourneyPlan snippet with its JourneyTasks. All translate through
wagtail-localize. Progress rows name content by `translation_key` (the same for a page in
every language), so a Russian partner's progress is the same whichever language they read
the course in. Every progress row is unique in the database per partner and thing: written
once, however many times a request arrives.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from .blocks import ArticleStreamBlock, LessonStreamBlock
from .forms import JourneyPlanForm
from .video_form import LessonVideoForm

KEEP_SLUG = [SynchronizedField("slug", overridable=True)]


# --- courses ---------------------------------------------------------------------------

class LearningIndexPage(Page):
    """Where the company's courses live. Not a public page: it is restricted to signed-in
    users when saved (so lessons stay out of the site's search and sitemap) and its
    address opens the cabinet's learning home."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["learning.CoursePage"]
    override_translatable_fields = KEEP_SLUG

    class Meta:
        verbose_name = _("learning index")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if not PageViewRestriction.objects.filter(page=self).exists():
            PageViewRestriction.objects.create(
                page=self, restriction_type=PageViewRestriction.LOGIN)
        return result

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        return redirect("cabinet:learning")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    NEWCOMERS = "newcomers", _("Newcomers (first 90 days)")
    FROM_RANK = "from_rank", _("From a rank")


class CoursePage(Page):
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices,
                                default=Audience.EVERYONE)
    from_rank = models.CharField(
        _("from rank"), max_length=32, blank=True,
        help_text=_("For the audience “from a rank”: the rank's code."),
    )
    mandatory = models.BooleanField(_("mandatory"), default=False)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=30, validators=[MaxValueValidator(10_000)])
    cover = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("cover picture"),
    )
    certificate = models.BooleanField(
        _("certificate on completion"), default=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([
            FieldPanel("audience"), FieldPanel("from_rank"), FieldPanel("mandatory"),
            FieldPanel("estimated_minutes"), FieldPanel("certificate"),
        ], heading=_("Who takes it")),
        FieldPanel("cover"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types = ["learning.StagePage"]
    override_translatable_fields = KEEP_SLUG + [
        SynchronizedField("audience"), SynchronizedField("from_rank"),
        SynchronizedField("mandatory"), SynchronizedField("estimated_minutes"),
        SynchronizedField("certificate"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        if self.audience == Audience.FROM_RANK and not self.from_rank:
            raise ValidationError({"from_rank": _("Name the rank the course is for.")})

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        return redirect("cabinet:course", page_id=self.pk)


class Achievement(models.TextChoices):
    NONE = "", _("Nothing else")
    FIRST_ORDER = "first_order", _("First order")
    FIRST_PARTNER = "first_partner", _("First personally sponsored partner")
    LANDING_PUBLISHED = "landing_published", _("Landing published")


class StagePage(Page):
    """A stage of a course: its lessons (children, in order). It opens when the stage
    before it is passed (every lesson done, every quiz passed), and, where set, once the
    partner has an achievement and/or a number of days after joining."""

    intro = models.TextField(_("intro"), blank=True)
    requires_achievement = models.CharField(
        _("also requires"), max_length=32, choices=Achievement.choices, blank=True)
    opens_after_days = models.PositiveIntegerField(
        _("opens days after joining"), default=0, validators=[MaxValueValidator(365)],
        help_text=_("0: as soon as the stage before it is passed."))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("requires_achievement"), FieldPanel("opens_after_days")],
                        heading=_("What else opens it")),
    ]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = ["learning.LessonPage"]
    override_translatable_fields = KEEP_SLUG + [
        SynchronizedField("requires_achievement"), SynchronizedField("opens_after_days"),
    ]

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        return redirect("cabinet:course", page_id=self.get_parent().pk)


class LessonPage(Page):
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=5, validators=[MaxValueValidator(600)])
    body = StreamField(LessonStreamBlock(), blank=True, verbose_name=_("body"))
    related_articles = ParentalManyToManyField(
        "learning.KnowledgeArticlePage", blank=True, related_name="lessons",
        verbose_name=_("knowledge-base articles"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("estimated_minutes"), FieldPanel("body"),
        FieldPanel("related_articles"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"),
    ]
    parent_page_types = ["learning.StagePage"]
    subpage_types = []
    override_translatable_fields = KEEP_SLUG + [SynchronizedField("estimated_minutes")]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        return redirect("cabinet:lesson", page_id=self.pk)

    def save(self, *args, **kwargs):
        # Every question and answer keeps one id for good (attempts and the reports of
        # items most often failed are keyed by it): a body written as raw JSON without
        # list-item ids (a script, a migration) gets them here, once, before it is stored
        # or copied into a revision or a translation.
        block = self.body.stream_block
        value = block.to_python(self.body.get_prep_value())
        for _child in value:  # each child converted, so its list items get their ids
            pass
        self.body = StreamValue(block, value.get_prep_value(), is_lazy=True)
        return super().save(*args, **kwargs)

    def quiz(self):
        """The lesson's quiz block (a StreamChild) or None."""
        for child in self.body:
            if child.block_type == "quiz":
                return child
        return None


@register_snippet
class LessonVideo(models.Model):
    """A video the company uploaded for lessons, checked as partners' landing videos are
    (landing/videos.py: MP4 or WebM, size, container). Served only to partners the lesson
    that shows it is open to."""

    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="learning/videos/", max_length=200)
    content_type = models.CharField(_("type"), max_length=20, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    panels = [FieldPanel("title"), FieldPanel("file")]
    base_form_class = LessonVideoForm

    class Meta:
        verbose_name = _("lesson video")
        verbose_name_plural = _("lesson videos")
        ordering = ["title"]

    def __str__(self):
        return self.title


# --- knowledge base ----------------------------------------------------------------------

@register_snippet
class KnowledgeCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("knowledge-base category")
        verbose_name_plural = _("knowledge-base categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class KnowledgeBaseIndexPage(Page):
    """The knowledge base: short articles, searchable in the reader's language."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["learning.KnowledgeArticlePage"]
    override_translatable_fields = KEEP_SLUG

    class Meta:
        verbose_name = _("knowledge base")


class KnowledgeArticlePage(Page):
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = StreamField(ArticleStreamBlock(), blank=True, verbose_name=_("body"))
    categories = ParentalManyToManyField(
        "learning.KnowledgeCategory", blank=True, verbose_name=_("categories"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("body"), FieldPanel("categories"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"),
    ]
    parent_page_types = ["learning.KnowledgeBaseIndexPage"]
    subpage_types = []
    override_translatable_fields = KEEP_SLUG

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")


# --- the 90-day journey ------------------------------------------------------------------

class TaskCheck(models.TextChoices):
    """How a journey task is ticked: by the partner, or from what the platform knows
    (learning/journey_checks.py listens for each)."""

    MANUAL = "manual", _("Marked done by the partner")
    PROFILE_COMPLETED = "profile_completed", _("Profile completed")
    LANDING_PUBLISHED = "landing_published", _("Landing published")
    LINK_SHARED = "link_shared", _("Referral link shared (first visit)")
    FIRST_LEAD = "first_lead", _("First lead")
    FIRST_ORDER = "first_order", _("First order")
    FIRST_PARTNER = "first_partner", _("First personally sponsored partner")
    LESSON_COMPLETED = "lesson_completed", _("A lesson completed")
    STAGE_PASSED = "stage_passed", _("A stage passed")
    COURSE_COMPLETED = "course_completed", _("A course completed")
    FIRST_BONUS = "first_bonus", _("First bonus earned")


@register_snippet
class JourneyPlan(TranslatableMixin, ClusterableModel):
    """The company's plan for a newcomer's first 90 days: tasks by day, one of them the
    first goal. The active plan (in the partner's language, else the default one) is the
    one partners follow."""

    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("active"), default=True)
    welcome = models.TextField(_("welcome message"), blank=True, max_length=2000)

    panels = [
        FieldPanel("name"), FieldPanel("active"), FieldPanel("welcome"),
        InlinePanel("tasks", label=_("Tasks")),
    ]
    override_translatable_fields = [SynchronizedField("active")]
    base_form_class = JourneyPlanForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("90-day plan")
        verbose_name_plural = _("90-day plans")

    def __str__(self):
        return self.name


class JourneyTask(TranslatableMixin, Orderable):
    plan = ParentalKey(JourneyPlan, on_delete=models.CASCADE, related_name="tasks")
    key = models.SlugField(
        _("key"), max_length=50,
        help_text=_("A short name that stays the same in every language (e.g. "
                    "“publish-landing”): progress is kept under it."),
    )
    day = models.PositiveIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Due on this day after joining (1 to 90)."))
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    checked_by = models.CharField(_("checked by"), max_length=32, choices=TaskCheck.choices,
                             default=TaskCheck.MANUAL)
    lesson = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("lesson, stage or course"),
        help_text=_("For tasks checked by a lesson, stage or course."),
    )
    action = models.CharField(_("opens"), max_length=40, blank=True,
                              help_text=_("A cabinet page the task links to."))
    first_goal = models.BooleanField(_("first goal"), default=False)

    panels = [
        FieldPanel("key"), FieldPanel("day"), FieldPanel("title"), FieldPanel("description"),
        FieldPanel("checked_by"), FieldPanel("lesson"), FieldPanel("action"),
        FieldPanel("first_goal"),
    ]
    override_translatable_fields = [
        SynchronizedField("key"), SynchronizedField("day"), SynchronizedField("checked_by"),
        SynchronizedField("lesson"), SynchronizedField("action"),
        SynchronizedField("first_goal"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        unique_together = [("translation_key", "locale")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.first_goal and not 3 <= self.day <= 5:
            raise ValidationError({"day": _("The first goal is due on day 3, 4 or 5.")})
        if self.checked_by in (TaskCheck.LESSON_COMPLETED, TaskCheck.STAGE_PASSED,
                          TaskCheck.COURSE_COMPLETED) and not self.lesson_id:
            raise ValidationError({"lesson": _("Choose the lesson, stage or course.")})


class SponsorWelcome(models.Model):
    """A sponsor's own welcome to the newcomers they bring: a text and/or a video link."""

    sponsor = models.OneToOneField("network.Partner", on_delete=models.CASCADE,
                                   related_name="learning_welcome", verbose_name=_("sponsor"))
    text = models.TextField(_("welcome text"), blank=True, max_length=2000)
    video_url = models.URLField(_("video link"), blank=True, max_length=300)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sponsor's welcome")
        verbose_name_plural = _("sponsors' welcomes")


# --- progress ---------------------------------------------------------------------------

class Learner(models.Model):
    """One row per partner who is in their first 90 days (made when they enrol) or started
    learning or the journey: the counts the mentor view and the reports read without
    scanning the progress tables (kept by learning/progress.py with F() updates in the
    same transaction as each progress row), and the mentor view's roster: copies of the
    partner's sponsor and joining time (kept by learning/roster.py), so a sponsor's
    newcomers are one index range with these counters."""

    partner = models.OneToOneField("network.Partner", on_delete=models.CASCADE,
                                   primary_key=True, related_name="learner")
    lessons_done = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)
    courses_done = models.PositiveIntegerField(default=0)
    first_goal_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The roster: the partner's sponsor and joining time, copied (learning/roster.py).
    sponsor = models.ForeignKey("network.Partner", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", db_index=False)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        indexes = [models.Index(fields=["sponsor", "joined_at"], name="learner_roster_idx")]


class LessonProgress(models.Model):
    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="lesson_progress")
    course_key = models.UUIDField()
    stage_key = models.UUIDField()
    lesson_key = models.UUIDField()
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Where the partner stopped in the lesson's video, to resume there.
    video_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["partner", "lesson_key"],
                                    name="learning_one_progress_per_lesson"),
        ]
        indexes = [
            models.Index(fields=["partner", "course_key"], name="learning_progress_course"),
            models.Index(fields=["course_key", "stage_key"], name="learning_progress_stage"),
        ]


class QuizAttempt(models.Model):
    """One submitted attempt. `number` is unique per partner and quiz, so the attempts
    limit holds under concurrent submissions; `submission` (a key the client sends, or one
    derived from the answers) makes a repeated submission return the first result."""

    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="quiz_attempts")
    course_key = models.UUIDField()
    stage_key = models.UUIDField()
    lesson_key = models.UUIDField()
    number = models.PositiveIntegerField()
    submission = models.UUIDField(default=uuid.uuid4)
    answers = models.JSONField(default=dict)
    # Per question id: correct or not (for the report of items most often failed).
    results = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(fields=["partner", "lesson_key", "number"],
                                    name="learning_one_attempt_per_number"),
            models.UniqueConstraint(fields=["partner", "submission"],
                                    name="learning_one_attempt_per_submission"),
        ]
        indexes = [models.Index(fields=["lesson_key", "submitted_at"],
                                name="learning_attempt_lesson")]


class StagePass(models.Model):
    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="stage_passes")
    course_key = models.UUIDField()
    stage_key = models.UUIDField()
    passed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "stage_key"],
                                    name="learning_one_pass_per_stage"),
        ]
        indexes = [models.Index(fields=["course_key", "stage_key"],
                                name="learning_stage_pass_stage")]


class CourseCompletion(models.Model):
    """A completed course and its certificate (learning/certificates.py draws it in the
    course's language)."""

    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="course_completions")
    course_key = models.UUIDField()
    language = models.CharField(max_length=8)
    course_title = models.CharField(max_length=255)
    completed_at = models.DateTimeField(default=timezone.now)
    certificate_number = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("completed course")
        verbose_name_plural = _("completed courses")
        constraints = [
            models.UniqueConstraint(fields=["partner", "course_key"],
                                    name="learning_one_completion_per_course"),
        ]


class JourneyTaskDone(models.Model):
    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="journey_tasks_done")
    task_key = models.SlugField(max_length=50)
    done_at = models.DateTimeField(default=timezone.now)
    automatic = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "task_key"],
                                    name="learning_one_done_per_task"),
        ]


class StageProgress(models.Model):
    """One row per partner and stage they started: what the course funnel counts without
    reading the lesson rows (learning/reports.py). Kept by learning/progress.py in the
    same transaction as the rows it sums up: created with the stage's first lesson
    opened, `last_moved_at` moved forward by every step in the stage (a lesson opened or
    done, a quiz answered, a video position), `passed_at` set with the StagePass."""

    partner = models.ForeignKey("network.Partner", on_delete=models.CASCADE,
                                related_name="stage_progress")
    course_key = models.UUIDField()
    stage_key = models.UUIDField()
    started_at = models.DateTimeField(default=timezone.now)
    last_moved_at = models.DateTimeField(default=timezone.now)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stage progress")
        verbose_name_plural = _("stage progress")
        constraints = [
            models.UniqueConstraint(fields=["partner", "stage_key"],
                                    name="learning_one_row_per_stage"),
        ]
        indexes = [
            # The funnel's one grouped count per course reads this index only.
            models.Index(fields=["course_key", "stage_key", "passed_at", "last_moved_at"],
                         name="learning_stage_funnel"),
        ]


class QuizItemTally(models.Model):
    """Per quiz question and day: attempts that answered it and how many got it wrong,
    counted as each attempt is stored (learning/tallies.py), so the report of items most
    often failed sums a few rows per question instead of reading every attempt."""

    lesson_key = models.UUIDField()
    question_id = models.CharField(max_length=64)
    day = models.DateField()
    attempts = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("quiz item tally")
        verbose_name_plural = _("quiz item tallies")
        constraints = [
            models.UniqueConstraint(fields=["lesson_key", "question_id", "day"],
                                    name="learning_one_tally_per_item_and_day"),
        ]


class CohortCount(models.Model):
    """One join month's first-90-days figures as last counted (learning/reports.py,
    `count_cohorts`): the cohorts report reads these rows, the counting over every partner
    runs in the background (hourly, and when staff ask). `None` in a figure: the month
    was not that many days old when it was counted."""

    month = models.DateField(unique=True)
    joined = models.PositiveIntegerField(default=0)
    first_goal = models.PositiveIntegerField(null=True, blank=True)
    active = models.JSONField(default=dict)  # {"30": count or None, "60": …, "90": …}
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cohort count")
        verbose_name_plural = _("cohort counts")
        ordering = ["month"]
