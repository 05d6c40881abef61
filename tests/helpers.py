"""Helpers shared by the test folders (fixtures shared by them are in tests/conftest.py):
signing in to the admin the real way, reading an admin page, running writers at the same
moment on PostgreSQL, and publishing a page's translation."""

import os
import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client

from tests.accounts.helpers import enable_totp, totp_code
from tests.factories import PASSWORD, UserFactory

# On a developer's machine the PostgreSQL-only tests skip on SQLite; in CI
# (REQUIRE_SERVICES=1) a skip would hide a missing database, so they fail instead.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def sign_in_to_admin(client, user):
    """The real way in: password, then the TOTP code the staff MFA middleware demands."""
    enable_totp(user)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "/2fa/authenticate/" in response["Location"]
    done = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert done.status_code == 302
    return client


def operator_client(**fields):
    """A new test client signed in to the admin as a new superuser, and that user."""
    user = UserFactory(is_staff=True, is_superuser=True, **fields)
    return sign_in_to_admin(Client(), user), user


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    return user


def page(response):
    assert response.status_code == 200, response.get("Location")
    return response.content.decode()


def require_postgresql(reason):
    """Skip the calling test unless it runs on PostgreSQL (fail instead in CI)."""
    if connection.vendor == "postgresql":
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but the database is {connection.vendor}: {reason}")
    pytest.skip(reason)


def run_at_once(jobs):
    """Run each job in its own thread, released together; (results, errors) by job."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # reported to the test, which decides
            errors[index] = error
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results, errors


def publish_translation(page, locale, **fields):
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific
