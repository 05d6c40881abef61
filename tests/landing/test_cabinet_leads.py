"""The partner's leads in the cabinet: only their own, filtered and searched, one lead's
page with its contacts and consent, status and notes changes, and the link to the
partner a lead became (at once when they sign up)."""

import datetime

import pytest
from django.utils import timezone

from landing.models import Lead, LeadStatus, Purpose
from network import services
from tests.factories import UserFactory
from tests.landing.helpers import CONSENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def boris(make_partner):
    return make_partner(first_name="Boris", last_name="Other", email="boris@example.com")


@pytest.fixture
def make_lead():
    def make_lead(landing, name="Olena", **fields):
        fields.setdefault("email", f"{name.lower()}@example.com")
        fields.setdefault("consent_text", CONSENT)
        fields.setdefault("consent_given", True)
        return Lead.objects.create(landing=landing, partner=landing.partner, name=name, **fields)

    return make_lead


def signed_in(client, partner):
    client.force_login(partner.user)
    return client


def shown_names(response):
    html = response.content.decode()
    return [lead.name for lead in Lead.objects.all() if f'data-lead="{lead.pk}"' in html]


def test_the_list_shows_only_the_partners_own_leads_newest_first(
    client, partner, boris, landing, make_landing, make_lead
):
    now = timezone.now()
    make_lead(landing, "Olena", created_at=now - datetime.timedelta(days=2))
    make_lead(landing, "Petro", created_at=now - datetime.timedelta(hours=1))
    make_lead(make_landing(boris), "Secret", email="secret@example.com")
    response = signed_in(client, partner).get("/en/cabinet/leads/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret" not in html and "secret@example.com" not in html
    assert html.index("Petro") < html.index("Olena")
    assert 'class="status status-new"' in html
    assert 'href="mailto:olena@example.com"' in html


def test_filters_by_status_landing_dates_and_search(
    client, partner, landing, make_landing, make_lead
):
    product = make_landing(partner, purpose=Purpose.PRODUCT, title="My cream", slug="anna-cream")
    now = timezone.now()
    make_lead(landing, "Olena", status=LeadStatus.CONTACTED, phone="+380 67 111 2233",
              created_at=now - datetime.timedelta(days=10))
    make_lead(landing, "Petro", created_at=now)
    make_lead(product, "Maria", status=LeadStatus.CONTACTED, created_at=now)
    client = signed_in(client, partner)

    def names(**query):
        response = client.get("/en/cabinet/leads/", query)
        assert response.status_code == 200
        return sorted(shown_names(response))

    assert names() == ["Maria", "Olena", "Petro"]
    assert names(status="contacted") == ["Maria", "Olena"]
    assert names(landing=product.pk) == ["Maria"]
    assert names(status="contacted", landing=landing.pk) == ["Olena"]
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert names(received_after=since) == ["Maria", "Petro"]
    assert names(received_before=since) == ["Olena"]
    assert names(q="PETRO") == ["Petro"]
    assert names(q="maria@exam") == ["Maria"]
    assert names(q="111 22") == ["Olena"]


def test_another_partners_landing_as_a_filter_is_refused(
    client, partner, boris, landing, make_landing, make_lead
):
    make_lead(landing, "Olena")
    other = make_landing(boris)
    make_lead(other, "Secret")
    response = signed_in(client, partner).get("/en/cabinet/leads/", {"landing": other.pk})
    assert response.status_code == 400
    assert "Secret" not in response.content.decode()
    bad_range = client.get("/en/cabinet/leads/", {"received_after": "2026-02-01",
                                                   "received_before": "2026-01-01"})
    assert bad_range.status_code == 400 and shown_names(bad_range) == []


def test_the_list_is_paged(client, partner, landing, make_lead):
    for number in range(27):
        make_lead(landing, f"Lead{number:02d}")
    client = signed_in(client, partner)
    first = client.get("/en/cabinet/leads/")
    assert len(shown_names(first)) == 25 and "Page 1 of 2" in first.content.decode()
    second = client.get("/en/cabinet/leads/", {"page": 2})
    assert len(shown_names(second)) == 2


def test_the_nav_counts_new_leads(client, partner, landing, make_lead):
    make_lead(landing, "Olena")
    make_lead(landing, "Petro")
    make_lead(landing, "Maria", status=LeadStatus.LOST)
    html = signed_in(client, partner).get("/en/cabinet/").content.decode()
    assert 'href="/en/cabinet/leads/"' in html
    assert '<span class="count-badge" title="New leads">2</span>' in html


def test_a_lead_page_shows_contacts_message_consent_and_source(
    client, partner, landing, make_lead
):
    lead = make_lead(landing, "Olena", phone="+380 67 111 2233", message="Call me <b>now</b>",
                     utm_source="instagram")
    response = signed_in(client, partner).get(f"/en/cabinet/leads/{lead.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="mailto:olena@example.com"' in html
    assert 'href="tel:+380671112233"' in html
    assert 'href="https://wa.me/380671112233"' in html
    assert "Call me &lt;b&gt;now&lt;/b&gt;" in html
    assert CONSENT in html
    assert "instagram" in html


def test_another_partners_lead_is_not_found_nor_changed(
    client, partner, boris, make_landing, make_lead
):
    lead = make_lead(make_landing(boris), "Secret")
    client = signed_in(client, partner)
    assert client.get(f"/en/cabinet/leads/{lead.pk}/").status_code == 404
    response = client.post(f"/en/cabinet/leads/{lead.pk}/",
                           {"status": "lost", "notes": "mine now"})
    assert response.status_code == 404
    lead.refresh_from_db()
    assert (lead.status, lead.notes) == (LeadStatus.NEW, "")


def test_status_and_notes_are_saved(client, partner, landing, make_lead):
    lead = make_lead(landing, "Olena")
    response = signed_in(client, partner).post(
        f"/en/cabinet/leads/{lead.pk}/", {"status": "contacted", "notes": "Called on Monday"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/en/cabinet/leads/{lead.pk}/"
    assert "The lead is saved." in response.content.decode()
    lead.refresh_from_db()
    assert (lead.status, lead.notes) == (LeadStatus.CONTACTED, "Called on Monday")


@pytest.mark.parametrize("data", [
    {"status": "won", "notes": ""},
    {"status": "", "notes": "x"},
    {"status": "contacted", "notes": "x" * 5001},
])
def test_bad_status_or_notes_are_refused(client, partner, landing, make_lead, data):
    lead = make_lead(landing, "Olena")
    response = signed_in(client, partner).post(f"/en/cabinet/leads/{lead.pk}/", data)
    assert response.status_code == 400
    assert 'class="field-errors"' in response.content.decode()
    lead.refresh_from_db()
    assert (lead.status, lead.notes) == (LeadStatus.NEW, "")


def test_the_post_needs_the_csrf_token(partner, landing, make_lead):
    from django.test import Client

    lead = make_lead(landing, "Olena")
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner.user)
    response = client.post(f"/en/cabinet/leads/{lead.pk}/", {"status": "lost"})
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_a_sign_up_under_the_partner_with_the_leads_email_converts_it(
    partner, boris, landing, make_landing, make_lead
):
    lead = make_lead(landing, "Olena", email="Olena@Example.com")
    elsewhere = make_lead(make_landing(boris), "Olena", email="olena@example.com")
    olena = services.enrol(UserFactory(email="olena@example.com"), partner)
    lead.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (lead.status, lead.converted_partner) == (LeadStatus.CONVERTED, olena)
    # She signed up under Anna: Boris's lead with the same email is not hers to claim.
    assert (elsewhere.status, elsewhere.converted_partner) == (LeadStatus.NEW, None)


def test_the_partner_is_offered_to_link_a_lead_to_who_signed_up_before_it(
    client, partner, boris, landing, make_lead
):
    olena = services.enrol(UserFactory(email="olena@example.com", first_name="Olena",
                                       last_name="New"), partner)
    services.enrol(UserFactory(email="petro@example.com"), boris)  # not Anna's
    lead = make_lead(landing, "Olena", email="olena@example.com")
    other = make_lead(landing, "Petro", email="petro@example.com")
    client = signed_in(client, partner)
    html = client.get(f"/en/cabinet/leads/{lead.pk}/").content.decode()
    assert "Link and mark converted" in html and olena.referral_code in html
    assert "Link and mark converted" not in client.get(
        f"/en/cabinet/leads/{other.pk}/").content.decode()

    client.post(f"/en/cabinet/leads/{lead.pk}/", {"action": "link"})
    lead.refresh_from_db()
    assert (lead.status, lead.converted_partner) == (LeadStatus.CONVERTED, olena)
    # A crafted link request for a lead nobody matches links nothing.
    client.post(f"/en/cabinet/leads/{other.pk}/", {"action": "link"})
    other.refresh_from_db()
    assert other.converted_partner is None and other.status == LeadStatus.NEW


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_pages_render_in_russian_and_ukrainian(client, partner, landing, make_lead, language):
    lead = make_lead(landing, "Olena", phone="+380 67 111 2233")
    client = signed_in(client, partner)
    for address in (f"/{language}/cabinet/leads/", f"/{language}/cabinet/leads/{lead.pk}/",
                    f"/{language}/cabinet/landings/stats/"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert f'lang="{language}"' in response.content.decode()
