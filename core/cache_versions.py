"""Version counters in the cache: what a cached thing was built from moves a counter on,
and the thing's key holds the counter, so an old copy is never read again (the cache
forgets it in its own time).

A counter that is missing (a new cache, or evicted) starts again from the clock in
milliseconds, not from 1: a counter that restarted at 1 could meet copies cached under
1, 2, 3… before the restart and serve them as current.
"""

import time

from django.core.cache import cache


def _fresh():
    return int(time.time() * 1000)


def current(key):
    """The counter's value, started if missing."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), None)  # another process may have started it meanwhile
        value = cache.get(key)
    return value if value is not None else _fresh()


def bump(key):
    """Move the counter on: everything cached under its earlier values is stale."""
    try:
        cache.incr(key)
    except ValueError:  # missing: start afresh, past any value it had
        cache.set(key, _fresh(), None)
