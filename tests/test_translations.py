"""Every interface string is translated into Russian and Ukrainian."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_message_is_translated(language):
    catalog = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    assert len(catalog) > 100
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.django_db
@pytest.mark.parametrize("language,sign_in,search", [
    ("ru", "Войти", "Поиск"), ("uk", "Увійти", "Пошук"), ("en", "Sign in", "Search"),
])
def test_interface_is_shown_in_the_page_language(client, home, language, sign_in, search):
    html = client.get(f"/{language}/").content.decode()
    assert f">{sign_in}</a>" in html
    assert f'placeholder="{search}"' in html


@pytest.mark.django_db
def test_allauth_pages_are_translated(client, home):
    assert "Пароль" in client.get("/ru/accounts/login/").content.decode()
    assert "Пароль" in client.get("/uk/accounts/login/").content.decode()
