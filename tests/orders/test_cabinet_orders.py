"""The cabinet's orders pages: a partner's own orders and their sponsor team's (as the
orders API scopes them), filtered and paged with totals, and one order with its lines and
the bonus it earned the partner; anything outside their scope answers 404."""

import datetime
import re
from decimal import Decimal

import pytest

from cabinet import numbers
from compensation.models import Clawback
from orders import services as order_services
from orders.models import Order, OrderStatus
from tests.cabinet.helpers import attach, text, url
from tests.factories import UserFactory
from tests.orders.helpers import day

pytestmark = pytest.mark.django_db

def order(partner, lines, currency="USD", when=None, status=OrderStatus.PAID, external_id=None):
    return order_services.create_order(
        partner, [{"sku": sku, "quantity": quantity} for sku, quantity in lines], currency,
        created_at=when, status=status, external_id=external_id,
    )


@pytest.fixture
def shop(make_partner, catalogue):
    """root ─ anna ─ carl ─ dora ; root ─ boris ─ emil (sponsor tree), with orders."""
    anna = make_partner(first_name="Anna", last_name="Adler")
    carl = make_partner(anna, first_name="Carl", last_name="Clark")
    dora = make_partner(carl, first_name="Dora", last_name="Dietz")
    boris = make_partner(first_name="Boris", last_name="Bauer")
    emil = make_partner(boris, first_name="Emil", last_name="Engel")
    orders = {
        # 2 × 49.99 USD, 51.00 PV
        "anna_usd": order(anna, [("SHAKE", 2)], when=day(3, 5), external_id="A-USD"),
        # 45.00 EUR, 25.50 PV, still pending
        "anna_eur": order(anna, [("SHAKE", 1)], "EUR", when=day(4, 10),
                          status=OrderStatus.PENDING, external_id="A-EUR"),
        # 3 × 2.10 USD, 9.75 PV
        "carl": order(carl, [("BAR", 3)], when=day(3, 20), external_id="C-BAR"),
        # 49.99 USD, 25.50 PV
        "dora": order(dora, [("SHAKE", 1)], when=day(4, 2), status=OrderStatus.PAID,
                      external_id="D-SHAKE"),
        "boris": order(boris, [("SHAKE", 5)], when=day(3, 7), external_id="B-SHAKE"),
        "emil": order(emil, [("BAR", 1)], when=day(3, 8), external_id="E-BAR"),
    }
    order_services.set_status(orders["dora"], OrderStatus.SHIPPED)
    return {"anna": anna, "carl": carl, "dora": dora, "boris": boris, "emil": emil,
            "orders": orders}


def listed(page):
    """The order numbers shown in the list, in order."""
    return re.findall(r'<th scope="row"><a href="/en/cabinet/orders/\d+/">([^<]+)</a>', page)


def total(page, name):
    return re.search(rf'data-total="{name}">([^<]+)<', page).group(1).strip()


def test_my_orders_are_only_mine_with_their_totals(client, shop):
    client.force_login(shop["anna"].user)
    page = text(client.get(url("cabinet:orders")))
    assert listed(page) == ["A-EUR", "A-USD"]  # newest first
    assert total(page, "count") == "2"
    assert total(page, "volume") == "76.50"  # 51.00 + 25.50
    assert total(page, "amount-USD") == "$99.98"  # each amount with its currency's sign
    assert total(page, "amount-EUR") == "€45.00"
    assert 'class="status status-pending">Pending<' in page
    assert 'class="status status-paid">Paid<' in page
    assert 'href="/en/cabinet/orders/" aria-current="page">Orders<' in page


def test_team_orders_are_the_downline_s_with_levels_not_another_branch(client, shop):
    client.force_login(shop["anna"].user)
    page = text(client.get(url("cabinet:orders"), {"tab": "team"}))
    assert listed(page) == ["D-SHAKE", "C-BAR"]
    assert "B-SHAKE" not in page and "E-BAR" not in page and "A-USD" not in page
    assert re.search(r"Dora Dietz.*?data-label=\"Level\">2<", page)
    assert re.search(r"Carl Clark.*?data-label=\"Level\">1<", page)
    assert 'class="status status-shipped">Shipped<' in page
    assert total(page, "volume") == "35.25"  # 9.75 + 25.50
    assert total(page, "amount-USD") == "$56.29"  # 6.30 + 49.99


def test_a_partner_lower_in_the_tree_sees_neither_the_upline_nor_the_other_branch(client, shop):
    client.force_login(shop["carl"].user)
    team = text(client.get(url("cabinet:orders"), {"tab": "team"}))
    assert listed(team) == ["D-SHAKE"]
    for name in ("anna_usd", "boris", "emil"):
        response = client.get(url("cabinet:orders") + f"{shop['orders'][name].pk}/")
        assert response.status_code == 404, name
    client.force_login(shop["boris"].user)
    assert listed(text(client.get(url("cabinet:orders"), {"tab": "team"}))) == ["E-BAR"]
    for name in ("anna_usd", "carl", "dora"):
        assert client.get(url("cabinet:orders") + f"{shop['orders'][name].pk}/").status_code \
            == 404, name
    assert client.get(url("cabinet:orders") + "999999/").status_code == 404


