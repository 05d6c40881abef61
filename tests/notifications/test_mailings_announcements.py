"""Company announcements: each partner reads it in their language, a segment narrows who
gets it, it is sent once, and staff send it from the Wagtail admin."""

import pytest
from django.urls import reverse
from django.utils import translation

from network.models import Partner, PartnerStatus
from notifications import kinds, preferences, rendering
from notifications.mailings import announcements, fanout, tasks
from notifications.mailings.kinds import ANNOUNCEMENT
from notifications.mailings.models import Announcement, SendingState
from notifications.models import Delivery, Notification
from tests.factories import UserFactory
from tests.helpers import operator_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(make_partner):
    return {
        "en": make_partner(language="en", first_name="Emma"),
        "ru": make_partner(language="ru", first_name="Иван"),
        "uk": make_partner(language="uk", first_name="Олена"),
    }


def announcement(**fields):
    values = {"title_en": "New catalogue", "body_en": "Forty new products.",
              "title_ru": "Новый каталог", "body_ru": "Сорок новинок.",
              "title_uk": "Новий каталог", "body_uk": "Сорок новинок.",
              "url": "/en/news/catalogue/"}
    values.update(fields)
    return Announcement.objects.create(**values)


@pytest.fixture
def send(django_capture_on_commit_callbacks, channels):
    def send(item):
        with django_capture_on_commit_callbacks(execute=True):
            return announcements.send(item)

    return send


def read_as_recipient(notification):
    with translation.override(rendering.language_of(notification.recipient)):
        return rendering.texts(notification)


def test_the_kind_is_registered_for_preferences():
    kind = kinds.get(ANNOUNCEMENT)
    assert kind is not None and "inapp" in kind.channels


def test_each_partner_reads_it_in_their_own_language(readers, send, network_root):
    company_user = UserFactory()
    Partner.objects.filter(pk=network_root.pk).update(user=company_user)
    item = announcement()
    assert send(item)
    notifications = {n.recipient.language: n for n in Notification.objects.filter(
        source=item.source).select_related("recipient")}
    assert set(notifications) == {"en", "ru", "uk"}
    assert read_as_recipient(notifications["en"]) == ("New catalogue", "Forty new products.")
    assert read_as_recipient(notifications["ru"]) == ("Новый каталог", "Сорок новинок.")
    assert read_as_recipient(notifications["uk"])[0] == "Новий каталог"
    assert notifications["uk"].url == "/en/news/catalogue/"
    # The company's own account is not written to.
    assert not Notification.objects.filter(recipient=company_user, source=item.source).exists()
    item.refresh_from_db()
    assert item.state == SendingState.SENT and item.recipient_count == 3


def test_a_missing_translation_falls_back_to_english(readers, send):
    item = announcement(title_uk="", body_uk="")
    send(item)
    notification = Notification.objects.get(source=item.source,
                                            recipient=readers["uk"].user)
    assert read_as_recipient(notification) == ("New catalogue", "Forty new products.")


def test_a_segment_by_language_rank_and_status(readers, send, make_partner):
    gold = make_partner(language="uk")
    Partner.objects.filter(pk__in=[gold.pk, readers["ru"].pk]).update(rank="gold")
    Partner.objects.filter(pk=readers["en"].pk).update(status=PartnerStatus.INACTIVE)
    by_language = announcement(language="uk")
    send(by_language)
    assert set(Notification.objects.filter(source=by_language.source)
               .values_list("recipient_id", flat=True)) == {readers["uk"].user_id,
                                                             gold.user_id}
    by_rank = announcement(rank="Gold")
    send(by_rank)
    assert set(Notification.objects.filter(source=by_rank.source)
               .values_list("recipient_id", flat=True)) == {readers["ru"].user_id,
                                                             gold.user_id}
    by_status = announcement(status="inactive")
    assert announcements.recipient_count(by_status) == 1
    send(by_status)
    assert list(Notification.objects.filter(source=by_status.source)
                .values_list("recipient_id", flat=True)) == [readers["en"].user_id]


def test_it_is_sent_once_however_often_it_is_asked(readers, send):
    item = announcement()
    assert send(item) is True
    assert send(item) is False
    Announcement.objects.filter(pk=item.pk).update(state=SendingState.QUEUED)
    tasks.send_announcement(item.pk)  # a task run twice
    assert Notification.objects.filter(source=item.source).count() == 3


def test_preferences_decide_in_app_and_the_other_channels(readers, send, channels):
    preferences.save(readers["ru"].user, channels={ANNOUNCEMENT: []})
    preferences.save(readers["uk"].user, channels={ANNOUNCEMENT: ["email"]})
    item = announcement()
    send(item)
    shown = set(Notification.objects.filter(source=item.source, in_app=True)
                .values_list("recipient_id", flat=True))
    assert shown == {readers["en"].user_id}
    emailed = set(Delivery.objects.filter(notification__source=item.source, channel="email")
                  .values_list("notification__recipient_id", flat=True))
    assert emailed == {readers["en"].user_id, readers["uk"].user_id}


def test_the_set_based_fan_out_writes_what_notify_many_writes(readers, channels,
                                                              django_capture_on_commit_callbacks):
    """PostgreSQL writes announcements with INSERT … SELECT; the rows are notify_many's."""
    if not fanout.set_based():
        pytest.skip("the set-based fan-out is PostgreSQL's")
    preferences.save(readers["ru"].user, channels={ANNOUNCEMENT: ["email"]})
    item = announcement()
    ranges = []
    with django_capture_on_commit_callbacks(execute=True):
        written = fanout.announce(item, ANNOUNCEMENT, url=item.url,
                                  on_range=lambda *counts: ranges.append(counts))
    assert written == 3 and ranges == [(3, 3)]
    rows = {n.recipient_id: n for n in Notification.objects.filter(source=item.source)}
    assert rows[readers["ru"].user_id].in_app is False
    assert rows[readers["en"].user_id].in_app is True
    assert rows[readers["en"].user_id].params == {"announcement": item.pk}
    assert Delivery.objects.filter(notification__source=item.source, channel="email").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert fanout.announce(item, ANNOUNCEMENT) == 0


def test_staff_send_it_from_the_admin(readers, django_capture_on_commit_callbacks, channels):
    client, admin = operator_client()
    item = announcement()
    index = client.get(reverse(Announcement.snippet_viewset.get_url_name("list")))
    assert index.status_code == 200 and "New catalogue" in index.content.decode()
    url = reverse(Announcement.snippet_viewset.get_url_name("send"), args=[item.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "3 partners" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert Notification.objects.filter(source=item.source).count() == 3
    item.refresh_from_db()
    assert item.sent_by == admin


def test_the_admin_form_refuses_a_link_off_the_site(db):
    client, _admin = operator_client()
    response = client.post(reverse(Announcement.snippet_viewset.get_url_name("add")), {
        "title_en": "Hi", "body_en": "Text", "url": "https://evil.example/",
    })
    assert response.status_code == 200 and not Announcement.objects.exists()
