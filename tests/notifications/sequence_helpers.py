"""Sequences the sequence tests build: a trigger, steps by delay, in three languages."""

import pytest

from notifications.sequences.models import Sequence, SequenceStep, Trigger
from tests.notifications.helpers import RecordingChannel, registered


def make_sequence(trigger=Trigger.JOINED, steps=((0, 0),), **fields):
    """A switched-on sequence; each step (days, hours[, options]) after entry."""
    fields = {"name": "Welcome", "holdout_percent": 0, "active": True, **fields}
    sequence = Sequence.objects.create(trigger=trigger, **fields)
    for position, (days, hours, *options) in enumerate(steps, start=1):
        values = {
            "title_en": f"Step {position} for {{name}}", "body_en": f"Day {days} in English",
            "title_ru": f"Шаг {position}", "body_ru": f"День {days} по-русски",
            "title_uk": f"Крок {position}", "body_uk": f"День {days} українською",
            "channels": ["inapp", "email"], **(options[0] if options else {}),
        }
        SequenceStep.objects.create(sequence=sequence, sort_order=position, delay_days=days,
                                    delay_hours=hours, **values)
    return sequence


@pytest.fixture
def mail():
    """A recording "email" channel, so steps can name it."""
    recorder = RecordingChannel("email")
    with registered(recorder):
        yield recorder


def in_both_groups(sequence, make, least=2):
    """Partners made by `make()` until each group of the sequence's holdout split has at
    least `least` of them (ids differ from run to run; the split is by id)."""
    from notifications.sequences.holdout import group_of

    partners, counts = [], {}
    while min(counts.get("sent", 0), counts.get("holdout", 0)) < least:
        partner = make()
        group = group_of(sequence.pk, partner.pk, sequence.holdout_percent)
        counts[group] = counts.get(group, 0) + 1
        partners.append(partner)
        assert len(partners) < 100, "the split never filled both groups"
    return partners
