"""The demo company's history: its catalogue priced in the demo's currencies, every month's
orders since the company began, a commission run for each month that has ended, and the
payouts partners asked for since, so every money page of the demo has figures to show.

Nothing is made up after the fact: orders are written as the shop would have sent them,
and each month is then run through the real services (`commission_runs`: started,
calculated, approved and posted; `payouts`: requested, approved, exported, paid or
returned) in the order it happened. The demo clock sets `timezone.now()` to the moment
each step would have been taken (a few days after the month ended), so runs, ledger
entries and payouts carry believable dates, and the carry-over, ranks held and balances
of one month are what the next one starts from. The current month stays open: its
orders so far feed the rank report card.

The same seed gives the same history; dates are relative to now, so the demo always
looks current.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from unittest import mock

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from compensation import commission_runs
from compensation.models import PeriodResult, PlanVersion
from demo.network import RUSSIAN, UKRAINIAN, demo_plan_rules
from network.models import Partner, PartnerStatus, TeamSnapshot
from orders.models import Order, OrderLine, OrderSource, OrderStatus, Product, ProductPrice
from wallet import payouts

MONTHS = 18  # the company's age: join dates, orders and runs span it
CURRENCIES = ("EUR", "USD", "UAH", "RUB")

# The company's catalogue: SKU, name, PV, price in EUR, USD, UAH and RUB.
CATALOGUE = (
    ("DN-START", "Starter Kit: shake, greens, tea and guide", "100", "99.00", "107.00",
     "4450.00", "9900.00"),
    ("DN-SHAKE-VAN", "Protein Shake Vanilla, 500 g", "40", "42.00", "45.00", "1890.00",
     "4200.00"),
    ("DN-SHAKE-CHO", "Protein Shake Chocolate, 500 g", "40", "42.00", "45.00", "1890.00",
     "4200.00"),
    ("DN-GREENS", "Daily Greens, 30 servings", "30", "34.50", "37.00", "1550.00", "3450.00"),
    ("DN-OMEGA3", "Omega-3 1000 mg, 90 capsules", "25", "27.90", "29.90", "1250.00",
     "2790.00"),
    ("DN-D3K2", "Vitamin D3 + K2, 60 capsules", "15", "16.90", "17.90", "760.00", "1690.00"),
    ("DN-COLLAGEN", "Marine Collagen, 300 g", "35", "38.00", "41.00", "1710.00", "3800.00"),
    ("DN-BARS", "Protein Bars, box of 12", "20", "24.00", "26.00", "1080.00", "2400.00"),
    ("DN-TEA", "Herbal Evening Tea, 20 bags", "8", "9.50", "9.90", "420.00", "950.00"),
    ("DN-ALOE", "Aloe Skin Care Set", "45", "49.00", "53.00", "2200.00", "4900.00"),
)
STARTER = "DN-START"

# One-off bonuses when a partner first reaches a rank: the demo's plan pays every kind of
# bonus the engine knows for a reference-style plan.
RANK_ADVANCEMENT = {"manager": "100", "director": "500", "executive": "2000"}

PAYOUT_MONTHS = 8  # payouts are asked for in the last months only


class _ClockType(type):
    # A plain datetime is still a datetime while the clock is set (isinstance checks in
    # django.utils.timezone).
    def __instancecheck__(cls, instance):
        return isinstance(instance, datetime)


@contextmanager
def demo_clock(moment):
    """Within it, `django.utils.timezone.now()`, and so every service's timestamp and
    every field defaulting to it, reads `moment`."""

    class Clock(datetime, metaclass=_ClockType):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)

    with mock.patch("django.utils.timezone.datetime", Clock):
        yield


def month_start(moment):
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(start):
    return (start + timedelta(days=32)).replace(day=1)


def months_since(start, now):
    """Month starts from `start`'s month up to and including now's."""
    months, month = [], month_start(start)
    while month <= now:
        months.append(month)
        month = next_month(month)
    return months


def ensure_catalogue():
    """The company's products and their prices in each of the demo's currencies; products
    already there keep what the company set."""
    products = {}
    for sku, name, pv, *prices in CATALOGUE:
        product, _created = Product.objects.get_or_create(
            sku=sku, defaults={"name": name, "pv": Decimal(pv), "bv": Decimal(pv)}
        )
        for currency, amount in zip(CURRENCIES, prices, strict=True):
            ProductPrice.objects.get_or_create(
                product=product, currency=currency, defaults={"amount": Decimal(amount)}
            )
        products[sku] = product
    return products


def _currency_of(name):
    """The currency a partner shops in, from the language of their name (the demo's names
    are Ukrainian, Russian or Latin; see demo.network.profiles)."""
    first = (name or "").split(" ")[0]
    if first in UKRAINIAN[0] or first in UKRAINIAN[1]:
        return "UAH"
    if first in RUSSIAN[0] or first in RUSSIAN[1]:
        return "RUB"
    return "EUR"


@dataclass
class History:
    orders: int = 0
    runs: list = field(default_factory=list)
    payouts: int = 0

    @property
    def bonuses(self):
        return sum((Decimal(total) for run in self.runs for total in run.totals.values()),
                   Decimal(0))


class _Shop:
    """Orders as the shop sends them: priced from the catalogue, PV from the products."""

    def __init__(self, products, prices, rng):
        self.products, self.prices, self.rng = products, prices, rng
        self.regular = [sku for sku, *_rest in CATALOGUE if sku != STARTER]
        self.orders, self.lines = [], []

    def basket(self, starter=False, generous=False):
        """[(sku, quantity)]: a starter kit, or a month's shopping of about 60 to 250 PV."""
        if starter:
            extra = self.rng.sample(self.regular, self.rng.randint(0, 1))
            return [(STARTER, 1)] + [(sku, 1) for sku in extra]
        count = self.rng.choice((1, 2, 2, 3, 3, 4)) + (1 if generous else 0)
        return [(sku, self.rng.choice((1, 1, 1, 2)) + (1 if generous else 0))
                for sku in self.rng.sample(self.regular, count)]

    def order(self, partner_id, currency, moment, status, basket):
        number = len(self.orders) + 1
        order = Order(
            external_id=f"DN-{moment:%y%m}-{number:05d}", partner_id=partner_id,
            created_at=moment,
            currency=currency, status=status, source=OrderSource.WEBHOOK,
            # Sent back within days: refunded before its month's run, so never counted.
            refunded_at=moment + timedelta(days=3) if status == OrderStatus.REFUNDED
            else None,
        )
        total = volume = Decimal(0)
        for sku, quantity in basket:
            product, price = self.products[sku], self.prices[sku, currency]
            pv = product.pv * quantity
            self.lines.append((number, OrderLine(product=product, quantity=quantity,
                                                 unit_price=price, pv=pv)))
            total += price * quantity
            volume += pv
        order.total, order.volume = total, volume
        self.orders.append(order)

    def save(self):
        Order.objects.bulk_create(self.orders, batch_size=2000)
        lines = []
        for number, line in self.lines:
            line.order = self.orders[number - 1]
            lines.append(line)
        OrderLine.objects.bulk_create(lines, batch_size=5000)
        return len(self.orders)


