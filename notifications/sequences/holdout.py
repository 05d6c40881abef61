"""Which group a partner entering a sequence is in: a stable hash of (sequence, partner),
not a coin toss, so the same partner lands in the same group on every entry and in every
run of the engine, and a report can be recomputed from the rows alone.

The hash spreads partners evenly over 10,000 buckets; the first `holdout_percent` × 100
buckets are the holdout. Raising the holdout share only moves partners from the sent group
to the holdout, never the other way.
"""

import hashlib

from .models import Group

BUCKETS = 10_000


def bucket(sequence_id, partner_id):
    digest = hashlib.sha256(f"sequence:{sequence_id}:partner:{partner_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def group_of(sequence_id, partner_id, holdout_percent):
    held = bucket(sequence_id, partner_id) < holdout_percent * BUCKETS // 100
    return Group.HOLDOUT if held else Group.SENT
