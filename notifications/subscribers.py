"""Who is told what when something happens elsewhere: the receivers of the other apps'
domain events, and the kinds of notification they write.

The other apps only announce facts (network's `partner_enrolled`, landing's `lead_created`,
compensation's `run_posted`, wallet's `payout_paid`, learning's `course_completed`…); this
module alone decides who hears of them: the sponsor when someone joins their team, the
landing's partner on a new lead, the partner on their own money, rank, page review and
courses, and the sponsor again on a newcomer's first order, first goal, finished course or
new rank. Every notification carries a dedupe key naming the fact, so an event that arrives
twice (a retried task, a signal sent again) tells each person once: the database holds it.

Receivers of events sent inside a transaction (enrolment, orders, tree changes) write their
notifications in it, so a rolled-back change tells nobody; the mail and the other channels
go out only after it commits (`services.notify`). Texts are stored as parameters and
rendered in the recipient's language when shown or sent: amounts in the language's own
way, rank names from the plan.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency
from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from compensation import signals as compensation_signals
from compensation.ranks import rank_label
from landing import signals as landing_signals
from landing.models import ReviewDecision
from learning import signals as learning_signals
from network import signals as network_signals
from network.models import Partner, TreeChange
from notifications import kinds, rendering, services, tasks
from orders import queries as order_queries
from orders import signals as order_signals
from orders.models import OrderStatus
from wallet import signals as wallet_signals

# Where timely news goes by default: wherever the partner can be reached at once.
EVERYWHERE = ("inapp", "email", "telegram", "push")
IN_APP_AND_EMAIL = ("inapp", "email")
IN_APP_AND_PHONE = ("inapp", "telegram", "push")
# A run's bonus notifications are written by tasks of this many partners each.
BONUS_CHUNK = 500

TEAM_MEMBER_JOINED = "team_member_joined"
TEAM_CHANGE = "team_change"
TEAM_FIRST_ORDER = "team_first_order"
TEAM_RANK_REACHED = "team_rank_reached"
TEAM_COURSE_COMPLETED = "team_course_completed"
TEAM_FIRST_GOAL = "team_first_goal"
LEAD_CREATED = "lead_created"
ORDER_PAID = "order_paid"
ORDER_REFUNDED = "order_refunded"
LANDING_APPROVED = "landing_approved"
LANDING_REJECTED = "landing_rejected"
BONUS_POSTED = "bonus_posted"
PAYOUT_PAID = "payout_paid"
PAYOUT_FAILED = "payout_failed"
PAYOUT_RETURNED = "payout_returned"
RANK_REACHED = "rank_reached"
COURSE_COMPLETED = "course_completed"


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _money(amount, currency):
    """An amount written the active language's way (1 234,50 € / €1,234.50)."""
    try:
        number = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}".strip()
    locale = translation.to_locale(translation.get_language() or "en")
    try:
        return format_currency(number, str(currency).upper(), locale=locale)
    except (UnknownLocaleError, ValueError):
        return f"{number} {currency}".strip()


def _month(period):
    """A period "2026-10" as the active language names the month ("October 2026")."""
    try:
        year, month = (int(part) for part in period.split("-"))
        moment = date(year, month, 1)
    except ValueError:
        return period
    locale = translation.to_locale(translation.get_language() or "en")
    try:
        return format_date(moment, format="LLLL y", locale=locale)
    except (UnknownLocaleError, ValueError):
        return period


def shown_params(params):
    """The parameters as the active language shows them: amounts formatted, periods as
    months, rank codes named by the plan, a tree change's kind by its label."""
    shown = dict(params or {})
    if "amount" in shown and "currency" in shown:
        shown["amount"] = _money(shown["amount"], shown["currency"])
    if isinstance(shown.get("period"), str):
        shown["period"] = _month(shown["period"])
    if shown.get("rank"):
        shown["rank"] = rank_label(shown["rank"])
    if shown.get("change") in TreeChange.Kind.values:
        shown["kind"] = TreeChange.Kind(shown["change"]).label
    return shown


def render(notification):
    """(title, body) of a kind registered here, in the active language."""
    kind = kinds.get(notification.kind)
    params = _Blank(shown_params(notification.params))
    texts = []
    for text in (kind.title, kind.body):
        try:
            texts.append(str(text) % params if text else "")
        except (TypeError, ValueError):
            texts.append(str(text))
    return texts[0], texts[1]


