from io import StringIO

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts.models import User
from blog.models import BlogCategory, BlogPage, NewsPage
from website.models import Footer, HomePage, NavigationMenu

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "menus": NavigationMenu.objects.count(),
        "categories": BlogCategory.objects.count(),
    }


@pytest.mark.heavy
def test_seed_demo_builds_the_site_in_three_languages_every_page_opens_and_again_is_a_no_op(
        client):
    output = seed()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    for language in ("en", "ru", "uk"):
        articles = (NewsPage.objects.live().filter(locale__language_code=language).count()
                    + BlogPage.objects.live().filter(locale__language_code=language).count())
        assert articles >= 12, language
        assert client.get(f"/{language}/").status_code == 200
        assert NavigationMenu.objects.filter(locale__language_code=language).exists()
        assert Footer.objects.filter(locale__language_code=language).exists()
    assert BlogCategory.objects.filter(slug="team-achievements").count() == 3
    assert BlogPage.objects.exclude(image=None).count() == BlogPage.objects.count()
    # the logins are printed, and the staff accounts have MFA ready
    for email in ("admin@downline.demo", "editor@downline.demo", "partner@downline.demo"):
        assert email in output
    assert is_mfa_enabled(User.objects.get(email="editor@downline.demo"))
    assert not User.objects.get(email="partner@downline.demo").is_staff
    # the demo partner's landing shows their contacts
    partner = User.objects.get(email="partner@downline.demo").partner
    landing = client.get(f"/en/{partner.referral_code}/",
                         HTTP_USER_AGENT="Mozilla/5.0 Chrome/120").content.decode()
    assert 'href="https://t.me/pavlo_partner"' in landing and 'href="tel:+380675551234"' in landing
    # a newcomer of the demo partner signs in and sees their first 90 days
    assert "iryna.newcomer@downline.demo" in output and "demo-newcomer-2026" in output
    assert client.login(email="iryna.newcomer@downline.demo", password="demo-newcomer-2026")
    journey = client.get("/en/cabinet/first-90-days/")
    assert journey.status_code == 200 and "Day 20 of 90" in journey.content.decode()
    client.logout()
    # every page of the seeded site opens (the courses ask a visitor to sign in)
    for page in Page.objects.live().filter(depth__gt=1).specific():
        url = page.get_url()
        response = client.get(url)
        if page.get_view_restrictions():
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 200, url
    # seeding again changes nothing (one seeded demo serves all three checks: it takes
    # most of a minute)
    before = counts()
    seed()
    assert counts() == before
