"""Keys for cached page fragments: a fragment (a partner's task list, a sponsor's list of
newcomers) is cached under a hash of everything it is drawn from, plus the language and
time zone it is drawn in, so no change can leave a stale fragment behind and nothing has to
remember to forget one."""

import hashlib

from django.utils import timezone
from django.utils.translation import get_language


def fields_of(instance):
    """A dataclass instance's field values as a tuple, without the deep copy that
    dataclasses.astuple makes (which cost more than drawing the fragment)."""
    return tuple(vars(instance).values())


def fingerprint(drawn_from):
    """A short stable hash of `drawn_from` (built-in values, dates, dataclass tuples) as
    drawn in the active language and time zone."""
    text = repr((get_language(), timezone.get_current_timezone_name(), drawn_from))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
