"""Small charts drawn server-side as SVG geometry: no script and no chart library needed."""

from django.utils.formats import date_format

CHART_HEIGHT = 100
SLOT = 10  # user units per day; the SVG is stretched to the page's width by CSS
BAR = 4


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least `value` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def daily_bars(by_day):
    """Bars of visits and sign-ups per day, scaled to a shared top value."""
    top = nice_ceiling(max([row["visits"] for row in by_day] + [row["signups"] for row in by_day]
                           + [1]))
    bars = []
    for index, row in enumerate(by_day):
        x = index * SLOT + 1
        visits_height = round(row["visits"] / top * CHART_HEIGHT, 2)
        signups_height = round(row["signups"] / top * CHART_HEIGHT, 2)
        bars.append({
            "date": row["date"],
            "label": date_format(row["date"], "SHORT_DATE_FORMAT"),
            "visits": row["visits"],
            "signups": row["signups"],
            "visits_x": x,
            "signups_x": x + BAR,
            "visits_y": CHART_HEIGHT - visits_height,
            "signups_y": CHART_HEIGHT - signups_height,
            "visits_height": visits_height,
            "signups_height": signups_height,
        })
    return {
        "width": max(len(by_day), 1) * SLOT,
        "height": CHART_HEIGHT,
        "bar": BAR,
        "slot": SLOT,
        "top": top,
        "half": top / 2 if top % 2 == 0 else None,
        "bars": bars,
        "first": bars[0]["label"] if bars else "",
        "last": bars[-1]["label"] if bars else "",
    }
