"""A company's existing database upgrades through the split of `network/` into the orders,
compensation and wallet apps with nothing lost.

The database is migrated to the migrations of the day before the split, filled with a
business through the models of that day, recorded with raw SQL, and migrated to today's
migrations. Every row, column, constraint, index and trigger must be as it was (the move
changes only Django's record of the models), the new apps' models must read the same
orders, runs and balances, the moved content types must keep their ids under the new
labels so groups keep their permissions, and the ledger must still refuse edits.
"""

import importlib
from decimal import Decimal
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps as installed_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Sum
from django_test_migrations import sql
from django_test_migrations.logic.migrations import normalize
from django_test_migrations.migrator import Migrator

from tests.migrations import database_record, existing_business

# Our apps' newest migrations on the day before the split (third-party apps are taken at
# their newest: the split does not touch them).
BEFORE_THE_SPLIT = [
    ("accounts", "0001_initial"),
    ("blog", "0001_initial"),
    ("landing", "0009_landing_video_duration"),
    ("network", "0014_payout_request_key"),
    ("website", "0002_site_settings_in_other_languages"),
]

# The models that left `network`, by the app that owns them now.
MOVED = {
    "orders": ["product", "productprice", "order", "orderline", "webhookevent"],
    "compensation": ["planversion", "commissionrun", "commissionline", "periodresult",
                     "clawback"],
    "wallet": ["ledgeraccount", "ledgertransaction", "ledgerentry", "payoutbatch",
               "payoutrequest"],
}
NEW_LABEL = {model: app for app, models in MOVED.items() for model in models}
# Apps added after the split: their first migrations run in the upgrade too and make their
# own tables (the split itself makes none).
LATER_APPS = ("learning_", "notifications", "events_", "webhooks_")
# Indexes later migrations add to the tables the split kept (the split itself adds none).
LATER_INDEXES = {"network_partner": {"partner_sponsor_joined_idx"}}


def project_apps():
    """Our own apps: the packages at the top of the project and the apps nested in them
    (notifications.sequences...), not the installed libraries."""
    base = Path(settings.BASE_DIR).resolve()

    def ours(app):
        path = Path(app.path).resolve()
        return base / app.name.split(".")[0] in (path, *path.parents)

    return {app.label for app in installed_apps.get_app_configs() if ours(app)}


def leaf_nodes():
    return sorted(MigrationLoader(connection).graph.leaf_nodes())


def before_the_split():
    """BEFORE_THE_SPLIT, with every installed library's newest migration."""
    ours = project_apps()
    return BEFORE_THE_SPLIT + [node for node in leaf_nodes() if node[0] not in ours]


class Upgrade(Migrator):
    """django-test-migrations' Migrator, starting from exactly the migrations given.

    Its own apply_initial_migration applies everything its full plan lists before the last
    target, and that plan goes through the apps in alphabetical order: compensation's and
    the other new apps' first migrations (and network 0015 they depend on) come before
    website's, so the database to upgrade would be half upgraded already. Here the plan is
    the targets' own, from an empty database."""

    def apply_initial_migration(self, targets):
        targets = normalize(targets)
        sql.drop_models_tables(self._database, no_style())
        sql.flush_django_migrations_table(self._database, no_style())
        self._executor.loader.build_graph()
        plan = self._executor.migration_plan(targets, clean_start=True)
        return self._migrate(targets, plan=plan)


@pytest.fixture
def upgrade(request, transactional_db, django_db_use_migrations):
    """A migrator whose database is migrated to the newest migrations again afterwards
    (the test's flush then restores the rows the suite started with)."""
    if not django_db_use_migrations:
        pytest.skip("--nomigrations was given")
    migrator = Upgrade()
    request.addfinalizer(keep_the_content_type_cache())
    request.addfinalizer(migrator.reset)
    return migrator


def keep_the_content_type_cache():
    """Return what puts Django's cache of content types back as it is now. The upgrade makes
    the content types afresh under other ids; the rows the suite started with, ids included,
    come back for the next transactional test (serialized_rollback), which must find the
    cache as it was: with the cache emptied instead, restoring those rows failed on a
    content type made twice."""
    saved = {database: dict(types) for database, types in ContentType.objects._cache.items()}

    def restore():
        ContentType.objects._cache.clear()
        ContentType.objects._cache.update(saved)

    return restore


