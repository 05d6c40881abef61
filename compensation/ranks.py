"""Rank names as people read them. A rank is a plan code ("manager"); a plan version's rank
entry may carry its display name per language:

    {"code": "manager", "name": {"en": "Team manager", "ru": "…", "uk": "…"}, …}

(the plan parser ignores the key: the engine only ever sees codes). `rank_label` picks, in
order: the plan's name in the language; the translated name of the reference plan's five
ranks; the plan's name in the site's default language; the code, title-cased.

A partner's `rank` is the highest rank they have reached, a title they keep: posting a
run raises it (`raise_titles`). The rank a period pays is the run's (or, for the period
under way, the rank report card's); pages name the two apart with `HIGHEST_RANK` and
`PAID_RANK`.

Without explicit rules the names come from the published plan in force today. Published
versions never change, so its names are cached (shared by the processes, for a few
minutes, dropped when a plan version is saved) and kept for the rest of a request.
"""

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from compensation import signals
from compensation.commission_runs import plan_of
from compensation.models import CommissionRun, PlanVersion
from network.models import Partner
from network.ranks import HIGHEST_RANK  # noqa: F401 (pages name both ranks from here)

# The reference plan's ranks (../shared/reference-plan/plan.json), translated.
REFERENCE_RANKS = {
    "member": pgettext_lazy("rank", "Member"),
    "consultant": pgettext_lazy("rank", "Consultant"),
    "manager": pgettext_lazy("rank", "Manager"),
    "director": pgettext_lazy("rank", "Director"),
    "executive": pgettext_lazy("rank", "Executive"),
}
# What the two ranks are called wherever they are shown (the highest is the network's).
PAID_RANK = pgettext_lazy("rank", "Paid rank this period")
CACHE_KEY = "ranks:published-names"
CACHE_TTL = 300  # seconds: how late another process sees a newly effective plan

_request = Local()


def names_of(plan_rules):
    """{code: {language: name}} from a plan version's rules; ranks without a name are left
    out. A plain string names the rank in the default language."""
    ranks = plan_rules.get("ranks") if isinstance(plan_rules, dict) else None
    names = {}
    for entry in ranks if isinstance(ranks, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
            continue
        name = entry.get("name")
        if isinstance(name, str):
            name = {settings.LANGUAGE_CODE: name}
        if not isinstance(name, dict):
            continue
        by_language = {
            str(language).lower(): text.strip()
            for language, text in name.items() if isinstance(text, str) and text.strip()
        }
        if by_language:
            names[entry["code"]] = by_language
    return names


def published_names():
    """The rank names of the published plan version in force today (see the module's
    docstring for how they are cached)."""
    names = getattr(_request, "names", None)
    if names is not None:
        return names
    today = timezone.localdate()
    key = f"{CACHE_KEY}:{today.isoformat()}"
    names = cache.get(key)
    if names is None:
        rules = (
            PlanVersion.objects.filter(state=PlanVersion.State.PUBLISHED,
                                       effective_from__lte=today)
            .order_by("-effective_from", "-version").values_list("rules", flat=True).first()
        )
        names = names_of(rules)
        cache.set(key, names, CACHE_TTL)
    if getattr(_request, "active", False):
        _request.names = names
    return names


def rank_label(code, plan_rules=None, language=None):
    """The name of the rank `code` in `language` (the active language by default), from
    `plan_rules` (a plan version's rules dict) or the published plan in force."""
    if not code:
        return ""
    names = names_of(plan_rules) if plan_rules is not None else published_names()
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    plan_names = names.get(code, {})
    for candidate in (language, language.split("-")[0]):
        if plan_names.get(candidate):
            return plan_names[candidate]
    if code in REFERENCE_RANKS:
        with translation.override(language):
            return str(REFERENCE_RANKS[code])
    if plan_names.get(settings.LANGUAGE_CODE):
        return plan_names[settings.LANGUAGE_CODE]
    return code.replace("_", " ").title()


def published_codes():
    """The rank codes of the published plan in force today, lowest first (the reference
    plan's when none is published)."""
    rules = (
        PlanVersion.objects.filter(state=PlanVersion.State.PUBLISHED,
                                   effective_from__lte=timezone.localdate())
        .order_by("-effective_from", "-version").values_list("rules", flat=True).first()
    )
    ranks = rules.get("ranks") if isinstance(rules, dict) else None
    codes = [entry["code"] for entry in ranks or [] if isinstance(entry, dict)
             and isinstance(entry.get("code"), str)]
    return codes or list(REFERENCE_RANKS)


def choices():
    """(code, name) of every rank of the plan in force, lowest first, for a filter."""
    return [(code, rank_label(code)) for code in published_codes()]


@receiver(post_save, sender=CommissionRun, dispatch_uid="ranks_run_posted")
def _run_posted(instance, update_fields=None, **kwargs):
    """A run saved as posted (in the transaction that posts it) raises the titles."""
    if instance.state == CommissionRun.State.POSTED and "state" in (update_fields or ()):
        raise_titles(instance, [rank.code for rank in plan_of(instance.plan_version).ranks])


def raise_titles(run, rank_codes):
    """After `run` is posted: a partner whose highest rank in it is above the title they
    hold (`Partner.rank`) takes it. Titles never go down. One UPDATE per rank; each raise
    is announced (`rank_reached`) once the posting commits."""
    raised = {}
    for index, code in enumerate(rank_codes[1:], start=1):
        rising = Partner.objects.filter(
            pk__in=run.results.filter(highest_rank=code).values("partner_id")
        ).exclude(rank__in=rank_codes[index:])
        ids = list(rising.values_list("pk", flat=True))
        if ids:
            rising.update(rank=code)
            raised.update(dict.fromkeys(ids, code))
    if raised:
        transaction.on_commit(lambda: _announce_ranks(run, raised))


def _announce_ranks(run, raised):
    ids = sorted(raised)
    for start in range(0, len(ids), 1000):
        for partner in Partner.objects.filter(pk__in=ids[start:start + 1000]).select_related(
            "user"
        ):
            signals.rank_reached.send(sender=Partner, partner=partner,
                                      rank=raised[partner.pk], run=run)


@receiver(request_started, dispatch_uid="ranks_request_started")
def _start_request(**kwargs):
    _request.active, _request.names = True, None


@receiver(request_finished, dispatch_uid="ranks_request_finished")
def _finish_request(**kwargs):
    _request.active, _request.names = False, None


@receiver(post_save, sender=PlanVersion, dispatch_uid="ranks_plan_saved")
@receiver(post_delete, sender=PlanVersion, dispatch_uid="ranks_plan_deleted")
def _forget_names(**kwargs):
    _request.names = None
    cache.delete(f"{CACHE_KEY}:{timezone.localdate().isoformat()}")
