"""Which online landing an address names (a partner's referral code or a landing's slug),
with its partner and the partner's user, in one query (network/owners.py).

A landing is online once it has been published: while a later version waits for review,
or after a reviewer turned one down, visitors see the version published before (`body`
changes only when a version is made public).
"""

from network import codes, owners, services

from .models import Landing, Purpose

PURPOSE_ORDER = [Purpose.RECRUITING, Purpose.PRODUCT, Purpose.EVENT]
# The builder's working copy and its rules: never shown to visitors, loaded if asked for.
landings = owners.OwnedRows(Landing, left_out={"draft", "rules"})
quote = owners.OwnedRows.quote


def _first(where="", params=(), **kwargs):
    online = f"r.{quote('published_at')} IS NOT NULL"
    return landings.first(f"{online} AND {where}" if where else online, params, **kwargs)


def by_code(code, language, purposes):
    """The online landing of the partner with referral code `code`: the one in
    `language` first, the one without an address of its own (which answers to the code)
    first, then by `purposes`' order, then the oldest."""
    ranks = " ".join("WHEN %s THEN " + str(rank) for rank in range(len(purposes)))
    order_by = (f"CASE WHEN r.{quote('language')} = %s THEN 0 ELSE 1 END,"
                f" CASE WHEN r.{quote('slug')} IS NULL THEN 0 ELSE 1 END,"
                f" CASE r.{quote('purpose')} {ranks} ELSE {len(purposes)} END, r.{quote('id')}")
    return _first(code=code, order_by=order_by,
                  order_params=[language, *map(str, purposes)])


def by_slug(slug):
    return _first(f"r.{quote('slug')} = %s", [slug])


def translation_of(landing, language):
    """The same partner's online landing for the same purpose in `language`, or None."""
    return _first(
        f"r.{quote('partner_id')} = %s AND r.{quote('purpose')} = %s"
        f" AND r.{quote('language')} = %s",
        [landing.partner_id, landing.purpose, language],
    )


def landing_for(address, language):
    """The published landing `/<language>/<address>/` should show, or None.

    A referral code names the partner's landing in that language (their recruiting one
    first), else one in another language. A slug names its landing, or the same partner's
    landing for that purpose in `language`. The caller sends the visitor to the landing's
    own language when it differs from `language`. None when nothing matches, so that the
    address is left to the site's pages.
    """
    code = codes.normalize(address)
    if code in codes.RESERVED:
        return None
    # The code's landings with their partner in one query; a partner without one online
    # is looked up only to tell their code from a slug.
    landing = by_code(code, language, PURPOSE_ORDER)
    if landing is not None:
        return landing
    if services.find_by_code(code) is not None:
        return None
    found = by_slug(address.lower())
    if found is None or found.language == language:
        return found
    return translation_of(found, language) or found
