"""The demo network: a realistic tree of partners for the demo site and the benchmarks.

`generate()` builds the trees in memory and yields partners.csv rows (the import's own
format); `build_network()` writes them through the bulk import (COPY on PostgreSQL), then
gives the partners names and phones, recomputes the team snapshots and sets ranks, each
in bulk. The trees are the same for the same seed.

The shape follows how networks grow:
- sponsoring is preferential (who already recruits, recruits more), with a few leaders
  who recruit far more: most partners sponsor nobody or one or two, a few sponsor
  hundreds;
- a new partner is placed below their sponsor by the sponsor's habit: most use the weaker
  leg (the leg with fewer partners by the last nightly snapshot, an empty leg first),
  some always the extreme left or right; either way at the outer edge of that leg;
- a few deep legs: chains where each partner sponsors the next, placed at the extreme
  left, so one leg can be 100,000 levels deep;
- join dates spread over the company's 18 months, with the network growing faster lately;
  statuses mostly active, some inactive (more among the older), a few terminated.
"""

import csv
import json
import math
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from compensation.engine.plan import REFERENCE_PLAN_FILE
from network import services, snapshots
from network.models import Partner, PartnerStatus, TeamSnapshot
from network.partners_import import analyze, import_partners

PREFIX = "demo-"
HISTORY_DAYS = 540  # about 18 months: the company's age (see demo_history.MONTHS)
GROWTH = 2.0  # the last day sees e^GROWTH times the sign-ups of the first
FOUNDERS = 20  # the company itself sponsors only its first few leaders
LEADER_SHARE = 0.003  # partners who recruit far more than the rest
LEADER_PULL = 60
DEEP_LEG_PULL = 0.05  # chance a deep-leg partner also recruits beside the chain
POLICIES = ("weaker_leg",) * 8 + ("extreme_left", "extreme_right")
SNAPSHOT_GROWTH = 1.3  # leg sizes are refreshed each time the network grows by this factor


@dataclass(frozen=True, slots=True)
class DemoRow:
    id: str
    sponsor_id: str
    placement_parent_id: str
    placement_leg: str
    joined_at: str
    status: str

    def as_csv(self):
        return [self.id, self.sponsor_id, self.placement_parent_id, self.placement_leg,
                self.joined_at, self.status]