def test_filters_by_status_dates_partner_and_level(client, shop):
    client.force_login(shop["anna"].user)
    orders = url("cabinet:orders")
    page = text(client.get(orders, {"status": "pending"}))
    assert listed(page) == ["A-EUR"] and total(page, "volume") == "25.50"
    page = text(client.get(orders, {"created_after": "2026-03-01",
                                    "created_before": "2026-03-31"}))
    assert listed(page) == ["A-USD"] and total(page, "count") == "1"
    page = text(client.get(orders, {"tab": "team", "q": "dora"}))
    assert listed(page) == ["D-SHAKE"]
    page = text(client.get(orders, {"tab": "team", "q": code(shop["carl"])}))
    assert listed(page) == ["C-BAR"]
    page = text(client.get(orders, {"tab": "team", "level": "2"}))
    assert listed(page) == ["D-SHAKE"]
    page = text(client.get(orders, {"tab": "team", "depth": "1"}))
    assert listed(page) == ["C-BAR"]
    page = text(client.get(orders, {"tab": "team", "status": "shipped",
                                    "created_before": "2026-03-31"}))
    assert listed(page) == [] and "No orders match these filters." in page
    # The outsider's order is not reached by searching for it.
    page = text(client.get(orders, {"tab": "team", "q": "boris"}))
    assert listed(page) == []


def code(partner):
    return partner.referral_code


def test_a_backwards_date_range_is_refused(client, shop):
    client.force_login(shop["anna"].user)
    response = client.get(url("cabinet:orders"), {"created_after": "2026-04-01",
                                                  "created_before": "2026-03-01"})
    assert response.status_code == 400
    page = text(response)
    assert "The end of the range is before its start." in page and listed(page) == []


def test_pages_of_orders_keep_the_filters(client, shop):
    anna = shop["anna"]
    for number in range(30):
        order(anna, [("BAR", 1)], when=day(5, 1) + datetime.timedelta(minutes=number),
              external_id=f"MANY-{number:02d}")
    client.force_login(anna.user)
    first = text(client.get(url("cabinet:orders"), {"created_after": "2026-05-01"}))
    assert len(listed(first)) == 25 and listed(first)[0] == "MANY-29"
    assert total(first, "count") == "30" and total(first, "volume") == "97.50"
    assert "Page 1 of 2" in first
    link = re.search(r'rel="next" href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "created_after=2026-05-01" in link and "page=2" in link
    second = text(client.get(url("cabinet:orders") + "?" + link))
    assert listed(second) == [f"MANY-{number:02d}" for number in range(4, -1, -1)]


def test_an_order_shows_its_lines_and_a_team_order_who_bought_it(client, shop):
    client.force_login(shop["anna"].user)
    mine = shop["orders"]["anna_usd"]
    page = text(client.get(url("cabinet:orders") + f"{mine.pk}/"))
    assert "Order A-USD" in page and "Protein shake" in page and "SHAKE" in page
    assert 'data-label="Quantity" class="num">2<' in page
    assert 'data-label="Price" class="num">$49.99<' in page
    assert 'data-label="Amount" class="num">$99.98<' in page
    assert 'data-label="Volume (PV)" class="num">51.00<' in page
    assert "No bonus of yours from this order has been posted yet." in page

    dora = shop["orders"]["dora"]
    page = text(client.get(url("cabinet:orders") + f"{dora.pk}/"))
    assert "Dora Dietz" in page and "Shipped" in page
    assert re.search(r"<dt>Level</dt><dd>2</dd>", page)


def test_an_order_shows_what_it_earned_the_partner_and_what_was_taken_back(client, posted):
    line = posted.lines.filter(order__isnull=False).select_related("order").order_by(
        "-amount").first()
    earner = attach(line.partner.external_id)
    earned = sum(
        item.amount for item in posted.lines.filter(order=line.order, partner=earner)
    )
    client.force_login(earner.user)
    detail = url("cabinet:orders") + f"{line.order_id}/"
    page = text(client.get(detail))
    assert f'data-total="earned">{numbers.money(earned, "EUR")}<' in page
    assert f'data-label="Amount" class="num">{numbers.money(line.amount, "EUR")}<' in page
    order_services.set_status(line.order, OrderStatus.REFUNDED)
    assert Clawback.objects.filter(line__order=line.order, partner=earner).exists()
    page = text(client.get(detail))
    assert 'data-total="earned">€0.00<' in page
    earned = numbers.money(earned, "EUR")
    assert f"{earned} earned, {earned} taken back after the refund." in page
    assert "Refunded" in page


def test_a_signed_in_user_who_is_not_a_partner_gets_403(client, shop):
    client.force_login(UserFactory())
    for address in (url("cabinet:orders"), url("cabinet:orders") + "?tab=team",
                    url("cabinet:orders") + f"{shop['orders']['anna_usd'].pk}/"):
        response = client.get(address)
        assert response.status_code == 403, address
        assert "You are not a partner yet" in text(response)
        assert "A-USD" not in text(response)


def test_sign_in_is_required(client, shop):
    response = client.get(url("cabinet:orders"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_pages_render_in_other_languages(client, shop, language):
    client.force_login(shop["anna"].user)
    assert client.get(url("cabinet:orders", language)).status_code == 200
    pk = shop["orders"]["dora"].pk
    assert client.get(url("cabinet:orders", language) + f"{pk}/").status_code == 200


def test_an_order_of_the_team_is_counted_once_even_with_the_search(client, shop):
    client.force_login(shop["anna"].user)
    page = text(client.get(url("cabinet:orders"), {"tab": "team", "q": "a"}))
    assert sorted(listed(page)) == ["C-BAR", "D-SHAKE"]
    assert Order.objects.count() == 6
    assert total(page, "volume") == str(Decimal("35.25"))
