"""Videos partners upload for their landings: checked by size, by what their bytes are
(not their name) and by reading their whole container (complete, with a picture browsers
play, lasting some time), stored under media/landing-video/ with their length and size,
shown only on the uploading partner's landings, played only when the visitor presses play.

The real clips are in fixtures/ (made by fixtures/make_videos.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from landing import blocks, videos
from landing.models import LandingVideo
from tests.factories import ImageFactory
from tests.landing.helpers import BASE, BROWSER, MP4, QUICKTIME, fixture, hero

pytestmark = pytest.mark.django_db

WEBM = fixture("clip.webm")              # VP9 + Opus, 1.008 s
WEBM_VP8 = fixture("clip-vp8.webm")      # VP8, no sound, 1 s
MATROSKA = (b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3"
            b"\x81\x08\x42\x82\x88matroska" + b"\x00" * 2000)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000
HTML = b"<html><body><script>alert(1)</script></body></html>" * 20


def without_duration(mp4):
    """`mp4` with the movie's, every track's and every track media's duration set to 0."""
    data = bytearray(mp4)
    for box, offset in ((b"mvhd", 16), (b"tkhd", 20), (b"mdhd", 16)):  # version 0 layouts
        at = data.find(box)
        while at >= 0:
            assert data[at + 4] == 0
            data[at + 4 + offset:at + 8 + offset] = bytes(4)
            at = data.find(box, at + 4)
    return bytes(data)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="video/mp4")


@pytest.fixture
def other(make_partner):
    return make_partner(first_name="Olga", email="olga@example.com")


@pytest.mark.parametrize("name,content,content_type,duration", [
    ("My clip.MP4", MP4, "video/mp4", "1.003"), ("clip.m4v", MP4, "video/mp4", "1.003"),
    ("clip.webm", WEBM, "video/webm", "1.008"), ("vp8.webm", WEBM_VP8, "video/webm", "1.000"),
    # As a browser records it: no duration written, sizes left unknown.
    ("recorded.webm", fixture("recorded.webm"), "video/webm", None),
])
def test_an_mp4_or_webm_video_is_stored_with_its_length_and_size(
    partner, name, content, content_type, duration
):
    video = videos.upload_video(partner, upload(name, content))
    video.refresh_from_db()
    assert video.partner == partner and video.content_type == content_type
    assert video.size == len(content) and video.original_name == name
    if duration:
        assert video.duration == Decimal(duration)
    else:
        assert Decimal("1.0") < video.duration < Decimal("2.0")
    extension = content_type.split("/")[1]
    assert video.file.name.startswith(f"landing-video/{partner.pk}/")
    assert video.file.name.endswith(f".{extension}") and name not in video.file.name
    with default_storage.open(video.file.name) as stored:
        assert stored.read() == content


