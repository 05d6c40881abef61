"""Every string a visitor or partner reads on a landing is marked for translation: under a
pseudo-language that brackets each translated message, none is left bare."""

import pytest
from django.core import mail

from tests.landing.helpers import BROWSER, hero, lead_form_block

pytestmark = pytest.mark.django_db


def test_landing_texts_are_marked(client, home, partner, make_landing, bracketed):
    make_landing(partner, body=[
        hero(),
        {"type": "video", "value": {"url": "https://youtu.be/dQw4w9WgXcQ", "title": ""}},
        {"type": "countdown", "value": {"heading": "Launch", "target": "2030-01-01T10:00:00",
                                        "ended_text": ""}},
        {"type": "lead_form", "value": {**lead_form_block()["value"], "button_label": ""}},
    ])
    html = client.get(f"/en/{partner.referral_code}/", HTTP_USER_AGENT=BROWSER).content.decode()
    for text in ("[Play the video]", "[The video is loaded from its provider when you press play.]",
                 'data-days="[days]"', "[Your name]", "[Message]", "[Send]",
                 "[Leave this field empty]", 'data-embed-title="[Video]"'):
        assert text in html, text
    response = client.post(f"/en/{partner.referral_code}/", {"name": "Olena"})
    html = response.content.decode()
    assert "[Please confirm that you agree before sending.]" in html


def test_lead_messages_are_marked(client, home, partner, make_landing, bracketed,
                                  django_capture_on_commit_callbacks):
    make_landing(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/{partner.referral_code}/", {
            "name": "Olena", "email": "olena@example.com", "consent": "on"}, follow=True)
    assert "[Thank you! Anna Leader will contact you soon.]" in response.content.decode()
    message = mail.outbox[0]
    assert message.subject == "[A new lead from your page: Olena]"
    for text in ("[Hello Anna Leader,]", "[Name:]", "[Email:]", "[Received:]",
                 "[Contact them soon: a quick answer is the best start.]"):
        assert text in message.body, text