def _moment_in(rng, start, end, not_after):
    """A shopping time between `start` and `end` (08:00 to 22:00), never after
    `not_after`; None when the window is empty."""
    end = min(end, not_after)
    if end <= start:
        return None
    days = max(1, (end - start).days + 1)
    for _attempt in range(6):
        day = start + timedelta(days=rng.randrange(days))
        moment = day.replace(hour=rng.randint(8, 21), minute=rng.randint(0, 59),
                             second=rng.randint(0, 59))
        if start <= moment < end:
            return moment
    return start + (end - start) / 2


def write_orders(rng, products, now, keen=()):
    """Every month's orders of every partner since they joined: a starter kit on joining,
    then most months a basket; partners who went inactive stopped ordering a few months
    in. `keen` partners (the demo partner and their sponsor) order generously every
    month. The current month's orders reach until an hour ago."""
    prices = {(price.product.sku, price.currency): price.amount
              for price in ProductPrice.objects.select_related("product")}
    shop = _Shop(products, prices, rng)
    latest = now - timedelta(hours=1)
    this_month = month_start(now)
    partners = Partner.objects.filter(is_company=False).order_by("pk").values_list(
        "pk", "status", "joined_at", "display_name"
    )
    for pk, status, joined, name in partners.iterator(chunk_size=5000):
        currency = _currency_of(name)
        is_keen = pk in keen
        if status == PartnerStatus.ACTIVE:
            lasting, chance = 10_000, 0.8
        elif status == PartnerStatus.INACTIVE:
            lasting, chance = rng.randint(1, 5), 0.6
        else:
            lasting, chance = rng.randint(0, 2), 0.5
        if is_keen:
            chance = 1.0
        if rng.random() < 0.9 or is_keen:  # most start with the starter kit
            moment = joined + timedelta(minutes=rng.randint(20, 600))
            if moment <= latest:
                status_now = OrderStatus.PAID if moment >= now - timedelta(days=3) \
                    else OrderStatus.SHIPPED
                shop.order(pk, currency, moment, status_now, shop.basket(starter=True))
        for number, month in enumerate(months_since(joined, now)):
            if number == 0 or number > lasting:
                continue
            current = month == this_month
            # The current month is under way: fewer orders so far.
            elapsed = (now - month) / (next_month(month) - month) if current else 1
            for _order in range(rng.choice((1, 1, 1, 2)) if not is_keen else 2):
                if rng.random() >= chance * (max(elapsed, 0.3) if current and not is_keen
                                             else 1):
                    continue
                moment = _moment_in(rng, max(month, joined), next_month(month), latest)
                if moment is None:
                    continue
                if current:
                    age = now - moment
                    status_now = (OrderStatus.PENDING if age < timedelta(hours=20)
                                  else OrderStatus.PAID if age < timedelta(days=4)
                                  else OrderStatus.SHIPPED)
                else:
                    draw = rng.random()
                    refundable = moment + timedelta(days=3) < next_month(month)
                    status_now = (OrderStatus.CANCELLED if draw < 0.015
                                  else OrderStatus.REFUNDED if draw < 0.025 and refundable
                                  else OrderStatus.SHIPPED)
                shop.order(pk, currency, moment, status_now,
                           shop.basket(generous=is_keen))
    return shop.save()


