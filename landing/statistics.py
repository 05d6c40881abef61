"""A partner's statistics per landing: visits, leads, sign-ups and conversion, by day and
by UTM source.

The rules, so the figures can be checked by hand:

- A visit to a landing is a `network.ReferralVisit` of the landing's partner whose
  `landing` (the page address the visitor opened, recorded by `network.referrals`) is the
  landing's address, /<language>/<slug or referral code>/, in any letter case. Landings
  of one partner that share the referral-code address in one language share its visits
  (only one of them is shown there). Visits made under an earlier address (before a slug
  was chosen or changed) stay with that address.
- A lead counts for the landing whose form took it, on the day it arrived; its source is
  the lead's own utm_source.
- A sign-up counts for a landing when the visit credited with it (the visit that
  `network.referrals.mark_converted` marked `converted` when the visitor signed up under
  this partner) was a visit to that landing. It counts on the day the new partner joined
  and its source is that visit's utm_source — the same rule as the referral statistics
  (`network.stats`), narrowed to the landing. Sign-ups with no recorded visit on the
  landing are not counted for any landing.
- Conversion is leads per visit and sign-ups per visit (0 without visits); a missing
  utm_source counts as "direct". Days are the site's local days.
- By campaign: the same figures by (utm_source, utm_campaign) pair, from the visit, the
  lead and the crediting visit as above; visits with neither source nor campaign (direct)
  are left out of this table.
"""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate

from network import stats

from .models import Lead


def landing_visits(landing):
    return stats.page_visits(landing.partner_id, landing.get_url())


def landing_stats(landing, since, until):
    """Visits, leads, sign-ups and conversions of `landing` from `since` to `until` (dates,
    inclusive): totals, `by_day` (every day of the range) and `by_source`."""
    start, end = stats.day_start(since), stats.day_start(until, 1)
    visits = landing_visits(landing)
    visits_in_range = visits.filter(visited_at__gte=start, visited_at__lt=end)
    leads = Lead.objects.filter(landing=landing, created_at__gte=start, created_at__lt=end)
    leads = leads.order_by()
    signups = stats.credited_signups(visits, landing.partner_id, start, end)

    by_day_counts = {
        "visits": stats.count_by(visits_in_range.annotate(day=TruncDate("visited_at")), "day"),
        "leads": stats.count_by(leads.annotate(day=TruncDate("created_at")), "day"),
        "signups": stats.count_by(signups.annotate(day=TruncDate("joined_at")), "day"),
    }
    by_source_counts = {
        "visits": stats.per_source(stats.count_by(visits_in_range, "utm_source")),
        "leads": stats.per_source(stats.count_by(leads, "utm_source")),
        "signups": stats.per_source(stats.count_by(signups, "source")),
    }

    by_campaign_counts = {
        "visits": _by_campaign(visits_in_range, "utm_source", "utm_campaign"),
        "leads": _by_campaign(leads, "utm_source", "utm_campaign"),
        "signups": _by_campaign(signups, "source", "campaign"),
    }

    by_day = []
    day = since
    while day <= until:
        by_day.append(_row({"date": day}, {
            name: counts.get(day, 0) for name, counts in by_day_counts.items()
        }))
        day += datetime.timedelta(days=1)
    sources = set().union(*by_source_counts.values())
    by_source = sorted(
        (
            _row({"source": source}, {
                name: counts.get(source, 0) for name, counts in by_source_counts.items()
            })
            for source in sources
        ),
        key=lambda row: (-row["visits"], -row["leads"], -row["signups"], row["source"]),
    )
    campaigns = set().union(*by_campaign_counts.values()) - {(stats.DIRECT, "")}
    by_campaign = sorted(
        (
            _row({"source": source, "campaign": campaign}, {
                name: counts.get((source, campaign), 0)
                for name, counts in by_campaign_counts.items()
            })
            for source, campaign in campaigns
        ),
        key=lambda row: (-row["visits"], -row["leads"], -row["signups"], row["campaign"],
                         row["source"]),
    )
    totals = {name: sum(counts.values()) for name, counts in by_day_counts.items()}
    return _row({"landing": landing, "since": since, "until": until,
                 "by_day": by_day, "by_source": by_source, "by_campaign": by_campaign}, totals)


def _by_campaign(queryset, source, campaign):
    """{(source or "direct", campaign): count}: the campaigns of the links the partner's
    ads use (landing/targeting.py), each with the network it ran in."""
    merged = {}
    rows = queryset.values(source, campaign).annotate(count=Count("pk"))
    for row in rows.values_list(source, campaign, "count"):
        key = (row[0] or stats.DIRECT, row[1] or "")
        merged[key] = merged.get(key, 0) + row[2]
    return merged


def _row(row, figures):
    row.update(figures)
    row["lead_conversion"] = stats.conversion(figures["leads"], figures["visits"])
    row["signup_conversion"] = stats.conversion(figures["signups"], figures["visits"])
    return row
