"""The sponsor's mentor view: each partner they personally sponsored who is in their first
90 days, with their day, progress in the plan and the courses, whether they reached the
first goal, their last activity and the contacts to reach them, the stuck ones (no
progress for three days) first. And the sponsor's own welcome to the newcomers they bring.

One query over the sponsor's newcomers on the roster (their Learner rows, which carry
their sponsor and joining time: roster.py, and the counters progress.py and journey.py
keep as things happen), ordered (stuck first) and cut to a page by the database with
the counts over all of them (window aggregates), the page's rows then joined to their
partners and users, so a sponsor with thousands of newcomers costs no more queries, and
not much more time, than one with a few; the plan and the courses come from their
caches.
"""

import functools
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import fragments
from landing.blocks import video_embed_url
from network.models import Partner

from . import courses, journey
from .models import Audience, Learner, SponsorWelcome
from .progress import LearningError

STUCK_DAYS = 3
WELCOME_MAX_CHARS = SponsorWelcome._meta.get_field("text").max_length


class WelcomeInvalid(LearningError):
    status = 400

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.errors = errors or {}


# --- contacts ---------------------------------------------------------------------------


def _digits(number):
    return re.sub(r"\D", "", number or "")


def contact_links(partner):
    """[{"kind", "label", "value", "href"}] for the ways the partner can be reached; each
    link is built from digits or a checked user name only, never from the raw text."""
    links = []
    email = partner.user.email if partner.user_id else ""
    if email:
        links.append({"kind": "email", "label": _("Email"), "value": email,
                      "href": f"mailto:{quote(email, safe='@.+')}"})
    phone = _digits(partner.phone)
    if phone:
        plus = "+" if partner.phone.strip().startswith("+") else ""
        links.append({"kind": "phone", "label": _("Phone"), "value": partner.phone,
                      "href": f"tel:{plus}{phone}"})
    telegram = (partner.telegram or "").strip().lstrip("@")
    if re.fullmatch(r"[A-Za-z0-9_]{5,32}", telegram):
        links.append({"kind": "telegram", "label": "Telegram", "value": f"@{telegram}",
                      "href": f"https://t.me/{telegram}"})
    whatsapp = _digits(partner.whatsapp)
    if whatsapp:
        links.append({"kind": "whatsapp", "label": "WhatsApp", "value": partner.whatsapp,
                      "href": f"https://wa.me/{whatsapp}"})
    viber = _digits(partner.viber)
    if viber:
        links.append({"kind": "viber", "label": "Viber", "value": partner.viber,
                      "href": f"viber://chat?number=%2B{viber}"})
    return links


# --- the newcomers ----------------------------------------------------------------------


@dataclass
class Mentee:
    id: int
    name: str
    email: str
    phone: str
    contacts: list
    joined_at: object
    day: int
    tasks_done: int
    tasks_total: int
    lessons_done: int
    lessons_total: int
    first_goal_reached: bool
    first_goal_at: object
    last_activity_at: object
    stuck: bool

    @property
    def plan_percent(self):
        return min(100, int(100 * self.tasks_done / self.tasks_total)) if self.tasks_total else 0

    @property
    def courses_percent(self):
        if not self.lessons_total:
            return 0
        return min(100, int(100 * self.lessons_done / self.lessons_total))


PAGE_SIZE = 50
# Stuck first, then by day (the newest first), then by id: the order of the page, of its
# page links and of the API's cursor. The stuck flag is worked out in SQL (see
# `newcomers`), so a page is one ordered read with LIMIT whatever the sponsor's numbers.
ORDERING = ("-stuck", "-joined_at", "pk")


def _stuck_since(now):
    return now - timedelta(days=STUCK_DAYS)


def _in_window(sponsor, now):
    """The sponsor's personally sponsored partners who joined within the plan's days."""
    since = now - timedelta(days=journey.PLAN_DAYS)
    return Partner.objects.filter(sponsor=sponsor, joined_at__gte=since).exclude(pk=sponsor.pk)


NEWCOMER_FIELDS = (
    "id", "display_name", "external_id", "referral_code", "joined_at", "phone", "telegram",
    "whatsapp", "viber", "user__email", "user__first_name", "user__last_name",
    "learner__tasks_done", "learner__lessons_done", "learner__first_goal_at",
    "learner__last_activity_at")


