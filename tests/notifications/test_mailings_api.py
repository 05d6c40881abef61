"""/api/v1/mailings/: scoped to the caller, a crafted request reaches nobody outside the
caller's downline, refusals are 4xx with their reason, and the detail has the counts."""

import pytest
from rest_framework.test import APIClient

from landing.models import ForbiddenPhrase
from notifications.mailings.models import TeamMailing
from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.mailing_fixtures import (
    ids,
    reached,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/mailings/"


def client_of(partner):
    api = APIClient()
    api.force_authenticate(partner.user)
    return api


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def post(partner, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client_of(partner).post(URL, body, format="json")

    return post


BODY = {"subject": "Training", "text": "Saturday at 10."}


def test_create_sends_to_the_segment_and_answers_the_mailing_with_its_counts(
        team, post, channels):
    response = post(team.sender, {**BODY, "audience": "sponsored",
                                  "channels": ["inapp", "email"]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["recipient_count"] == 2 and body["audience"] == "sponsored"
    assert reached(f"mailing:{body['id']}") == ids(team.ann, team.dan)
    detail = client_of(team.sender).get(f"{URL}{body['id']}/").json()
    assert detail["counts"]["recipients"] == 2 and detail["counts"]["notified"] == 2
    assert {row["channel"] for row in detail["counts"]["channels"]} == {"inapp", "email"}


def test_a_crafted_request_reaches_nobody_outside_the_callers_downline(team, post, channels):
    crafted = {**BODY, "partners": [team.olga.pk, team.oleg.pk, team.leader.pk, team.cat.pk],
               "sender": team.olga.pk, "recipients": [team.olga.user_id],
               "user_ids": [team.oleg.user_id], "depth": 1000}
    response = post(team.sender, crafted)
    assert response.status_code == 201, response.json()
    mailing = TeamMailing.objects.get(pk=response.json()["id"])
    assert mailing.sender == team.sender
    assert reached(mailing.source) == ids(team.cat)
    only_outsiders = post(team.sender, {**BODY, "partners": [team.olga.pk, team.oleg.pk]})
    assert only_outsiders.status_code == 400
    assert only_outsiders.json()["code"] == "no_recipients"
    assert not Notification.objects.filter(
        recipient_id__in=[team.olga.user_id, team.oleg.user_id, team.leader.user_id],
        kind="team_mailing").exists()


def test_preview_counts_the_segment_of_the_callers_team_only(team, channels):
    api = client_of(team.sender)
    assert api.post(f"{URL}preview/", {"audience": "team", "depth": 1},
                    format="json").json() == {"recipients": 2}
    assert api.post(f"{URL}preview/", {"partners": [team.olga.pk, team.bob.pk]},
                    format="json").json() == {"recipients": 1}


def test_a_forbidden_phrase_is_refused_with_the_phrase_named(team, post, channels):
    ForbiddenPhrase.objects.create(language="en", phrase="guaranteed income")
    response = post(team.sender, {**BODY, "text": "A guaranteed income for all!"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "forbidden_phrase" and "guaranteed income" in body["detail"]
    assert body["errors"]["phrases"] == ["guaranteed income"]
    assert not TeamMailing.objects.exists()


def test_the_daily_cap_answers_429_with_retry_after(team, post, channels, settings):
    settings.MAILINGS_DAILY_CAP = 1
    assert post(team.sender, BODY).status_code == 201
    response = post(team.sender, BODY)
    assert response.status_code == 429 and response.json()["code"] == "daily_cap"
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("body", [
    {},
    {"subject": "", "text": "x"},
    {"subject": "x" * 151, "text": "x"},
    {"subject": "x", "text": "x" * 5001},
    {"subject": "x", "text": "x", "audience": "everyone"},
    {"subject": "x", "text": "x", "depth": 0},
    {"subject": "x", "text": "x", "depth": 10**30},
    {"subject": "x", "text": "x", "status": "terminated"},
    {"subject": "x", "text": "x", "channels": []},
    {"subject": "x", "text": "x", "channels": ["sms"]},
    {"subject": "x", "text": "x", "partners": ["1"]},
    {"subject": "x", "text": "x", "partners": [2**70]},
    {"subject": "x", "text": "x", "joined_after": "9999-12-31"},
    {"subject": "x", "text": "x", "joined_after": "2026-02-01",
     "joined_before": "2026-01-01"},
    {"subject": "x\x00", "text": "x"},
    {"subject": 5, "text": "x"},
])
def test_invalid_input_is_400_never_500(team, post, channels, body):
    response = post(team.sender, body)
    assert response.status_code == 400, response.content
    assert response.json()["code"]
    assert not TeamMailing.objects.exists()


def test_mailings_are_the_callers_own(team, post, channels):
    mine = post(team.sender, BODY).json()["id"]
    theirs = post(team.olga, BODY).json()["id"]
    listed = client_of(team.sender).get(URL).json()
    assert [row["id"] for row in listed["results"]] == [mine]
    assert client_of(team.sender).get(f"{URL}{theirs}/").status_code == 404
    assert client_of(team.sender).get(f"{URL}{10**25}/").status_code == 404


def test_a_user_without_a_partner_is_refused(db):
    api = APIClient()
    api.force_authenticate(UserFactory())
    response = api.get(URL)
    assert response.status_code == 403 and response.json()["code"] == "not_a_partner"
    assert APIClient().get(URL).status_code == 401


def test_the_schema_documents_the_endpoints(db):
    schema = APIClient().get("/api/schema/?format=json").json()
    assert {"/api/v1/mailings/", "/api/v1/mailings/preview/",
            "/api/v1/mailings/{id}/"} <= set(schema["paths"])
    assert "429" in schema["paths"]["/api/v1/mailings/"]["post"]["responses"]
