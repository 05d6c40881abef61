"""A partner's landing in real headless Chromium: the video player is only created when
the visitor presses play, by the landing's static script, within the page's CSP."""

import pytest
from django.utils import timezone

from landing.models import Landing, LandingState, Purpose
from network.models import Partner

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_video_loads_only_after_the_visitor_presses_play(page, demo_site):
    partner = Partner.objects.exclude(user=None).order_by("pk").last()
    Landing.objects.update_or_create(  # the demo may have given this partner one already
        partner=partner, language="en", purpose=Purpose.RECRUITING,
        defaults=dict(title="Meet my team", state=LandingState.PUBLISHED,
                      published_at=timezone.now()) | {"body": [
            {"type": "hero", "value": {"headline": "Work with me", "subline": "",
                                       "cta_label": "", "cta_url": ""}},
            {"type": "video", "value": {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Intro"}},
        ]},
    )
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page.goto(f"{demo_site}/en/{partner.referral_code}/")
    assert page.locator("h1", has_text="Work with me").is_visible()
    assert page.locator("iframe").count() == 0
    page.click(".landing-video-play")
    frame = page.locator(".landing-video-frame iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert refused == []