# Storing moves Django's temporary file away, so its closer finds nothing to delete.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_video_django_kept_on_disk_is_read_from_there(partner):
    spooled = TemporaryUploadedFile("clip.mp4", "video/mp4", len(MP4), None)
    spooled.write(MP4)
    spooled.seek(0)
    video = videos.upload_video(partner, spooled)
    assert video.duration == Decimal("1.003") and video.size == len(MP4)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name,content,code", [
    ("clip.mp4", PNG, "invalid_type"),              # a picture renamed
    ("clip.mp4", QUICKTIME, "invalid_type"),        # .mov: browsers do not all play it
    ("clip.webm", MATROSKA, "invalid_type"),
    ("clip.mp4", HTML, "invalid_type"),
    ("setup.exe", MP4, "invalid_extension"),
    ("clip", MP4, "invalid_extension"),
    ("clip.mp4", b"", "required"),
    # Found by probing (issue 12): the first bytes of a video said nothing of the rest.
    ("clip.mp4", MP4[:24], "truncated"),                       # the header alone
    ("clip.mp4", MP4[:32] + HTML, "truncated"),                # a header, then a page
    ("clip.webm", WEBM[:40] + HTML, "truncated"),
    ("clip.mp4", MP4[:5000], "truncated"),                     # cut in its pictures
    ("clip.mp4", MP4[:-100], "truncated"),                     # cut in its index
    ("clip.webm", WEBM[:6000], "truncated"),
    ("clip.mp4", fixture("sound-only.mp4"), "no_video_track"),
    ("clip.webm", fixture("sound-only.webm"), "no_video_track"),
    ("clip.mp4", fixture("no-frames.mp4"), "no_video_track"),  # a header and nothing else
    ("clip.mp4", without_duration(MP4), "no_duration"),
    ("clip.mp4", fixture("mpeg4-part2.mp4"), "unplayable"),    # MPEG-4 Visual
])
def test_files_that_are_not_whole_playable_videos_are_refused(media, partner, name, content,
                                                              code):
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload(name, content))
    assert error.value.code == code and error.value.messages[0]
    assert not LandingVideo.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.parametrize("name,content,message", [
    ("clip.mp4", MP4[:24], "The video file is incomplete or damaged"),
    ("clip.mp4", fixture("sound-only.mp4"), "This file holds only sound"),
    ("clip.mp4", fixture("no-frames.mp4"), "This file holds no video"),
    ("clip.mp4", without_duration(MP4), "The video lasts no time at all"),
    ("clip.mp4", fixture("mpeg4-part2.mp4"),
     "Browsers cannot play this video's picture (MPEG-4 Visual)."),
    ("clip.webm", MP4, "The file's name ends in .webm, but it holds video in the MP4 format: "
                       "rename it to .mp4"),
    ("clip.mp4", WEBM, "The file's name ends in .mp4, but it holds video in the WebM format: "
                       "rename it to .webm"),
])
def test_a_refusal_names_the_problem(partner, name, content, message):
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload(name, content))
    assert error.value.messages[0].startswith(message), error.value.messages[0]


def test_an_oversized_video_is_refused_before_it_is_read(media, partner, settings):
    settings.LANDING_VIDEO_MAX_BYTES = 10 * 1024
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload("clip.mp4", MP4))
    assert error.value.code == "file_too_large"
    assert error.value.messages == ["The file is too large: at most 10.0\xa0KB."]
    assert not LandingVideo.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_the_builder_lists_each_video_with_its_length_and_size(anna, built, partner,
                                                                media):
    url = f"{BASE}{built.pk}/videos/".replace("/en/", "/ru/")
    response = anna.post(url, {"video": SimpleUploadedFile("intro.webm", WEBM, "video/webm")})
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0, "name": "intro.webm", "size": len(WEBM), "duration": 1.008,
        "summary": "0:01 · 10,3\xa0КБ"}
    refused = anna.post(url, {"video": SimpleUploadedFile("cut.mp4", MP4[:5000], "video/mp4")})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"].startswith("Файл видео неполный")
    listed = anna.get(f"{BASE}{built.pk}/draft/").json()["videos"]
    assert [video["summary"] for video in listed] == ["0:01 · 10.3\xa0KB"]
    assert len([path for path in media.rglob("*") if path.is_file()]) == 1


@pytest.mark.parametrize("language,summary", [
    ("en", "0:01 · 11.4\xa0KB"), ("ru", "0:01 · 11,4\xa0КБ"), ("uk", "0:01 · 11,4\xa0Кб"),
])
def test_a_videos_length_and_size_are_written_the_languages_way(partner, language, summary):
    video = videos.upload_video(partner, upload("clip.mp4", MP4))
    with translation.override(language):
        assert videos.length_and_size(video) == summary
    video.duration, video.size = Decimal("3725.4"), 3_250_000
    assert videos.length_and_size(video) == "1:02:05 · 3.1\xa0MB"
    video.duration = None  # uploaded before lengths were read
    assert videos.length_and_size(video) == "3.1\xa0MB"


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


def test_the_video_texts_are_translated(partner, bracketed):
    video = videos.upload_video(partner, upload("clip.mp4", MP4))
    block = blocks.VideoBlock()
    html = block.render(block.to_python({"video": video.pk}), context={"partner": partner})
    assert "[Your browser cannot play this video.]" in html
    with pytest.raises(ValidationError) as error:
        videos.upload_video(partner, upload("clip.exe", MP4))
    assert error.value.messages == ["[Upload an MP4 or WebM video.]"]
