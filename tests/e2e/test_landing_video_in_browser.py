"""Videos a partner uploads, in real headless Chromium: the builder lists each with its
length and size and says why a file is refused; the landing plays the stored file,
announced by the <source> type its container was found to be."""

from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from landing import builder, videos
from landing.models import Landing, LandingState, LandingTemplate
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD
from tests.landing.helpers import FIXTURES, MP4, fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HERO = {"type": "hero", "value": {"headline": "Work with me", "subline": "", "image": None,
                                  "cta_label": "", "cta_url": ""}}
PLAY = """video => new Promise((resolve, reject) => {
  video.muted = true;
  video.addEventListener("error", () => reject(new Error("error " + video.error.code)));
  video.addEventListener("timeupdate", () => {
    if (video.currentTime > 0) resolve({duration: video.duration, width: video.videoWidth});
  });
  video.play().catch(reject);
})"""


def test_the_builder_lists_videos_with_their_length_and_size(page, site_url, sponsor,
                                                              tmp_path):
    template = LandingTemplate.objects.create(
        name="Join my team", purpose="recruiting", language="en",
        body=[{"id": "hero", **HERO}, {"id": "intro", "type": "video", "value": {
            "url": "https://youtu.be/dQw4w9WgXcQ", "video": None, "poster": None, "title": ""}}],
        rules={"blocks": {"hero": "editable", "intro": "editable"}, "addable": []},
    )
    landing = builder.start_from_template(sponsor, template, "en")
    sign_in(page, site_url, "marta@example.com", PASSWORD)
    page.goto(f"{site_url}/en/cabinet/landings/{landing.pk}/")
    page.locator("#builder[data-ready=true]").wait_for()
    block = page.locator("[data-block-id=intro]")
    block.locator(".block-toggle").click()
    video_file = block.locator("input[type=file][accept^=video]")

    cut = tmp_path / "cut.mp4"
    cut.write_bytes(MP4[:5000])
    video_file.set_input_files(str(cut))
    block.locator(".field-errors", has_text="The video file is incomplete or damaged").wait_for()

    video_file.set_input_files(str(FIXTURES / "clip.mp4"))
    chosen = block.locator("select option:checked")
    chosen.filter(has_text="clip.mp4").wait_for(state="attached")
    assert chosen.inner_text() == "clip.mp4 (0:01 · 11.4\xa0KB)"
    assert sponsor.landing_videos.get().duration is not None
    page.screenshot(path=str(tmp_path / "builder-video.png"))


@pytest.mark.parametrize("name", ["clip.mp4", "clip.webm"])
def test_a_visitor_plays_the_partners_uploaded_video(page, site_url, sponsor, name):
    video = videos.upload_video(sponsor, SimpleUploadedFile(name, fixture(name)))
    Landing.objects.create(
        partner=sponsor, language="en", purpose="recruiting", title="Meet my team",
        state=LandingState.PUBLISHED, published_at=timezone.now(),
        body=[HERO, {"type": "video", "value": {
            "url": "", "video": video.pk, "poster": None, "title": "Our team"}}],
    )

    def serve_media(route):  # what the web server in front does; the tests serve no media
        path = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
        with default_storage.open(path) as stored:
            route.fulfill(status=200, body=stored.read(), content_type=video.content_type)

    page.route(f"{site_url}{settings.MEDIA_URL}**", serve_media)
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{site_url}/en/{sponsor.referral_code}/")
    player = page.locator("video.landing-video-file")
    assert player.locator("source").get_attribute("type") == video.content_type
    played = player.evaluate(PLAY)
    assert played["width"] == 64 and abs(played["duration"] - float(video.duration)) < 0.1
    assert refused == []
