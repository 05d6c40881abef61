"""The network's management commands: `import_partners` (every bad line reported, nothing
imported; snapshots computed) and `recompute_snapshots`."""

import io

import pytest
from django.core.management import CommandError, call_command

from network.models import Partner, PartnerStatus, TeamSnapshot
from tests.network.helpers import assert_trees_valid

BAD_FILE = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
ROOT,,,,2025-01-01T00:00:00Z,active
A,ROOT,ROOT,L,2025-01-02T00:00:00Z,active
B,ROOT,ROOT,L,2025-01-03T00:00:00Z,active
C,NOBODY,A,L,2025-01-04T00:00:00Z,active
D,A,A,R,yesterday,sleeping
"""

GOOD_FILE = """id,sponsor_id,placement_parent_id,placement_leg,joined_at,status
ROOT,,,,2025-01-01T00:00:00Z,active
A,ROOT,ROOT,L,2025-01-02T00:00:00Z,active
B,ROOT,ROOT,R,2025-01-03T00:00:00Z,inactive
C,A,A,L,2025-01-04T00:00:00Z,active
"""


@pytest.mark.django_db
def test_import_partners_reports_every_bad_line_and_imports_nothing(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(BAD_FILE, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_partners", str(path), stderr=err, stdout=io.StringIO())
    assert failure.value.returncode == 2
    lines = err.getvalue().splitlines()
    assert f"{path}, line 4: placement slot ROOT/L is already taken (line 3)" in lines
    assert f"{path}, line 5: unknown sponsor NOBODY" in lines
    assert f"{path}, line 6: joined_at is not an ISO 8601 UTC time: 'yesterday'" in lines
    assert any(line.startswith(f"{path}, line 6: status must be one of") for line in lines)
    assert len(lines) == 4
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_import_partners_imports_and_computes_snapshots(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(GOOD_FILE, encoding="utf-8")
    out = io.StringIO()
    call_command("import_partners", str(path), stdout=out)
    assert "Imported 4 partners" in out.getvalue()
    assert "Recomputed 4 team snapshots" in out.getvalue()
    root = Partner.objects.get(external_id="ROOT")
    assert root.snapshot.team_size == 3
    assert root.snapshot.active_count == 2
    assert (root.snapshot.left_count, root.snapshot.right_count) == (2, 1)
    assert Partner.objects.get(external_id="C").sponsor_depth == 2
    assert_trees_valid()


@pytest.mark.django_db
def test_import_partners_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as failure:
        call_command("import_partners", str(tmp_path / "nothing.csv"))
    assert failure.value.returncode == 2


@pytest.mark.django_db
def test_recompute_snapshots_rebuilds_every_partners_figures(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(GOOD_FILE, encoding="utf-8")
    call_command("import_partners", str(path), stdout=io.StringIO())
    TeamSnapshot.objects.all().delete()
    Partner.objects.filter(external_id="C").update(status=PartnerStatus.INACTIVE)
    out = io.StringIO()
    call_command("recompute_snapshots", stdout=out)
    assert out.getvalue().startswith("Recomputed 4 team snapshots in ")
    root = TeamSnapshot.objects.get(partner__external_id="ROOT")
    assert (root.team_size, root.active_count) == (3, 1)
