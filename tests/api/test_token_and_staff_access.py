"""Staff powers in the API need a second factor (session or token), and the token
endpoint limits guesses per account as the web sign-in does, answering 401 with
WWW-Authenticate to wrong credentials."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.accounts.helpers import enable_totp, totp_code
from tests.factories import PASSWORD, UserFactory
from tests.helpers import sign_in_to_admin

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
WALLET_URL = "/api/v1/money/wallet/"
LOGIN = "/en/accounts/login/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def someone_else(make_partner):
    """A partner whose wallet only they and staff may read."""
    return make_partner()


def staff_user():
    return UserFactory(is_staff=True, is_superuser=True)


def ask_token(api, email, password=PASSWORD, address="10.0.0.1", **fields):
    return api.post(TOKEN_URL, {"email": email, "password": password, **fields},
                    format="json", REMOTE_ADDR=address)


# --- staff sessions ----------------------------------------------------------------------


def test_a_staff_session_signed_in_with_a_password_only_gets_no_staff_powers(
    client, someone_else
):
    staff = staff_user()  # no authenticator set up yet
    signed_in = client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    response = client.get(WALLET_URL, {"partner": someone_else.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"
    assert "authenticator code" in response.json()["detail"]


def test_a_staff_session_from_before_the_authenticator_must_sign_in_again(
    client, someone_else
):
    staff = staff_user()
    client.force_login(staff)  # signed in without a code, then the authenticator came
    enable_totp(staff)
    response = client.get(WALLET_URL, {"partner": someone_else.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_a_staff_session_signed_in_with_the_code_has_staff_powers(client, someone_else):
    sign_in_to_admin(client, staff_user())
    response = client.get(WALLET_URL, {"partner": someone_else.pk})
    assert response.status_code == 200, response.content


def test_a_partner_session_is_unchanged(client, someone_else):
    client.force_login(someone_else.user)
    assert client.get(WALLET_URL).status_code == 200


# --- staff tokens ------------------------------------------------------------------------


def test_a_staff_token_request_without_an_authenticator_is_refused_saying_so(api):
    staff = staff_user()
    response = ask_token(api, staff.email)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "second_factor_required"
    assert "only with two-factor authentication" in body["detail"]
    assert not Token.objects.filter(user=staff).exists()


def test_a_staff_token_issued_without_a_code_reads_nothing(api, someone_else):
    staff = staff_user()
    token = Token.objects.create(user=staff)  # e.g. issued before staff needed a code
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(WALLET_URL, {"partner": someone_else.pk})
    assert response.status_code == 401
    assert response.json()["code"] == "second_factor_required"
    # Setting up an authenticator afterwards does not bless the old token.
    enable_totp(staff)
    assert api.get(WALLET_URL, {"partner": someone_else.pk}).status_code == 401


def test_a_staff_token_issued_with_the_code_has_staff_powers(api, someone_else):
    staff = staff_user()
    old = Token.objects.create(user=staff)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=1))
    enable_totp(staff)
    assert ask_token(api, staff.email).status_code == 401  # the code is required
    response = ask_token(api, staff.email, code=totp_code())
    assert response.status_code == 200
    key = response.json()["token"]
    assert key != old.key  # the token from before the code is replaced
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(WALLET_URL, {"partner": someone_else.pk}).status_code == 200


# --- the token endpoint's answers and limits ----------------------------------------------


def test_a_wrong_password_is_401_with_www_authenticate(api, user):
    response = ask_token(api, user.email, "wrong-password")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "The email address or password is not correct."


def test_wrong_passwords_are_limited_per_account_whatever_the_address(api, user):
    answers = [ask_token(api, user.email, "wrong-password", address=f"10.0.1.{n}").status_code
               for n in range(12)]
    assert answers[:5] == [401] * 5
    assert answers[5:] == [429] * 7
    # As on the web sign-in, even the right password waits until the limit has passed.
    locked = ask_token(api, user.email, address="10.0.2.1")
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.json()["detail"]
    # Another account is not locked by them.
    other = UserFactory()
    assert ask_token(api, other.email, address="10.0.2.2").status_code == 200


def test_wrong_authenticator_codes_are_limited_per_account(api, user):
    enable_totp(user)
    answers = [
        ask_token(api, user.email, code="000000", address=f"10.0.3.{n}").status_code
        for n in range(12)
    ]
    assert answers[:5] == [401] * 5
    assert answers[5:] == [429] * 7
    assert ask_token(api, user.email, code=totp_code(), address="10.0.4.1").status_code == 429


def test_a_right_code_clears_the_failed_codes(api, user):
    enable_totp(user)
    for n in range(4):
        assert ask_token(api, user.email, code="000000", address=f"10.0.5.{n}").status_code \
            == 401
    assert ask_token(api, user.email, code=totp_code(), address="10.0.5.9").status_code == 200
    for n in range(4):
        assert ask_token(api, user.email, code="000000", address=f"10.0.6.{n}").status_code \
            == 401
