"""Fixtures of the landing tests: a partner with a landing, a template to build from and
the draft built from it, the company's ad and phrase settings, and a pseudo-language that
brackets every translated message."""

import pytest
from django.utils import timezone, translation

from landing import builder
from landing.models import (
    ForbiddenPhrase,
    Landing,
    LandingSettings,
    LandingState,
    LandingTemplate,
    PhraseCategory,
    Purpose,
)
from tests.landing.helpers import hero, lead_form_block, template_body


@pytest.fixture
def partner(make_partner):
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


@pytest.fixture
def template(db):
    return LandingTemplate.objects.create(
        name="Join my team", purpose="recruiting", language="en",
        body=template_body(),
        rules={"blocks": {"hero": "editable", "legal": "locked", "about": "removable",
                          "form": "editable"},
               "addable": ["faq", "rich_text"]},
    )


@pytest.fixture
def built(partner, template):
    return builder.start_from_template(partner, template, "en")


@pytest.fixture
def anna(client, partner):
    client.force_login(partner.user)
    return client


@pytest.fixture
def bracketed(monkeypatch):
    monkeypatch.setattr(translation._trans, "gettext", lambda message: f"[{message}]")
    monkeypatch.setattr(translation._trans, "ngettext",
                        lambda singular, plural, n: f"[{singular if n == 1 else plural}]")
    monkeypatch.setattr(translation._trans, "pgettext", lambda context, message: f"[{message}]")


@pytest.fixture
def allowed(db):
    settings = LandingSettings.load()
    settings.allow_meta_pixel = settings.allow_google_tag = True
    settings.allow_tiktok_pixel = settings.allow_yandex_metrica = True
    settings.save()
    return settings


@pytest.fixture
def phrases(db):
    def add(language, phrase, category=PhraseCategory.INCOME, explanation=""):
        return ForbiddenPhrase.objects.create(
            language=language, phrase=phrase, category=category, explanation=explanation
        )

    add("en", "guaranteed income", explanation="Results depend on your work.")
    add("en", "cures", PhraseCategory.MEDICAL)
    add("ru", "гарантированный доход")
    add("uk", "вилікує", PhraseCategory.MEDICAL)
    return add
