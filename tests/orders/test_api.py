import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from orders import services as order_services
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.helpers import URL, body

TEAM_URL = "/api/v1/orders/team/"


@pytest.fixture
def integrator(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_order"))
    return user


def post(api, payload, key="key-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(URL, payload, format="json", **headers)


def test_an_integrator_creates_an_order_priced_from_the_catalogue(api, integrator, make_partner,
                                                                  catalogue):
    partner = make_partner()
    api.force_authenticate(integrator)
    response = post(api, body(partner, external_id="SHOP-1", status="paid"))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["partner"] == partner.pk
    assert data["total"] == "99.98" and data["volume"] == "51.00"
    assert data["status"] == "paid" and data["external_id"] == "SHOP-1"
    assert data["lines"] == [{"sku": "SHAKE", "name": "Protein shake", "quantity": 2,
                              "unit_price": "49.99", "pv": "51.00"}]


def test_a_retry_with_the_same_key_returns_the_first_order(api, staff, make_partner, catalogue):
    partner = make_partner()
    api.force_authenticate(staff)
    first = post(api, body(partner))
    # The same body with its keys in another order is the same request.
    retry = post(api, dict(reversed(list(body(partner).items()))))
    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1


def test_the_same_key_with_another_body_is_a_conflict(api, staff, make_partner, catalogue):
    partner = make_partner()
    api.force_authenticate(staff)
    assert post(api, body(partner)).status_code == 201
    response = post(api, body(partner, lines=[{"sku": "SHAKE", "quantity": 3}]))
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert Order.objects.get().volume == Decimal("51.00")


def test_a_missing_key_is_refused(api, staff, make_partner, catalogue):
    api.force_authenticate(staff)
    response = post(api, body(make_partner()), key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Order.objects.exists()


def test_validation_errors_name_the_field_and_line(api, staff, make_partner, catalogue):
    partner = make_partner()
    api.force_authenticate(staff)
    response = post(api, body(partner, lines=[{"sku": "SHAKE", "quantity": 1},
                                              {"sku": "GHOST", "quantity": 1}]))
    assert response.status_code == 400
    assert response.json()["errors"] == {"lines": ["Line 2: unknown SKU “GHOST”."]}
    response = post(api, {**body(partner), "partner": "NOBODY"}, key="key-2")
    assert response.status_code == 400
    assert "partner" in response.json()["errors"]
    # A corrected request may reuse the key of a refused one.
    assert post(api, body(partner)).status_code == 201


def test_a_partner_cannot_create_orders(api, make_partner, catalogue):
    partner = make_partner()
    api.force_authenticate(partner.user)
    assert post(api, body(partner)).status_code == 403
    assert not Order.objects.exists()


def order_for(partner, status="paid", created_at=None):
    return order_services.create_order(partner, [{"sku": "BAR", "quantity": 1}], "USD",
                                       status=status, created_at=created_at)


def ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_a_partner_lists_only_their_own_orders(api, make_partner, catalogue):
    alice, bob = make_partner(), make_partner()
    mine = order_for(alice)
    order_for(bob)
    api.force_authenticate(alice.user)
    assert ids(api.get(URL)) == {mine.pk}


def test_staff_list_everyone_s_orders_filtered(api, staff, make_partner, catalogue):
    alice, bob = make_partner(), make_partner()
    paid = order_for(alice, created_at=datetime.datetime(2026, 10, 5, 12, tzinfo=datetime.UTC))
    pending = order_for(bob, status="pending",
                        created_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    api.force_authenticate(staff)
    assert ids(api.get(URL)) == {paid.pk, pending.pk}
    assert ids(api.get(URL, {"status": "pending"})) == {pending.pk}
    assert ids(api.get(URL, {"created_after": "2026-10-01", "created_before": "2026-10-05"})) \
        == {paid.pk}
    assert ids(api.get(URL, {"created_after": "2026-10-06"})) == {pending.pk}
    response = api.get(URL, {"created_after": "yesterday"})
    assert response.status_code == 400 and "created_after" in response.json()["detail"]


def test_team_orders_cover_the_downline_only(api, make_partner, catalogue):
    leader = make_partner()
    member = make_partner(sponsor=leader)
    deep = make_partner(sponsor=member)
    outsider = make_partner()
    order_for(leader)
    member_order, deep_order = order_for(member), order_for(deep)
    order_for(outsider)
    api.force_authenticate(leader.user)
    assert ids(api.get(TEAM_URL)) == {member_order.pk, deep_order.pk}
    assert ids(api.get(TEAM_URL, {"depth": 1})) == {member_order.pk}
    # The member sees below themselves, never their sponsor's orders.
    api.force_authenticate(member.user)
    assert ids(api.get(TEAM_URL)) == {deep_order.pk}
    assert ids(api.get(URL)) == {member_order.pk}


def test_a_user_without_a_partner_sees_no_orders(api, make_partner, catalogue):
    order_for(make_partner())
    api.force_authenticate(UserFactory())
    assert api.get(URL).status_code == 403
    assert api.get(TEAM_URL).status_code == 403


def test_the_orders_api_is_in_the_schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert {"/api/v1/orders/", "/api/v1/orders/team/", "/api/v1/orders/webhook/"} <= set(paths)
    assert "post" in paths["/api/v1/orders/"]


def test_an_external_id_is_used_once(api, staff, make_partner, catalogue):
    partner = make_partner()
    api.force_authenticate(staff)
    assert post(api, body(partner, external_id="SHOP-7")).status_code == 201
    response = post(api, body(partner, external_id="SHOP-7"), key="key-2")
    assert response.status_code == 400
    assert "external_id" in response.json()["errors"]
    assert Order.objects.count() == 1
