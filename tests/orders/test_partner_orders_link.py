"""The admin partner page links to that partner's orders in the Orders list (filtered by
the partner's #id), for staff who may see orders."""

import html
import re

from django.test import Client

from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with
from tests.orders.helpers import ORDERS

PARTNERS = "/admin/network/partners/"


def orders_link(text):
    found = re.search(r'<a href="([^"]+)">Orders of this partner</a>', text)
    return html.unescape(found.group(1)) if found else None


def test_the_partner_page_links_to_their_orders_only(shop):
    operator = sign_in_to_admin(Client(), UserFactory(is_staff=True, is_superuser=True))
    anna = shop["anna"]
    link = orders_link(page(operator.get(f"{PARTNERS}{anna.pk}/")))
    assert link == f"{ORDERS}?partner=%23{anna.pk}"
    listing = page(operator.get(link))
    assert "SHOP-1" in listing and "SHOP-2" in listing and "SHOP-3" not in listing


def test_staff_who_may_not_see_orders_get_no_link(shop):
    client = sign_in_to_admin(Client(), staff_with("view_partner"))
    assert orders_link(page(client.get(f"{PARTNERS}{shop['anna'].pk}/"))) is None
    client = sign_in_to_admin(Client(), staff_with("view_partner", "view_order"))
    assert orders_link(page(client.get(f"{PARTNERS}{shop['anna'].pk}/")))
