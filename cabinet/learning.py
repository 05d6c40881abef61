"""The cabinet's "Learning": the partner's courses, a course's stages, a lesson with its
quiz, the lesson's files, the video position and the certificates (thin views over
learning/'s services: courses, gating, progress, quizzes, files, certificates).

Every lesson view asks `progress.open_lesson` first, so a locked lesson, its quiz and its
files are refused on the server (403 saying what opens it), not only hidden in the menu.
"""

import json
import uuid

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.images import get_image_model

from learning import certificates, courses, files, gating, knowledge, progress, quizzes
from learning.models import CourseCompletion, LessonPage, LessonProgress

from .views import cabinet_context, partner_required

COVER_FILTER = "fill-640x360"


def _started_keys(partner):
    return set(str(key) for key in LessonProgress.objects.filter(partner=partner)
               .values_list("course_key", flat=True).distinct())


def _covers(outlines):
    ids = {outline.cover_id for outline in outlines if outline.cover_id}
    if not ids:
        return {}
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(COVER_FILTER)
    return {image.pk: image for image in images}


def _help_url(language):
    """The knowledge base's address in `language` (cached with the content version, which
    moves when an editor publishes a knowledge-base page)."""
    key = f"learning:help-url:{language}:{courses.content_version()}"
    url = cache.get(key)
    if url is None:
        index = knowledge.index_for(language)
        url = (index.get_url() if index else None) or ""
        cache.set(key, url, courses.CACHE_SECONDS)
    return url or None


@require_safe
@partner_required
def learning_home(request, partner):
    language = request.LANGUAGE_CODE
    outlines = courses.courses_for(partner, language, started=_started_keys(partner))
    progress_rows = gating.progress_of(partner, [outline.key for outline in outlines])
    completions = {str(completion.course_key): completion
                   for completion in CourseCompletion.objects.filter(partner=partner)}
    covers = _covers(outlines)
    cards = []
    for outline in outlines:
        state = gating.course_state(partner, outline, progress_rows)
        completion = completions.get(outline.key)
        cards.append({
            "outline": outline, "state": state, "next": state.next_lesson,
            "cover": covers.get(outline.cover_id),
            "completion": completion if completion and outline.certificate else None,
            "completed": state.completed or completion is not None,
        })
    return render(request, "cabinet/learning.html", cabinet_context(
        request, partner, "learning", cards=cards, help_url=_help_url(language)))


@require_safe
@partner_required
def help_page(request, partner):
    """The cabinet's "Help": the knowledge base in the partner's language (an address the
    cabinet's menu can name)."""
    url = _help_url(request.LANGUAGE_CODE)
    if url is None:
        raise Http404
    return redirect(url)


def _course_for(partner, page_id, language):
    """The course page `page_id` in the partner's language, if it is theirs."""
    found = courses.find_course(page_id)
    if found is None:
        raise Http404
    outline = courses.course_by_key(found.key, language) or found
    if not courses.is_for(outline, partner) and not LessonProgress.objects.filter(
            partner=partner, course_key=outline.key).exists():
        raise Http404
    return outline


@require_safe
@partner_required
def course(request, partner, page_id):
    outline = _course_for(partner, page_id, request.LANGUAGE_CODE)
    state = gating.course_state(partner, outline, gating.progress_of(partner, [outline.key]))
    stages = [{"state": stage, "opens": gating.what_opens(stage) if stage.locked else ""}
              for stage in state.stages]
    completion = CourseCompletion.objects.filter(partner=partner,
                                                 course_key=outline.key).first()
    return render(request, "cabinet/course.html", cabinet_context(
        request, partner, "course", outline=outline, state=state, stages=stages,
        cover=_covers([outline]).get(outline.cover_id),
        completion=completion if outline.certificate else None))


# --- a lesson ----------------------------------------------------------------------------

def _refusal(request, partner, error, json_wanted=False):
    """A locked lesson (403, what opens it) or one that is not there (404)."""
    if json_wanted:
        return JsonResponse({"detail": error.message}, status=error.status)
    if error.status == 404:
        raise Http404(error.message)
    return render(request, "cabinet/learning_locked.html", cabinet_context(
        request, partner, "lesson", message=error.message), status=error.status)


