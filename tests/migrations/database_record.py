"""What the database itself holds, read with raw SQL so no model (old or new) stands between:
the tables, and for the tables of the apps being split every row, column, constraint, index
and trigger; the ledger's balances; the content types, permissions and who holds them.

Two records taken before and after an upgrade that moves only the models' state must be
equal (the content types aside, whose app labels are meant to change)."""

from django.db import connection

# The tables whose rows are compared one by one: the apps whose models move, and the
# partner landings that point at them.
FOLLOWED_PREFIXES = ("network_", "landing_")

# What Django keeps about models and who may touch them.
ACCESS_TABLES = ("auth_permission", "auth_group", "auth_group_permissions",
                 "accounts_user_groups", "accounts_user_user_permissions",
                 "wagtailcore_modellogentry")


def table_names():
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def followed_tables():
    return [name for name in table_names() if name.startswith(FOLLOWED_PREFIXES)]


def plain(value):
    # PostgreSQL hands binary columns back as memoryview.
    return bytes(value) if isinstance(value, memoryview) else value


def rows_of(table):
    """(column names, every row ordered by the primary key). A table without one (the bonus
    lines, partitioned on PostgreSQL) is ordered by all its columns."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        key = connection.introspection.get_primary_key_column(cursor, table)
        columns = [
            column.name for column in connection.introspection.get_table_description(cursor, table)
        ]
        order = quote(key) if key else ", ".join(str(n) for n in range(1, len(columns) + 1))
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
        names = [description[0] for description in cursor.description]
        return names, [tuple(plain(value) for value in row) for row in cursor.fetchall()]


def constraints_of(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def triggers():
    """The PostgreSQL triggers guarding the followed tables (the ledger's append-only guard,
    the tree's cycle guard): {(table, trigger): definition}. SQLite has none of ours."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            " AND c.relname LIKE ANY (%s)",
            [[f"{prefix}%" for prefix in FOLLOWED_PREFIXES]],
        )
        return {(table, name): definition for table, name, definition in cursor.fetchall()}


def balances():
    """{account id: sum of its entries}, as the ledger's table holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT account_id, SUM(amount) FROM network_ledgerentry"
            " GROUP BY account_id ORDER BY account_id"
        )
        return dict(cursor.fetchall())


def content_types():
    """{id: (app label, model)}."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        return {pk: (app_label, model) for pk, app_label, model in cursor.fetchall()}


def take():
    """The whole record of the database as it stands."""
    followed = followed_tables()
    return {
        "tables": table_names(),
        "rows": {table: rows_of(table) for table in followed},
        "constraints": {table: constraints_of(table) for table in followed},
        "triggers": triggers(),
        "balances": balances(),
        "access": {table: rows_of(table) for table in ACCESS_TABLES},
        "content_types": content_types(),
    }
