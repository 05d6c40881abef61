"""Staff write sequences in the admin: a sequence without steps, with a step before the
one above it, without a channel, with half a translation, with a holdout over 50% or a
goal window shorter than its steps is refused with the reason; a good one is stored with
its steps. The report is open to staff with its permission (page and CSV) and refused to
staff without it and to partners."""

import pytest

from notifications.sequences.models import Sequence
from tests.helpers import operator_client, page, sign_in_to_admin, staff_with
from tests.notifications import sequence_helpers
from tests.notifications.sequence_helpers import make_sequence

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail")]
mail = sequence_helpers.mail

ADD = "/admin/sequences/add/"


def sequence_form(steps, **fields):
    data = {"name": "Welcome", "active": "on", "trigger": "joined", "trigger_days": "0",
            "trigger_rank": "", "max_entries": "1", "exit_condition": "ordered", "goal": "",
            "goal_days": "30", "holdout_percent": "10",
            "steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000", **fields}
    for index, step in enumerate(steps):
        values = {"delay_days": "0", "delay_hours": "0", "channels": ["inapp", "email"],
                  "url": "", "title_en": f"Step {index}", "body_en": "Hello",
                  "title_ru": "", "body_ru": "", "title_uk": "", "body_uk": "",
                  "sponsor_title_en": "", "sponsor_body_en": "", "sponsor_title_ru": "",
                  "sponsor_body_ru": "", "sponsor_title_uk": "", "sponsor_body_uk": "",
                  "ORDER": str(index + 1), "DELETE": "", "id": ""}
        values.update(step)
        for name, value in values.items():
            if name == "tell_sponsor":
                if value:
                    data[f"steps-{index}-tell_sponsor"] = "on"
                continue
            data[f"steps-{index}-{name}"] = value
    return data


@pytest.fixture
def editor():
    client, _user = operator_client()
    return client


def refused(editor, data, message):
    response = editor.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Sequence.objects.exists()


def test_a_sequence_needs_steps_in_order(editor):
    refused(editor, sequence_form([]), "A sequence needs at least one step.")
    refused(editor, sequence_form([{"delay_days": "3"}, {"delay_days": "1"}]),
            "Step 2 comes before the step above it")


def test_each_step_needs_a_channel_and_whole_translations(editor):
    refused(editor, sequence_form([{"channels": []}]), "This field is required.")
    refused(editor, sequence_form([{"channels": ["pigeon"]}]), "Select a valid choice.")
    refused(editor, sequence_form([{"title_ru": "Привет"}]),
            "Give both the title and the text in this language, or neither.")
    refused(editor, sequence_form([{"tell_sponsor": True}]),
            "The sponsor&#x27;s message needs its English title and text.")
    refused(editor, sequence_form([{"url": "https://elsewhere.example/"}]),
            "Give an address on this site, starting with /.")
    refused(editor, sequence_form([{"delay_hours": "30"}]),
            "Ensure this value is less than or equal to 23.")
    refused(editor, sequence_form([{"delay_days": "-1"}]),
            "Ensure this value is greater than or equal to 0.")


def test_the_holdout_the_trigger_and_the_window_are_checked(editor):
    refused(editor, sequence_form([{}], holdout_percent="60"),
            "Ensure this value is less than or equal to 50.")
    refused(editor, sequence_form([{}], trigger="no_sign_in", trigger_days="0"),
            "For this trigger N must be from 1 to 365.")
    refused(editor, sequence_form([{"delay_days": "10"}], goal_days="5"),
            "The goal window must last at least until the last step (day 10).")


def test_a_good_sequence_is_stored_with_its_steps(editor):
    response = editor.post(ADD, sequence_form([
        {"delay_days": "0", "title_ru": "Привет", "body_ru": "Добро пожаловать"},
        {"delay_days": "1", "delay_hours": "6", "channels": ["email"], "tell_sponsor": True,
         "sponsor_title_en": "{newcomer} joined", "sponsor_body_en": "Say hello"},
    ]))
    assert response.status_code == 302, response.content.decode()[:3000]
    sequence = Sequence.objects.get()
    steps = list(sequence.steps.order_by("sort_order"))
    assert [(step.delay_days, step.delay_hours, step.channels, step.tell_sponsor)
            for step in steps] == [(0, 0, ["inapp", "email"], False),
                                   (1, 6, ["email"], True)]
    assert steps[0].text("title", "ru") == "Привет" and steps[1].text("title", "uk") == "Step 1"


def test_the_report_is_for_staff_with_its_permission(client, make_partner):
    sequence = make_sequence()
    url = f"/admin/sequences/report/{sequence.pk}/"
    analyst = sign_in_to_admin(client, staff_with("view_sequence_report"))
    answer = page(analyst.get(url))
    assert "data-experiment" in answer and "Entered, holdout" in answer
    csv = analyst.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv["Content-Disposition"].startswith(f'attachment; filename="sequence-{sequence.pk}-')
    assert csv.content.decode().startswith("Step,Title,")


def test_the_report_is_refused_without_the_permission(client, make_partner):
    sequence = make_sequence()
    url = f"/admin/sequences/report/{sequence.pk}/"
    other = sign_in_to_admin(client, staff_with())
    assert other.get(url).status_code in (302, 403)
    assert other.get(url, {"format": "csv"}).status_code in (302, 403)
    other.logout()
    partner = make_partner()
    client.force_login(partner.user)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_and_the_edit_page_lead_to_the_report(client, make_partner):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.sequences.models import Enrollment, Group

    sequence = make_sequence(exit_condition="ordered", holdout_percent=50)
    partner = make_partner()
    now = timezone.now()
    Enrollment.objects.bulk_create([
        Enrollment(sequence=sequence, partner=partner, user=partner.user, entry=entry,
                   group=Group.SENT if entry <= 70 else Group.HOLDOUT, triggered_at=now,
                   entered_at=now - timedelta(days=10), exited_at=now,
                   goal_at=now if entry <= 56 or 70 < entry <= 118 else None)
        for entry in range(1, 151)])
    user = staff_with("view_sequence_report", "view_sequence", "change_sequence")
    analyst = sign_in_to_admin(client, user)
    report = f"/admin/sequences/report/{sequence.pk}/"
    assert report in page(analyst.get("/admin/sequences/"))
    assert report in page(analyst.get(f"/admin/sequences/edit/{sequence.pk}/"))
    answer = page(analyst.get(report))
    assert "56 / 70 (80.0 %)" in answer and "48 / 80 (60.0 %)" in answer
    assert "5.2 … 33.4" in answer