def _kind(key, label, title, body="", category="team", channels=IN_APP_AND_EMAIL,
          required=False):
    return kinds.Kind(key=key, label=label, title=title, body=body, category=category,
                      channels=channels, required=required, render=render)


KINDS = (
    _kind(TEAM_MEMBER_JOINED, _("Someone joins your team"), _("%(name)s joined your team"),
          _("%(name)s signed up with your link. Say hello and help with the first steps."),
          channels=EVERYWHERE),
    _kind(TEAM_CHANGE, _("Changes in your team made by the back office"),
          _("A change in your team: %(name)s"),
          _("Our back office made a change in your team: %(kind)s for %(partner)s.")),
    _kind(TEAM_FIRST_ORDER, _("A team member's first order"),
          _("%(name)s made their first order"),
          _("A good moment to congratulate them."), category="sales",
          channels=IN_APP_AND_PHONE),
    _kind(TEAM_RANK_REACHED, _("A team member reaches a new rank"),
          _("%(name)s reached %(rank)s"), _("Congratulate them on their new rank.")),
    _kind(TEAM_COURSE_COMPLETED, _("A newcomer finishes a course"),
          _("Your newcomer %(name)s finished “%(course)s”"),
          _("Talk with them about what comes next."), category="learning",
          channels=IN_APP_AND_PHONE),
    _kind(TEAM_FIRST_GOAL, _("A newcomer reaches their first goal"),
          _("%(name)s reached their first goal"),
          _("Their first 90 days are off to a good start: tell them so."),
          category="learning", channels=IN_APP_AND_PHONE),
    _kind(LEAD_CREATED, _("A new lead from your page"),
          _("A new lead from your page: %(name)s"),
          _("Contact them soon: a quick answer is the best start."), category="sales",
          channels=EVERYWHERE),
    _kind(ORDER_PAID, _("Your order is paid"), _("Your order %(number)s is paid"),
          _("Its volume counts towards this period: %(volume)s PV."), category="sales",
          channels=("inapp",)),
    _kind(ORDER_REFUNDED, _("Your order is refunded"), _("Your order %(number)s is refunded"),
          _("Its volume no longer counts; bonuses it earned are taken back."),
          category="money"),
    _kind(LANDING_APPROVED, _("Your page passed review"),
          _("Your page is published: %(title)s"),
          _("Your page has been reviewed and is now published."), category="sales"),
    _kind(LANDING_REJECTED, _("Your page did not pass review"),
          _("Your page was not published: %(title)s"),
          _("Change the page in your cabinet and publish it again."), category="sales"),
    _kind(BONUS_POSTED, _("Bonuses paid into your wallet"),
          _("You earned %(amount)s for %(period)s"),
          _("Your bonuses for %(period)s are in your wallet."), category="money",
          channels=EVERYWHERE),
    _kind(PAYOUT_PAID, _("A payout is paid"), _("Your payout of %(amount)s is paid"),
          _("The bank has sent the money to your account."), category="money",
          channels=EVERYWHERE, required=True),
    _kind(PAYOUT_FAILED, _("A payout failed"), _("Your payout of %(amount)s failed"),
          _("The bank could not pay it; the money is back in your wallet. Check your "
            "payment details."), category="money", channels=IN_APP_AND_EMAIL, required=True),
    _kind(PAYOUT_RETURNED, _("A payout came back"), _("Your payout of %(amount)s came back"),
          _("The bank returned it; the money is back in your wallet. Check your payment "
            "details."), category="money", channels=IN_APP_AND_EMAIL, required=True),
    _kind(RANK_REACHED, _("You reach a new rank"),
          _("Congratulations: you reached %(rank)s"),
          _("Your new title is yours to keep. See what the next rank needs."),
          channels=EVERYWHERE),
    _kind(COURSE_COMPLETED, _("You finish a course"), _("You finished “%(course)s”"),
          _("Your certificate is ready in your cabinet."), category="learning"),
)


# --- helpers ---------------------------------------------------------------------------


def _user(partner):
    return partner.user if partner is not None and partner.user_id else None