def newcomers(sponsor, now=None):
    """The sponsor's newcomers as a queryset, each with `last_active` (their last step in
    learning or the plan, else when they joined) and `stuck` (1 when that is older than
    STUCK_DAYS, else 0), ready to be ordered by ORDERING and sliced in SQL."""
    now = now or timezone.now()
    last_active = Coalesce(F("learner__last_activity_at"), F("joined_at"))
    return (
        _in_window(sponsor, now)
        .select_related("user", "learner")
        .only(*NEWCOMER_FIELDS)
        .annotate(last_active=last_active)
        .annotate(stuck=Case(When(last_active__lt=_stuck_since(now), then=Value(1)),
                             default=Value(0), output_field=IntegerField()))
    )


@dataclass(frozen=True)
class Summary:
    newcomers: int = 0
    stuck: int = 0
    first_goal_reached: int = 0


def summary(sponsor, now=None):
    """How many newcomers the sponsor has, how many are stuck and how many reached the
    first goal: one aggregate query."""
    now = now or timezone.now()
    stuck = Q(learner__last_activity_at__lt=_stuck_since(now)) | Q(
        learner__last_activity_at__isnull=True, joined_at__lt=_stuck_since(now))
    figures = _in_window(sponsor, now).aggregate(
        newcomers=Count("pk"),
        stuck=Count("pk", filter=stuck),
        first_goal_reached=Count("pk", filter=Q(learner__first_goal_at__isnull=False)),
    )
    return Summary(**{name: value or 0 for name, value in figures.items()})


def newcomer_lessons_total(language, partner=None, now=None):
    """Lessons in the mandatory courses every newcomer is offered (for everyone or for
    newcomers), in `language`: what the courses' progress is measured against."""
    total = 0
    for outline in courses.courses_for(partner, language, now=now) if partner else []:
        if outline.mandatory and outline.audience in (Audience.EVERYONE, Audience.NEWCOMERS):
            total += len(outline.lessons)
    return total


def _learner(partner):
    try:
        return partner.learner
    except Partner.learner.RelatedObjectDoesNotExist:
        return None


def _mentee(partner, now, tasks_total, lessons_total):
    learner = _learner(partner)
    last = getattr(partner, "last_active", None) or _last_active(partner)
    stuck = getattr(partner, "stuck", None)
    return Mentee(
        id=partner.pk, name=partner.name,
        email=partner.user.email if partner.user_id else "", phone=partner.phone,
        contacts=contact_links(partner), joined_at=partner.joined_at,
        day=journey.day_of(partner, now),
        tasks_done=learner.tasks_done if learner else 0, tasks_total=tasks_total,
        lessons_done=learner.lessons_done if learner else 0, lessons_total=lessons_total,
        first_goal_reached=bool(learner and learner.first_goal_at),
        first_goal_at=learner.first_goal_at if learner else None,
        last_activity_at=last,
        stuck=bool(stuck) if stuck is not None else last < _stuck_since(now),
    )


def _totals(language, sample, now):
    """The plan's tasks and the newcomers' mandatory lessons in `language`: from the
    cached outlines, the same for every newcomer of a page."""
    plan = journey.plan_outline(language)
    tasks_total = len(plan.tasks) if plan else 0
    lessons_total = newcomer_lessons_total(language, sample, now) if sample else 0
    return tasks_total, lessons_total


def as_mentees(partners, now=None, language=None):
    """Rows of `newcomers()` (a page of them) as Mentees, in the same order."""
    now = now or timezone.now()
    partners = list(partners)
    if not partners:
        return []
    tasks_total, lessons_total = _totals(language or journey.default_language(),
                                         partners[0], now)
    return [_mentee(partner, now, tasks_total, lessons_total) for partner in partners]


def mentees(sponsor, now=None, language=None):
    """All the sponsor's personally sponsored partners in their first 90 days: the stuck
    ones first, then by their day (the newest first). Ordered by the database; the pages
    use `page_of`."""
    now = now or timezone.now()
    return as_mentees(newcomers(sponsor, now).order_by(*ORDERING), now, language)


@dataclass
class MenteesPage:
    """One page of the mentor view: its Mentees, the Django page (numbers and links) and
    the summary the page counts come from."""

    mentees: list
    page: object
    summary: Summary

    @property
    def fingerprint(self):
        """What the drawn list of Mentees depends on (core.fragments): the cabinet caches
        the list's HTML under it."""
        return fragments.fingerprint([fragments.fields_of(mentee) for mentee in self.mentees])


# More pages than any sponsor has: a larger number is read as this one (past the end, so
# the last page), not handed to the database as an offset beyond its integers.
MAX_PAGE = 1_000_000