@pytest.mark.heavy
@pytest.mark.migration_test
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_database_upgrades_through_the_split_with_nothing_lost(upgrade,
                                                                          monkeypatch):
    # The upgrade runs the day after the business's moment (the mentor view's roster is
    # filled for the partners in their first 90 days then: learning 0005).
    roster_fill = importlib.import_module("learning.migrations.0005_learner_roster")
    monkeypatch.setattr(roster_fill, "timezone", SimpleNamespace(
        now=lambda: existing_business.at(1)))
    old_state = upgrade.apply_initial_migration(before_the_split())
    assert ("network", "order") in old_state.models
    assert not {label for label, _model in old_state.models} & set(MOVED)
    business = existing_business.build(old_state.apps)
    before = database_record.take()

    new_state = upgrade.apply_tested_migration(leaf_nodes())
    after = database_record.take()

    assert not {("network", model) for model in NEW_LABEL} & set(new_state.models)
    assert_the_tables_are_untouched(before, after)
    assert_the_moved_models_read_the_same_business(new_state.apps, business, before)
    assert_the_permissions_follow_the_moved_models(new_state.apps, business, before, after)
    assert_the_ledger_is_still_append_only(business)
    assert_the_bonus_lines_are_still_partitioned(business)
    assert_the_newcomers_are_on_the_roster(new_state.apps, business)


def assert_the_newcomers_are_on_the_roster(apps, business):
    """Vera joined 40 days before the upgrade: she has a Learner row with her sponsor and
    joining time; Anna and Boris, long past their first 90 days, have none."""
    learners = apps.get_model("learning", "Learner").objects
    vera = business["vera"]
    assert list(learners.values_list("partner_id", "sponsor_id", "joined_at")) == [
        (vera.pk, business["anna"].pk, vera.joined_at)]


def assert_the_tables_are_untouched(before, after):
    """No table made, dropped or copied; every row, column, constraint, index and trigger
    as it was; the same balances; the same permissions held by the same people."""
    assert [table for table in after["tables"] if not table.startswith(LATER_APPS)] == (
        before["tables"])
    assert set(after["rows"]) == set(before["rows"])
    for table, (columns, rows) in before["rows"].items():
        assert after["rows"][table] == (columns, rows), table
    for table, constraints in before["constraints"].items():
        added = LATER_INDEXES.get(table, set())
        assert added.isdisjoint(constraints), table
        kept = {name: rule for name, rule in after["constraints"][table].items()
                if name not in added}
        assert kept == constraints, table
        assert added <= set(after["constraints"][table]), table
    assert after["triggers"] == before["triggers"]
    assert after["balances"] == before["balances"]
    for table, access in before["access"].items():
        assert after["access"][table] == access, table


def assert_the_moved_models_read_the_same_business(apps, business, before):
    """The new apps' models, on the same tables, read every row and follow every relation
    (within an app, across the new apps and back to partners) as before."""
    for app, models in MOVED.items():
        for model_name in models:
            model = apps.get_model(app, model_name)
            assert model._meta.db_table == f"network_{model_name}"
            assert model.objects.count() == len(before["rows"][model._meta.db_table][1])

    Order = apps.get_model("orders", "Order")
    paid = Order.objects.get(pk=business["paid_order"].pk)
    assert (paid.status, paid.total, paid.partner.referral_code) == (
        "paid", Decimal("59.80"), "VQ3H8P")
    assert [(line.product.sku, line.quantity, line.pv) for line in paid.lines.all()] == [
        ("VIT-C", 2, Decimal("50.00"))]
    assert apps.get_model("orders", "WebhookEvent").objects.get(event_id="evt_501").order == paid
    vitamins = apps.get_model("orders", "Product").objects.get(sku="VIT-C")
    assert dict(vitamins.prices.values_list("currency", "amount")) == {
        "EUR": Decimal("29.90"), "UAH": Decimal("1290.00")}

    CommissionRun = apps.get_model("compensation", "CommissionRun")
    run = CommissionRun.objects.get(period=existing_business.PERIOD)
    assert (run.state, run.plan_version.name, run.posted_by.email) == (
        "posted", "Reference plan", "second@example.com")
    assert run.lines.aggregate(total=Sum("amount"))["total"] == Decimal("12.50")
    assert sorted(run.results.values_list("partner__referral_code", "total")) == [
        ("BX7K2M", Decimal("5.00")), ("VQ3H8P", Decimal("0.00")), ("anna", Decimal("7.50"))]
    clawback = apps.get_model("compensation", "Clawback").objects.get()
    assert (clawback.line.run, clawback.line.order.status, clawback.amount) == (
        run, "refunded", Decimal("2.50"))

    LedgerEntry = apps.get_model("wallet", "LedgerEntry")
    balances = dict(LedgerEntry.objects.order_by().values_list("account")
                    .annotate(total=Sum("amount")))
    assert balances == before["balances"]
    assert balances[business["anna_wallet"].pk] == Decimal("-2.50")  # 7.50 earned, 5.00 paid
    assert balances[business["boris_wallet"].pk] == Decimal("-2.00")  # 3.00 reserved
    for bonus_or_payout in apps.get_model("wallet", "LedgerTransaction").objects.all():
        assert bonus_or_payout.entries.aggregate(total=Sum("amount"))["total"] == 0
    bonus = apps.get_model("wallet", "LedgerTransaction").objects.get(kind="bonus")
    assert bonus.commission_run_id == run.pk
    Partner = apps.get_model("network", "Partner")
    anna = Partner.objects.get(referral_code="anna")
    assert list(anna.ledger_accounts.values_list("kind", "currency")) == [
        ("partner_wallet", "EUR")]
    assert list(Partner.objects.get(referral_code="VQ3H8P").orders.all()) == [paid]
    PayoutRequest = apps.get_model("wallet", "PayoutRequest")
    paid_out = PayoutRequest.objects.get(pk=business["paid_payout"].pk)
    assert (paid_out.state, paid_out.batch.sha256, paid_out.partner) == (
        "paid", business["payout_batch"].sha256, anna)
    assert PayoutRequest.objects.get(request_key="4f1c2a9e-form").state == "requested"

    landing = apps.get_model("landing", "Landing").objects.get()
    assert (landing.partner, landing.title) == (anna, "Join Anna")
    assert [block.block_type for block in landing.body] == ["hero", "product_showcase"]
    assert landing.leads.get().converted_partner.referral_code == "VQ3H8P"


