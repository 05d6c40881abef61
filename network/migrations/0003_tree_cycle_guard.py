"""A PostgreSQL trigger refusing any UPDATE of sponsor_id or placement_parent_id that would
close a loop, so a write that bypasses the services still cannot make a cycle.

It walks up from the new parent (a recursive query) and raises a check_violation
(Django's IntegrityError) when it reaches the partner itself. Walking is needed only for a
partner who has somebody below them in that tree; a partner with nobody below (every
sign-up's first placement) cannot close a loop, and is checked in O(1).

Under concurrency the check must see the other writers' changes, so the trigger shares
the services' advisory lock (network.genealogy.TREE_LOCK_KEY): a walk holds it
exclusively, the O(1) path shares it and takes a lock on the partner and a share on
the new parent, so two partners made each other's parent at once wait for one another and
one of them fails. SQLite has no such trigger; there the services' checks stand alone.
"""

from django.db import migrations

TREE_LOCK_KEY = 7_305_114  # network.genealogy.TREE_LOCK_KEY
NODE_LOCK_CLASS = {"sponsor": 7_305_115, "placement": 7_305_116}

CREATE = f"""
CREATE OR REPLACE FUNCTION network_partner_guard_edge(moved bigint, new_parent bigint, tree text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    node_class integer := CASE tree WHEN 'sponsor' THEN {NODE_LOCK_CLASS["sponsor"]}
                                   ELSE {NODE_LOCK_CLASS["placement"]} END;
    reached boolean;
BEGIN
    IF new_parent = moved THEN
        RAISE EXCEPTION 'partner % cannot be their own % parent', moved, tree
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT network_partner_has_children(moved, tree) THEN
        PERFORM pg_advisory_xact_lock_shared({TREE_LOCK_KEY});
        PERFORM pg_advisory_xact_lock(node_class, (moved % 2147483647)::integer);
        PERFORM pg_advisory_xact_lock_shared(node_class, (new_parent % 2147483647)::integer);
        -- Asked again under the locks: a concurrent write may have given it a child.
        IF NOT network_partner_has_children(moved, tree) THEN
            RETURN;
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock({TREE_LOCK_KEY});
    IF tree = 'sponsor' THEN
        WITH RECURSIVE up(id) AS (
            SELECT new_parent
            UNION
            SELECT p.sponsor_id FROM network_partner p JOIN up ON p.id = up.id
            WHERE p.sponsor_id IS NOT NULL AND up.id <> moved
        ) SELECT EXISTS (SELECT 1 FROM up WHERE id = moved) INTO reached;
    ELSE
        WITH RECURSIVE up(id) AS (
            SELECT new_parent
            UNION
            SELECT p.placement_parent_id FROM network_partner p JOIN up ON p.id = up.id
            WHERE p.placement_parent_id IS NOT NULL AND up.id <> moved
        ) SELECT EXISTS (SELECT 1 FROM up WHERE id = moved) INTO reached;
    END IF;
    IF reached THEN
        RAISE EXCEPTION 'partner % is above % in the % tree: that would make a cycle',
            moved, new_parent, tree USING ERRCODE = 'check_violation';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION network_partner_has_children(node bigint, tree text)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF tree = 'sponsor' THEN
        RETURN EXISTS (SELECT 1 FROM network_partner WHERE sponsor_id = node);
    END IF;
    RETURN EXISTS (SELECT 1 FROM network_partner WHERE placement_parent_id = node);
END $$;

CREATE OR REPLACE FUNCTION network_partner_cycle_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sponsor_id IS NOT NULL AND NEW.sponsor_id IS DISTINCT FROM OLD.sponsor_id THEN
        PERFORM network_partner_guard_edge(NEW.id, NEW.sponsor_id, 'sponsor');
    END IF;
    IF NEW.placement_parent_id IS NOT NULL
            AND NEW.placement_parent_id IS DISTINCT FROM OLD.placement_parent_id THEN
        PERFORM network_partner_guard_edge(NEW.id, NEW.placement_parent_id, 'placement');
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS network_partner_cycle_guard ON network_partner;
CREATE TRIGGER network_partner_cycle_guard
    BEFORE UPDATE OF sponsor_id, placement_parent_id ON network_partner
    FOR EACH ROW EXECUTE FUNCTION network_partner_cycle_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS network_partner_cycle_guard ON network_partner;
DROP FUNCTION IF EXISTS network_partner_cycle_guard();
DROP FUNCTION IF EXISTS network_partner_guard_edge(bigint, bigint, text);
DROP FUNCTION IF EXISTS network_partner_has_children(bigint, text);
"""


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0002_placement_leg_not_null"),
    ]

    operations = [
        migrations.RunPython(create_guard, drop_guard, elidable=False),
    ]
