"""The footer's address and the company name follow the page's language: the site
settings are translatable, and the cached chrome keeps each language's."""

import pytest
from wagtail.admin.panels import ObjectList

from tests.website.helpers import company_settings
from website.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(home):
    return company_settings(translations=[
        {"language": "ru", "company_name": "Даунлайн Нэчуралс",
         "address": "ул. Крещатик, 12, Киев"},
        {"language": "uk", "address": "вул. Хрещатик, 12, Київ"},
    ])


def test_the_footer_address_and_company_name_are_in_the_pages_language(client, company):
    # Pinned: the English address showed on every language.
    en = client.get("/en/").content.decode()
    ru = client.get("/ru/").content.decode()
    uk = client.get("/uk/").content.decode()
    assert "12 Khreshchatyk St, Kyiv" in en and "Крещатик" not in en
    assert "ул. Крещатик, 12, Киев" in ru and "Khreshchatyk" not in ru
    assert "вул. Хрещатик, 12, Київ" in uk and "Khreshchatyk" not in uk
    assert "<strong>Даунлайн Нэчуралс</strong>" in ru
    assert "· Даунлайн Нэчуралс</title>" in ru
    # a language with no name of its own shows the default one
    assert "<strong>Downline Naturals</strong>" in uk and "<strong>Downline Naturals</strong>" in en


def test_an_editors_change_in_one_language_shows_at_once(client, company):
    client.get("/en/"), client.get("/ru/")  # the chrome is cached now
    row = company.translations.get(language="ru")
    row.address = "ул. Богдана Хмельницкого, 1, Киев"
    row.save()
    ru = client.get("/ru/").content.decode()
    assert "ул. Богдана Хмельницкого, 1, Киев" in ru and "ул. Крещатик" not in ru
    assert "12 Khreshchatyk St, Kyiv" in client.get("/en/").content.decode()


def test_the_settings_form_edits_every_language_and_refuses_one_twice(company):
    form_class = ObjectList(SiteSettings.panels).bind_to_model(SiteSettings).get_form_class()
    data = {
        "company_name": "Downline Naturals", "email": "", "phone": "", "address": "Kyiv",
        "social_links-count": "0",
        "translations-TOTAL_FORMS": "2", "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0", "translations-MAX_NUM_FORMS": "1000",
    }
    for number in range(2):
        data |= {f"translations-{number}-language": "ru",
                 f"translations-{number}-company_name": "",
                 f"translations-{number}-address": f"Киев {number}",
                 f"translations-{number}-ORDER": str(number),
                 f"translations-{number}-DELETE": "", f"translations-{number}-id": ""}
    form = form_class(data, instance=company)
    assert not form.is_valid()
    assert form.formsets["translations"].non_form_errors()  # Russian given twice
    data["translations-1-language"] = "uk"
    form = form_class(data, instance=company)
    assert form.is_valid(), form.errors
