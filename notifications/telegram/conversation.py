"""What the bot answers, in the partner's language: `/start [token]`, `/summary`, `/next`,
`/help` and `/stop`.

Each reply is plain text built from the owning apps' services, the same ones the cabinet's
overview reads: the team's snapshot (network), this period's rank report card
(compensation), the new leads (landing) and the 90-day plan (learning/journey.py). The
partner is the one whose account the chat is linked to; an unlinked chat is told how to
link it, in the language its Telegram app uses when the site has it.
"""

from decimal import Decimal

from babel.numbers import format_decimal
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from compensation import commission_runs, report_card
from landing import leads as lead_services
from learning import journey as journeys
from network import services as network_services
from network.models import Partner, TeamSnapshot
from notifications.telegram import linking

VOLUME_FORMAT = "#,##0.00"
NEXT_BUCKETS = ("overdue", "today", "this_week", "later", "not_done")


def site_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def cabinet_url(name):
    """The absolute address of a cabinet page in the active language ("" when none)."""
    try:
        return site_url(reverse(name))
    except NoReverseMatch:
        return ""


def language_for(user=None, telegram_language=""):
    """The partner's own language; for a chat nobody linked yet, its Telegram app's
    language when the site has it, else the company's."""
    languages = dict(settings.LANGUAGES)
    if user is not None and getattr(user, "language", "") in languages:
        return user.language
    code = (telegram_language or "").split("-")[0].lower()
    return code if code in languages else settings.LANGUAGE_CODE


def number(value, pattern=None):
    """A count, or with `pattern` a volume, written the active language's way."""
    locale = translation.get_language() or settings.LANGUAGE_CODE
    if pattern:
        return format_decimal(Decimal(str(value)), format=pattern, locale=locale)
    return format_decimal(value, locale=locale)


def commands_help():
    return "\n".join([
        _("/summary: your team, this period's volume, rank progress and new leads"),
        _("/next: the next step of your first 90 days"),
        _("/stop: stop notifications in this chat"),
        _("/help: these commands"),
    ])


def not_linked():
    lines = [_("This chat is not linked to a Downline account yet."),
             _("Open “Channels” in your cabinet and press “Connect Telegram”.")]
    url = cabinet_url("cabinet:channels")
    if url:
        lines.append(url)
    return "\n".join(lines)


def _partner_of(link):
    return Partner.objects.filter(user_id=link.user_id).select_related("user").first()


def reply_start(chat_id, token="", telegram_language="", username="", now=None):
    """`/start <token>` links the chat; `/start` alone greets a linked chat or says how to
    link it."""
    if token:
        try:
            linked = linking.link_chat(token, chat_id, username=username, now=now)
        except linking.LinkRefused as refused:
            link = linking.link_of_chat(chat_id)
            with translation.override(language_for(link and link.user, telegram_language)):
                return str(refused.message)
        user = linked.link.user
        with translation.override(language_for(user)):
            return "\n\n".join([
                _("Your Telegram is connected to %(name)s. Notifications you chose for "
                  "Telegram will come here.") % {"name": user.display_name},
                commands_help(),
            ])
    link = linking.link_of_chat(chat_id)
    if link is None:
        with translation.override(language_for(None, telegram_language)):
            return not_linked()
    with translation.override(language_for(link.user)):
        return "\n\n".join([
            _("Hello, %(name)s! This chat is linked to your account.")
            % {"name": link.user.display_name},
            commands_help(),
        ])


def reply_help(chat_id, telegram_language=""):
    link = linking.link_of_chat(chat_id)
    with translation.override(language_for(link and link.user, telegram_language)):
        if link is None:
            return not_linked()
        return commands_help()


def reply_stop(chat_id, telegram_language=""):
    link = linking.link_of_chat(chat_id)
    with translation.override(language_for(link and link.user, telegram_language)):
        if not linking.unlink_chat(chat_id):
            return _("This chat was not linked to any account.")
        return _("Done: this chat is unlinked and gets no more notifications. You can "
                 "connect it again from your cabinet.")


# --- /summary ---------------------------------------------------------------------------------