def _neighbours(opened):
    """The lessons before and after this one in the course (LessonState, or None)."""
    lessons = [lesson for stage in opened.state.stages for lesson in stage.lessons]
    index = next(i for i, lesson in enumerate(lessons)
                 if lesson.outline.id == opened.lesson.id)
    before = lessons[index - 1] if index > 0 else None
    after = lessons[index + 1] if index + 1 < len(lessons) else None
    return before, after


def _answer_texts(shown):
    """{question id: {answer id: text}} from the quiz as presented."""
    return {question["id"]: {answer["id"]: answer["text"] for answer in question["answers"]}
            for question in shown}


def _feedback(result, texts):
    """The result with each question's chosen and (when revealed) correct answers in
    words."""
    items = []
    for item in result["questions"]:
        answer_texts = texts.get(item["id"], {})
        items.append({
            **item,
            "chosen_texts": [answer_texts.get(answer, answer) for answer in item["chosen"]],
            "correct_texts": [answer_texts.get(answer, answer)
                              for answer in item.get("correct_answers", [])],
        })
    return {**result, "questions": items}


def _after_pass(partner, opened):
    """What opened after the lesson was done (its quiz passed, or marked as done): the next
    lesson, and the next stage when this lesson opened it. The partner's progress is the
    one `opened` read, with this lesson now done (no second read of it)."""
    outline = opened.course
    known = {lesson.outline.key: (lesson.completed, lesson.video_seconds)
             for stage in opened.state.stages for lesson in stage.lessons}
    known[opened.lesson.key] = (True, opened.lesson_state.video_seconds)
    state = gating.course_state(partner, outline, known)
    next_lesson = state.next_lesson
    opened_stage = None
    if next_lesson is not None:
        stage, _lesson = state.lesson(next_lesson.outline.id)
        if stage.outline.key != opened.stage.key:
            opened_stage = stage.outline
    return {"next_lesson": next_lesson, "opened_stage": opened_stage,
            "course_completed": state.completed}


def _quiz_context(partner, opened, result=None, error=""):
    """The quiz as the lesson shows it: a form for the next attempt (no correct answers),
    the result of the attempt just submitted or of the one that passed, and what opened."""
    quiz = quizzes.Quiz.of_lesson(opened.lesson.id)
    key = opened.lesson.key
    if result is not None:
        # Just submitted: the result counts the attempts, and a quiz lesson is done
        # exactly when its quiz was passed.
        used = result["attempts_used"]
        passed = result["passed"] or opened.lesson_state.completed
    else:
        used, passed, best = quizzes.attempts_of(partner, key)
    shown = quizzes.describe(quiz, partner, key, used=used, passed=passed)
    if result is None and (passed or shown["attempts_left"] == 0) and best is not None:
        result = quizzes.result(quiz, best, used)
    context = {
        "quiz_meta": shown,
        "quiz_error": error,
        "quiz_shown": None,
        "quiz_result": None,
        "submission": uuid.uuid4(),
    }
    if result is not None:
        texts = _answer_texts(quizzes.presented(quiz, partner, key, result["attempt"]))
        context["quiz_result"] = _feedback(result, texts)
        if result["passed"]:
            context.update(_after_pass(partner, opened))
    if result is None and not passed and shown["attempts_left"] != 0:
        context["quiz_shown"] = shown
    return context


# Blocks whose rendering depends on the partner (the video resumes where they stopped);
# every other block of a lesson renders the same for everyone and is cached.
PARTNER_BLOCKS = {"video"}


def _render_parts(page):
    """[{"kind", "id", "html"}] for the lesson's body: the HTML of each block that renders
    the same for every partner, and the place of the others ("live": rendered per request;
    "quiz": the partner's quiz, or `html`, the editor's preview, when there is none)."""
    parts = []
    for child in page.body:
        block_id = str(child.id)
        if child.block_type in PARTNER_BLOCKS:
            parts.append({"kind": "live", "id": block_id, "html": ""})
            continue
        html = child.render(context={"lesson_id": page.pk, "block_id": block_id})
        parts.append({"kind": "quiz" if child.block_type == "quiz" else "static",
                      "id": block_id, "html": str(html)})
    return parts


