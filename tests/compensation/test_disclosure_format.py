"""The income disclosure writes its partner counts the language's way, like its amounts."""

from decimal import Decimal

import pytest

from compensation import disclosure
from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin

pytestmark = pytest.mark.django_db


def test_partner_counts_are_grouped_like_the_amounts(client, monkeypatch):
    def row(rank, count):
        return {"rank": rank, "rank_name": rank.title(), "count": count,
                "median": Decimal("1068.53"), "mean": Decimal("1068.53"),
                "top_10_percent_average": Decimal("1541.96"),
                "earning_nothing_percent": Decimal("0")}

    monkeypatch.setattr(disclosure, "disclose", lambda scope: {
        "scope": scope, "periods": [scope], "counted": "",
        "rows": [row("member", 1732), row(disclosure.ALL, 2928)],
    })
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/network/income-disclosure/", {"scope": "2026-11"}).content.decode()
    assert '"network-num">1,068.53<' in html
    assert '"network-num">1,732<' in html and '"network-num">2,928<' in html