def assert_the_permissions_follow_the_moved_models(apps, business, before, after):
    """The moved models' content types keep their ids and take the new apps' labels: a
    group allowed to change orders still may, and the admin's history of an order stays."""
    old_ids = {model: pk for pk, (app, model) in before["content_types"].items()
               if app == "network"}
    relabelled = {
        pk: (NEW_LABEL[model] if app == "network" and model in NEW_LABEL else app, model)
        for pk, (app, model) in before["content_types"].items()
    }
    assert after["content_types"] == relabelled
    for model, app in NEW_LABEL.items():
        assert after["content_types"][old_ids[model]] == (app, model)

    Group = apps.get_model("auth", "Group")
    desk = Group.objects.get(pk=business["order_desk"].pk)
    assert set(desk.permissions.values_list("content_type__app_label", "codename")) == {
        ("orders", "change_order"), ("wallet", "view_ledgerentry")}
    # The permission checks the admin and the API make, with the models of today.
    operator = get_user_model().objects.get(email="operator@example.com")
    assert operator.has_perm("orders.change_order")
    assert operator.has_perm("wallet.view_ledgerentry")
    assert operator.has_perm("compensation.change_commissionrun")
    assert not operator.has_perm("network.change_order")
    assert not operator.has_perm("orders.delete_order")
    entry = apps.get_model("wagtailcore", "ModelLogEntry").objects.get()
    assert (entry.content_type.app_label, entry.content_type.model, entry.object_id) == (
        "orders", "order", str(business["paid_order"].pk))


def assert_the_ledger_is_still_append_only(business):
    """The ledger's rows refuse to change: through the models everywhere, and on PostgreSQL
    also through raw SQL (the triggers of network 0005, on the tables that did not move)."""
    from wallet.models import LedgerAppendOnly, LedgerEntry, LedgerTransaction

    entry = LedgerEntry.objects.filter(transaction_id=business["bonus_transaction"].pk).first()
    for row in (entry, LedgerTransaction.objects.get(pk=business["bonus_transaction"].pk)):
        with pytest.raises(LedgerAppendOnly):
            row.save()
        with pytest.raises(LedgerAppendOnly):
            row.delete()
    if connection.vendor != "postgresql":
        return  # SQLite has no such trigger (network 0005): the models' refusal stands alone
    for table, pk in [("network_ledgerentry", entry.pk),
                      ("network_ledgertransaction", entry.transaction_id)]:
        for statement in (f"UPDATE {table} SET id = id WHERE id = %s",
                          f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement, [pk])
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def assert_the_bonus_lines_are_still_partitioned(business):
    """On PostgreSQL the bonus lines stay a table partitioned by run (network 0011), the
    lines written through the ORM in its default partition."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, p.partstrat FROM pg_class c"
            " JOIN pg_partitioned_table p ON p.partrelid = c.oid"
            " WHERE c.relname = 'network_commissionline'"
        )
        assert cursor.fetchall() == [("p", "l")]
        cursor.execute("SELECT count(*) FROM network_commissionline_default")
        assert cursor.fetchone()[0] == len(business["lines"])


@pytest.mark.migration_test
@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    """makemigrations finds nothing to write: the models of the split apps are exactly
    what their migrations say (else the next `makemigrations` would invent a migration
    that touches the shared tables)."""
    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
