import pytest
from django.utils import timezone

from landing.models import Landing, LandingState, Purpose
from tests.network.conftest import make_partner, network_root, network_settings  # noqa: F401 (fixtures)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
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


@pytest.fixture
def partner(make_partner):  # noqa: F811
    partner = make_partner(first_name="Anna", last_name="Leader", email="anna@example.com")
    partner.phone = "+380 44 123 4567"
    partner.telegram = "anna_leader"
    partner.save(update_fields=["phone", "telegram"])
    return partner


@pytest.fixture
def make_landing(db):
    def make_landing(partner, body=None, language="en", purpose=Purpose.RECRUITING,
                     state=LandingState.PUBLISHED, **fields):
        return Landing.objects.create(
            partner=partner, language=language, purpose=purpose, state=state,
            title=fields.pop("title", "Anna's team"),
            body=body if body is not None else [hero(), lead_form_block()],
            published_at=timezone.now() if state == LandingState.PUBLISHED else None,
            **fields,
        )

    return make_landing


@pytest.fixture
def landing(home, partner, make_landing):
    return make_landing(partner)
