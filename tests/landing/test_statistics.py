"""Statistics per landing: visits to its address, its leads, the sign-ups its visits
brought and the conversions, by day and by source, worked out by hand on a small
fixture; and only for the partner's own landings."""

import datetime

import pytest
from django.utils import timezone

from landing import statistics
from landing.models import Lead, Purpose
from network import services
from network.models import Partner, ReferralVisit
from tests.factories import UserFactory
from tests.landing.helpers import CONSENT

pytestmark = pytest.mark.django_db

OCT_1, OCT_3 = datetime.date(2026, 10, 1), datetime.date(2026, 10, 3)


def at(day, hour):
    return timezone.make_aware(datetime.datetime(2026, 10, day, hour))


@pytest.fixture
def figures_fixture(partner, landing, make_landing, make_partner):
    """Anna's recruiting landing at /en/<code>/ and her product landing /en/anna-cream/."""
    product = make_landing(partner, purpose=Purpose.PRODUCT, slug="anna-cream", title="Cream")
    code = partner.referral_code

    def visit(path, when, source=""):
        return ReferralVisit.objects.create(partner=partner, landing=path, visited_at=when,
                                            utm_source=source)

    on_landing = [
        visit(f"/en/{code}/", at(1, 12), "instagram"),
        visit(f"/en/{code}/", at(1, 13), "instagram"),
        visit(f"/en/{code}/", at(2, 12)),
        visit(f"/en/{code}/", at(3, 12), "facebook"),
        visit(f"/en/{code.lower()}/", at(3, 14), "facebook"),  # typed in lower case
    ]
    visit(f"/en/{code}/", at(1, 12) - datetime.timedelta(days=5), "instagram")  # before
    link_visit = visit(f"/en/r/{code.lower()}/", at(1, 12), "instagram")  # the plain link
    visit("/en/anna-cream/", at(1, 12), "instagram")  # her other landing

    def lead(on, name, when, source=""):
        Lead.objects.create(landing=on, partner=partner, name=name, consent_text=CONSENT,
                            created_at=when, utm_source=source)

    lead(landing, "Olena", at(1, 15), "instagram")
    lead(landing, "Petro", at(3, 9))
    lead(product, "Maria", at(2, 9), "instagram")
    lead(landing, "Early", at(1, 12) - datetime.timedelta(days=3))

    def signup(joined, converting_visit=None):
        new = services.enrol(UserFactory(), partner)
        Partner.objects.filter(pk=new.pk).update(joined_at=joined)
        if converting_visit is not None:
            ReferralVisit.objects.filter(pk=converting_visit.pk).update(converted=new)
        return new

    signup(at(2, 10), on_landing[0])  # instagram visit on Oct 1, joined Oct 2
    signup(at(3, 15), on_landing[4])  # facebook, Oct 3
    signup(at(2, 11), link_visit)  # came through the plain link: not the landing's
    signup(at(2, 12))  # no recorded visit
    return landing, product


def test_figures_worked_out_by_hand(figures_fixture):
    landing, _product = figures_fixture
    figures = statistics.landing_stats(landing, OCT_1, OCT_3)
    assert (figures["visits"], figures["leads"], figures["signups"]) == (5, 2, 2)
    assert (figures["lead_conversion"], figures["signup_conversion"]) == (0.4, 0.4)
    assert [(row["date"].day, row["visits"], row["leads"], row["signups"])
            for row in figures["by_day"]] == [(1, 2, 1, 0), (2, 1, 0, 1), (3, 2, 1, 1)]
    assert figures["by_day"][0]["lead_conversion"] == 0.5
    assert [(row["source"], row["visits"], row["leads"], row["signups"],
             row["lead_conversion"], row["signup_conversion"])
            for row in figures["by_source"]] == [
        ("instagram", 2, 1, 1, 0.5, 0.5),
        ("facebook", 2, 0, 1, 0.0, 0.5),
        ("direct", 1, 1, 0, 1.0, 0.0),
    ]


