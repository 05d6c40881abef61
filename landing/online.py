"""The landing a visitor's address shows, with its partner and the partner's user, in one
plain SQL statement.

Why not the ORM here: this lookup runs for every landing page that misses the page cache
(right after each publish), and Django spends about 2 ms building the SQL of the
equivalent queryset (three tables, some 45 columns, an ORDER BY of CASE expressions) for
a statement the database answers in a tenth of that. The columns are still the models'
own (`_meta.concrete_fields`), and each value goes through the converters the ORM would
apply (the backend's and the field's `from_db_value`) into instances made by
`Model.from_db`, so the objects are the ones a queryset would give: the draft and the
rules are left out and load on first use, as with `defer()`.
"""

import weakref
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections

from network.models import Partner, PartnerStatus

from .models import Landing

LEFT_OUT = {"draft", "rules"}  # the builder's working copy: never shown to visitors


def _tables():
    """(model, alias, fields) of the three tables, in the statement's column order."""
    user = get_user_model()
    return (
        (Landing, "l", [f for f in Landing._meta.concrete_fields if f.name not in LEFT_OUT]),
        (Partner, "p", list(Partner._meta.concrete_fields)),
        (user, "u", list(user._meta.concrete_fields)),
    )


@dataclass
class Table:
    model: type
    attnames: list
    columns: list  # the fields' Col expressions, which converters are handed
    converters: list  # per column, the backend's and the field's own


_prepared = weakref.WeakKeyDictionary()  # per database connection (they are per thread)


def _prepare(db):
    """(the statement's start, its tables), worked out once per connection."""
    found = _prepared.get(db)
    if found is None:
        quote, tables, selected = db.ops.quote_name, [], []
        for model, alias, fields in _tables():
            columns = [field.get_col(alias) for field in fields]
            tables.append(Table(
                model, [field.attname for field in fields], columns,
                [db.ops.get_db_converters(column) + column.get_db_converters(db)
                 for column in columns],
            ))
            selected += [f"{alias}.{quote(field.column)}" for field in fields]
        landing, partner, user = (table.model._meta.db_table for table in tables)
        start = (
            f"SELECT {', '.join(selected)} FROM {quote(landing)} l"
            f" JOIN {quote(partner)} p ON p.{quote('id')} = l.{quote('partner_id')}"
            f" LEFT JOIN {quote(user)} u ON u.{quote('id')} = p.{quote('user_id')}"
            f" WHERE l.{quote('published_at')} IS NOT NULL AND p.{quote('status')} <> %s"
        )
        found = _prepared[db] = (start, tables)
    return found


def _instance(db, table, values):
    converted = []
    for value, column, converters in zip(values, table.columns, table.converters,
                                         strict=True):
        for converter in converters:
            value = converter(value, column, db)
        converted.append(value)
    return table.model.from_db(db.alias, table.attnames, converted)


def _fetch(where, params, order_by="l.id", order_params=()):
    """The first online landing matching `where` (SQL on aliases l, p, u), or None."""
    db = connections[DEFAULT_DB_ALIAS]
    start, tables = _prepare(db)
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
    landing, partner, user = objects
    Partner.user.field.set_cached_value(partner, user)
    Landing.partner.field.set_cached_value(landing, partner)
    return landing


def by_code(code, language, purposes):
    """The online landing of the partner with referral code `code`: the one in
    `language` first, the one without an address of its own (which answers to the code)
    first, then by `purposes`' order, then the oldest."""
    quote = connection.ops.quote_name
    ranks = " ".join("WHEN %s THEN " + str(rank) for rank in range(len(purposes)))
    order_by = (f"CASE WHEN l.{quote('language')} = %s THEN 0 ELSE 1 END,"
                f" CASE WHEN l.{quote('slug')} IS NULL THEN 0 ELSE 1 END,"
                f" CASE l.{quote('purpose')} {ranks} ELSE {len(purposes)} END, l.{quote('id')}")
    return _fetch(f"p.{quote('referral_code')} = %s", [code], order_by,
                  [language, *map(str, purposes)])


def by_slug(slug):
    return _fetch(f"l.{connection.ops.quote_name('slug')} = %s", [slug])


def translation_of(landing, language):
    """The same partner's online landing for the same purpose in `language`, or None."""
    quote = connection.ops.quote_name
    return _fetch(
        f"l.{quote('partner_id')} = %s AND l.{quote('purpose')} = %s"
        f" AND l.{quote('language')} = %s",
        [landing.partner_id, landing.purpose, language],
    )