def _sponsor_user(partner):
    """The user of the partner's sponsor, or None (the root, or a sponsor without account)."""
    if partner.sponsor_id is None:
        return None
    sponsor = Partner.objects.filter(pk=partner.sponsor_id).select_related("user").first()
    return _user(sponsor)


def _path(user, name, *args):
    """The cabinet address `name` in the user's language ("" when it is not routed)."""
    with translation.override(rendering.language_of(user)):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return ""


def _tell(user, kind_key, dedupe_key, url_name="", url_args=(), **params):
    if user is None:
        return None
    return services.notify(user, kind_key, params=params, dedupe_key=dedupe_key,
                           url=_path(user, url_name, *url_args) if url_name else "",
                           source=f"event:{kind_key}")


def _one_line(text):
    return " ".join((text or "").split())


# --- receivers -------------------------------------------------------------------------


def partner_joined(sender, partner, **kwargs):
    """The sponsor hears of a newcomer who signs up under them; one held for staff review
    only once staff approve (partner_placed)."""
    if partner.held_for_review:
        return
    _tell(_sponsor_user(partner), TEAM_MEMBER_JOINED, f"{TEAM_MEMBER_JOINED}:{partner.pk}",
          "cabinet:mentees", name=partner.name, code=partner.referral_code)


def team_changed(sender, partner, change, **kwargs):
    """The sponsors whose team a staff change touched: the old and the new sponsor of a
    sponsor change, the partner's sponsor of a placement change."""
    if change.kind == TreeChange.Kind.SPONSOR:
        sponsor_ids = [(change.before or {}).get("sponsor"), (change.after or {}).get("sponsor")]
    else:
        sponsor_ids = [partner.sponsor_id]
    sponsors = Partner.objects.filter(pk__in=[pk for pk in sponsor_ids if pk]) \
        .select_related("user").order_by("pk")
    for sponsor in sponsors:
        _tell(_user(sponsor), TEAM_CHANGE, f"{TEAM_CHANGE}:{change.pk}", "cabinet:team_list",
              name=partner.name, partner=partner.name, change=change.kind,
              reason=change.reason)


def lead_created(sender, lead, **kwargs):
    partner = lead.partner
    _tell(_user(partner), LEAD_CREATED, f"{LEAD_CREATED}:{lead.pk}", "cabinet:lead_detail",
          (lead.pk,),
          # One line: a name with line breaks (a crafted post) is no valid mail subject.
          name=_one_line(lead.name), email=lead.email, phone=lead.phone,
          message=lead.message, landing=lead.landing.title,
          received_at=lead.created_at.isoformat())


def _order_params(order):
    return {"number": order.external_id or str(order.pk), "volume": str(order.volume),
            "amount": str(order.total), "currency": order.currency}


def _is_first_order(order):
    return not order_queries.own_orders(order.partner_id).exclude(pk=order.pk).filter(
        status__in=[OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.REFUNDED]
    ).exists()


def order_paid(sender, order, **kwargs):
    """The partner's own order paid; their sponsor hears of the partner's first one."""
    partner = Partner.objects.select_related("user").get(pk=order.partner_id)
    _tell(_user(partner), ORDER_PAID, f"{ORDER_PAID}:{order.pk}", "cabinet:order_detail",
          (order.pk,), **_order_params(order))
    if _is_first_order(order):
        _tell(_sponsor_user(partner), TEAM_FIRST_ORDER, f"{TEAM_FIRST_ORDER}:{partner.pk}",
              "cabinet:orders", name=partner.name, **_order_params(order))


def order_refunded(sender, order, **kwargs):
    partner = Partner.objects.select_related("user").get(pk=order.partner_id)
    _tell(_user(partner), ORDER_REFUNDED, f"{ORDER_REFUNDED}:{order.pk}",
          "cabinet:order_detail", (order.pk,), **_order_params(order))


def landing_reviewed(sender, landing, review, **kwargs):
    approved = review.decision == ReviewDecision.APPROVED
    key = LANDING_APPROVED if approved else LANDING_REJECTED
    _tell(_user(landing.partner), key, f"landing_review:{review.pk}", "cabinet:landing_editor",
          (landing.pk,), title=_one_line(review.title), comment=review.comment,
          phrases=list(review.phrases or []))


