"""Version counters in the cache: they move on when bumped, and a counter the cache lost
starts again from the clock, past the values it had, so no copy cached before is read as
current."""

from django.core.cache import cache

from core import cache_versions

KEY = "tests:cache-versions"


def test_a_counter_starts_moves_on_and_never_restarts_below_its_old_values(monkeypatch):
    clock = [1_700_000_000.0]
    monkeypatch.setattr(cache_versions.time, "time", lambda: clock[0])
    cache.delete(KEY)
    first = cache_versions.current(KEY)
    assert first == 1_700_000_000_000 and cache_versions.current(KEY) == first
    cache_versions.bump(KEY)
    cache_versions.bump(KEY)
    assert cache_versions.current(KEY) == first + 2
    clock[0] += 1  # a second later the cache has lost it (evicted, or a new cache)
    cache.delete(KEY)
    assert cache_versions.current(KEY) == first + 1000
    clock[0] += 1
    cache.delete(KEY)
    cache_versions.bump(KEY)  # bumped while missing: started afresh from the clock
    assert cache_versions.current(KEY) == first + 2000
