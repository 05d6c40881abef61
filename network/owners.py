"""Rows of another app that a partner owns (a landing), fetched together with their owner
(an online partner, that is one not terminated) and the owner's user in one plain SQL
statement; and what such an app needs to know of owners: their referral code, whether an
address is someone's code, whom they recruited with an email, an event when one of them
changes.

Why not the ORM: the landing a visitor's address names is looked up for every page that
misses the page cache (right after each publish), and Django spends about 2 ms building
the SQL of the equivalent queryset (three tables, some 45 columns, an ORDER BY of CASE
expressions) for a statement the database answers in a tenth of that. The columns are
still the models' own (`_meta.concrete_fields`), and each value goes through the
converters the ORM would apply (the backend's and the field's `from_db_value`) into
instances made by `Model.from_db`, so the objects are the ones a queryset would give;
fields left out load on first use, as with `defer()`.
"""

import functools
import weakref
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections

from . import codes
from .models import Partner, PartnerStatus


@dataclass
class Table:
    model: type
    attnames: list
    columns: list  # the fields' Col expressions, which converters are handed
    converters: list  # per column, the backend's and the field's own


class OwnedRows:
    """Rows of `model` (with a `partner` foreign key) and their online owner. In the SQL a
    caller gives, `r` is the model's table; `quote` names a column."""

    def __init__(self, model, left_out=()):
        self.model = model
        self.left_out = set(left_out)
        self._prepared = weakref.WeakKeyDictionary()  # per connection (they are per thread)

    def _prepare(self, db):
        """(the statement's start, its tables), worked out once per connection."""
        found = self._prepared.get(db)
        if found is None:
            user = get_user_model()
            quote, tables, selected = db.ops.quote_name, [], []
            for model, alias, fields in (
                (self.model, "r",
                 [f for f in self.model._meta.concrete_fields if f.name not in self.left_out]),
                (Partner, "p", list(Partner._meta.concrete_fields)),
                (user, "u", list(user._meta.concrete_fields)),
            ):
                columns = [field.get_col(alias) for field in fields]
                tables.append(Table(
                    model, [field.attname for field in fields], columns,
                    [db.ops.get_db_converters(column) + column.get_db_converters(db)
                     for column in columns],
                ))
                selected += [f"{alias}.{quote(field.column)}" for field in fields]
            rows, partner, user = (table.model._meta.db_table for table in tables)
            owner = quote(self.model._meta.get_field("partner").column)
            start = (
                f"SELECT {', '.join(selected)} FROM {quote(rows)} r"
                f" JOIN {quote(partner)} p ON p.{quote('id')} = r.{owner}"
                f" LEFT JOIN {quote(user)} u ON u.{quote('id')} = p.{quote('user_id')}"
                f" WHERE p.{quote('status')} <> %s"
            )
            found = self._prepared[db] = (start, tables)
        return found

    @staticmethod
    def quote(name):
        return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)

    def first(self, where, params=(), *, code=None, order_by="r.id", order_params=()):
        """The first row matching `where` (SQL on `r`) whose owner is online and, given
        `code`, has that referral code; with its owner and their user (None without one)
        loaded. None when nothing matches."""
        db = connections[DEFAULT_DB_ALIAS]
        start, tables = self._prepare(db)
        if code is not None:
            where = f"p.{db.ops.quote_name('referral_code')} = %s AND {where}"
            params = [code, *params]
        with db.cursor() as cursor:
            cursor.execute(f"{start} AND {where} ORDER BY {order_by} LIMIT 1",
                           [str(PartnerStatus.TERMINATED), *params, *order_params])
            row = cursor.fetchone()
        if row is None:
            return None
        objects, offset = [], 0
        for table in tables:
            values = row[offset:offset + len(table.attnames)]
            offset += len(table.attnames)
            objects.append(None if values[0] is None else _instance(db, table, values))
        found, partner, user = objects
        Partner.user.field.set_cached_value(partner, user)
        self.model.partner.field.set_cached_value(found, partner)
        return found


def _instance(db, table, values):
    converted = []
    for value, column, converters in zip(values, table.columns, table.converters,
                                         strict=True):
        for converter in converters:
            value = converter(value, column, db)
        converted.append(value)
    return table.model.from_db(db.alias, table.attnames, converted)


# --- what an owning app knows of its owners ----------------------------------------------


def referral_code_of(partner_id):
    return (Partner.objects.filter(pk=partner_id)
            .values_list("referral_code", flat=True).first())


def is_referral_code(address):
    """Whether `address` (in any letter case) is a partner's referral code."""
    return Partner.objects.filter(referral_code=codes.normalize(address)).exists()


def recruit_with_email(owner_id, email):
    """The partner `owner_id` sponsored whose user has `email` (any letter case), the
    earliest to join; None when there is none."""
    if not email:
        return None
    return (
        Partner.objects.filter(sponsor_id=owner_id, user__email__iexact=email)
        .select_related("user")
        .order_by("joined_at", "pk")
        .first()
    )


@functools.lru_cache(maxsize=4096)
def known_partner(pk, user_id, referral_code):
    """The partner as the referral module needs them (their id, user and code) without
    loading them; for reading only, never to be saved."""
    return Partner(pk=pk, user_id=user_id, referral_code=referral_code)