def _page_number(number):
    """A page number as Paginator.get_page reads it: not a number gives the first page."""
    try:
        return min(max(1, int(number)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _loaded(model, names):
    """(model, its columns in the model's own order, as from_db takes them, and what
    turns each column's database value into the field's value (datetimes on SQLite), as
    the ORM's compiler would)."""
    fields = [field for field in model._meta.concrete_fields if field.attname in names]
    converters = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        converters.append((col, connection.ops.get_db_converters(col)
                           + field.get_db_converters(connection)))
    return model, [field.attname for field in fields], converters


_User = Partner._meta.get_field("user").related_model
# The page's columns, read with the choice: (model, its table's alias, its columns).
_PAGE_COLUMNS = (
    (Partner, "p", {"id", "display_name", "external_id", "referral_code", "joined_at",
                    "phone", "telegram", "whatsapp", "viber", "user_id"}),
    (_User, "u", {"id", "email", "first_name", "last_name"}),
    (Learner, "c", {"partner_id", "tasks_done", "lessons_done", "first_goal_at",
                    "last_activity_at"}),
)


@functools.cache
def _page_columns():
    """[(alias, _loaded(…))] of _PAGE_COLUMNS: worked out once per process, not per page
    (the database, and so its converters, stays the same)."""
    return [(alias, _loaded(model, names)) for model, alias, names in _PAGE_COLUMNS]


def _instance(model, columns, converters, values):
    """A model instance from its columns' database values (only those loaded)."""
    converted = []
    for value, (col, found) in zip(values, converters, strict=True):
        for converter in found:
            value = converter(value, col, connection)
        converted.append(value)
    return model.from_db(connection.alias, columns, converted)


def _read(sponsor, now, limit, offset=0, after=None, backwards=False):
    """([rows], the Summary over all the sponsor's newcomers), or ([], None) when no row
    is left, in one query: the newcomers chosen in ORDERING (or, `backwards`, in its
    reverse) from the roster (their Learner rows, one range of learner_roster_idx:
    learning/roster.py) with the counts over all of them (window aggregates, worked out
    before the page is cut), from `offset` or strictly after the position `after`
    ((stuck, joined_at, id): the API's cursor), then the chosen rows' partners and users
    joined. The rows are Partners with their `user` and `learner` loaded and `stuck` (1
    or 0) set, built from the row without the ORM's query compiler: this is the mentor
    view's hottest read, whose window expressions took the ORM longer to compile than the
    database to run."""
    partners, learners = Partner._meta.db_table, Learner._meta.db_table
    users = _User._meta.db_table
    loaded = _page_columns()
    last_active = "COALESCE(l.last_activity_at, l.joined_at)"
    stuck = f"CASE WHEN {last_active} < %s THEN 1 ELSE 0 END"
    since = connection.ops.adapt_datetimefield_value(_stuck_since(now))
    joined_since = connection.ops.adapt_datetimefield_value(
        now - timedelta(days=journey.PLAN_DAYS))
    learner_columns = ", ".join(f"l.{column}" for alias, (_m, names, _c) in loaded
                                if alias == "c" for column in names)
    columns = ", ".join(f"{alias}.{column}" for alias, (_model, names, _c) in loaded
                        for column in names)
    # ORDERING is stuck first, the newest first, then by id; backwards, all reversed.
    down, up = ("ASC", "DESC") if backwards else ("DESC", "ASC")
    order = f"stuck {down}, joined {down}, partner_id {up}"
    where, params = "1 = 1", []
    if after is not None:
        below, above = (">", "<") if backwards else ("<", ">")
        where = (f"(stuck {below} %s OR (stuck = %s AND joined {below} %s) OR "
                 f"(stuck = %s AND joined = %s AND partner_id {above} %s))")
        position, moment, pk = after
        moment = connection.ops.adapt_datetimefield_value(moment)
        params = [position, position, moment, position, moment, pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH every AS ("
            f"SELECT {learner_columns}, l.joined_at AS joined, {stuck} AS stuck, "
            f"COUNT(*) OVER () AS every, SUM({stuck}) OVER () AS stuck_count, "
            f"COUNT(l.first_goal_at) OVER () AS reached "
            f"FROM {learners} l "
            f"WHERE l.sponsor_id = %s AND l.joined_at >= %s AND l.partner_id <> %s), "
            f"c AS (SELECT * FROM every WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s) "
            f"SELECT c.stuck, c.every, c.stuck_count, c.reached, {columns} "
            f"FROM c JOIN {partners} p ON p.id = c.partner_id "
            f"LEFT JOIN {users} u ON u.id = p.user_id "
            f"ORDER BY {order.replace('stuck', 'c.stuck').replace('joined', 'c.joined')}",
            [since, since, sponsor.pk, joined_since, sponsor.pk, *params, limit, offset])
        fetched = cursor.fetchall()
    if not fetched:
        return [], None
    rows = []
    for values in fetched:
        place, instances = 4, []
        for _alias, (model, names, converters) in loaded:
            part = values[place:place + len(names)]
            place += len(names)
            present = any(value is not None for value in part)
            instances.append(_instance(model, names, converters, part) if present else None)
        partner, user, learner = instances
        partner._state.fields_cache["user"] = user
        partner._state.fields_cache["learner"] = learner
        partner.stuck = int(values[0])
        rows.append(partner)
    _stuck, every_count, stuck_count, reached_count = fetched[0][:4]
    return rows, Summary(newcomers=int(every_count), stuck=int(stuck_count or 0),
                         first_goal_reached=int(reached_count))


def _page_rows(sponsor, now, number, per_page):
    """The page `number`'s rows and the Summary (([], None) past the end): `_read`."""
    return _read(sponsor, now, per_page, offset=(number - 1) * per_page)


def rows_after(sponsor, now, count, position=None, backwards=False):
    """Up to `count` newcomers in ORDERING strictly after `position` ((stuck, joined_at,
    id), None: from the first), or `backwards`: before it, nearest first; with the Summary
    over all of them (a query more when no row is left): one query, the API's pages."""
    rows, figures = _read(sponsor, now, count, after=position, backwards=backwards)
    return rows, figures or summary(sponsor, now)


def _last_active(partner):
    """Their last step in learning or the plan, else when they joined."""
    learner = _learner(partner)
    return learner.last_activity_at if learner and learner.last_activity_at \
        else partner.joined_at


def page_of(sponsor, number=1, now=None, language=None, per_page=PAGE_SIZE):
    """The page `number` of the sponsor's newcomers (a number past the end, or not a
    number, gives the last or the first page, as Paginator.get_page does) with the
    summary over all of them, in one query (`_page_rows`); a page past the end costs a
    summary and the last page more."""
    now = now or timezone.now()
    number = _page_number(number)
    rows, figures = _page_rows(sponsor, now, number, per_page)
    if figures is None:
        figures = summary(sponsor, now)
        if number > 1 and figures.newcomers:  # past the end: the last page
            number = (figures.newcomers + per_page - 1) // per_page
            rows, _figures = _page_rows(sponsor, now, number, per_page)
        else:
            number = 1
    paginator = Paginator((), per_page)
    paginator.count = figures.newcomers  # known from the counts: no COUNT query
    page = Page(rows, number, paginator)
    return MenteesPage(mentees=as_mentees(rows, now, language), page=page, summary=figures)


def mentee(sponsor, partner_id, now=None, language=None):
    """One of the sponsor's newcomers, or None (not theirs, not a newcomer, not there)."""
    now = now or timezone.now()
    try:
        partner_id = int(partner_id)
    except (TypeError, ValueError):
        return None
    partner = newcomers(sponsor, now).filter(pk=partner_id).first()
    if partner is None:
        return None
    tasks_total, lessons_total = _totals(language or journey.default_language(), partner, now)
    return _mentee(partner, now, tasks_total, lessons_total)


# --- the sponsor's welcome ------------------------------------------------------------


def welcome_of(sponsor):
    """The sponsor's own welcome (a SponsorWelcome, unsaved and empty when none)."""
    return SponsorWelcome.objects.filter(sponsor=sponsor).first() or SponsorWelcome(
        sponsor=sponsor)


def save_welcome(sponsor, text, video_url):
    """Save the sponsor's welcome: a text of up to 2,000 characters and/or a YouTube or
    Vimeo link. WelcomeInvalid (with `errors` per field) stores nothing."""
    text = (text or "").strip()
    video_url = (video_url or "").strip()
    errors = {}
    if len(text) > WELCOME_MAX_CHARS:
        errors["text"] = _("Keep the welcome within %(max)d characters.") % {
            "max": WELCOME_MAX_CHARS}
    if video_url and (len(video_url) > 300 or video_embed_url(video_url) is None):
        errors["video_url"] = _("Give a YouTube or Vimeo link to the video.")
    if errors:
        raise WelcomeInvalid(" ".join(str(message) for message in errors.values()), errors)
    welcome, _created = SponsorWelcome.objects.update_or_create(
        sponsor=sponsor, defaults={"text": text, "video_url": video_url})
    journey.forget_sponsor_welcome(sponsor)
    return welcome
