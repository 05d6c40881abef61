import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from accounts.models import User
from network import services
from tests.accounts.helpers import enable_totp, totp_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def sign_in(client, email, password=PASSWORD, next_url=None):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def staff_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return User.objects.get(pk=user.pk)


def test_users_sign_in_by_email_case_insensitively():
    user = User.objects.create_user(email="Anna@Example.COM", password="pw-12345-long")
    assert user.email == "anna@example.com"
    assert not hasattr(user, "username") or user.username is None
    with pytest.raises(ValueError):
        User.objects.create_user(email="", password="x")


def test_sign_up_sends_a_verification_email_in_the_visitors_language(client, home):
    services.create_root(display_name="Company")  # the default sponsor of a sign-up
    response = client.post("/ru/accounts/signup/", {
        "email": "new@example.com", "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42",
    })
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.language == "ru"
    assert len(mail.outbox) == 1
    assert "new@example.com" in mail.outbox[0].to
    assert "Подтвердите" in mail.outbox[0].subject or "подтвер" in mail.outbox[0].body.lower()


def test_sign_in_and_wrong_password(client, home, user):
    bad = sign_in(client, user.email, "wrong-password")
    assert bad.status_code == 200
    assert "не" in client.post("/ru/accounts/login/", {
        "login": user.email, "password": "wrong"}).content.decode()
    good = sign_in(client, user.email)
    assert good.status_code == 302
    assert client.get("/api/v1/me/").json()["email"] == user.email


def test_login_is_rate_limited_through_the_cache(client, home, user):
    for _ in range(5):
        sign_in(client, user.email, "wrong-password")
    blocked = sign_in(client, user.email, "wrong-password")
    assert "Too many failed login attempts" in blocked.content.decode()
    # even the right password is refused while the limit holds
    refused = sign_in(client, user.email)
    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()


def test_login_page_requests_are_rate_limited_per_address(client, home, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    statuses = [sign_in(client, f"nobody{n}@example.com", "x").status_code for n in range(5)]
    assert statuses[-1] == 429


def test_password_reset_sends_a_link(client, home, user):
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


def test_wagtail_login_form_is_replaced_by_allauth(client, home):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=%2Fadmin%2Fpages%2F")
    anonymous = client.get("/admin/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_staff_without_mfa_are_sent_to_set_it_up(client, home):
    staff = staff_user()
    sign_in(client, staff.email)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/totp/activate/")


def test_staff_with_mfa_enter_the_admin_after_a_code(client, home):
    staff = staff_user()
    enable_totp(staff)
    response = sign_in(client, staff.email, next_url="/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    # before the code the session is not signed in
    assert client.get("/admin/").status_code == 302
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    done = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_session_without_second_factor_must_confirm_a_code(client, home):
    staff = staff_user()
    client.force_login(staff)  # e.g. a session from before MFA was turned on
    enable_totp(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/") or \
        "/2fa/reauthenticate/" in response["Location"]


def test_partners_never_enter_the_admin(client, home, user):
    sign_in(client, user.email)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"].split("?")[0]
