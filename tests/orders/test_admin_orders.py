"""The operators' orders in the Wagtail admin: the list with its filters, an order's page
with lines, amounts and the bonus lines it produced, status moves through
`order_services.set_status` (a refund after posting claws back), permissions, and the
product catalogue with prices per currency."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client

from compensation.models import Clawback, CommissionLine
from orders import services as order_services
from orders.models import Order, OrderStatus, Product, ProductPrice
from tests.factories import UserFactory
from tests.helpers import page, sign_in_to_admin, staff_with
from tests.orders.helpers import ORDERS, day

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/network/products/"

@pytest.fixture
def operator():
    return sign_in_to_admin(Client(), UserFactory(is_staff=True, is_superuser=True))


def listed(html):
    """The orders in the listing, in order (their titles link to their pages)."""
    return re.findall(r'href="/admin/network/orders/\d+/"[^>]*>\s*([^<\s]+)\s*<', html)


def test_the_list_is_newest_first_and_filters(operator, shop):
    anna = shop["anna"]
    assert listed(page(operator.get(ORDERS))) == ["SHOP-2", "SHOP-3", "SHOP-1"]
    assert listed(page(operator.get(ORDERS, {"status": "pending"}))) == ["SHOP-2"]
    assert listed(page(operator.get(ORDERS, {"currency": "EUR"}))) == ["SHOP-2"]
    html = page(operator.get(ORDERS, {"created_at_from": "2026-03-01",
                                      "created_at_to": "2026-03-31"}))
    assert listed(html) == ["SHOP-3", "SHOP-1"]
    for reference in ("Anna", "anna@shop.example", anna.referral_code, "CRM-ANNA"):
        html = page(operator.get(ORDERS, {"partner": reference}))
        assert listed(html) == ["SHOP-2", "SHOP-1"], reference
        html = page(operator.get(ORDERS, {"q": reference}))
        assert listed(html) == ["SHOP-2", "SHOP-1"], reference
    assert listed(page(operator.get(ORDERS, {"q": "SHOP-3"}))) == ["SHOP-3"]
    assert listed(page(operator.get(ORDERS, {"partner": "nobody-like-this"}))) == []
    html = page(operator.get(ORDERS))
    assert "106.28 USD" in html and "45.00 EUR" in html
    assert f'href="/admin/network/partners/{anna.pk}/"' in html
    menu = page(operator.get("/admin/"))
    assert ORDERS in menu and PRODUCTS in menu  # under Network


def test_the_list_is_paged(operator, shop):
    for number in range(55):
        order_services.create_order(
            shop["boris"], [{"sku": "BAR", "quantity": 1}], "USD",
            created_at=day(6, 1) + datetime.timedelta(minutes=number),
            external_id=f"MANY-{number:02d}",
        )
    first = listed(page(operator.get(ORDERS)))
    assert len(first) == 50 and first[0] == "MANY-54"
    second = listed(page(operator.get(ORDERS, {"p": 2})))
    assert second[-3:] == ["SHOP-2", "SHOP-3", "SHOP-1"] and len(second) == 8


def test_an_order_page_shows_lines_partner_amounts_and_keys(operator, shop):
    order = shop["orders"]["usd"]
    html = page(operator.get(f"{ORDERS}{order.pk}/"))
    assert "Anna Adler" in html and f'href="/admin/network/partners/{shop["anna"].pk}/"' in html
    assert "CRM-ANNA" in html and "SHOP-1" in html and "key-shop-1" in html
    assert 'data-order="total">106.28 USD<' in html
    assert 'data-order="volume">60.75<' in html  # 2 × 25.50 + 3 × 3.25
    assert re.search(r'data-order="bv">46.00 ', html)  # 2 × 20 + 3 × 2
    assert "Protein shake" in html and "Energy bar" in html
    assert "No commission run has produced a bonus from this order." in html
    # The moves set_status allows from paid, and no others.
    assert f"{ORDERS}{order.pk}/status/shipped/" in html
    assert f"{ORDERS}{order.pk}/status/refunded/" in html
    assert f"{ORDERS}{order.pk}/status/cancelled/" not in html


def test_status_moves_are_confirmed_and_go_through_set_status(operator, shop):
    pending = shop["orders"]["eur"]
    url = f"{ORDERS}{pending.pk}/status/paid/"
    html = page(operator.get(url))
    assert "Mark paid" in html and "csrfmiddlewaretoken" in html and 'method="POST"' in html
    pending.refresh_from_db()
    assert pending.status == OrderStatus.PENDING  # a GET changes nothing
    html = page(operator.post(url, follow=True))
    assert "Order SHOP-2 is now paid." in html
    pending.refresh_from_db()
    assert pending.status == OrderStatus.PAID

    html = page(operator.post(f"{ORDERS}{pending.pk}/status/shipped/", follow=True))
    assert "is now shipped" in html
    # A move set_status refuses is shown as an error and changes nothing.
    html = page(operator.post(f"{ORDERS}{pending.pk}/status/cancelled/", follow=True))
    assert "An order cannot go from shipped to cancelled." in html
    pending.refresh_from_db()
    assert pending.status == OrderStatus.SHIPPED
    # Its confirmation page is not offered either.
    response = operator.get(f"{ORDERS}{pending.pk}/status/cancelled/")
    assert response.status_code == 302 and response["Location"] == f"{ORDERS}{pending.pk}/"
    assert operator.get(f"{ORDERS}{pending.pk}/status/lost/").status_code == 404


def test_the_moves_need_the_csrf_token(shop):
    signed_in = sign_in_to_admin(Client(), UserFactory(is_staff=True, is_superuser=True))
    client = Client(enforce_csrf_checks=True)
    client.cookies = signed_in.cookies
    order = shop["orders"]["eur"]
    assert client.get(f"{ORDERS}{order.pk}/").status_code == 200  # signed in
    assert client.post(f"{ORDERS}{order.pk}/status/cancelled/").status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_a_refund_after_posting_claws_back_and_the_page_shows_it(operator, posted):
    order = Order.objects.get(external_id="O006000009")  # P00600012's 400.00
    produced = {line.pk: line.amount for line in posted.lines.filter(order=order)}
    assert produced
    html = page(operator.get(f"{ORDERS}{order.pk}/"))
    for line in CommissionLine.objects.filter(order=order).select_related("partner"):
        assert line.partner.name in html
        assert f'<td class="network-num">{line.amount:,.2f}</td>' in html
    assert "Unilevel" in html and "Fast start" in html and "2026-10 (Posted)" in html

    confirm = page(operator.get(f"{ORDERS}{order.pk}/status/refunded/"))
    assert (f"Posted bonus lines from this order: {len(produced)}; they will be clawed back "
            "in 2026-11.") in confirm
    html = page(operator.post(f"{ORDERS}{order.pk}/status/refunded/", follow=True))
    assert f"Order O006000009 is now refunded. Clawbacks of its bonus lines: {len(produced)}." \
        in html
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and order.refunded_at is not None
    clawbacks = Clawback.objects.filter(line__order=order)
    assert {c.line_id: c.amount for c in clawbacks} == produced
    assert {c.period for c in clawbacks} == {"2026-11"}
    assert "Clawbacks" in html and "not yet" in html
    total = sum(produced.values())
    assert f'<th class="network-num">{total:,.2f}</th>' in html
    # Refunding again is a no-op in set_status: no second clawback.
    operator.post(f"{ORDERS}{order.pk}/status/refunded/")
    assert Clawback.objects.filter(line__order=order).count() == len(produced)


def test_staff_without_the_order_permissions_are_refused(shop):
    client = sign_in_to_admin(Client(), staff_with())
    order = shop["orders"]["eur"]
    for url in (ORDERS, f"{ORDERS}{order.pk}/", f"{ORDERS}{order.pk}/status/paid/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    client.post(f"{ORDERS}{order.pk}/status/paid/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert ORDERS not in page(client.get("/admin/"))


def test_a_user_who_is_not_staff_is_kept_out(client, shop):
    anna = shop["anna"]
    client.force_login(anna.user)
    order = shop["orders"]["eur"]
    for url in (ORDERS, f"{ORDERS}{order.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    client.post(f"{ORDERS}{order.pk}/status/cancelled/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_view_permission_reads_but_cannot_move(shop):
    client = sign_in_to_admin(Client(), staff_with("view_order"))
    order = shop["orders"]["usd"]
    assert "SHOP-1" in page(client.get(ORDERS))
    html = page(client.get(f"{ORDERS}{order.pk}/"))
    assert "Protein shake" in html and "/status/" not in html
    assert client.get(f"{ORDERS}{order.pk}/status/refunded/")["Location"] == "/admin/"
    client.post(f"{ORDERS}{order.pk}/status/refunded/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_change_permission_may_move_a_status(shop):
    client = sign_in_to_admin(Client(), staff_with("view_order", "change_order"))
    order = shop["orders"]["eur"]
    html = page(client.post(f"{ORDERS}{order.pk}/status/cancelled/", follow=True))
    assert "Order SHOP-2 is now cancelled." in html
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


# --- the catalogue ---------------------------------------------------------------------------


def test_products_are_listed_with_prices(operator, catalogue):
    html = page(operator.get(PRODUCTS))
    assert "SHAKE" in html and "Protein shake" in html and "49.99 USD" in html
    assert "45.00 EUR" in html and "Discontinued" in html


def price_rows(product):
    return {price.currency: price.amount for price in product.prices.all()}


def formset(rows, initial=0):
    data = {"prices-TOTAL_FORMS": str(len(rows)), "prices-INITIAL_FORMS": str(initial),
            "prices-MIN_NUM_FORMS": "0", "prices-MAX_NUM_FORMS": "1000"}
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"prices-{number}-{key}"] = value
    return data


def test_a_product_is_added_with_prices_per_currency(operator, db):
    response = operator.post(PRODUCTS + "new/", {
        "sku": "TEA", "name": "Green tea", "pv": "4.50", "bv": "3.00", "active": "on",
        **formset([{"currency": "usd", "amount": "7.90"}, {"currency": "EUR", "amount": "7.20"},
                   {"currency": "", "amount": ""}]),
    })
    assert response.status_code == 302, page(response)
    product = Product.objects.get(sku="TEA")
    assert product.pv == Decimal("4.50") and product.bv == Decimal("3.00") and product.active
    assert price_rows(product) == {"USD": Decimal("7.90"), "EUR": Decimal("7.20")}


def test_a_product_is_edited_its_prices_changed_and_deactivated(operator, catalogue):
    shake = catalogue["shake"]
    usd = shake.prices.get(currency="USD")
    eur = shake.prices.get(currency="EUR")
    response = operator.post(f"{PRODUCTS}edit/{shake.pk}/", {
        "sku": "SHAKE", "name": "Protein shake XL", "pv": "26.00", "bv": "20.00",
        **formset([
            {"id": str(usd.pk), "currency": "USD", "amount": "52.00"},
            {"id": str(eur.pk), "currency": "EUR", "amount": "45.00", "DELETE": "on"},
            {"currency": "UAH", "amount": "2100.00"},
        ], initial=2),
    })
    assert response.status_code == 302, page(response)
    shake.refresh_from_db()
    assert shake.name == "Protein shake XL" and not shake.active
    assert price_rows(shake) == {"USD": Decimal("52.00"), "UAH": Decimal("2100.00")}
    # No longer sold: a new order for it is refused by the order service.
    with pytest.raises(Exception, match="no longer sold"):
        order_services.price_lines([{"sku": "SHAKE", "quantity": 1}], "USD")


def test_a_product_form_refuses_a_currency_twice_and_a_bad_code(operator, catalogue):
    html = page(operator.post(PRODUCTS + "new/", {
        "sku": "NEW", "name": "New", "pv": "1", "bv": "1",
        **formset([{"currency": "USD", "amount": "1.00"}, {"currency": "usd", "amount": "2.00"},
                   {"currency": "US1", "amount": "3.00"}]),
    }))
    assert "Please correct the duplicate data for currency." in html
    assert "A currency is three letters, such as EUR or USD." in html
    assert not Product.objects.filter(sku="NEW").exists()
    assert not ProductPrice.objects.filter(product__sku="NEW").exists()


def test_products_need_their_permission(catalogue):
    client = sign_in_to_admin(Client(), staff_with("view_order"))
    assert client.get(PRODUCTS)["Location"] == "/admin/"
    assert client.get(f"{PRODUCTS}edit/{catalogue['shake'].pk}/")["Location"] == "/admin/"
