"""A partner's referral statistics: visits to their link, sign-ups, and the conversion
between them, by day and by UTM source.

A visit counts on the day it happened; a sign-up is a partner this partner sponsored,
counted on the day they joined. A sign-up's source is the utm_source of the visit that
converted into it; a sign-up that followed no recorded visit, or a visit without a
utm_source, counts as "direct". Days are the site's local days.
"""

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Partner, ReferralVisit

DIRECT = "direct"
DEFAULT_DAYS = 30
MAX_DAYS = 366


def default_range(today=None):
    """The last 30 days, today included."""
    until = today or timezone.localdate()
    return until - datetime.timedelta(days=DEFAULT_DAYS - 1), until


def conversion(signups, visits):
    """Sign-ups per visit, rounded to 4 places; 0 when there were no visits."""
    return round(signups / visits, 4) if visits else 0.0


def day_start(day, plus_days=0):
    """The first moment of `day` (+ `plus_days`) in the site's time zone."""
    day += datetime.timedelta(days=plus_days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def referral_stats(partner, since, until):
    """Visits, sign-ups and conversion of `partner` from `since` to `until` (dates, inclusive)."""
    start, end = day_start(since), day_start(until, 1)
    visits = ReferralVisit.objects.filter(
        partner=partner, visited_at__gte=start, visited_at__lt=end
    ).order_by()
    signups = Partner.objects.filter(
        sponsor=partner, joined_at__gte=start, joined_at__lt=end
    ).order_by()

    visits_by_day = count_by(visits.annotate(day=TruncDate("visited_at")), "day")
    signups_by_day = count_by(signups.annotate(day=TruncDate("joined_at")), "day")

    converting_visit = ReferralVisit.objects.filter(converted=OuterRef("pk")).order_by(
        "-visited_at", "-pk"
    )
    visits_by_source = per_source(count_by(visits, "utm_source"))
    signups_by_source = per_source(count_by(
        signups.annotate(source=Subquery(converting_visit.values("utm_source")[:1])), "source"
    ))

    total_visits = sum(visits_by_day.values())
    total_signups = sum(signups_by_day.values())
    by_day = []
    day = since
    while day <= until:
        by_day.append({
            "date": day, "visits": visits_by_day.get(day, 0),
            "signups": signups_by_day.get(day, 0),
        })
        day += datetime.timedelta(days=1)
    sources = set(visits_by_source) | set(signups_by_source)
    by_source = [
        {
            "source": source,
            "visits": visits_by_source.get(source, 0),
            "signups": signups_by_source.get(source, 0),
            "conversion": conversion(
                signups_by_source.get(source, 0), visits_by_source.get(source, 0)
            ),
        }
        for source in sources
    ]
    by_source.sort(key=lambda row: (-row["visits"], -row["signups"], row["source"]))
    return {
        "since": since,
        "until": until,
        "visits": total_visits,
        "signups": total_signups,
        "conversion": conversion(total_signups, total_visits),
        "by_day": by_day,
        "by_source": by_source,
    }


def count_by(queryset, key):
    """{value of `key`: how many rows of `queryset` have it}."""
    rows = queryset.values(key).annotate(count=Count("pk")).values_list(key, "count")
    return dict(rows)


def per_source(counted):
    """`count_by(..., "utm_source")` merged, an empty source counted as DIRECT."""
    merged = {}
    for source, count in counted.items():
        source = source or DIRECT
        merged[source] = merged.get(source, 0) + count
    return merged


# --- a page's share of the partner's figures (a landing's statistics) -------------------


def page_visits(partner_id, address):
    """The partner's visits whose page address is `address`, in any letter case."""
    return ReferralVisit.objects.filter(partner_id=partner_id, landing__iexact=address).order_by()


def credited_signups(visits, sponsor_id, start, end):
    """The partners `sponsor_id` sponsored who joined from `start` until before `end` and
    whose crediting visit (the latest one `referrals.mark_converted` marked with them) is
    among `visits`; each annotated with that visit's `source` and `campaign`."""
    crediting = visits.filter(converted=OuterRef("pk")).order_by("-visited_at", "-pk")
    return (
        Partner.objects.filter(sponsor_id=sponsor_id, joined_at__gte=start, joined_at__lt=end)
        .annotate(source=Subquery(crediting.values("utm_source")[:1]),
                  campaign=Subquery(crediting.values("utm_campaign")[:1]),
                  visit=Subquery(crediting.values("pk")[:1]))
        .filter(visit__isnull=False)
        .order_by()
    )