def _related(request, page):
    """The lesson's live, public knowledge-base articles as (address, title, summary)."""
    articles = page.related_articles.live().public().order_by("title")
    return [{"url": article.get_url(request), "title": article.title,
             "summary": article.summary} for article in articles]


def lesson_content(request, lesson_id):
    """What a lesson page shows the same to every partner: its body's blocks rendered and
    its related articles, computed once per lesson, language, site and content version (an
    editor's publishing moves the version), so a lesson costs no page-tree queries."""
    key = (f"learning:lesson-content:{lesson_id}:{get_language()}:{request.get_host()}:"
           f"{courses.content_version()}")
    content = cache.get(key)
    if content is None:
        page = LessonPage.objects.live().only("id", "body").filter(pk=lesson_id).first()
        content = {"parts": _render_parts(page) if page else [],
                   "related": _related(request, page) if page else []}
        cache.set(key, content, courses.CACHE_SECONDS)
    parts = [{**part, "html": mark_safe(part["html"])}  # noqa: S308 (our own render)
             for part in content["parts"]]
    live = {part["id"] for part in parts if part["kind"] == "live"}
    if live:
        page = LessonPage.objects.live().only("id", "body").get(pk=lesson_id)
        blocks = {str(child.id): child for child in page.body if str(child.id) in live}
        parts = [{**part, "block": blocks.get(part["id"])} for part in parts
                 if part["kind"] != "live" or part["id"] in blocks]
    return parts, content["related"]


def _lesson_context(request, partner, opened, **quiz):
    """The lesson page's context, with the cabinet's menu and its counts."""
    parts = _lesson_parts(request, partner, opened, **quiz)
    del parts["partner"]
    return cabinet_context(request, partner, "lesson", **parts)


def _lesson_parts(request, partner, opened, **quiz):
    """What the lesson and its quiz are drawn from (the script's quiz answer needs no
    menu, so it costs no query for the menu's counts)."""
    before, after = _neighbours(opened)
    lesson_id = opened.lesson.id
    parts, related = lesson_content(request, lesson_id)
    context = {
        "opened": opened, "lesson": opened.lesson, "outline": opened.course,
        "stage_state": opened.stage_state, "lesson_state": opened.lesson_state,
        "lesson_id": lesson_id, "body_parts": parts, "before": before, "after": after,
        "after_opens": gating.what_opens(opened.state.lesson(after.outline.id)[0])
        if after is not None and after.locked else "",
        "video_seconds": opened.lesson_state.video_seconds,
        "video_position_url": reverse("cabinet:lesson_video_position", args=[lesson_id]),
        "related": related,
        "help_url": _help_url(request.LANGUAGE_CODE),
    }
    if opened.lesson.has_quiz:
        context.update(_quiz_context(partner, opened, **quiz))
    return {"partner": partner, **context}


def _in_language(opened, language):
    """The id of the lesson's translation into the partner's language, when the lesson
    was opened in another language and that translation is live; else None."""
    if opened.course.language == language:
        return None
    outline = courses.course_by_key(opened.course.key, language)
    if outline is None or outline.language != language:
        return None
    return next((lesson.id for lesson in outline.lessons if lesson.key == opened.lesson.key),
                None)


@require_safe
@partner_required
def lesson(request, partner, page_id):
    try:
        opened = progress.open_lesson(partner, page_id)
    except progress.LearningError as error:
        return _refusal(request, partner, error)
    translated = _in_language(opened, request.LANGUAGE_CODE)
    if translated is not None:
        return redirect("cabinet:lesson", page_id=translated)
    progress.start_lesson(partner, opened)
    return render(request, "cabinet/lesson.html", _lesson_context(request, partner, opened))


@require_POST
@partner_required
def lesson_complete(request, partner, page_id):
    """"Mark as done" (a lesson without a quiz): on to the next lesson, or the course."""
    try:
        opened = progress.open_lesson(partner, page_id)
        progress.complete_lesson(partner, opened)
    except progress.QuizNotPassed as error:
        messages.error(request, error.message)
        return redirect("cabinet:lesson", page_id=page_id)
    except progress.LearningError as error:
        return _refusal(request, partner, error)
    messages.success(request, _("Lesson done."))
    after = _after_pass(partner, opened)
    if after["opened_stage"] is not None:
        messages.success(request, _("A new stage is open: %(stage)s.")
                         % {"stage": after["opened_stage"].title})
    if after["next_lesson"] is not None:
        return redirect("cabinet:lesson", page_id=after["next_lesson"].outline.id)
    return redirect("cabinet:course", page_id=opened.course.id)