def test_the_other_landing_has_its_own_figures(figures_fixture):
    _landing, product = figures_fixture
    figures = statistics.landing_stats(product, OCT_1, OCT_3)
    assert (figures["visits"], figures["leads"], figures["signups"]) == (1, 1, 0)


def test_the_page_shows_the_figures_and_a_chart(client, partner, figures_fixture):
    landing, _product = figures_fixture
    client.force_login(partner.user)
    response = client.get(f"/en/cabinet/landings/{landing.pk}/stats/",
                          {"since": "2026-10-01", "until": "2026-10-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-figure="visits">5</dd>' in html
    assert '<dd data-figure="leads">2</dd>' in html
    assert '<dd data-figure="signups">2</dd>' in html
    assert '<dd data-figure="lead-conversion">40.0%</dd>' in html
    assert '<svg class="chart-svg"' in html and html.count('class="bar-visits"') == 3
    assert 'data-source="instagram"' in html
    assert "<script src=\"http" not in html


def test_the_default_range_is_the_last_30_days(client, partner, landing):
    ReferralVisit.objects.create(partner=partner, landing=landing.get_url())
    client.force_login(partner.user)
    response = client.get("/en/cabinet/landings/stats/")
    assert response.status_code == 200
    figures = response.context["stats"]
    assert len(figures["by_day"]) == 30 and figures["visits"] == 1
    assert figures["by_day"][-1]["date"] == timezone.localdate()


def test_another_partners_landing_statistics_are_not_found(
    client, partner, landing, make_partner, make_landing
):
    boris = make_partner(first_name="Boris", email="boris@example.com")
    theirs = make_landing(boris)
    client.force_login(partner.user)
    assert client.get(f"/en/cabinet/landings/{theirs.pk}/stats/").status_code == 404
    client.force_login(boris.user)
    html = client.get("/en/cabinet/landings/stats/").content.decode()
    assert f"/en/cabinet/landings/{landing.pk}/stats/" not in html
    assert client.get(f"/en/cabinet/landings/{landing.pk}/stats/").status_code == 404


def test_a_partner_without_landings_is_told_so(client, make_partner):
    carl = make_partner(first_name="Carl", email="carl@example.com")
    client.force_login(carl.user)
    response = client.get("/en/cabinet/landings/stats/")
    assert response.status_code == 200
    assert "You have no landings yet." in response.content.decode()


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_page_renders_in_russian_and_ukrainian(client, partner, landing, language):
    client.force_login(partner.user)
    response = client.get(f"/{language}/cabinet/landings/{landing.pk}/stats/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language, shown", [("en", "1,204"), ("ru", "1\xa0204"),
                                             ("uk", "1\xa0204")])
def test_large_figures_are_grouped_the_languages_way(client, partner, landing, language, shown):
    ReferralVisit.objects.bulk_create(
        ReferralVisit(partner=partner, landing=landing.get_url(), visited_at=at(2, 12))
        for _ in range(1204)
    )
    client.force_login(partner.user)
    html = client.get(f"/{language}/cabinet/landings/{landing.pk}/stats/",
                      {"since": "2026-10-01", "until": "2026-10-03"}).content.decode()
    assert f'<dd data-figure="visits">{shown}</dd>' in html
    assert '<tr data-source="direct"><th scope="row">' in html and f">{shown}</td>" in html


def test_the_statistics_open_on_the_landing_in_the_cabinets_language(client, partner, landing,
                                                                     make_landing):
    ukrainian = make_landing(partner, language="uk", title="Моя команда")
    client.force_login(partner.user)
    assert client.get("/uk/cabinet/landings/stats/").context["landing"] == ukrainian
    assert client.get("/en/cabinet/landings/stats/").context["landing"] == landing
    assert client.get("/ru/cabinet/landings/stats/").context["landing"] == landing  # none in ru
