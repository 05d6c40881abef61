"""The plan version and run rules hold in the services themselves, whoever calls them (the
admin, the commands, the demo): a busy run is neither approved nor discarded, a new
version from an old one is numbered after the newest."""

import pytest

from compensation import commission_runs, plan_versions
from compensation.models import CommissionRun, PlanVersion

State = CommissionRun.TaskState


@pytest.fixture
def calculated_run(plan):
    return CommissionRun.objects.create(period="2026-10", plan_version=plan,
                                        state=CommissionRun.State.CALCULATED)


@pytest.mark.parametrize("step", [
    lambda run: commission_runs.approve_run(run, None),
    commission_runs.discard_run,
])
def test_a_run_with_background_work_is_not_approved_or_discarded(calculated_run, step):
    CommissionRun.objects.filter(pk=calculated_run.pk).update(task_state=State.RUNNING)
    with pytest.raises(commission_runs.RunError) as refusal:
        step(calculated_run)
    assert refusal.value.messages == [commission_runs.busy_message()]
    calculated_run.refresh_from_db()
    assert calculated_run.state == CommissionRun.State.CALCULATED
    CommissionRun.objects.filter(pk=calculated_run.pk).update(task_state=State.IDLE)
    assert step(calculated_run).state != CommissionRun.State.CALCULATED


def test_a_new_version_from_an_old_one_follows_the_newest(plan):
    PlanVersion.objects.create(name=plan.name, version=4, rules={}, effective_from="2026-03-01")
    draft = plan_versions.new_version_from(plan)
    assert (draft.name, draft.version, draft.state) == (plan.name, 5, PlanVersion.State.DRAFT)
    assert draft.rules == plan.rules and draft.effective_from == plan.effective_from
    plan.refresh_from_db()
    assert plan.state == PlanVersion.State.PUBLISHED and plan.version == 1


def test_only_a_draft_is_editable(plan):
    with pytest.raises(plan_versions.PlanVersionError, match="read-only"):
        plan_versions.check_editable(plan)
    plan_versions.check_editable(plan_versions.new_version_from(plan))
