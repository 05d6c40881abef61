import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTKEYA"


def enable_totp(user, secret=TOTP_SECRET):
    TOTP.activate(user, secret)
    return secret


def totp_code(secret=TOTP_SECRET, offset=0):
    counter = int(time.time()) // 30 + offset
    return format_hotp_value(hotp_value(secret, counter))
