"""Each domain event tells the right people, once, in their language, through the real
path of the event: a sign-up under a sponsor, a lead from a landing, an order paid and
refunded, the reference example's run posted, a payout paid and returned, a newcomer's
first goal and finished course."""

import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from compensation import commission_runs
from compensation.models import PlanVersion
from landing import leads
from landing.models import Landing, LandingState
from learning import progress, quizzes
from network import services as network_services
from network.models import Partner
from network.partners_import import import_partners
from notifications import preferences, rendering, subscribers
from notifications.models import Delivery, Notification
from orders import services as order_services
from orders.imports import import_orders
from orders.models import OrderStatus
from tests.compensation.helpers import EXAMPLE, REFERENCE
from tests.factories import UserFactory
from tests.learning.helpers import build_course, passing_answers
from tests.learning.journey_helpers import build_plan
from tests.notifications.mail_helpers import mails_to
from wallet import ledger, payouts

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def texts_of(notification):
    with translation.override(rendering.language_of(notification.recipient)):
        return rendering.texts(notification)


def greeting(language, name):
    with translation.override(language):
        return gettext("Hello %(name)s,") % {"name": name}


@pytest.fixture
def sponsor(make_partner):
    return make_partner(email="marta@example.com", first_name="Marta", last_name="Sponsor",
                        language="uk")


# --- the team ---------------------------------------------------------------------------


