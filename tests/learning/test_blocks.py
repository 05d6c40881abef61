"""The lesson block library: each block refuses what an editor must not save and renders;
a lesson's documents and uploaded videos are served only through the lesson, to a partner
it is open to; lesson videos are checked on upload like landing videos."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.admin.panels import get_edit_handler
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from learning import files, progress
from learning.blocks import (
    CabinetActionBlock,
    ChecklistBlock,
    LessonStreamBlock,
    LessonVideoBlock,
    QuestionBlock,
)
from learning.models import LessonVideo
from tests.landing.helpers import MP4
from tests.learning.helpers import build_course, quiz_block, single, true_false

pytestmark = pytest.mark.django_db


def refused(block, value):
    with pytest.raises(ValidationError):
        block.clean(block.to_python(value))


def test_a_video_needs_one_youtube_or_vimeo_link_or_an_uploaded_video():
    block = LessonVideoBlock()
    refused(block, {"url": "https://example.com/clip.mp4", "title": ""})
    refused(block, {"url": "", "title": "Nothing"})
    video = LessonVideo.objects.create(title="Intro", file="learning/videos/intro.mp4")
    refused(block, {"url": "https://youtu.be/dQw4w9WgXcQ", "video": video.pk})
    block.clean(block.to_python({"url": "https://youtu.be/dQw4w9WgXcQ"}))
    block.clean(block.to_python({"video": video.pk}))


def test_questions_are_checked_for_their_kind():
    block = QuestionBlock()
    refused(block, {**true_false("The sky is green.", False),
                    "answers": [{"text": "Yes", "correct": True}]})
    two_right = single("Pick one", ["A", "B", "C"], correct=0)
    two_right["answers"][1]["correct"] = True
    refused(block, two_right)
    refused(block, single("Only one answer", ["A"], correct=0))
    block.clean(block.to_python(single("Fine", ["A", "B"], correct=1)))
    block.clean(block.to_python(true_false("Fine", True)))


def test_a_lesson_has_at_most_one_quiz():
    block = LessonStreamBlock()
    quiz = quiz_block([true_false("Yes?", True)])
    with pytest.raises(ValidationError) as refusal:
        block.clean(block.to_python([quiz, quiz]))
    assert "at most one quiz" in str(refusal.value.non_block_errors)
    block.clean(block.to_python([quiz]))


def test_the_blocks_render():
    video = LessonVideoBlock()
    html = video.render(video.to_python({"url": "https://vimeo.com/76979871", "title": "Tour"}))
    assert 'data-embed-src="https://player.vimeo.com/video/76979871' in html
    assert "<iframe" not in html  # loaded only when the partner presses play
    checklist = ChecklistBlock()
    html = checklist.render(checklist.to_python({"title": "Before you call",
                                                 "items": ["Smile", "Listen"]}))
    assert "<li>Smile</li>" in html and "Before you call" in html
    action = CabinetActionBlock()
    html = action.render(action.to_python({
        "title": "Your landing", "text": "Publish it today.", "action": "cabinet:landings",
        "button_label": "Publish your landing"}))
    assert f'href="{reverse("cabinet:landings")}"' in html and "Publish your landing" in html


@pytest.fixture
def materials(home):
    """A course whose stage-two lesson offers a document and an uploaded video."""
    course, stages, (read, quiz, customer) = build_course(home)
    document = get_document_model().objects.create(
        title="Price list", file=ContentFile(b"%PDF-1.4 price list", name="prices.pdf"))
    video = LessonVideo.objects.create(title="Intro", content_type="video/mp4", size=len(MP4))
    video.file.save("intro.mp4", ContentFile(MP4))
    customer.body = [
        {"type": "document", "value": {"document": document.pk, "title": "", "description": ""},
         "id": "doc-1"},
        {"type": "video", "value": {"url": "", "video": video.pk, "title": "Intro"},
         "id": "vid-1"},
    ]
    customer.save_revision().publish()
    return read, quiz, customer, document


def open_everything(partner, read, quiz):
    from learning.models import QuizAttempt

    progress.complete_lesson(partner, progress.open_lesson(partner, read.pk))
    opened = progress.open_lesson(partner, quiz.pk)
    QuizAttempt.objects.create(partner=partner, course_key=opened.course.key,
                               stage_key=opened.stage.key, lesson_key=opened.lesson.key,
                               number=1, score=100, passed=True)
    progress.complete_lesson(partner, opened)


def test_a_locked_lessons_files_are_refused_and_an_open_ones_served(client, newcomer,
                                                                    materials):
    read, quiz, customer, _document = materials
    client.force_login(newcomer.user)
    base = f"/en/cabinet/learning/lessons/{customer.pk}/files/"
    locked = client.get(base + "doc-1/")
    assert locked.status_code == 403 and "About us" in locked.content.decode()
    assert client.get(base + "vid-1/").status_code == 403

    open_everything(newcomer, read, quiz)
    html = client.get(f"/en/cabinet/learning/lessons/{customer.pk}/").content.decode()
    assert f'href="{base}doc-1/"' in html and f'src="{base}vid-1/"' in html
    download = client.get(base + "doc-1/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 price list"
    assert "attachment" in download["Content-Disposition"]
    video = client.get(base + "vid-1/", HTTP_RANGE="bytes=0-99")
    assert video.status_code == 206 and video["Content-Type"] == "video/mp4"
    assert video["Content-Range"] == f"bytes 0-99/{len(MP4)}"
    assert b"".join(video.streaming_content) == MP4[:100]
    assert client.get(base + "nope/").status_code == 404


def test_lesson_documents_are_kept_out_of_reach_of_wagtails_own_address(client, newcomer,
                                                                        materials):
    _read, _quiz, customer, document = materials
    # Publishing the lesson moved its document already; collecting again moves nothing.
    assert files.collect_lesson_documents(customer) == 0
    document.refresh_from_db()
    collection = files.materials_collection()
    assert document.collection == collection
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert [group.name for group in restriction.groups.all()] == ["Editors"]
    client.force_login(newcomer.user)
    assert client.get(document.url).status_code != 200


def test_a_lesson_video_upload_is_checked_like_a_landing_video():
    form_class = get_edit_handler(LessonVideo).get_form_class()
    bad = form_class(data={"title": "Not a video"}, files={
        "file": SimpleUploadedFile("intro.mp4", b"just some text" * 100, "video/mp4")})
    assert not bad.is_valid()
    assert "not an MP4 or WebM video" in str(bad.errors["file"])
    good = form_class(data={"title": "Intro"},
                      files={"file": SimpleUploadedFile("intro.mp4", MP4, "video/mp4")})
    assert good.is_valid(), good.errors
    video = good.save()
    assert (video.content_type, video.size) == ("video/mp4", len(MP4))
