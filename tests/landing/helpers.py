"""Helpers of the landing tests: the blocks a landing is built of, the builder's address
and JSON calls, a visitor's lead form, the moderation queue, and the video clips."""

import json
from pathlib import Path

from tests.network.helpers import BROWSER

__all__ = [
    "BASE", "BROWSER", "CONSENT", "FIXTURES", "LEGAL", "MP4", "QUICKTIME", "REVIEWS", "about",
    "block_value", "details", "fixture", "hero", "lead_form_block", "post", "send",
    "template_body", "with_id",
]

CONSENT = "I agree that Anna may contact me about the business."


def hero(headline="Work from home with Anna", **fields):
    return {"type": "hero", "value": {
        "headline": headline, "subline": "Join my team", "image": None,
        "cta_label": "Talk to me", "cta_url": "#lead-form", **fields,
    }}


def lead_form_block(consent=CONSENT):
    return {"type": "lead_form", "value": {
        "heading": "Leave your details", "intro": "", "consent_text": consent,
        "button_label": "Send",
    }}


LEGAL = "<p>Results are not typical. See our income disclosure.</p>"
BASE = "/en/cabinet/landings/"


def about(heading="About me", text="I sell good things."):
    return {"type": "about_me", "value": {"heading": heading, "text": text,
                                          "show_photo": True}}


def with_id(block, block_id):
    return {**block, "id": block_id}


def template_body():
    """The company's recruiting template: a hero, a locked legal text, an about block and
    the lead form, each with its id."""
    return [
        with_id(hero("Template headline"), "hero"),
        with_id({"type": "rich_text", "value": LEGAL}, "legal"),
        with_id(about(), "about"),
        with_id(lead_form_block(), "form"),
    ]


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def block_value(landing, block_id):
    landing.refresh_from_db()
    return next(block["value"] for block in landing.draft if block["id"] == block_id)


def details(**fields):
    return {"name": "Olena", "email": "olena@example.com", "phone": "", "message": "Call me",
            "consent": "on", "website": "", **fields}


def send(client, partner, data, query="", address=None, **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    url = f"/en/{address or partner.referral_code}/" + (f"?{query}" if query else "")
    return client.post(url, data, **extra)


# --- moderation -------------------------------------------------------------------------

REVIEWS = "/admin/landings/reviews/"


# --- videos: the real clips are in fixtures/ (made by fixtures/make_videos.py) ----------

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name):
    return (FIXTURES / name).read_bytes()


MP4 = fixture("clip.mp4")                # H.264 + AAC, 1.003 s
QUICKTIME = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 2000
