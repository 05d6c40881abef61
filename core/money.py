"""Money read back from the database.

Amounts are stored with two decimals, so any sum of them is whole cents; but SQLite sums
decimals as floating point (828.869999…), and Django hands a sum back unrounded. Every sum
of amounts goes through `summed_cents`, so the embedded demo and PostgreSQL agree."""

from decimal import Decimal

CENT = Decimal("0.01")


def summed_cents(total):
    """A database sum of two-decimal amounts (None for no rows) as a Decimal of cents."""
    return Decimal(total or 0).quantize(CENT)
