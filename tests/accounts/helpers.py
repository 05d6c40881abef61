"""Second-factor helpers. Codes are computed for a clock the tests fix in the middle of a
30-second window (see `frozen_totp_clock` in tests/conftest.py), so a code can never be
computed in one window and checked in the next."""

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTKEYA"
TOTP_PERIOD = 30
# The middle of the window the run started in: allauth checks codes against this instant.
TOTP_NOW = (int(time.time()) // TOTP_PERIOD) * TOTP_PERIOD + TOTP_PERIOD // 2


class FrozenTotpClock:
    """Stands in for the `time` module inside allauth's TOTP code."""

    @staticmethod
    def time():
        return float(TOTP_NOW)


def enable_totp(user, secret=TOTP_SECRET):
    TOTP.activate(user, secret)
    return secret


def totp_code(secret=TOTP_SECRET, offset=0):
    counter = TOTP_NOW // TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))
