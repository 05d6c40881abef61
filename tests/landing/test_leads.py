"""The lead form on a landing: a lead for the partner with the consent the visitor gave,
an email to the partner in their language, and no way in for bots or floods."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import formats, timezone, translation

from landing.leads import DUPLICATE_MINUTES, LEADS_PER_ADDRESS
from landing.models import Lead, LeadStatus
from tests.landing.helpers import BROWSER, CONSENT, details, hero, send

pytestmark = pytest.mark.django_db


def test_a_lead_is_created_for_the_partner_with_the_consent_given(
    client, landing, partner, django_capture_on_commit_callbacks
):
    client.get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, partner, details(), query="utm_source=instagram")
    assert response.status_code == 302
    assert response["Location"] == f"/en/{partner.referral_code}/?utm_source=instagram#lead-form"
    lead = Lead.objects.get()
    assert (lead.partner, lead.landing) == (partner, landing)
    assert (lead.name, lead.email, lead.message) == ("Olena", "olena@example.com", "Call me")
    assert lead.consent_given and lead.consent_text == CONSENT
    assert lead.status == LeadStatus.NEW and lead.utm_source == "instagram"
    assert lead.visitor_id == client.cookies["dl_visitor"].value
    page = client.get(response["Location"], HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Thank you! Anna Leader will contact you soon." in page


def test_the_partner_is_emailed_in_their_language(
    client, landing, partner, django_capture_on_commit_callbacks
):
    partner.user.language = "uk"
    partner.user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        send(client, partner, details(phone="+380 67 000 0000"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.com"]
    assert "Olena" in message.subject
    assert "olena@example.com" in message.body and "+380 67 000 0000" in message.body
    # Dates come in the partner's language: the month is named in Ukrainian.
    received = timezone.localtime(Lead.objects.get().created_at)
    with translation.override("uk"):
        in_ukrainian = formats.date_format(received, "DATETIME_FORMAT")
    with translation.override("en"):
        assert formats.date_format(received, "DATETIME_FORMAT") != in_ukrainian
    assert in_ukrainian in message.body


def test_without_consent_no_lead(client, landing, partner):
    response = send(client, partner, details(consent=""))
    assert response.status_code == 200
    assert "Please confirm that you agree before sending." in response.content.decode()
    assert not Lead.objects.exists()


def test_an_email_or_a_phone_is_needed(client, landing, partner):
    response = send(client, partner, details(email="", phone=""))
    assert "Leave an email address or a phone number" in response.content.decode()
    response = send(client, partner, details(email="", phone="call me maybe"))
    assert "Enter a phone number with digits" in response.content.decode()
    assert not Lead.objects.exists()
    send(client, partner, details(email="", phone="+380 67 000 0000"))
    assert Lead.objects.get().phone == "+380 67 000 0000"


def test_what_the_visitor_typed_comes_back_escaped(client, landing, partner):
    html = send(client, partner, details(name="<script>alert(1)</script>", consent="")
                ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_filled_honeypot_is_thanked_but_leaves_no_lead(client, landing, partner):
    response = send(client, partner, details(website="https://spam.example.com"))
    assert response.status_code == 302
    assert not Lead.objects.exists()
    assert not mail.outbox


def test_the_rate_limit_holds_back_a_flood_from_one_address(client, landing, partner):
    for number in range(LEADS_PER_ADDRESS):
        assert send(client, partner, details(email=f"olena{number}@example.com"),
                    REMOTE_ADDR="10.1.1.1").status_code == 302
    response = send(client, partner, details(), REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "Too many messages" in response.content.decode()
    assert Lead.objects.count() == LEADS_PER_ADDRESS
    # Another address is not held back.
    assert send(client, partner, details(email="petro@example.com"),
                REMOTE_ADDR="10.1.1.2").status_code == 302


def test_the_form_needs_its_csrf_token(landing, partner):
    strict = Client(enforce_csrf_checks=True)
    assert send(strict, partner, details()).status_code == 403
    page = strict.get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER)
    token = strict.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert send(strict, partner, details(csrfmiddlewaretoken=token)).status_code == 302
    assert Lead.objects.count() == 1


def test_a_landing_without_a_lead_form_takes_no_leads(client, home, partner, make_landing):
    make_landing(partner, body=[hero()])
    assert send(client, partner, details()).status_code == 405
    assert not Lead.objects.exists()


def test_a_post_to_an_unknown_address_is_left_to_the_site(client, home):
    assert client.post("/en/no-such-landing/", details()).status_code == 404
    assert not Lead.objects.exists()


# --- the thank-you where the form was, and the same lead sent twice -----------------------


def thank_you_page(client, response):
    """The page the visitor is sent to after Send, as they see it."""
    location = response["Location"]
    assert location.endswith("#lead-form")  # the page opens where the form was
    return client.get(location.split("#")[0], HTTP_USER_AGENT=BROWSER).content.decode()


def test_the_thank_you_takes_the_place_of_the_form(client, landing, partner):
    """Rough edge: the thank-you was at the top of the page, out of view, over an empty form."""
    page = thank_you_page(client, send(client, partner, details()))
    form_block = page[page.index('id="lead-form"'):]
    assert 'id="lead-result"' in form_block
    assert "Thank you! Anna Leader will contact you soon." in form_block
    assert "<form method=\"post\"" not in form_block  # no empty form to send again
    assert "Thank you!" not in page[:page.index('id="lead-form"')]  # said once, there
    # The next visit shows the form again.
    again = client.get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert 'id="lead-result"' not in again and 'name="csrfmiddlewaretoken"' in again


def test_the_same_lead_sent_again_within_minutes_is_recognised(
    client, landing, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert "Thank you!" in thank_you_page(client, send(client, partner, details()))
        for again in (details(email="OLENA@example.com", message="Call me after six"),
                      details(message="Call me")):
            page = thank_you_page(client, send(client, partner, again))
            assert "We already have your message" in page
            assert "There is no need to send it again." in page
    lead = Lead.objects.get()
    assert lead.message == "Call me\n\nCall me after six"  # nothing they wrote is lost
    assert len(mail.outbox) == 1  # the partner hears of it once


def test_the_same_person_later_or_another_person_is_a_new_lead(client, landing, partner):
    send(client, partner, details())
    send(client, partner, details(email="petro@example.com", name="Petro"))
    assert Lead.objects.count() == 2
    Lead.objects.update(created_at=timezone.now() - datetime.timedelta(
        minutes=DUPLICATE_MINUTES, seconds=1))
    send(client, partner, details())
    assert Lead.objects.count() == 3