def _wants_json(request):
    return request.content_type == "application/json"


def _submitted(request):
    """(answers, attempt, submission) from a JSON body or the quiz form."""
    if _wants_json(request):
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise quizzes.QuizError(_("The request body is not valid JSON.")) from None
        if not isinstance(body, dict):
            raise quizzes.QuizError(_("Send the answers as an object of question ids."))
        return body.get("answers", {}), body.get("attempt"), body.get("submission")
    answers = {name[2:]: request.POST.getlist(name) for name in request.POST
               if name.startswith("q-")}
    attempt = request.POST.get("attempt", "")
    try:
        attempt = int(attempt) if attempt else None
    except ValueError:
        raise quizzes.QuizError(_("The attempt number must be a positive whole number.")) \
            from None
    return answers, attempt, request.POST.get("submission") or None


@require_POST
@partner_required
def lesson_quiz(request, partner, page_id):
    """An attempt at the lesson's quiz: JSON in and out for the page's script, or the quiz
    form posted without it (the lesson page shown again with the feedback)."""
    json_wanted = _wants_json(request)
    try:
        opened = progress.open_lesson(partner, page_id)
    except progress.LearningError as error:
        return _refusal(request, partner, error, json_wanted)
    try:
        answers, attempt, submission = _submitted(request)
        result, created = quizzes.submit_attempt(partner, opened, answers, attempt=attempt,
                                                 submission=submission)
    except progress.LearningError as error:
        if json_wanted:
            return JsonResponse({"detail": error.message}, status=error.status)
        context = _lesson_context(request, partner, opened, error=error.message)
        return render(request, "cabinet/lesson.html", context, status=error.status)
    if not json_wanted:
        return render(request, "cabinet/lesson.html",
                      _lesson_context(request, partner, opened, result=result))
    html = render_to_string("learning/quiz.html",
                            _lesson_parts(request, partner, opened, result=result),
                            request=request)
    return JsonResponse({**result, "created": created, "html": html},
                        status=201 if created else 200)


@require_POST
@partner_required
def lesson_video_position(request, partner, page_id):
    """Where the partner stopped in the lesson's video (seconds), to resume there."""
    try:
        opened = progress.open_lesson(partner, page_id)
    except progress.LearningError as error:
        return JsonResponse({"detail": error.message}, status=error.status)
    if _wants_json(request):
        try:
            seconds = json.loads(request.body or b"{}").get("seconds")
        except (ValueError, AttributeError):
            seconds = None
    else:
        seconds = request.POST.get("seconds")
    try:
        seconds = float(seconds)
        if seconds != seconds or seconds < 0:  # NaN or negative
            raise ValueError
    except (TypeError, ValueError):
        return JsonResponse({"detail": _("Send the position in seconds.")}, status=400)
    return JsonResponse({"seconds": progress.save_video_position(partner, opened, seconds)})


@require_safe
@partner_required
def lesson_file(request, partner, page_id, block_id):
    """A lesson's document or uploaded video, only while the lesson is open to the
    partner."""
    try:
        material = files.lesson_material(partner, page_id, block_id)
    except progress.LearningError as error:
        return _refusal(request, partner, error)
    return files.file_response(request, material)


# --- certificates ---------------------------------------------------------------------


@require_safe
@partner_required
def certificate(request, partner, number, extension):
    """The partner's own certificate as a picture or a PDF; any other number, or a course
    whose certificate is switched off, is 404."""
    completion = certificates.issued(partner).filter(certificate_number=number).first()
    if completion is None or extension not in certificates.FORMATS:
        raise Http404
    content_type, draw = certificates.FORMATS[extension]
    response = HttpResponse(draw(completion, partner.name), content_type=content_type)
    response["Content-Disposition"] = (
        f'inline; filename="{certificates.filename(completion, extension)}"')
    response["Cache-Control"] = "private, max-age=3600"
    return response
