"""Helpers of the browser tests: Wagtail's own rows put back after a transactional flush,
the demo operators' second-factor code, and signing in and signing up in a page."""

import re

from django.core import mail
from wagtail.models import Collection, Locale, Page

from demo.management.commands.seed_demo import DEMO_TOTP_SECRET
from tests.accounts.helpers import totp_code

NEWCOMER_PASSWORD = "a-long-and-unusual-passphrase-42"


def ensure_wagtail_baseline():
    """The rows Wagtail's migrations create, which a transactional test's flush removes.

    serialized_rollback did not bring them back on PostgreSQL once other tests ran
    first, so the rows the demo needs are put back here (a no-op when present). The
    editor's test runs first in this module, while the migrated groups still exist.
    """
    default_locale, _ = Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=default_locale))


def current_totp_code():
    return totp_code(DEMO_TOTP_SECRET)


def sign_in(page, site_url, email, password):
    page.goto(f"{site_url}/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def sign_up_and_confirm(visitor, first_name, last_name, email):
    """Fill in the sign-up form open in `visitor`, then confirm the address from the email."""
    visitor.fill("input[name=first_name]", first_name)
    visitor.fill("input[name=last_name]", last_name)
    visitor.fill("input[name=email]", email)
    visitor.fill("input[name=password1]", NEWCOMER_PASSWORD)
    visitor.fill("input[name=password2]", NEWCOMER_PASSWORD)
    visitor.click("form.signup-form button[type=submit]")
    visitor.wait_for_url(re.compile(r"/en/accounts/confirm-email/$"))
    # The newest mail to this address (the sponsor may have been told of them meanwhile).
    confirmation = next(message for message in reversed(mail.outbox) if email in message.to)
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", confirmation.body)
    visitor.goto(link.group(0))
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_load_state("networkidle")
