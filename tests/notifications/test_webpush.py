"""Web push against a local fake push service: a notification reaches every subscribed
browser encrypted for it (only the browser's key opens it) and signed with the site's
VAPID key; a subscription the push service says is gone is removed; a busy push service
is tried again without showing the message twice. The subscriptions API keeps each
user to their own and refuses endpoints that are not push services; the service worker
is served from the site's root."""

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import override_settings

from notifications import delivery as delivery_service
from notifications import kinds, services
from notifications.models import Delivery
from notifications.webpush import vapid
from notifications.webpush.models import PushSubscription
from tests.factories import UserFactory
from tests.notifications.fake_push import FakePushService

pytestmark = pytest.mark.django_db

API = "/api/v1/notifications/push-subscriptions/"

PUSH_KIND = kinds.Kind(
    key="test_push_rank", label="Rank reached", title="You reached %(rank)s",
    body="Congratulations, %(name)s!", category="team", channels=("inapp", "push"),
)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verified_claims(token, public_key):
    """The claims of an ES256 JSON Web Token, once its signature checks out with
    `public_key` (base64url, uncompressed point); InvalidSignature otherwise."""
    header, payload, signature = token.split(".")
    raw = unb64url(signature)
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    key.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                    int.from_bytes(raw[32:], "big")),
               f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(unb64url(payload))


