"""The landing block library: every block cleans what the builder may send, refuses what
it must not, and renders partner text inert."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from landing import blocks
from landing.rich_text import safe_link, sanitize
from tests.factories import ImageFactory, UserFactory
from tests.helpers import sign_in_to_admin

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def clean_and_render(block, raw, context=None):
    value = block.clean(block.to_python(raw))
    return value, block.render(value, context=context or {})


def refused(block, raw):
    with pytest.raises(ValidationError):
        block.clean(block.to_python(raw))


# --- links -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://example.com/page?a=1", "http://example.com", "mailto:anna@example.com",
    "tel:+380441234567",
])
def test_safe_links_are_accepted(url):
    assert safe_link(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>",
    "vbscript:msgbox", "//evil.example.com", "/relative", "ftp://example.com",
    "https://" + "a" * 600 + ".com", "mailto:", "tel:1 onmouseover=x",
])
def test_unsafe_links_are_refused(url):
    with pytest.raises(ValidationError):
        safe_link(url)


def test_anchors_only_where_allowed():
    assert safe_link("#lead-form", allow_anchor=True) == "#lead-form"
    with pytest.raises(ValidationError):
        safe_link("#lead-form")
    with pytest.raises(ValidationError):
        safe_link('#x" onclick="alert(1)', allow_anchor=True)


# --- the sanitizer -----------------------------------------------------------------


@pytest.mark.parametrize("dirty,clean", [
    ("<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>"),
    ('<p onclick="x()">Hi</p>', "<p>Hi</p>"),
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="nofollow noopener">x</a>'),
    ('<a href="https://example.com" style="x">x</a>',
     '<a href="https://example.com" rel="nofollow noopener">x</a>'),
    ('<img src=x onerror=alert(1)>text', "text"),
    ("<h2>Title</h2><h1>Big</h1>", "<h2>Title</h2>Big"),
    ("<ul><li>one<li>two</ul>", "<ul><li>one</li><li>two</li></ul>"),
    ("<b>unclosed", "<b>unclosed</b>"),
    ("&lt;script&gt;", "&lt;script&gt;"),
    ("<svg><script>alert(1)</script></svg>after", "after"),
    ("<style>body{}</style><i>x</i>", "<i>x</i>"),
])
def test_sanitizer_keeps_only_the_allow_list(dirty, clean):
    assert sanitize(dirty) == clean


# --- each block --------------------------------------------------------------------


def test_hero_validates_and_renders_escaped():
    block = blocks.LandingStreamBlock().child_blocks["hero"]
    image = ImageFactory()
    value, html = clean_and_render(block, {
        "headline": "Free <b>time</b>", "subline": XSS, "image": image.pk,
        "cta_label": "Write me", "cta_url": "https://t.me/anna_leader",
    })
    assert "Free &lt;b&gt;time&lt;/b&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="https://t.me/anna_leader"' in html and "<img" in html
    refused(block, {"headline": "x" * 121})
    refused(block, {"headline": "Hi", "cta_label": "Go", "cta_url": "javascript:alert(1)"})
    refused(block, {"headline": "Hi", "cta_label": "Go", "cta_url": ""})
    refused(block, {"headline": "Hi", "cta_label": "", "cta_url": "https://example.com"})
    refused(block, {"headline": ""})


def test_about_me_renders_the_partners_photo_and_escaped_text():
    block = blocks.AboutMeBlock()
    value, html = clean_and_render(block, {"heading": "About me", "text": XSS, "show_photo": True})
    assert "About me" in html and "&lt;script&gt;" in html and "<script>" not in html
    refused(block, {"heading": "About", "text": "x" * 2001})


def test_rich_text_is_sanitized_when_cleaned_and_when_rendered():
    block = blocks.SafeRichTextBlock()
    value, html = clean_and_render(block, '<p>Hi <b>there</b><a href="javascript:x">x</a></p>'
                                          + XSS)
    assert value.source == '<p>Hi <b>there</b><a rel="nofollow noopener">x</a></p>'
    assert "<b>there</b>" in html and "javascript" not in html and "onerror" not in html
    # A value stored around clean() still renders inert.
    assert "<script>" not in block.render(RichText(XSS))
    refused(block, "<p>" + "x" * 10_001 + "</p>")


@pytest.mark.parametrize("url,embed", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?autoplay=1"),
    ("https://vimeo.com/76979871/abc123def0",
     "https://player.vimeo.com/video/76979871?h=abc123def0&autoplay=1"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?autoplay=1"),
    ("https://www.youtube.com/watch?v=short", None),
    ("https://evil.example.com/watch?v=dQw4w9WgXcQ", None),
    ("javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", None),
    ("https://vimeo.com/channels/staffpicks", None),
])
def test_video_embed_address_is_built_from_the_link_alone(url, embed):
    assert blocks.video_embed_url(url) == embed


def test_video_renders_a_click_to_load_placeholder_without_an_iframe():
    block = blocks.VideoBlock()
    value, html = clean_and_render(block, {"url": "https://youtu.be/dQw4w9WgXcQ", "title": XSS})
    assert "<iframe" not in html and "<script>" not in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert "landing-video-play" in html
    refused(block, {"url": "https://example.com/video.mp4", "title": ""})


def test_testimonials_validate_and_render():
    block = blocks.TestimonialsBlock()
    value, html = clean_and_render(block, {"heading": "They say", "items": [
        {"quote": "Best decision " + XSS, "author": "Olga", "role": "Leader", "photo": None},
    ]})
    assert "Best decision" in html and "Olga, Leader" in html and "<script>" not in html
    refused(block, {"heading": "", "items": []})
    refused(block, {"heading": "", "items": [{"quote": "x", "author": "y" * 81}]})


def test_gallery_validates_and_renders():
    block = blocks.GalleryBlock()
    images = [ImageFactory(), ImageFactory()]
    value, html = clean_and_render(block, {"heading": "Our trip", "images": [
        {"image": image.pk, "caption": f"Day {n} <i>"} for n, image in enumerate(images)
    ]})
    assert html.count("<img") == 2 and "Day 1 &lt;i&gt;" in html
    refused(block, {"heading": "", "images": []})
    refused(block, {"heading": "", "images": [{"image": None, "caption": ""}]})


def test_faq_validates_and_renders():
    block = blocks.FaqBlock()
    value, html = clean_and_render(block, {"heading": "", "items": [
        {"question": "Is it free?<script>", "answer": "Yes."},
    ]})
    assert "<details><summary>Is it free?&lt;script&gt;</summary>" in html
    refused(block, {"heading": "", "items": [{"question": "", "answer": "x"}]})


def test_countdown_validates_and_renders_the_target_time():
    block = blocks.CountdownBlock()
    value, html = clean_and_render(block, {
        "heading": "Launch", "target": "2027-03-01T18:00:00", "ended_text": "Started!<b>",
    })
    assert isinstance(value["target"], datetime.datetime)
    assert 'data-countdown="2027-03-01T18:00:00' in html
    assert 'data-ended="Started!&lt;b&gt;"' in html
    refused(block, {"heading": "Launch", "target": None})
    refused(block, {"heading": "Launch", "target": "not a date"})


def test_social_links_accept_only_safe_links():
    block = blocks.SocialLinksBlock()
    value, html = clean_and_render(block, {"heading": "", "links": [
        {"network": "telegram", "url": "https://t.me/anna_leader"},
        {"network": "phone", "url": "tel:+380441234567"},
    ]})
    assert 'href="https://t.me/anna_leader"' in html and ">Telegram<" in html
    assert 'href="tel:+380441234567"' in html
    refused(block, {"heading": "", "links": [{"network": "telegram", "url": "javascript:x"}]})
    refused(block, {"heading": "", "links": [{"network": "myspace", "url": "https://x.com"}]})


def test_lead_form_needs_consent_text():
    block = blocks.LeadFormBlock()
    value, html = clean_and_render(block, {
        "heading": "Write me", "intro": "", "consent_text": "I agree <b>", "button_label": "",
    })
    assert "Write me" in html and 'id="lead-form"' in html
    refused(block, {"heading": "Write me", "consent_text": ""})


def test_signup_cta_links_to_sign_up():
    block = blocks.SignupCtaBlock()
    value, html = clean_and_render(
        block, {"heading": "Join", "text": "", "button_label": "Sign up"}
    )
    assert 'href="/en/accounts/signup/"' in html
    refused(block, {"heading": "Join", "button_label": ""})


def test_the_body_refuses_unknown_blocks_and_raw_html():
    assert "html" not in blocks.LandingStreamBlock.base_blocks
    assert "raw_html" not in blocks.LandingStreamBlock.base_blocks
    with pytest.raises(ValidationError):
        blocks.validate_body([{"type": "raw_html", "value": "<script>alert(1)</script>"}])
    with pytest.raises(ValidationError):
        blocks.validate_body({"type": "hero"})
    body = blocks.validate_body([{"type": "hero", "value": {"headline": "Hi"}}])
    assert body[0].value["headline"] == "Hi"


def test_the_body_allows_one_lead_form():
    form = {"type": "lead_form", "value": {"heading": "Hi", "consent_text": "I agree"}}
    with pytest.raises(ValidationError):
        blocks.validate_body([form, form])


def test_the_admin_template_editor_offers_the_showcase_and_uploaded_video_blocks(client):
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/landings/templates/add/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Product showcase" in page and "Or a video you uploaded" in page