def default_deep_legs(count):
    """A few deep legs in proportion to the network: 3,000 partners get 150 and 60."""
    return tuple(length for length in (count // 20, count // 50) if length >= 5)


class _PlacementTree:
    """The binary placement tree in plain lists, indexed by position of arrival."""

    def __init__(self):
        self.parent, self.left, self.right = [], [], []
        self.edge_hint = {"L": [], "R": []}  # a node further down the same leg's edge
        self.sizes = []  # subtree sizes at the last refresh ("last night's snapshot")
        self.recent = {}  # node -> [left, right] placed under it by itself since then
        self.refresh_at = 64

    def add(self, parent, leg):
        node = len(self.parent)
        self.parent.append(parent)
        self.left.append(-1)
        self.right.append(-1)
        self.edge_hint["L"].append(-1)
        self.edge_hint["R"].append(-1)
        if parent >= 0:
            children = self.left if leg == "L" else self.right
            assert children[parent] < 0, "slot taken"
            children[parent] = node
        if node + 1 >= self.refresh_at:
            self.refresh_sizes()
        return node

    def refresh_sizes(self):
        sizes = [1] * len(self.parent)
        parent = self.parent
        for node in range(len(sizes) - 1, 0, -1):
            above = parent[node]
            if above >= 0:
                sizes[above] += sizes[node]
        self.sizes = sizes
        self.recent = {}
        self.refresh_at = int(len(sizes) * SNAPSHOT_GROWTH) + 64

    def outer_edge(self, node, leg):
        """The last node down the chain of `leg` children from `node`."""
        children = self.left if leg == "L" else self.right
        hint = self.edge_hint[leg]
        walked = []
        while True:
            below = hint[node]
            if below < 0:
                below = children[node]
                if below < 0:
                    break
            walked.append(node)
            node = below
        for passed in walked:  # the edge only grows at its bottom: remember it
            hint[passed] = node
        return node

    def leg_size(self, child):
        return self.sizes[child] if 0 <= child < len(self.sizes) else 0

    def choose_slot(self, anchor, policy):
        if policy == "extreme_left":
            return self.outer_edge(anchor, "L"), "L"
        if policy == "extreme_right":
            return self.outer_edge(anchor, "R"), "R"
        if self.left[anchor] < 0:
            leg = "L"
        elif self.right[anchor] < 0:
            leg = "R"
        else:
            recent = self.recent.setdefault(anchor, [0, 0])
            left = self.leg_size(self.left[anchor]) + recent[0]
            right = self.leg_size(self.right[anchor]) + recent[1]
            leg = "R" if right < left else "L"
            recent[0 if leg == "L" else 1] += 1
        return self.outer_edge(anchor, leg), leg


def _join_times(rng, count, now):
    """`count` sorted join times over the last HISTORY_DAYS, denser towards now."""
    span = HISTORY_DAYS * 86400
    start = int(now.timestamp()) - span
    scale = math.expm1(GROWTH)
    fractions = sorted(math.log1p(rng.random() * scale) / GROWTH for _ in range(count))
    return [start + int(fraction * span) for fraction in fractions]


class _TimeFormat:
    """ISO 8601 UTC text for epoch seconds, the date part cached per day."""

    def __init__(self):
        self.days = {}

    def __call__(self, seconds):
        day, rest = divmod(seconds, 86400)
        prefix = self.days.get(day)
        if prefix is None:
            prefix = self.days[day] = datetime.fromtimestamp(day * 86400, UTC).strftime(
                "%Y-%m-%d"
            )
        hours, rest = divmod(rest, 3600)
        return f"{prefix}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}Z"


def _status(rng, age):
    """Mostly active; the longer ago someone joined, the likelier they went quiet."""
    draw = rng.random()
    if draw < 0.03:
        return PartnerStatus.TERMINATED.value
    if draw < 0.03 + 0.05 + 0.25 * age:
        return PartnerStatus.INACTIVE.value
    return PartnerStatus.ACTIVE.value


def generate(count, *, seed=0, deep_legs=None, existing=None, root="ROOT",
             include_root=False, now=None, prefix=PREFIX, deep_leg_ends=None):
    """Yield `count` new partners as DemoRow, parents always before their children.

    `existing` lists the placed partners already in the network as (ref, index of the
    placement parent or -1, leg), parents first, the root first; without it the network
    is just `root` (yielded as a row too with `include_root`, for an empty database).
    `deep_legs` are the lengths of the deep chains (default: `default_deep_legs`); once
    the rows are all read, `deep_leg_ends` (a list) receives (first id, last id, length)
    of each.
    """
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    deep_legs = default_deep_legs(count) if deep_legs is None else tuple(deep_legs)
    founders = min(FOUNDERS, max(1, count // 50))
    if sum(deep_legs) > count - founders:
        raise ValueError("the deep legs need more partners than the network has")
    times = _join_times(rng, count, now)
    iso = _TimeFormat()
    if existing is None:
        existing = [(root, -1, "")]
        if include_root:
            yield DemoRow(root, "", "", "", iso(times[0] - 86400 if times else 0), "active")
    tree = _PlacementTree()
    refs = []
    for ref, parent, leg in existing:
        refs.append(ref)
        tree.add(parent, leg)
    root_node = 0
    first_new = len(refs)
    habit = bytearray(first_new)  # index into POLICIES, per partner
    sponsor_pool = []  # a partner appears once per unit of pull: preferential sponsoring
    chains = [[length, -1, -1] for length in deep_legs]  # [still to come, last, first]
    chain_left = sum(deep_legs)
    span = max(1, times[-1] - times[0]) if times else 1

    for number in range(count):
        node = first_new + number
        ref = f"{prefix}{number + 1}"
        refs.append(ref)
        habit.append(rng.randrange(len(POLICIES)))
        remaining = count - number
        chain = None
        if number >= founders and chain_left and rng.random() * remaining < chain_left:
            pick = rng.random() * chain_left
            for candidate in chains:
                pick -= candidate[0]
                if pick < 0 and candidate[0]:
                    chain = candidate
                    break
            else:
                chain = next(candidate for candidate in chains if candidate[0])
        if number < founders:
            sponsor = root_node
        elif chain is not None and chain[1] >= 0:
            sponsor = chain[1]
        else:
            sponsor = rng.choice(sponsor_pool)
        if chain is not None and chain[1] >= 0:
            parent, leg = tree.outer_edge(sponsor, "L"), "L"
        else:
            parent, leg = tree.choose_slot(sponsor, POLICIES[habit[sponsor]])
        placed = tree.add(parent, leg)
        assert placed == node

        if chain is not None:
            chain[0] -= 1
            chain[1] = node
            if chain[2] < 0:
                chain[2] = node
            chain_left -= 1
            status = PartnerStatus.ACTIVE.value  # a living chain keeps its partners active
            pull = 1 if rng.random() < DEEP_LEG_PULL else 0
        else:
            status = _status(rng, 1 - (times[number] - times[0]) / span)
            pull = LEADER_PULL if rng.random() < LEADER_SHARE else 1
        if sponsor != root_node:
            sponsor_pool.append(sponsor)
        sponsor_pool.extend([node] * pull)
        yield DemoRow(ref, refs[sponsor], refs[parent], leg, iso(times[number]), status)
    if deep_leg_ends is not None:
        deep_leg_ends.extend(
            (refs[first], refs[last], length)
            for (_left, last, first), length in zip(chains, deep_legs, strict=True)
            if first >= 0
        )


# --- names -------------------------------------------------------------------------------

LATIN = (
    ("James", "Michael", "David", "Daniel", "Lucas", "Marco", "Thomas", "Peter", "Adam",
     "Jan", "Tomasz", "Luca", "Paul", "Leon", "Oliver", "Max", "Mateo", "Jakub"),
    ("Anna", "Maria", "Emma", "Laura", "Sofia", "Julia", "Sarah", "Eva", "Olivia",
     "Natalie", "Clara", "Elena", "Martina", "Kate", "Lisa", "Monika", "Zofia", "Lena"),
    ("Smith", "Johnson", "Brown", "Miller", "Wilson", "Nowak", "Rossi", "Moreau",
     "Bianchi", "Müller", "Schmidt", "Fischer", "Horvat", "Garcia", "Martin", "Jensen",
     "Dubois", "Jansen", "Weber", "Ricci"),
)
RUSSIAN = (
    ("Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Максим", "Иван", "Михаил",
     "Николай", "Владимир", "Павел", "Артём", "Евгений", "Игорь", "Роман", "Кирилл"),
    ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Екатерина", "Ирина",
     "Светлана", "Юлия", "Анастасия", "Марина", "Дарья", "Ксения", "Вера", "Алина"),
    # the feminine form adds "а"
    ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
     "Морозов", "Петров", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов",
     "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Никитин"),
)
UKRAINIAN = (
    ("Олександр", "Андрій", "Дмитро", "Сергій", "Володимир", "Максим", "Іван", "Михайло",
     "Богдан", "Тарас", "Юрій", "Олег", "Василь", "Назар", "Остап", "Ярослав"),
    ("Олена", "Оксана", "Наталія", "Ірина", "Тетяна", "Юлія", "Марія", "Анна", "Катерина",
     "Світлана", "Софія", "Христина", "Ганна", "Леся", "Соломія", "Дарина"),
    ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук",
     "Поліщук", "Мельник", "Бойко", "Ковальчук", "Савченко", "Руденко", "Мороз", "Лисенко",
     "Марченко", "Гончаренко", "Кравчук", "Литвиненко", "Павленко", "Петренко", "Гнатюк"),
)
UA_OPERATORS = ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")


def _digits(rng, count):
    return "".join(str(rng.randrange(10)) for _ in range(count))


def profiles(count, seed=0):
    """`count` (display name, phone) pairs, Ukrainian, Russian and Latin; some without phone."""
    rng = random.Random(f"demo-profiles-{seed}")
    for _number in range(count):
        draw = rng.random()
        female = rng.random() < 0.55
        if draw < 0.45:
            men, women, surnames = UKRAINIAN
            surname = rng.choice(surnames)
            phone = f"+380 {rng.choice(UA_OPERATORS)} {_digits(rng, 3)} {_digits(rng, 2)} " \
                    f"{_digits(rng, 2)}"
        elif draw < 0.8:
            men, women, surnames = RUSSIAN
            surname = rng.choice(surnames) + ("а" if female else "")
            phone = f"+7 9{_digits(rng, 2)} {_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}"
        else:
            men, women, surnames = LATIN
            surname = rng.choice(surnames)
            phone = f"+{rng.choice(('48', '49', '39', '420'))} {_digits(rng, 3)} " \
                    f"{_digits(rng, 3)} {_digits(rng, 3)}"
        first = rng.choice(women if female else men)
        yield f"{first} {surname}", phone if rng.random() < 0.4 else ""


# --- writing it --------------------------------------------------------------------------


@dataclass
class NetworkBuild:
    partners: int
    root: Partner
    seconds: dict = field(default_factory=dict)
    deep_legs: list = field(default_factory=list)  # (first id, last id, length)


def existing_tree():
    """The placed partners already in the network, parents first, for `generate()`."""
    rows = Partner.objects.filter(placement_depth__isnull=False).order_by(
        "placement_depth", "pk"
    ).values_list("pk", "external_id", "referral_code", "placement_parent_id", "placement_leg")
    index, tree = {}, []
    for pk, external_id, code, parent_id, leg in rows.iterator(chunk_size=10000):
        index[pk] = len(tree)
        tree.append((external_id or code, index.get(parent_id, -1), leg or ""))
    return tree


def build_network(count, *, seed=0, deep_legs=None, root_name="", now=None, log=None):
    """Add `count` demo partners below the network root (created if missing), in bulk.

    Each step commits on its own unless the caller holds a transaction (seed_demo does),
    so the import's time includes its commit. Returns a NetworkBuild with the seconds
    each step took.
    """
    say = log or (lambda message: None)
    seconds = {}
    root = services.network_root() or services.create_root(display_name=root_name)
    existing = existing_tree()
    started = time.perf_counter()
    deep_leg_ends = []
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(
            ["id", "sponsor_id", "placement_parent_id", "placement_leg", "joined_at", "status"]
        )
        for row in generate(count, seed=seed, deep_legs=deep_legs, existing=existing,
                            now=now, deep_leg_ends=deep_leg_ends):
            writer.writerow(row.as_csv())
        del existing
        stream.seek(0)
        seconds["generate"] = time.perf_counter() - started
        say(f"generated {count} partners in {seconds['generate']:.1f} s")
        started = time.perf_counter()
        imported = import_partners(stream, "demo-partners.csv", recompute_snapshots=False)
        seconds["import"] = time.perf_counter() - started
        say(f"imported {imported} partners in {seconds['import']:.1f} s "
            f"({imported / max(seconds['import'], 1e-9):,.0f} rows/s)")
    analyze()
    started = time.perf_counter()
    snapshots.recompute()
    seconds["snapshots"] = time.perf_counter() - started
    say(f"team snapshots in {seconds['snapshots']:.1f} s")
    started = time.perf_counter()
    write_profiles(count, seed)
    analyze()
    seconds["profiles"] = time.perf_counter() - started
    say(f"names, phones and ranks in {seconds['profiles']:.1f} s")
    return NetworkBuild(imported, root, seconds, deep_leg_ends)


# Ranks of the reference plan, from the team figures (demo only: the real ranks come
# from the compensation engine's volumes).
RANK_RULES = (
    ("executive", 2000, 10),
    ("director", 300, 5),
    ("manager", 30, 3),
    ("consultant", 1, 1),
)


def write_profiles(count, seed=0, prefix=PREFIX):
    """Names and phones for the demo partners, and a rank by team for the active ones
    who built a team; one UPDATE from a temporary table (each row is rewritten once).
    Needs the team snapshots."""
    table, snapshot = Partner._meta.db_table, TeamSnapshot._meta.db_table
    records = (
        (f"{prefix}{number}", name, phone)
        for number, (name, phone) in enumerate(profiles(count, seed), start=1)
    )
    ranks = " ".join(
        f"WHEN s.team_size >= {team} AND s.personally_sponsored >= {own} THEN '{rank}'"
        for rank, team, own in RANK_RULES
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE demo_profile (external_id varchar(64) PRIMARY KEY, "
            "display_name varchar(120) NOT NULL, phone varchar(32) NOT NULL)"
        )
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                "COPY demo_profile (external_id, display_name, phone) FROM STDIN"
            ) as copy:
                for record in records:
                    copy.write_row(record)
        else:
            cursor.executemany(
                "INSERT INTO demo_profile (external_id, display_name, phone) VALUES (%s, %s, %s)",
                list(records),
            )
        cursor.execute(
            f"UPDATE {table} SET display_name = t.display_name, phone = t.phone, "
            f"rank = CASE WHEN {table}.status = %s AND s.personally_sponsored >= 1 "
            f"THEN CASE {ranks} END ELSE {table}.rank END "
            f"FROM demo_profile t, {snapshot} s "
            f"WHERE t.external_id = {table}.external_id AND s.partner_id = {table}.id",
            [PartnerStatus.ACTIVE.value],
        )
        cursor.execute("DROP TABLE demo_profile")


DEMO_SOURCES = [("instagram", 5), ("telegram", 4), ("facebook", 2), ("youtube", 1), ("", 3)]


def time_on(day, rng, now):
    """A time of day (07:00 to 22:59) on `day` for a demo visit, never later than half an
    hour ago: what a visitor did today happened before the demo was seeded."""
    moment = day.replace(hour=rng.randint(7, 22), minute=rng.randint(0, 59))
    latest = now - timedelta(minutes=30)
    if moment > latest:
        moment = latest - timedelta(minutes=rng.randint(0, 240))
    return moment


def newcomers_of(partner):
    """The partner's recruits with no one sponsored or placed below them: the demo may date
    their joining within the last month without anyone joining before their sponsor."""
    return Partner.objects.filter(sponsor=partner, sponsored__isnull=True,
                                  placed__isnull=True).distinct()


def seed_referral_visits(partner, *, days=30, seed=0, now=None):
    """A month of referral visits for the demo partner, some turned into sign-ups, so the
    cabinet's statistics have something to show. Does nothing when visits exist."""
    from network.models import ReferralVisit

    if ReferralVisit.objects.filter(partner=partner).exists():
        return 0
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    sources = [name for name, weight in DEMO_SOURCES for _ in range(weight)]
    visits = []
    for day in range(days):
        moment = now - timedelta(days=days - 1 - day)
        for _ in range(rng.randint(2, 9) + day // 6):
            source = rng.choice(sources)
            visits.append(ReferralVisit(
                partner=partner,
                visited_at=time_on(moment, rng, now),
                visitor_id=f"{rng.getrandbits(64):016x}",
                utm_source=source, utm_medium="social" if source else "",
                utm_campaign="autumn" if source else "",
                landing=f"/ru/r/{partner.referral_code.lower()}/",
            ))
    created = ReferralVisit.objects.bulk_create(visits)
    # The partner's most recent recruits joined through some of those visits: recruits
    # with no one below them, so nobody in the team joined before their own sponsor.
    recruits = list(
        newcomers_of(partner).order_by("-joined_at", "pk")[:6]
    )
    for index, recruit in enumerate(recruits):
        visit = created[-1 - index * 7]
        Partner.objects.filter(pk=recruit.pk).update(
            joined_at=visit.visited_at + timedelta(minutes=12)
        )
        ReferralVisit.objects.filter(pk=visit.pk).update(converted=recruit)
    return len(created)


REFERENCE_PLAN = REFERENCE_PLAN_FILE

# The demo's copy of the reference plan names its ranks in the site's languages, the way
# an operator would in the plan version (see ranks.py); the reference file stays as is.
DEMO_RANK_NAMES = {
    "member": {"en": "Member", "ru": "Участник", "uk": "Учасник"},
    "consultant": {"en": "Consultant", "ru": "Консультант", "uk": "Консультант"},
    "manager": {"en": "Manager", "ru": "Менеджер", "uk": "Менеджер"},
    "director": {"en": "Director", "ru": "Директор", "uk": "Директор"},
    "executive": {"en": "Executive", "ru": "Исполнительный директор",
                  "uk": "Виконавчий директор"},
}


def demo_plan_rules():
    """The reference plan's rules with the demo's rank names."""
    rules = json.loads(REFERENCE_PLAN.read_text())
    for rank in rules["ranks"]:
        if rank["code"] in DEMO_RANK_NAMES:
            rank["name"] = dict(DEMO_RANK_NAMES[rank["code"]])
    return rules
