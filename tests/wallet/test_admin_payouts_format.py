"""The payouts screen writes the two-operator limit the language's way, like its amounts."""

import pytest
from django.test import override_settings

from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin

pytestmark = pytest.mark.django_db


@override_settings(PAYOUT_TWO_APPROVERS_ABOVE="25000")
def test_the_two_operator_limit_is_grouped(client):
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/network/payouts/").content.decode()
    assert "Payouts above 25,000.00 need two different operators" in html