def _step_times(period_end, now):
    """When a month's run was started, approved and posted: the first working days after
    it ended, and never later than a few minutes ago."""
    earliest, latest = period_end + timedelta(minutes=1), now - timedelta(minutes=10)

    def at(offset):
        return max(earliest, min(period_end + offset, latest))

    return (at(timedelta(days=1, hours=9)), at(timedelta(days=1, hours=13)),
            at(timedelta(days=2, hours=10)))


def run_month(period, period_end, now, operator):
    """The month's commission run through the real services, each step at its moment."""
    started, approved, posted = _step_times(period_end, now)
    with demo_clock(started):
        run = commission_runs.calculate_run(commission_runs.start_run(period, operator))
    with demo_clock(approved):
        run = commission_runs.approve_run(run, operator)
    with demo_clock(posted):
        return commission_runs.post_run(run, operator)


class _Payouts:
    """Partners asking to be paid after a posted month; the admin approving, exporting
    and marking them paid a few days later; one bank return."""

    def __init__(self, rng, now, operator, payees, returned_month):
        self.rng, self.now, self.operator = rng, now, operator
        self.payees, self.returned_month = payees, returned_month
        self.count = 0
        self.limit = min(payouts.two_approvers_above(), Decimal("1000.00"))

    def at(self, moment):
        return demo_clock(min(moment, self.now - timedelta(minutes=30)))

    def amount(self, partner, currency, share):
        available = payouts.available_balance(partner, currency)
        # What people ask for: a round sum they need, within what one operator approves.
        wanted = min(available * share, Decimal(self.rng.choice((450, 600, 750, 800, 900))),
                     self.limit).quantize(Decimal("10"), rounding=ROUND_DOWN)
        return wanted if wanted >= max(payouts.minimum(), Decimal("100")) else None

    def after(self, month_number, posted_at, last, currency):
        """The requests after the run posted at `posted_at`; in the `last` month the demo
        partner's request waits for approval (the admin approves it in the demo)."""
        asked_at = posted_at + timedelta(days=2, hours=10)
        requests = []
        for index, partner in enumerate(self.payees):
            share = Decimal("0.7") if index == 0 else Decimal("0.5")
            amount = self.amount(partner, currency, share)
            if amount is None:
                continue
            with self.at(asked_at + timedelta(hours=index * 3, minutes=self.rng.randint(0, 50))):
                requests.append(payouts.request_payout(partner, amount, currency))
            self.count += 1
        if last or not requests:
            return
        with self.at(asked_at + timedelta(days=1)):
            for request in requests:
                payouts.approve(request, self.operator)
        with self.at(asked_at + timedelta(days=1, hours=2)):
            batch = payouts.export_batch(requests, self.operator)
        with self.at(asked_at + timedelta(days=3)):
            paid = payouts.mark_batch_paid(batch, self.operator)
        if month_number == self.returned_month and paid:
            # The bank sent the demo partner's transfer back (an old account number).
            with self.at(asked_at + timedelta(days=8)):
                payouts.mark_returned(paid[0], self.operator)