def team_lines(partner):
    snapshot = TeamSnapshot.objects.filter(partner=partner).first()
    if snapshot is None:
        return [
            _("Personally sponsored: %(count)s")
            % {"count": number(network_services.direct_count(partner))},
            _("Your whole team's figures appear after the next regular recalculation."),
        ]
    return [
        _("Team size: %(count)s (active: %(active)s)")
        % {"count": number(snapshot.team_size), "active": number(snapshot.active_count)},
        _("Personally sponsored: %(count)s") % {"count": number(snapshot.personally_sponsored)},
    ]


def rank_lines(partner):
    try:
        card = report_card.report_card(partner)
    except commission_runs.RunError:
        return [_("No compensation plan is in force for this period yet.")]
    lines = [
        _("Period %(period)s") % {"period": card["period"]},
        _("Personal volume (PV): %(pv)s") % {"pv": number(card["pv"], VOLUME_FORMAT)},
        _("Group volume (GV): %(gv)s") % {"gv": number(card["gv"], VOLUME_FORMAT)},
        _("Rank this period: %(rank)s") % {"rank": card["rank_name"]},
    ]
    need = card["next_rank"]
    if need is None:
        lines.append(_("You are at the plan's highest rank."))
    elif need["qualified"]:
        lines.append(_("Next rank %(rank)s: everything is met.") % {"rank": need["rank_name"]})
    else:
        missing = []
        if need["pv_short"]:
            missing.append(_("%(volume)s PV") % {"volume": number(need["pv_short"],
                                                                  VOLUME_FORMAT)})
        if need["gv_short"]:
            missing.append(_("%(volume)s GV") % {"volume": number(need["gv_short"],
                                                                  VOLUME_FORMAT)})
        if need["legs"]["short"]:
            missing.append(_("%(count)s more legs with rank %(rank)s")
                           % {"count": number(need["legs"]["short"]),
                              "rank": need["legs"]["min_rank_name"]})
        lines.append(_("Next rank %(rank)s: missing %(what)s.")
                     % {"rank": need["rank_name"], "what": ", ".join(missing)})
    return lines


def reply_summary(chat_id, telegram_language=""):
    link = linking.link_of_chat(chat_id)
    with translation.override(language_for(link and link.user, telegram_language)):
        if link is None:
            return not_linked()
        partner = _partner_of(link)
        if partner is None:
            return _("Your account is not a partner's, so it has no team or volume.")
        new_leads = lead_services.new_lead_count(partner)
        lines = [_("Your summary, %(name)s") % {"name": partner.name}, ""]
        lines += team_lines(partner)
        lines.append("")
        lines += rank_lines(partner)
        lines.append("")
        lines.append(_("New leads: %(count)s") % {"count": number(new_leads)})
        url = cabinet_url("cabinet:overview")
        if url:
            lines += ["", url]
        return "\n".join(lines)


# --- /next ------------------------------------------------------------------------------------


def next_task(journey):
    """The first task not done, the most pressing first (overdue, today, this week...)."""
    for bucket in NEXT_BUCKETS:
        tasks = journey.bucket(bucket)
        if tasks:
            return tasks[0]
    return None


def reply_next(chat_id, telegram_language="", now=None):
    link = linking.link_of_chat(chat_id)
    language = language_for(link and link.user, telegram_language)
    with translation.override(language):
        if link is None:
            return not_linked()
        partner = _partner_of(link)
        if partner is None:
            return _("Your account is not a partner's, so it has no 90-day plan.")
        journey = journeys.journey_for(partner, language, now=now)
        if journey is None:
            return _("Your company has no 90-day plan yet.")
        task = next_task(journey)
        if task is None:
            return _("Every task of your 90-day plan is done. Well done!")
        lines = []
        if journey.in_first_90_days:
            lines.append(_("Day %(day)s of 90, %(done)s of %(total)s tasks done.")
                         % {"day": journey.day, "done": journey.done, "total": journey.total})
        lines.append(_("Next step: %(title)s") % {"title": task.title})
        if task.bucket == "overdue":
            lines.append(_("It was due on %(date)s.")
                         % {"date": formats.date_format(task.due_date, "DATE_FORMAT")})
        elif task.bucket == "today":
            lines.append(_("It is due today."))
        elif task.bucket != "not_done":
            lines.append(_("Due on %(date)s.")
                         % {"date": formats.date_format(task.due_date, "DATE_FORMAT")})
        if task.description:
            lines.append(task.description)
        url = site_url(task.action_url) if task.action_url else cabinet_url("cabinet:journey")
        if url:
            lines.append(url)
        return "\n".join(lines)