def test_a_sign_up_under_a_sponsor_tells_the_sponsor_in_their_language(
    sponsor, make_partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = make_partner(sponsor, email="olena@example.com", first_name="Olena",
                                last_name="Koval", language="en")

    [told] = Notification.objects.filter(recipient=sponsor.user)
    assert told.kind == subscribers.TEAM_MEMBER_JOINED
    assert told.url == "/uk/cabinet/team/newcomers/"
    assert "Olena Koval" in texts_of(told)[0]
    assert kinds_of(newcomer.user) == []  # the newcomer is not told of themselves
    [message] = mails_to("marta@example.com")
    assert "Olena Koval" in message.subject
    assert greeting("uk", "Marta Sponsor") in message.body


def test_a_sign_up_rolled_back_tells_nobody(sponsor, make_partner,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            make_partner(sponsor)
            raise RuntimeError("the sign-up fails afterwards")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_held_sign_up_is_told_once_staff_approve_it(sponsor, staff,
                                                      django_capture_on_commit_callbacks):
    held = network_services.enrol(UserFactory(), sponsor, hold_reason="Many sign-ups")
    assert kinds_of(sponsor.user) == []
    with django_capture_on_commit_callbacks(execute=True):
        network_services.decide_review(held.review, approve=True, staff_user=staff)
    assert kinds_of(sponsor.user) == [subscribers.TEAM_MEMBER_JOINED]


def test_the_same_event_twice_tells_once(sponsor, make_partner):
    newcomer = make_partner(sponsor)
    subscribers.partner_joined(sender=Partner, partner=newcomer)
    assert kinds_of(sponsor.user) == [subscribers.TEAM_MEMBER_JOINED]


# --- sales ------------------------------------------------------------------------------


def test_a_new_lead_tells_the_landings_partner(sponsor, django_capture_on_commit_callbacks):
    landing = Landing.objects.create(partner=sponsor, language="uk", title="Моя сторінка",
                                     state=LandingState.PUBLISHED, body=[])
    request = RequestFactory().post("/uk/")
    details = {"name": "Ivan\r\nPetrenko", "email": "ivan@example.com", "phone": "",
               "message": "Передзвоніть", "consent": True}
    with django_capture_on_commit_callbacks(execute=True):
        lead, created = leads.create_lead(request, landing, details, "I agree")

    [told] = Notification.objects.filter(recipient=sponsor.user)
    assert told.kind == subscribers.LEAD_CREATED
    assert told.url == f"/uk/cabinet/leads/{lead.pk}/"
    assert told.params["name"] == "Ivan Petrenko"
    [message] = mails_to("marta@example.com")
    assert "Ivan Petrenko" in message.subject
    assert "ivan@example.com" in message.body and "Передзвоніть" in message.body


def test_orders_tell_their_partner_and_the_first_one_the_sponsor(
    sponsor, make_partner, catalogue, django_capture_on_commit_callbacks
):
    newcomer = make_partner(sponsor, email="olena@example.com", language="en")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        first = order_services.create_order(newcomer, [{"sku": "SHAKE", "quantity": 2}],
                                            "USD", status=OrderStatus.PAID)
        second = order_services.create_order(newcomer, [{"sku": "BAR", "quantity": 1}], "USD")
        order_services.set_status(second, OrderStatus.PAID)

    assert kinds_of(newcomer.user) == [subscribers.ORDER_PAID, subscribers.ORDER_PAID]
    assert kinds_of(sponsor.user) == [subscribers.TEAM_FIRST_ORDER]  # the first only
    paid = Notification.objects.get(recipient=newcomer.user, params__number=str(first.pk))
    assert texts_of(paid) == (f"Your order {first.pk} is paid",
                              "Its volume counts towards this period: 51.00 PV.")
    assert mails_to("olena@example.com") == []  # a paid order is shown in the cabinet only

    with django_capture_on_commit_callbacks(execute=True):
        order_services.set_status(first, OrderStatus.REFUNDED)
    assert subscribers.ORDER_REFUNDED in kinds_of(newcomer.user)
    [refund_mail] = mails_to("olena@example.com")
    assert refund_mail.subject == f"Your order {first.pk} is refunded"


# --- money ------------------------------------------------------------------------------


@pytest.fixture
def reference_run(db):
    """The reference example calculated and approved for October 2026, not yet posted;
    P00600000 (Ukrainian), P00600002 (Russian) and P00600006 (English) have accounts."""
    import_partners(io.StringIO((EXAMPLE / "partners.csv").read_text()),
                    recompute_snapshots=False)
    import_orders(io.StringIO((EXAMPLE / "orders.csv").read_text()))
    PlanVersion.objects.create(
        name="Reference", version=1, state=PlanVersion.State.PUBLISHED,
        rules=json.loads((REFERENCE / "plan.json").read_text()), effective_from="2026-01-01",
    )
    users = {}
    for external_id, language in (("P00600000", "uk"), ("P00600002", "ru"),
                                  ("P00600006", "en")):
        users[external_id] = UserFactory(email=f"{external_id.lower()}@example.com",
                                         language=language)
        Partner.objects.filter(external_id=external_id).update(user=users[external_id])
    run = commission_runs.calculate_run(commission_runs.start_run("2026-10"))
    commission_runs.approve_run(run, None)
    return run, users


def test_posting_a_run_tells_each_partner_their_bonus_and_new_rank(
    reference_run, django_capture_on_commit_callbacks
):
    run, users = reference_run
    with django_capture_on_commit_callbacks(execute=True):
        commission_runs.post_run(run)

    top, middle, six = users["P00600000"], users["P00600002"], users["P00600006"]
    # P00600000 rose to manager; three they sponsored (8, 9, 12) rose to consultant.
    assert kinds_of(top) == [subscribers.BONUS_POSTED, subscribers.RANK_REACHED,
                             *[subscribers.TEAM_RANK_REACHED] * 3]
    # P00600006 rose to consultant, and so did P00600007 whom they sponsored.
    assert kinds_of(six) == [subscribers.BONUS_POSTED, subscribers.RANK_REACHED,
                             subscribers.TEAM_RANK_REACHED]
    # P00600002 earned nothing and stays a member; their partners 4 and 6 rose.
    assert kinds_of(middle) == [subscribers.TEAM_RANK_REACHED] * 2

    bonus = Notification.objects.get(recipient=top, kind=subscribers.BONUS_POSTED)
    assert Decimal(bonus.params["amount"]) == Decimal("323.20")
    with translation.override("uk"):
        assert "323,20" in texts_of(bonus)[0]
    assert Decimal(Notification.objects.get(recipient=six, kind=subscribers.BONUS_POSTED)
                   .params["amount"]) == Decimal("10.05")
    assert texts_of(Notification.objects.get(recipient=six, kind=subscribers.RANK_REACHED))[0] \
        == "Congratulations: you reached Consultant"
    assert texts_of(Notification.objects.get(recipient=top, kind=subscribers.RANK_REACHED))[0] \
        .endswith("Менеджер")
    for team in Notification.objects.filter(recipient=middle):
        assert texts_of(team)[0].endswith("Консультант")  # the rank named in Russian
    assert [message.to for message in mails_to("p00600000@example.com")]  # mailed too

    with django_capture_on_commit_callbacks(execute=True):
        commission_runs.post_run(run)  # posting again tells nobody again
    assert Notification.objects.filter(recipient__in=users.values()).count() == 10


@pytest.fixture
def paid_payout(make_partner, staff):
    partner = make_partner(email="pavlo@example.com", language="ru")
    ledger.post_bonus(partner, Decimal("200.00"), "EUR", "test-bonus:payout")
    request = payouts.request_payout(partner, "120.50", "EUR")
    request = payouts.approve(request, staff)
    payouts.export_batch([request], staff)
    return partner, request


def test_payouts_are_told_even_to_someone_who_turned_their_email_off(
    paid_payout, staff, django_capture_on_commit_callbacks
):
    partner, request = paid_payout
    preferences.save(partner.user, channels={subscribers.PAYOUT_PAID: ["inapp"]})
    with django_capture_on_commit_callbacks(execute=True):
        payouts.mark_paid(request, staff)
        payouts.mark_paid(request, staff)  # entered twice: told once
    assert kinds_of(partner.user) == [subscribers.PAYOUT_PAID]
    [paid_mail] = mails_to("pavlo@example.com")
    assert "120,50" in paid_mail.subject  # the Russian way
    assert "List-Unsubscribe" not in paid_mail.extra_headers

    with django_capture_on_commit_callbacks(execute=True):
        payouts.mark_returned(request, staff)
    assert kinds_of(partner.user) == [subscribers.PAYOUT_PAID, subscribers.PAYOUT_RETURNED]
    assert len(mails_to("pavlo@example.com")) == 2
    assert Delivery.objects.filter(notification__recipient=partner.user, channel="email",
                                   status=Delivery.Status.SENT).count() == 2


# --- learning ---------------------------------------------------------------------------


def test_a_finished_course_and_the_first_goal_tell_the_newcomer_and_their_sponsor(
    home, sponsor, make_partner, catalogue, django_capture_on_commit_callbacks
):
    course = build_course(home)
    build_plan(course)
    _course, _stages, (read, quiz, customer) = course
    newcomer = make_partner(sponsor, email="olena@example.com", first_name="Olena",
                            last_name="Koval", language="en")
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        progress.complete_lesson(newcomer, progress.open_lesson(newcomer, read.pk))
        opened = progress.open_lesson(newcomer, quiz.pk)
        quizzes.submit_attempt(newcomer, opened, passing_answers(quiz), attempt=1)
        progress.complete_lesson(newcomer, progress.open_lesson(newcomer, customer.pk))
    [finished] = Notification.objects.filter(recipient=newcomer.user)
    assert texts_of(finished)[0] == "You finished “Start in 7 days”"
    [word] = Notification.objects.filter(recipient=sponsor.user)
    assert word.kind == subscribers.TEAM_COURSE_COMPLETED
    assert word.params == {"name": "Olena Koval", "course": "Start in 7 days"}

    # The plan's first goal is the first order: the sponsor hears of it once.
    with django_capture_on_commit_callbacks(execute=True):
        order_services.create_order(newcomer, [{"sku": "BAR", "quantity": 1}], "USD",
                                    status=OrderStatus.PAID)
        order_services.create_order(newcomer, [{"sku": "BAR", "quantity": 1}], "USD",
                                    status=OrderStatus.PAID)
    assert kinds_of(sponsor.user) == [subscribers.TEAM_COURSE_COMPLETED,
                                      subscribers.TEAM_FIRST_GOAL, subscribers.TEAM_FIRST_ORDER]
    goal = Notification.objects.get(recipient=sponsor.user, kind=subscribers.TEAM_FIRST_GOAL)
    assert "Olena Koval" in texts_of(goal)[0]
