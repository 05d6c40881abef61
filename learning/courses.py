"""The courses as a partner sees them: which courses are theirs (audience), in which
language (theirs, else the company's default), and each course's outline of stages and
lessons.

Outlines are read from the page tree once and cached until an editor publishes,
saves, unpublishes, moves or deletes a learning page (the content version below), so the
learning home and a lesson cost no page-tree queries on most requests.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_unpublished, post_page_move

from core import cache_versions

from .models import (
    Audience,
    CoursePage,
    KnowledgeArticlePage,
    KnowledgeBaseIndexPage,
    LessonPage,
    StagePage,
)

NEWCOMER_DAYS = 90
VERSION_KEY = "learning:content-version"
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class LessonOutline:
    id: int
    key: str  # translation_key, as text
    title: str
    slug: str
    summary: str
    estimated_minutes: int
    has_quiz: bool


@dataclass(frozen=True)
class StageOutline:
    id: int
    key: str
    title: str
    intro: str
    requires_achievement: str
    opens_after_days: int
    lessons: tuple


@dataclass(frozen=True)
class CourseOutline:
    id: int
    key: str
    title: str
    summary: str
    language: str
    audience: str
    from_rank: str
    mandatory: bool
    estimated_minutes: int
    certificate: bool
    cover_id: int | None
    stages: tuple

    @property
    def lessons(self):
        return [lesson for stage in self.stages for lesson in stage.lessons]

    def stage_of(self, lesson_key):
        for stage in self.stages:
            if any(lesson.key == lesson_key for lesson in stage.lessons):
                return stage
        return None


def content_version():
    return cache_versions.current(VERSION_KEY)


def bump_version(**kwargs):
    cache_versions.bump(VERSION_KEY)


LEARNING_PAGE_MODELS = (CoursePage, StagePage, LessonPage)
# A lesson's page caches its related articles and the knowledge base's address with the
# content version, so editing the knowledge base moves the version too.
VERSIONED_PAGE_MODELS = LEARNING_PAGE_MODELS + (KnowledgeArticlePage, KnowledgeBaseIndexPage)


def _page_changed(sender=None, instance=None, **kwargs):
    if isinstance(instance, Page) and isinstance(instance.specific_deferred,
                                                 VERSIONED_PAGE_MODELS):
        bump_version()


def connect():
    for model in VERSIONED_PAGE_MODELS:
        name = model.__name__
        post_save.connect(bump_version, sender=model, dispatch_uid=f"learning.save.{name}")
        page_unpublished.connect(bump_version, sender=model,
                                 dispatch_uid=f"learning.unpub.{name}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"learning.del.{name}")
    post_page_move.connect(_page_changed, dispatch_uid="learning.move")


def _build_outline(course):
    stages = list(StagePage.objects.live().child_of(course).order_by("path"))
    lessons = list(
        LessonPage.objects.live().descendant_of(course).order_by("path")
        .only("id", "path", "depth", "title", "slug", "summary", "estimated_minutes",
              "translation_key", "body")
    )
    by_stage = {stage.path: [] for stage in stages}
    for lesson in lessons:
        parent_path = lesson.path[:-Page.steplen]
        if parent_path in by_stage:
            by_stage[parent_path].append(LessonOutline(
                id=lesson.pk, key=str(lesson.translation_key), title=lesson.title,
                slug=lesson.slug, summary=lesson.summary,
                estimated_minutes=lesson.estimated_minutes,
                has_quiz=any(block.get("type") == "quiz" for block in lesson.body.raw_data),
            ))
    return CourseOutline(
        id=course.pk, key=str(course.translation_key), title=course.title,
        summary=course.summary, language=course.locale.language_code,
        audience=course.audience, from_rank=course.from_rank, mandatory=course.mandatory,
        estimated_minutes=course.estimated_minutes, certificate=course.certificate,
        cover_id=course.cover_id,
        stages=tuple(
            StageOutline(
                id=stage.pk, key=str(stage.translation_key), title=stage.title,
                intro=stage.intro, requires_achievement=stage.requires_achievement,
                opens_after_days=stage.opens_after_days,
                lessons=tuple(by_stage[stage.path]),
            )
            for stage in stages
        ),
    )


def _catalogue():
    """Every live course in every language: {translation_key: {language: outline}}, in
    the page tree's order, cached per content version."""
    key = f"learning:catalogue:{content_version()}"
    catalogue = cache.get(key)
    if catalogue is None:
        catalogue = {}
        for course in CoursePage.objects.live().select_related("locale").order_by("path"):
            catalogue.setdefault(str(course.translation_key), {})[
                course.locale.language_code] = _build_outline(course)
        cache.set(key, catalogue, CACHE_SECONDS)
    return catalogue


def default_language():
    return settings.LANGUAGE_CODE.split("-")[0]


def in_language(versions, language):
    """The course in `language`, else in the company's default language, else any."""
    return (versions.get(language) or versions.get(default_language())
            or next(iter(versions.values())))


def is_newcomer(partner, now=None):
    now = now or timezone.now()
    return partner.joined_at >= now - timedelta(days=NEWCOMER_DAYS)


def _rank_at_least(rank, from_rank):
    from compensation.ranks import published_codes

    codes = published_codes()
    if from_rank not in codes:
        return False
    return rank in codes and codes.index(rank) >= codes.index(from_rank)


def is_for(outline, partner, started=frozenset(), now=None):
    """Whether the course is offered to `partner` (a course they started stays theirs)."""
    if outline.key in started or outline.audience == Audience.EVERYONE:
        return True
    if outline.audience == Audience.NEWCOMERS:
        return is_newcomer(partner, now)
    if outline.audience == Audience.FROM_RANK:
        return _rank_at_least(partner.rank, outline.from_rank)
    return False


def courses_for(partner, language, started=frozenset(), now=None):
    """The partner's courses, each in `language` where it is translated: mandatory first,
    then in the page tree's order."""
    outlines = [in_language(versions, language) for versions in _catalogue().values()]
    mine = [outline for outline in outlines if is_for(outline, partner, started, now)]
    return sorted(mine, key=lambda outline: not outline.mandatory)


def course_by_key(course_key, language):
    versions = _catalogue().get(str(course_key))
    return in_language(versions, language) if versions else None


def _index():
    key = f"learning:index:{content_version()}"
    index = cache.get(key)
    if index is None:
        index = {"lessons": {}, "courses": {}}
        for course_key, versions in _catalogue().items():
            for language, outline in versions.items():
                index["courses"][outline.id] = (course_key, language)
                for stage in outline.stages:
                    for lesson in stage.lessons:
                        index["lessons"][lesson.id] = (course_key, language)
        cache.set(key, index, CACHE_SECONDS)
    return index


def find_lesson(lesson_id):
    """(course outline, stage outline, lesson outline) for a live lesson page id, or None;
    the course in the lesson page's own language."""
    found = _index()["lessons"].get(lesson_id)
    if found is None:
        return None
    outline = _catalogue()[found[0]][found[1]]
    for stage in outline.stages:
        for lesson in stage.lessons:
            if lesson.id == lesson_id:
                return outline, stage, lesson
    return None


def find_course(course_id):
    found = _index()["courses"].get(course_id)
    return _catalogue()[found[0]][found[1]] if found else None


def all_outlines(language=None):
    """Every live course once, in `language` where it is translated (else the company's
    default language, else any), in the page tree's order: for the operators' reports."""
    language = language or default_language()
    return [in_language(versions, language) for versions in _catalogue().values()]
