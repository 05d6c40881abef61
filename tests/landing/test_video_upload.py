"""Videos partners upload for their landings: checked by size and by what their bytes
are (not their name), stored under media/landing-video/, shown only on the uploading
partner's landings, played only when the visitor presses play."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from landing import blocks, videos
from landing.models import LandingVideo
from tests.factories import ImageFactory

from .conftest import BROWSER, hero
from .test_translations import bracketed  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

MP4 = (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
       + b"\x00\x00\x00\x08free" + b"\x00" * 2000)
WEBM = (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81"
        b"\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + b"\x00" * 2000)
QUICKTIME = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 2000
MATROSKA = (b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3"
            b"\x81\x08\x42\x82\x88matroska" + b"\x00" * 2000)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="video/mp4")


@pytest.fixture
def other(make_partner):
    return make_partner(first_name="Olga", email="olga@example.com")


@pytest.mark.parametrize("name,content,content_type", [
    ("My clip.MP4", MP4, "video/mp4"), ("clip.m4v", MP4, "video/mp4"),
    ("clip.webm", WEBM, "video/webm"),
])
def test_an_mp4_or_webm_video_is_stored_under_the_partners_folder(
    partner, name, content, content_type
):
    video = videos.upload_video(partner, upload(name, content))
    video.refresh_from_db()
    assert video.partner == partner and video.content_type == content_type
    assert video.size == len(content) and video.original_name == name
    extension = content_type.split("/")[1]
    assert video.file.name.startswith(f"landing-video/{partner.pk}/")
    assert video.file.name.endswith(f".{extension}") and name not in video.file.name
    with default_storage.open(video.file.name) as stored:
        assert stored.read() == content


@pytest.mark.parametrize("name,content,code", [
    ("clip.mp4", PNG, "invalid_type"),              # a picture renamed
    ("clip.mp4", QUICKTIME, "invalid_type"),        # .mov: browsers do not all play it
    ("clip.webm", MATROSKA, "invalid_type"),
    ("clip.mp4", b"<html><script>alert(1)</script>" * 10, "invalid_type"),
    ("setup.exe", MP4, "invalid_extension"),
    ("clip", MP4, "invalid_extension"),
    ("clip.mp4", WEBM, "extension_mismatch"),
    ("clip.mp4", b"", "required"),
])
def test_files_that_are_not_what_they_claim_are_refused(partner, name, content, code):
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload(name, content))
    assert error.value.code == code and error.value.messages[0]
    assert not LandingVideo.objects.exists()


def test_an_oversized_video_is_refused_before_it_is_read(partner, settings):
    settings.LANDING_VIDEO_MAX_BYTES = 2 * 1024 * 1024
    big = upload("clip.mp4", MP4 + b"\x00" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, big)
    assert error.value.code == "file_too_large" and "2 MB" in error.value.messages[0]
    assert not LandingVideo.objects.exists()


def test_a_partner_keeps_a_limited_number_of_videos(partner, settings):
    settings.LANDING_VIDEO_MAX_PER_PARTNER = 1
    videos.upload_video(partner, upload("one.mp4", MP4))
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload("two.mp4", MP4))
    assert error.value.code == "too_many"


def test_the_block_takes_a_link_or_an_uploaded_video_but_not_both(partner):
    video = videos.upload_video(partner, upload("clip.mp4", MP4))
    block = blocks.VideoBlock()
    assert block.clean(block.to_python({"video": video.pk, "title": "Hi"}))["video"] == video
    assert block.clean(block.to_python({"url": "https://youtu.be/dQw4w9WgXcQ"}))["url"]
    for raw in ({"url": "https://youtu.be/dQw4w9WgXcQ", "video": video.pk}, {"title": "x"}):
        with pytest.raises(ValidationError):
            block.clean(block.to_python(raw))


def test_an_uploaded_video_plays_only_when_pressed(partner):
    video = videos.upload_video(partner, upload("clip.mp4", MP4))
    poster = ImageFactory()
    block = blocks.VideoBlock()
    value = block.clean(block.to_python({"video": video.pk, "poster": poster.pk,
                                         "title": '<script>alert("t")</script>'}))
    html = block.render(value, context={"partner": partner})
    assert '<video class="landing-video-file" controls preload="none" playsinline poster="' in html
    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    assert "autoplay" not in html and "<script>" not in html and "<iframe" not in html


def test_another_partners_video_is_not_shown(partner, other):
    theirs = videos.upload_video(other, upload("clip.mp4", MP4))
    block = blocks.VideoBlock()
    value = block.clean(block.to_python({"video": theirs.pk, "title": "Not mine"}))
    html = block.render(value, context={"partner": partner})
    assert "<video" not in html and theirs.file.url not in html and "Not mine" not in html


def test_the_builder_check_refuses_another_partners_video(partner, other):
    mine = videos.upload_video(partner, upload("mine.mp4", MP4))
    theirs = videos.upload_video(other, upload("theirs.mp4", MP4))
    videos.check_block_videos(partner, "video", {"video": mine.pk})
    videos.check_block_videos(partner, "video", {"url": "https://youtu.be/dQw4w9WgXcQ"})
    for video_id in (theirs.pk, 999_999, "x"):
        with pytest.raises(ValidationError):
            videos.check_block_videos(partner, "video", {"video": video_id})
    with pytest.raises(ValidationError):
        videos.check_body_videos(partner, [hero(), {"type": "video",
                                                    "value": {"video": theirs.pk}}])


def test_the_landing_page_plays_the_partners_upload(client, home, partner, make_landing):
    video = videos.upload_video(partner, upload("clip.webm", WEBM))
    landing = make_landing(partner, body=[hero(), {"type": "video", "value": {
        "url": "", "video": video.pk, "poster": None, "title": "Our team"}}])
    response = client.get(landing.get_url(), HTTP_USER_AGENT=BROWSER)
    html = response.content.decode()
    assert f'<source src="{video.file.url}" type="video/webm">' in html
    assert 'preload="none"' in html and "Our team" in html


def test_a_partner_deletes_only_their_own_video(partner, other):
    video = videos.upload_video(partner, upload("clip.mp4", MP4))
    with pytest.raises(PermissionDenied):
        videos.delete_video(other, video)
    name = video.file.name
    videos.delete_video(partner, video)
    assert not LandingVideo.objects.exists() and not default_storage.exists(name)


def test_the_video_texts_are_translated(partner, bracketed):  # noqa: F811
    video = videos.upload_video(partner, upload("clip.mp4", MP4))
    block = blocks.VideoBlock()
    html = block.render(block.to_python({"video": video.pk}), context={"partner": partner})
    assert "[Your browser cannot play this video.]" in html
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload("clip.exe", MP4))
    assert error.value.messages == ["[Upload an MP4 or WebM video.]"]