def run_posted(sender, run, bonuses, currency, **kwargs):
    """Each partner the run paid hears how much, written by tasks of BONUS_CHUNK partners
    (a run may pay a million partners; the posting must not wait for their mail)."""
    totals = sorted(
        (partner_id, str(sum(amounts.values(), Decimal(0))))
        for partner_id, amounts in bonuses.items() if sum(amounts.values(), Decimal(0)) > 0
    )
    for start in range(0, len(totals), BONUS_CHUNK):
        tasks.enqueue(notify_bonuses, run.pk, run.period, currency,
                      totals[start:start + BONUS_CHUNK])


@shared_task(acks_late=True, ignore_result=True)
def notify_bonuses(run_id, period, currency, totals):
    """Tells each of `totals` ([partner id, amount]) what run `run_id` paid them (once per
    run: the dedupe key names it)."""
    user_of = dict(Partner.objects.filter(pk__in=[pk for pk, _amount in totals],
                                          user__isnull=False).values_list("pk", "user_id"))
    users = get_user_model().objects.in_bulk(list(user_of.values()))
    with transaction.atomic():
        for partner_id, amount in totals:
            _tell(users.get(user_of.get(partner_id)), BONUS_POSTED,
                  f"{BONUS_POSTED}:{run_id}", "cabinet:earnings",
                  amount=amount, currency=currency, period=period)


def _payout(kind_key):
    def receive(sender, request, **kwargs):
        partner = Partner.objects.select_related("user").get(pk=request.partner_id)
        _tell(_user(partner), kind_key, f"{kind_key}:{request.pk}", "cabinet:wallet",
              amount=str(request.amount), currency=request.currency, request=request.pk)
    receive.__name__ = kind_key
    return receive


payout_paid, payout_failed, payout_returned = (
    _payout(PAYOUT_PAID), _payout(PAYOUT_FAILED), _payout(PAYOUT_RETURNED))


def rank_reached(sender, partner, rank, run, **kwargs):
    """The partner reaches a title once; their sponsor hears of it too."""
    _tell(_user(partner), RANK_REACHED, f"{RANK_REACHED}:{rank}", "cabinet:rank", rank=rank,
          period=run.period)
    _tell(_sponsor_user(partner), TEAM_RANK_REACHED, f"{TEAM_RANK_REACHED}:{partner.pk}:{rank}",
          "cabinet:team_list", name=partner.name, rank=rank, period=run.period)


def course_completed(sender, partner, course, completion, **kwargs):
    title = completion.course_title
    _tell(_user(partner), COURSE_COMPLETED, f"{COURSE_COMPLETED}:{completion.course_key}",
          "cabinet:learning", course=title)
    _tell(_sponsor_user(partner), TEAM_COURSE_COMPLETED,
          f"{TEAM_COURSE_COMPLETED}:{partner.pk}:{completion.course_key}", "cabinet:mentees",
          name=partner.name, course=title)


def journey_task_done(sender, partner, task_key, first_goal=False, **kwargs):
    if first_goal:
        _tell(_sponsor_user(partner), TEAM_FIRST_GOAL, f"{TEAM_FIRST_GOAL}:{partner.pk}",
              "cabinet:mentees", name=partner.name, task=task_key)


RECEIVERS = (
    (network_signals.partner_enrolled, partner_joined),
    (network_signals.partner_placed, partner_joined),
    (network_signals.tree_changed, team_changed),
    (landing_signals.lead_created, lead_created),
    (landing_signals.landing_approved, landing_reviewed),
    (landing_signals.landing_rejected, landing_reviewed),
    (order_signals.order_paid, order_paid),
    (order_signals.order_refunded, order_refunded),
    (compensation_signals.run_posted, run_posted),
    (compensation_signals.rank_reached, rank_reached),
    (wallet_signals.payout_paid, payout_paid),
    (wallet_signals.payout_failed, payout_failed),
    (wallet_signals.payout_returned, payout_returned),
    (learning_signals.course_completed, course_completed),
    (learning_signals.journey_task_done, journey_task_done),
)


def connect():
    """Registers the kinds and connects the receivers (notifications' AppConfig.ready)."""
    for kind in KINDS:
        kinds.register(kind)
    for number, (signal, receiver) in enumerate(RECEIVERS):
        signal.connect(receiver,
                       dispatch_uid=f"notifications.subscribers.{number}.{receiver.__name__}")
