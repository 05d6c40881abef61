"""The mentor view's roster (learning/roster.py): a newcomer is in their sponsor's mentor
view from the moment they join, however they joined (sign-up, the CSV import), follows
an operator's sponsor change, and `sync` (hourly) puts right any copy that differs."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from learning import journey, mentoring, roster, tasks
from learning.models import Learner
from network import services
from network.models import Partner
from network.partners_import import import_partners
from tests.helpers import require_postgresql, run_at_once
from tests.learning.journey_helpers import build_plan, joined_days_ago

pytestmark = pytest.mark.django_db


def listed(sponsor, now=None):
    return [mentee.id for mentee in mentoring.page_of(sponsor, 1, now).mentees]


@pytest.fixture
def sponsor(make_partner):
    return make_partner(first_name="Marta", last_name="Sponsor")


def test_a_newcomer_is_on_the_roster_the_moment_they_join(sponsor, make_partner):
    newcomer = make_partner(sponsor)
    learner = Learner.objects.get(partner=newcomer)
    assert (learner.sponsor_id, learner.joined_at) == (sponsor.pk, newcomer.joined_at)
    assert learner.last_activity_at is None and learner.tasks_done == 0
    page = mentoring.page_of(sponsor, 1)
    assert [mentee.id for mentee in page.mentees] == [newcomer.pk]
    assert page.summary == mentoring.summary(sponsor)


def test_a_changed_joining_time_moves_the_copy(sponsor, make_partner):
    newcomer = joined_days_ago(make_partner(sponsor), 120)  # saved: past the 90 days
    assert Learner.objects.get(partner=newcomer).joined_at == newcomer.joined_at
    assert listed(sponsor) == []
    joined_days_ago(newcomer, 10)
    assert listed(sponsor) == [newcomer.pk]


def test_an_operators_sponsor_change_moves_the_newcomer_to_the_new_sponsors_view(
        sponsor, make_partner, staff):
    other = make_partner(first_name="Oleh")
    newcomer = make_partner(sponsor)
    services.change_sponsor(newcomer, other, staff_user=staff, reason="Signed up with the "
                                                                      "wrong link")
    assert listed(sponsor) == [] and mentoring.summary(sponsor).newcomers == 0
    assert listed(other) == [newcomer.pk]
    assert Learner.objects.get(partner=newcomer).sponsor_id == other.pk


def test_imported_newcomers_are_in_their_sponsors_view_at_once(sponsor):
    now = timezone.now()
    sponsor.refresh_from_db()
    code = sponsor.referral_code
    recent = (now - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    old = (now - timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    header = "id,sponsor_id,placement_parent_id,placement_leg,joined_at,status"
    rows = [f"NEW1,{code},{code},L,{recent},active", f"OLD1,{code},{code},R,{old},active"]
    assert import_partners(io.StringIO("\n".join([header, *rows]) + "\n"),
                           recompute_snapshots=False) == 2
    fresh = Partner.objects.get(external_id="NEW1")
    assert listed(sponsor, now) == [fresh.pk]
    assert mentoring.summary(sponsor, now).newcomers == 1
    # A partner long past their first 90 days is not given a row.
    assert not Learner.objects.filter(partner__external_id="OLD1").exists()


def test_sync_mends_what_was_written_around_it(sponsor, make_partner):
    now = timezone.now()
    first, second = make_partner(sponsor), make_partner(sponsor)
    other = make_partner()
    # Written around the roster: a sponsor moved and a joining time set by queryset
    # updates (no signal), a Learner row lost.
    Partner.objects.filter(pk=first.pk).update(sponsor=other)
    Partner.objects.filter(pk=second.pk).update(joined_at=now - timedelta(days=2))
    Learner.objects.filter(partner=other).delete()
    assert roster.sync(now) == (1, 2)
    assert listed(sponsor, now) == [second.pk] and listed(other, now) == [first.pk]
    second_row = Learner.objects.get(partner=second)
    assert second_row.joined_at == now - timedelta(days=2)
    assert roster.sync(now) == (0, 0)  # again: nothing to do


def test_a_row_made_by_a_first_step_carries_the_copies(course, sponsor, make_partner):
    build_plan(course)
    newcomer = make_partner(sponsor)
    Learner.objects.filter(partner=newcomer).delete()  # as before the roster existed
    journey.mark_done(newcomer, "list-20-people")
    learner = Learner.objects.get(partner=newcomer)
    assert (learner.sponsor_id, learner.joined_at, learner.tasks_done) == (
        sponsor.pk, newcomer.joined_at, 1)
    assert listed(sponsor) == [newcomer.pk]


def test_the_hourly_task_puts_the_roster_right(sponsor, make_partner):
    newcomer = make_partner(sponsor)
    Learner.objects.filter(partner=newcomer).delete()
    assert listed(sponsor) == []
    assert tasks.sync_roster() == [1, 0]
    assert listed(sponsor) == [newcomer.pk]
    schedule = settings.CELERY_BEAT_SCHEDULE["learning-roster"]
    assert (schedule["task"], schedule["schedule"]) == ("learning.sync_roster", 3600)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_hourly_runs_at_once_make_each_row_once(make_partner):
    require_postgresql("concurrent writes need PostgreSQL; SQLite serializes them")
    sponsor = make_partner()
    newcomers = [make_partner(sponsor) for _ in range(3)]
    Learner.objects.filter(partner__in=newcomers).delete()  # written around the roster
    results, errors = run_at_once([tasks.sync_roster, tasks.sync_roster])
    assert errors == [None, None], errors
    assert sorted(made for made, _mended in results) == [0, 3]  # the rows made once
    assert sorted(listed(sponsor)) == sorted(partner.pk for partner in newcomers)
