"""A partner's landing names the company as its language does (translatable site
settings, tests/website/test_site_settings_languages.py)."""

import pytest

from tests.landing.helpers import BROWSER
from tests.website.helpers import company_settings

pytestmark = pytest.mark.django_db


def test_the_landing_shares_under_the_companys_name_in_its_language(
    client, home, partner, make_landing
):
    company_settings(translations=[{"language": "ru", "company_name": "Даунлайн Нэчуралс"}])
    make_landing(partner, language="ru")
    make_landing(partner, language="en")
    ru = client.get(f"/ru/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER).content.decode()
    en = client.get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert '<meta property="og:site_name" content="Даунлайн Нэчуралс">' in ru
    assert '<meta property="og:site_name" content="Downline Naturals">' in en
