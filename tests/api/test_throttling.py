"""The API's rate limits: the shop's open webhook counts requests per IP address at its own
rate, every other endpoint per signed-in user or anonymous address, the health probe not
at all. A request over its rate is answered 429 with Retry-After in the API's error shape,
and the counts are kept in the shared cache."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from config.settings import base
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WEBHOOK = "/api/v1/orders/webhook/"
NOW = 1_800_000_000.0


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Every request of a test falls in the same window of the rate."""
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: NOW))


@pytest.fixture
def rates(monkeypatch):
    """Sets a scope's rate for one test (the throttles read the rates when imported)."""

    def set_rate(scope, rate):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rate


def production_rate(scope):
    """A scope's rate as a deployment has it (the test settings raise the rates for the
    rest of the suite)."""
    return base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]


def post_unsigned(api, address, **headers):
    return api.post(WEBHOOK, b"{}", content_type="application/json", REMOTE_ADDR=address,
                    **headers)


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 60
    body = response.json()
    assert body["code"] == "throttled"
    assert "60 seconds" in body["detail"]


def test_the_webhook_answers_429_with_retry_after_beyond_its_rate_per_address(rates):
    rates("webhook", production_rate("webhook"))
    allowed = int(production_rate("webhook").split("/")[0])
    api = APIClient()
    answers = {post_unsigned(api, "10.9.9.9").status_code for _ in range(allowed)}
    assert answers == {401}  # each one read (and refused for its missing signature)
    assert_throttled(post_unsigned(api, "10.9.9.9"))
    # Another address has its own count; the counts are in the shared (default) cache.
    assert post_unsigned(api, "10.9.9.10").status_code == 401
    assert len(cache.get("throttle_webhook_10.9.9.9")) == allowed


def test_a_forwarded_for_header_from_the_client_does_not_give_a_new_count(rates):
    rates("webhook", "2/min")
    api = APIClient()
    for forwarded in ["1.1.1.1", "2.2.2.2"]:
        post_unsigned(api, "10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert_throttled(post_unsigned(api, "10.9.9.9", HTTP_X_FORWARDED_FOR="3.3.3.3"))


def test_a_signed_in_user_is_throttled_at_the_user_rate_and_others_are_not(rates):
    rates("user", "3/min")
    api, other = APIClient(), APIClient()
    api.force_authenticate(UserFactory())
    other.force_authenticate(UserFactory())
    assert all(api.get("/api/v1/me/").status_code != 429 for _ in range(3))
    assert_throttled(api.get("/api/v1/me/"))
    assert other.get("/api/v1/me/").status_code != 429


def test_anonymous_requests_are_throttled_at_the_anonymous_rate(rates):
    rates("anon", "2/min")
    api = APIClient(HTTP_ACCEPT="application/json", REMOTE_ADDR="10.8.8.8")
    for _ in range(2):
        assert api.get("/api/schema/").status_code == 200
    assert_throttled(api.get("/api/schema/"))
    assert api.get("/api/schema/", REMOTE_ADDR="10.8.8.9").status_code == 200


def test_the_health_probe_is_never_throttled(rates):
    rates("anon", "1/min")
    api = APIClient()
    assert {api.get("/api/v1/health/").status_code for _ in range(5)} == {200}


def test_the_schema_documents_429_where_a_rate_applies():
    schema = APIClient().get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    paths = schema["paths"]
    for path, method in [(WEBHOOK, "post"), ("/api/v1/me/", "get"),
                         ("/api/v1/auth/token/", "post"), ("/api/v1/money/wallet/", "get")]:
        response = paths[path][method]["responses"]["429"]
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ApiError"}, path
    assert "429" not in paths["/api/v1/health/"]["get"]["responses"]
