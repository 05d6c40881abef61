"""Account emails (address confirmation, password reset, security notices) come in the
company's frame: its name from the site settings (never the address the request came
to), the recipient's language, a greeting by name, and an HTML version beside the text."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from network import services
from tests.factories import PASSWORD, UserFactory
from tests.website.helpers import company_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(home):
    return company_settings(email="hello@naturals.example", translations=[
        {"language": "uk", "address": "вул. Хрещатик, 12, Київ"},
    ])


def html_of(message):
    (html, kind), = message.alternatives
    assert kind == "text/html"
    return html


def in_language(language, text):
    with translation.override(language):  # the catalogs' text once locale/pending is merged
        return gettext(text)


def test_the_confirmation_email_is_the_companys_in_the_visitors_language(client, company):
    # Pinned: it said "Hello from testserver!" and was signed by the host name.
    services.create_root(display_name="Company")
    client.post("/uk/accounts/signup/", {
        "email": "new@example.com", "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42",
    })
    message, = mail.outbox
    assert message.subject.startswith("[Downline Naturals] ")
    assert message.subject.endswith(in_language("uk", "Confirm your email address"))
    assert "Hello from" not in message.body and "testserver!" not in message.body
    assert "/uk/accounts/confirm-email/" in message.body
    with translation.override("uk"):
        team = gettext("The %(company_name)s team") % {"company_name": "Downline Naturals"}
    assert team in message.body and "http://testserver/uk/" in message.body
    html = html_of(message)
    assert '<html lang="uk">' in html
    assert 'href="http://testserver/uk/accounts/confirm-email/' in html
    assert "вул. Хрещатик, 12, Київ" in html and "hello@naturals.example" in html


def test_a_password_reset_comes_in_the_users_own_language_with_their_name(client, company):
    user = UserFactory(first_name="Olena", language="ru")
    client.post("/en/accounts/password/reset/", {"email": user.email})
    message, = mail.outbox
    assert message.subject == f"[Downline Naturals] {in_language('ru', 'Reset your password')}"
    with translation.override("ru"):
        greeting = gettext("Hello, %(name)s!") % {"name": "Olena"}
    assert message.body.startswith(greeting)
    assert "http://testserver/ru/accounts/password/reset/key/" in message.body  # asked on /en/
    assert '<html lang="ru">' in html_of(message)
    assert "12 Khreshchatyk St, Kyiv" in html_of(message)  # no Russian address: the default


def test_security_notices_come_in_the_same_frame(client, company):
    user = UserFactory(first_name="Ivan", language="uk")
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/uk/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "another-long-phrase-77",
        "password2": "another-long-phrase-77",
    })
    message, = mail.outbox
    assert message.subject.startswith("[Downline Naturals] ")
    assert "Ivan" in message.body and "Hello from" not in message.body
    assert '<html lang="uk">' in html_of(message)
    assert User.objects.get(pk=user.pk).check_password("another-long-phrase-77")
