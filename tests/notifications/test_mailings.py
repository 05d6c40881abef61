"""Team mailings: a segment never reaches outside the sender's downline; forbidden phrases,
the daily cap and a recipient's unsubscribe are honoured; the sender sees the counts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from landing.models import ForbiddenPhrase
from network.models import Partner, PartnerStatus
from notifications import inbox, preferences, rendering
from notifications.mailings import kinds, segments
from notifications.mailings import team as team_mailings
from notifications.mailings.models import Audience, SendingState, TeamMailing
from notifications.models import Delivery, Notification
from tests.notifications.mailing_fixtures import (
    draft,
    ids,
    reached,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def send(sender, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return team_mailings.send(sender, draft(**fields))

    return send


# --- whom it reaches --------------------------------------------------------------------


def test_the_whole_team_is_reached_and_nobody_above_or_beside(team, send, channels):
    mailing = send(team.sender)
    assert reached(mailing.source) == ids(team.ann, team.bob, team.cat, team.dan)
    mailing.refresh_from_db()
    assert mailing.state == SendingState.SENT and mailing.recipient_count == 4


def test_personally_sponsored_are_the_first_level_only(team, send, channels):
    mailing = send(team.sender, audience=Audience.SPONSORED, depth=50)
    assert reached(mailing.source) == ids(team.ann, team.dan)


def test_depth_limits_the_levels_and_a_depth_beyond_the_tree_finds_only_the_tree(
        team, send, channels):
    two_levels = send(team.sender, depth=2)
    assert reached(two_levels.source) == ids(team.ann, team.bob, team.dan)
    deepest = send(team.ann, depth=segments.MAX_DEPTH)
    assert reached(deepest.source) == ids(team.bob, team.cat)


def test_by_rank_only_the_team_members_of_that_rank(team, send, channels):
    Partner.objects.filter(pk__in=[team.bob.pk, team.olga.pk, team.leader.pk]).update(
        rank="gold")
    mailing = send(team.sender, rank="GOLD")
    assert reached(mailing.source) == ids(team.bob)


def test_by_status_and_terminated_partners_are_never_written_to(team, send, channels):
    Partner.objects.filter(pk__in=[team.cat.pk, team.oleg.pk]).update(
        status=PartnerStatus.INACTIVE)
    Partner.objects.filter(pk=team.dan.pk).update(status=PartnerStatus.TERMINATED)
    assert reached(send(team.sender, status="inactive").source) == ids(team.cat)
    assert reached(send(team.sender).source) == ids(team.ann, team.bob, team.cat)


def test_newcomers_are_the_team_members_in_their_first_90_days(team, send, channels):
    now = timezone.now()
    Partner.objects.filter(pk__in=[team.ann.pk, team.dan.pk]).update(
        joined_at=now - timedelta(days=200))
    Partner.objects.filter(pk__in=[team.bob.pk, team.cat.pk]).update(
        joined_at=now - timedelta(days=30))
    Partner.objects.filter(pk__in=[team.olga.pk, team.oleg.pk]).update(
        joined_at=now - timedelta(days=3))
    mailing = send(team.sender, audience=Audience.NEWCOMERS)
    assert reached(mailing.source) == ids(team.bob, team.cat)


def test_join_date_range(team, send, channels):
    today = timezone.localdate()
    Partner.objects.filter(pk=team.bob.pk).update(joined_at=timezone.now() - timedelta(days=40))
    mailing = send(team.sender, joined_after=today - timedelta(days=45),
                   joined_before=today - timedelta(days=35))
    assert reached(mailing.source) == ids(team.bob)


def test_chosen_ids_outside_the_downline_reach_nobody(team, send, channels):
    mailing = send(team.sender, chosen=[team.olga.pk, team.leader.pk, team.oleg.pk, team.bob.pk])
    assert reached(mailing.source) == ids(team.bob)
    with pytest.raises(team_mailings.MailingRefused) as refused:
        send(team.sender, chosen=[team.olga.pk, team.oleg.pk])
    assert refused.value.code == "no_recipients"
    assert not Notification.objects.filter(recipient=team.olga.user,
                                           kind=kinds.TEAM_MAILING).exists()


def test_the_preview_counts_what_the_mailing_reaches(team, channels):
    assert team_mailings.preview(team.sender, draft(audience=Audience.SPONSORED)) == 2
    assert team_mailings.preview(team.sender, draft(depth=2)) == 3
    assert team_mailings.preview(team.olga, draft()) == 1


# --- what is refused ----------------------------------------------------------------------


def test_a_forbidden_phrase_of_any_language_is_refused_by_name(team, send, channels):
    ForbiddenPhrase.objects.create(language="ru", phrase="гарантированный доход")
    with pytest.raises(team_mailings.MailingRefused) as refused:
        send(team.sender, text="Друзья, у нас ГАРАНТИРОВАННЫЙ   доход!")
    assert refused.value.code == "forbidden_phrase"
    assert "гарантированный доход" in refused.value.message
    assert [phrase["phrase"] for phrase in refused.value.phrases] == ["гарантированный доход"]
    assert not TeamMailing.objects.exists()
    assert not Notification.objects.filter(kind=kinds.TEAM_MAILING).exists()


def test_the_subject_is_checked_too(team, send, channels):
    ForbiddenPhrase.objects.create(language="en", phrase="get rich")
    with pytest.raises(team_mailings.MailingRefused, match="get rich"):
        send(team.sender, subject="Get rich this week")


def test_empty_and_too_long_messages_are_refused(team, send, channels):
    with pytest.raises(team_mailings.MailingRefused) as empty:
        send(team.sender, subject=" ", text="")
    assert set(empty.value.errors) == {"subject", "text"}
    with pytest.raises(team_mailings.MailingRefused) as long:
        send(team.sender, text="x" * 5001)
    assert set(long.value.errors) == {"text"}
    with pytest.raises(team_mailings.MailingRefused) as no_channel:
        send(team.sender, channels=[])
    assert set(no_channel.value.errors) == {"channels"}


def test_the_daily_cap_refuses_the_next_mailing_until_tomorrow(team, send, channels, settings):
    settings.MAILINGS_DAILY_CAP = 2
    send(team.sender)
    send(team.sender)
    with pytest.raises(team_mailings.MailingRefused) as refused:
        send(team.sender)
    assert refused.value.code == "daily_cap"
    assert TeamMailing.objects.filter(sender=team.sender).count() == 2
    # Another partner's cap is their own; yesterday's mailings do not count.
    send(team.ann)
    TeamMailing.objects.filter(sender=team.sender).update(
        created_at=timezone.now() - timedelta(days=1))
    send(team.sender)


# --- the recipients' side ---------------------------------------------------------------------


def test_an_unsubscribed_recipient_gets_nothing_on_any_channel(team, send, channels):
    preferences.save(team.ann.user, channels={kinds.TEAM_MAILING: []})
    preferences.save(team.dan.user, channels={kinds.TEAM_MAILING: ["inapp"]})
    mailing = send(team.sender, audience=Audience.SPONSORED)
    assert not inbox.shown(team.ann.user).filter(source=mailing.source).exists()
    assert not Delivery.objects.filter(notification__recipient=team.ann.user,
                                       notification__source=mailing.source).exists()
    # Dan turned email off for team mailings: in the cabinet only.
    assert inbox.shown(team.dan.user).filter(source=mailing.source).count() == 1
    assert not Delivery.objects.filter(notification__recipient=team.dan.user,
                                       notification__source=mailing.source).exists()
    assert all(message.notification.recipient_id not in (team.ann.user_id, team.dan.user_id)
               for _pk, message in channels.email.sent
               if message.notification.source == mailing.source)
    assert not [message for message in mail.outbox if team.ann.user.email in message.to]


def test_only_the_channels_the_sender_chose_are_used(team, send, channels):
    in_app_only = send(team.sender, audience=Audience.SPONSORED, channels=["inapp"])
    assert inbox.shown(team.ann.user).filter(source=in_app_only.source).exists()
    assert not Delivery.objects.filter(notification__source=in_app_only.source).exists()

    by_mail = send(team.sender, audience=Audience.SPONSORED, channels=["email"])
    assert not inbox.shown(team.ann.user).filter(source=by_mail.source).exists()
    assert set(Delivery.objects.filter(notification__source=by_mail.source).values_list(
        "channel", "status")) == {("email", "sent")}
    assert Notification.objects.filter(source=by_mail.source).count() == 2


def test_the_senders_channels_narrow_each_recipients_own_choice(team, send, channels):
    preferences.save(team.ann.user, channels={kinds.TEAM_MAILING: ["inapp", "email"]})
    mailing = send(team.sender, audience=Audience.SPONSORED, channels=["inapp", "telegram"])
    sent = set(Delivery.objects.filter(notification__source=mailing.source).values_list(
        "notification__recipient_id", "channel"))
    # Dan keeps the kind's defaults (Telegram among them); Ann chose no Telegram.
    assert sent == {(team.dan.user_id, "telegram")}
    assert len(channels.telegram.sent) == 1 and not channels.email.sent


def test_the_recipient_reads_the_text_as_written_with_the_senders_name(team, send, channels):
    mailing = send(team.sender, audience=Audience.SPONSORED, subject="Hi <team>",
                   text="Line one\n<b>not bold</b>")
    notification = inbox.shown(team.ann.user).get(source=mailing.source)
    title, body = rendering.texts(notification)
    assert title == "Sasha Sender: Hi <team>"
    assert body == "Line one\n<b>not bold</b>"
    emailed = [message for _pk, message in channels.email.sent
               if message.notification.source == mailing.source
               and message.notification.recipient_id == team.ann.user_id]
    assert emailed and emailed[0].body == body


def test_a_task_run_twice_notifies_nobody_twice(team, send, channels):
    from notifications.mailings import tasks

    mailing = send(team.sender)
    TeamMailing.objects.filter(pk=mailing.pk).update(state=SendingState.QUEUED)
    tasks.send_team_mailing(mailing.pk)
    tasks.send_team_mailing_chunk(mailing.pk, [team.ann.user_id, team.bob.user_id])
    assert Notification.objects.filter(source=mailing.source).count() == 4


# --- what the sender sees -------------------------------------------------------------------


def test_delivery_counts_per_channel(team, send, channels):
    mailing = send(team.sender, channels=["inapp", "email"])
    counts = team_mailings.counts_of(mailing)
    assert (counts.recipients, counts.notified, counts.opened, counts.failed) == (4, 4, 0, 0)
    by_channel = {count.channel: count for count in counts.channels}
    assert by_channel["inapp"].delivered == 4 and by_channel["email"].delivered == 4

    inbox.mark_read(team.ann.user, inbox.shown(team.ann.user).get(source=mailing.source).pk)
    Delivery.objects.filter(notification__source=mailing.source, channel="email",
                            notification__recipient=team.bob.user).update(
        opened_at=timezone.now())
    Delivery.objects.filter(notification__source=mailing.source, channel="email",
                            notification__recipient=team.cat.user).update(
        status=Delivery.Status.FAILED, last_error="mailbox full")
    counts = team_mailings.counts_of(mailing)
    by_channel = {count.channel: count for count in counts.channels}
    assert by_channel["inapp"].opened == 1
    assert (by_channel["email"].delivered, by_channel["email"].opened,
            by_channel["email"].failed) == (3, 1, 1)
    assert counts.opened == 1 and counts.failed == 1


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_has_a_sent_mailing_with_counts_and_an_announcement(make_partner):
    from demo import mailings as demo_mailings

    sender = make_partner(email=demo_mailings.DEMO_PARTNER_EMAIL, language="uk")
    first, second, third = (make_partner(sender) for _ in range(3))
    Partner.objects.filter(pk=third.pk).update(user=None)  # an imported partner
    mailing, announcement = demo_mailings.seed_mailings()
    assert demo_mailings.seed_mailings() == (None, None)  # a second seed adds nothing

    assert mailing.subject == demo_mailings.MAILING["uk"][0]
    counts = team_mailings.counts_of(mailing)
    by_channel = {count.channel: count for count in counts.channels}
    assert counts.recipients == counts.notified == 3
    assert by_channel["email"].failed == 1 and by_channel["email"].delivered == 2
    assert by_channel["telegram"].delivered == 2
    assert counts.opened >= 1
    third.refresh_from_db()
    assert third.user_id is not None and not third.user.has_usable_password()

    announced = Notification.objects.filter(source=announcement.source)
    assert announced.filter(recipient=sender.user).exists()
    with translation.override("uk"):
        title, _body = rendering.texts(announced.get(recipient=sender.user))
    assert title == "Зимовий каталог уже тут"