class Browser:
    """A browser's side of a subscription: its key pair and its authentication secret."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self):
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def keys(self):
        return {"p256dh": self.p256dh, "auth": b64url(self.auth)}

    def subscribe(self, user, endpoint):
        return PushSubscription.objects.create(user=user, endpoint=endpoint, **self.keys())

    def decrypt(self, body):
        return json.loads(http_ece.decrypt(body, private_key=self.private_key,
                                           auth_secret=self.auth, version="aes128gcm"))


@pytest.fixture
def push_service():
    server = FakePushService().start()
    with override_settings(WEBPUSH_PUSH_SERVICES=["127.0.0.1"], WEBPUSH_ALLOW_HTTP=True):
        yield server
    server.stop()


@pytest.fixture
def push_kind():
    saved = dict(kinds._registry)
    kinds.register(PUSH_KIND)
    yield PUSH_KIND
    kinds._registry.clear()
    kinds._registry.update(saved)


@pytest.fixture
def notify(push_kind, django_capture_on_commit_callbacks):
    def notify(user):
        with django_capture_on_commit_callbacks(execute=True):
            notification = services.notify(user, PUSH_KIND.key,
                                           params={"rank": "Manager", "name": "Olena"},
                                           url="/cabinet/rank/")
        return notification, Delivery.objects.filter(notification=notification,
                                                      channel="push").first()
    return notify


def test_a_notification_reaches_the_browser_encrypted_and_signed(push_service, notify, user):
    browser = Browser()
    subscription = browser.subscribe(user, push_service.endpoint("laptop"))

    notification, delivery = notify(user)

    assert delivery.status == Delivery.Status.SENT
    [(headers, body)] = push_service.received("laptop")
    assert headers["content-encoding"] == "aes128gcm"
    assert b"Manager" not in body and b"Olena" not in body  # only the browser can read it
    shown = browser.decrypt(body)
    assert shown["title"] == "You reached Manager"
    assert shown["body"] == "Congratulations, Olena!"
    assert shown["url"].endswith(f"/notifications/{notification.pk}/open/?c=push")
    # Signed with the site's VAPID key, for this push service's origin.
    token, key = (part.strip().split("=", 1)[1]
                  for part in headers["authorization"][len("vapid "):].split(","))
    assert key == vapid.public_key()
    claims = verified_claims(token, key)
    assert claims["aud"] == push_service.origin and claims["sub"].startswith("mailto:")
    subscription.refresh_from_db()
    assert subscription.last_success is not None


@pytest.mark.parametrize("status", [410, 404])
def test_a_subscription_the_push_service_says_is_gone_is_removed(
        push_service, notify, user, status):
    gone, kept = Browser(), Browser()
    gone.subscribe(user, push_service.endpoint("old-phone"))
    kept.subscribe(user, push_service.endpoint("laptop"))
    push_service.answer("old-phone", status)

    _notification, delivery = notify(user)

    assert delivery.status == Delivery.Status.SENT
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        push_service.endpoint("laptop")]
    assert len(push_service.received("laptop")) == 1


def test_when_the_only_subscription_is_gone_the_delivery_fails(push_service, notify, user):
    Browser().subscribe(user, push_service.endpoint("old-phone"))
    push_service.answer("old-phone", 410)

    _notification, delivery = notify(user)

    assert delivery.status == Delivery.Status.FAILED
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_push_service_is_tried_again_without_showing_the_message_twice(
        push_service, notify, user, status):
    Browser().subscribe(user, push_service.endpoint("laptop"))
    Browser().subscribe(user, push_service.endpoint("phone"))
    push_service.answer("phone", status, 201)

    _notification, delivery = notify(user)

    assert delivery.status == Delivery.Status.QUEUED and delivery.send_after is not None
    assert PushSubscription.objects.count() == 2
    delivery_service.send(delivery.pk, delivery.send_after)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(push_service.received("laptop")) == 1
    assert len(push_service.received("phone")) == 2


def test_a_user_without_a_subscription_is_not_sent_a_push(push_service, notify, user):
    _notification, delivery = notify(user)

    assert delivery is None or delivery.status == Delivery.Status.SKIPPED
    assert push_service.requests == []


# --- the subscriptions API ---------------------------------------------------------------


def subscription_json(endpoint, browser=None):
    return {"endpoint": endpoint, "expirationTime": None,
            "keys": (browser or Browser()).keys()}


def test_a_browser_subscribes_and_unsubscribes_through_the_api(api, user):
    api.force_authenticate(user)
    endpoint = "https://fcm.googleapis.com/fcm/send/abc:123"

    created = api.post(API, subscription_json(endpoint), format="json")
    again = api.post(API, subscription_json(endpoint), format="json")
    listed = api.get(API)

    assert created.status_code == 201 and again.status_code == 200
    assert [row["endpoint"] for row in listed.json()["results"]] == [endpoint]
    assert listed.json()["public_key"] == vapid.public_key()
    gone = api.post(API + "unsubscribe/", {"endpoint": endpoint}, format="json")
    assert gone.status_code == 204
    assert not PushSubscription.objects.exists()


def test_each_user_sees_and_removes_only_their_own_subscriptions(api, user):
    other = UserFactory()
    theirs = Browser().subscribe(other, "https://updates.push.services.mozilla.com/wpush/v2/x")
    api.force_authenticate(user)

    assert api.get(API).json()["results"] == []
    assert api.delete(f"{API}{theirs.pk}/").status_code == 404
    assert api.post(API + "unsubscribe/", {"endpoint": theirs.endpoint},
                    format="json").status_code == 204
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_the_same_browser_signed_in_as_someone_else_moves_to_them(api, user):
    endpoint = "https://web.push.apple.com/QJ1"
    Browser().subscribe(UserFactory(), endpoint)
    api.force_authenticate(user)

    api.post(API, subscription_json(endpoint), format="json")

    assert PushSubscription.objects.get(endpoint=endpoint).user == user


@pytest.mark.parametrize(("body", "field"), [
    (subscription_json("https://push.example.net/send/1"), "endpoint"),
    (subscription_json("http://fcm.googleapis.com/fcm/send/1"), "endpoint"),
    (subscription_json("https://10.0.0.1/internal"), "endpoint"),
    (subscription_json("not a url"), "endpoint"),
    ({**subscription_json("https://fcm.googleapis.com/x"),
      "keys": {"p256dh": b64url(b"\x04" + b"1" * 64), "auth": b64url(b"a" * 16)}}, "keys"),
    ({**subscription_json("https://fcm.googleapis.com/x"),
      "keys": {"p256dh": Browser().p256dh, "auth": "short"}}, "keys"),
    ({"endpoint": "https://fcm.googleapis.com/x"}, "keys"),
    ({"endpoint": 5, "keys": Browser().keys()}, "endpoint"),
])
def test_a_subscription_that_is_not_a_push_services_is_refused(api, user, body, field):
    api.force_authenticate(user)

    response = api.post(API, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not PushSubscription.objects.exists()


def test_the_api_is_for_signed_in_users(api):
    assert api.get(API).status_code in (401, 403)
    assert api.post(API, subscription_json("https://fcm.googleapis.com/x"),
                    format="json").status_code in (401, 403)


# --- the service worker ------------------------------------------------------------------


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert "showNotification" in script and "notificationclick" in script
    assert "openWindow" in script