def _founded(now):
    """The company's own account joined before anyone else: the network's start."""
    company = Partner.objects.filter(is_company=True).order_by("pk").first()
    first = Partner.objects.filter(is_company=False).order_by("joined_at").values_list(
        "joined_at", flat=True).first()
    if company is not None and first is not None and company.joined_at > first:
        Partner.objects.filter(pk=company.pk).update(joined_at=first - timedelta(days=14))
    start = Partner.objects.order_by("joined_at").values_list("joined_at", flat=True).first()
    return start or now


def seed_history(rules, *, seed=0, now=None, operator=None, keen=(), payees=()):
    """Publish the plan (`rules`) from the company's first month, write the catalogue and
    every month's orders, and run every month that has ended; with an `operator` (staff),
    `payees` (the demo partner first) ask for payouts in the last months. Does nothing
    when a plan version exists. Returns a History, or None."""
    if PlanVersion.objects.exists():
        return None
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rng = random.Random(f"demo-history-{seed}")
    first_month = month_start(_founded(now))
    rules = dict(rules, rank_advancement={"bonuses": dict(RANK_ADVANCEMENT)})
    PlanVersion.objects.create(
        name=rules.get("name") or "Reference plan", version=1,
        state=PlanVersion.State.PUBLISHED, rules=rules, effective_from=first_month.date(),
        published_at=first_month,
    )
    history = History()
    history.orders = write_orders(rng, ensure_catalogue(), now, keen=set(keen))
    periods = months_since(first_month, now)[:-1]  # the current month stays open
    currency = rules.get("currency") or "EUR"
    first_payout_month = len(periods) - PAYOUT_MONTHS
    payout_desk = _Payouts(rng, now, operator, list(payees), len(periods) - 3)
    for number, month in enumerate(periods):
        run = run_month(f"{month:%Y-%m}", next_month(month), now, operator)
        history.runs.append(run)
        if operator is not None and payees and number >= first_payout_month:
            payout_desk.after(number, run.posted_at, number == len(periods) - 1, currency)
    history.payouts = payout_desk.count
    if history.runs:
        hold_ranks(history.runs[-1])
    return history


def hold_ranks(run):
    """Each partner's rank is the highest they reached by the last posted run (the
    engine's figure), so the tree, the lists and the overview say what the runs paid."""
    reached = PeriodResult.objects.filter(run=run, partner=OuterRef("pk")).values(
        "highest_rank")[:1]
    Partner.objects.update(rank=Coalesce(Subquery(reached), Value("member")))


def seed_compensation(seed=0, now=None, operator=None, partner=None):
    """The reference plan published (with the demo's rank names), the catalogue, every
    month's orders since the company began and a posted commission run for each month
    that has ended (see seed_history). With an `operator`, the demo `partner`, their
    sponsor and a few leaders ask for payouts, which the operator handles. Does nothing
    when a plan version exists; returns the demo_history.History or None."""
    keen, payees = [], []
    if partner is not None:
        keen = [partner.pk] + ([partner.sponsor_id] if partner.sponsor_id else [])
        leaders = list(TeamSnapshot.objects.filter(
            partner__is_company=False, partner__status=PartnerStatus.ACTIVE,
        ).exclude(partner_id__in=keen).order_by("-team_size", "partner_id").values_list(
            "partner_id", flat=True)[:3])
        order = [*keen, *leaders]
        payees = sorted(Partner.objects.filter(pk__in=order, is_company=False),
                        key=lambda payee: order.index(payee.pk))
    return seed_history(demo_plan_rules(), seed=seed, now=now,
                                     operator=operator, keen=keen, payees=payees)
