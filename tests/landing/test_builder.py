"""The partner's landing builder: templates with block rules, the cabinet's JSON endpoints
(locked blocks stay as the company wrote them whatever is sent), saved versions and
restoring them, and publishing the draft through compliance."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, streamfield

from landing import builder
from landing.models import (
    ForbiddenPhrase,
    Landing,
    LandingReview,
    LandingState,
    LandingTemplate,
    LandingVersion,
)
from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin
from tests.landing.helpers import BASE, block_value, hero, post

pytestmark = pytest.mark.django_db


def draft_ids(landing):
    landing.refresh_from_db()
    return [block["id"] for block in landing.draft]


# --- templates --------------------------------------------------------------------------


def test_template_rules_name_existing_blocks_and_known_types(template):
    template.full_clean()
    template.rules = {"blocks": {"nope": "locked", "hero": "frozen"}, "addable": ["html"]}
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    messages = " ".join(error.value.message_dict["rules"])
    assert "nope" in messages and "frozen" in messages and "html" in messages


def test_the_admin_form_leaves_the_rules_to_the_block_rules_screen(client):
    # The rules are set on the template's "Block rules" screen (test_template_rules_admin.py).
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))

    def form(rules):
        data = nested_form_data({
            "name": "Event page", "purpose": "event", "language": "en",
            "body": streamfield([("about_me", {"heading": "Me", "text": "Hi",
                                               "show_photo": "on"})]),
            "rules": json.dumps(rules),
        })
        data["body-0-id"] = "about-1"
        return data

    response = client.post("/admin/landings/templates/add/",
                           form({"blocks": {"missing": "locked"}, "addable": ["raw_html"]}))
    assert response.status_code == 302
    saved = LandingTemplate.objects.get()
    assert saved.block_ids() == ["about-1"] and saved.rules == {}  # every block locked


# --- starting and reading -----------------------------------------------------------------


def test_a_partner_starts_a_landing_from_a_template_and_reads_its_draft(anna, template):
    listing = anna.get(f"{BASE}list/").json()
    assert listing["landings"] == []
    assert [t["name"] for t in listing["templates"]] == ["Join my team"]
    response = post(anna, f"{BASE}new/", {"template": template.pk})
    assert response.status_code == 201
    data = response.json()
    assert [(b["id"], b["rule"]) for b in data["blocks"]] == [
        ("hero", "editable"), ("legal", "locked"), ("about", "removable"), ("form", "editable"),
    ]
    hero_fields = {f["name"]: f for f in data["blocks"][0]["schema"]["fields"]}
    assert hero_fields["headline"]["kind"] == "char" and hero_fields["headline"]["required"]
    assert [a["type"] for a in data["addable"]] == ["faq", "rich_text"]
    landing = Landing.objects.get()
    assert landing.state == LandingState.DRAFT and list(landing.body.raw_data) == []
    assert anna.get(f"{BASE}{landing.pk}/draft/").json()["blocks"][0]["value"]["headline"] == (
        "Template headline"
    )
    # A second landing for the same purpose and language is refused.
    again = post(anna, f"{BASE}new/", {"template": template.pk})
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "template"


# --- the rules, whatever the request ------------------------------------------------------


def test_a_locked_block_cannot_be_changed_removed_or_moved_by_a_crafted_request(anna, built):
    before = json.dumps(Landing.objects.get(pk=built.pk).draft)
    url = f"{BASE}{built.pk}/blocks/legal/"
    attempts = [
        post(anna, url, {"value": "<p>Earn a guaranteed income!</p>"}),
        post(anna, url, {"value": "<p>x</p>", "rule": "editable"}),
        post(anna, f"{url}remove/"),
        post(anna, f"{url}move/", {"position": 0}),
        post(anna, f"{BASE}{built.pk}/blocks/about/move/", {"position": 1}),  # onto it
        post(anna, f"{BASE}{built.pk}/blocks/hero/remove/"),  # editable, not removable
    ]
    assert [r.status_code for r in attempts] == [400] * 6
    assert attempts[0].json()["errors"] == [
        {"field": "block_id", "message": "This block cannot be changed."}
    ]
    built.refresh_from_db()
    assert json.dumps(built.draft) == before


def test_moving_keeps_locked_blocks_at_their_places(anna, built):
    response = post(anna, f"{BASE}{built.pk}/blocks/hero/move/", {"position": 3})
    assert response.status_code == 200
    assert draft_ids(built) == ["about", "legal", "form", "hero"]
    assert [b["id"] for b in response.json()["blocks"]] == ["about", "legal", "form", "hero"]


def test_editable_blocks_change_and_rich_text_is_sanitized(anna, built):
    response = post(anna, f"{BASE}{built.pk}/blocks/hero/",
                    {"value": {"headline": "My own headline", "cta_label": "",
                               "cta_url": "", "subline": "", "image": None}})
    assert response.status_code == 200
    assert block_value(built, "hero")["headline"] == "My own headline"
    added = post(anna, f"{BASE}{built.pk}/blocks/add/",
                 {"type": "rich_text", "position": 1,
                  "value": '<p onclick="x()">Hi<script>alert(1)</script></p>'})
    assert added.status_code == 200
    block = added.json()["blocks"][1]
    assert block["type"] == "rich_text" and block["rule"] == "removable"
    assert "script" not in block["value"] and "onclick" not in block["value"]
    assert post(anna, f"{BASE}{built.pk}/blocks/{block['id']}/remove/").status_code == 200
    assert "legal" in draft_ids(built) and block["id"] not in draft_ids(built)


def test_only_addable_block_types_can_be_added(anna, built):
    for block_type in ("video", "lead_form", "raw_html"):
        response = post(anna, f"{BASE}{built.pk}/blocks/add/", {"type": block_type})
        assert response.status_code == 400, block_type
        assert response.json()["errors"][0]["field"] == "block_type"
    assert len(draft_ids(built)) == 4
    response = post(anna, f"{BASE}{built.pk}/blocks/add/", {"type": "faq", "value": {
        "heading": "Questions", "items": [{"question": "Is it free?", "answer": "Yes."}],
    }})
    assert response.status_code == 200 and response.json()["blocks"][-1]["type"] == "faq"


def test_invalid_values_are_refused_with_a_message_and_nothing_is_saved(anna, built):
    before = Landing.objects.get(pk=built.pk).draft
    url = f"{BASE}{built.pk}/blocks/hero/"
    response = post(anna, url, {"value": {"headline": "", "cta_label": "Go",
                                          "cta_url": "javascript:alert(1)"}})
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["headline"] == "This field is required."
    assert "http://" in errors["cta_url"]
    assert post(anna, url, {"value": "not a block"}).status_code == 400
    assert post(anna, f"{BASE}{built.pk}/blocks/about/move/", {"position": 99}).status_code == 400
    built.refresh_from_db()
    assert built.draft == before
    assert built.versions.count() == 1


# --- another partner's landing ----------------------------------------------------------


def test_another_partners_landing_is_not_found_on_every_endpoint(
    client, built, make_partner
):
    boris = make_partner(first_name="Boris", last_name="Other")
    client.force_login(boris.user)
    version = built.versions.get()
    base = f"{BASE}{built.pk}/"
    assert client.get(f"{base}draft/").status_code == 404
    assert client.get(f"{base}preview/").status_code == 404
    for url, data in [
        ("blocks/hero/", {"value": {"headline": "Hacked"}}),
        ("blocks/add/", {"type": "faq"}),
        ("blocks/about/remove/", {}),
        ("blocks/about/move/", {"position": 0}),
        ("save/", {}),
        ("restore/", {"version": version.pk}),
        ("publish/", {}),
    ]:
        assert post(client, base + url, data).status_code == 404, url
    assert client.get(f"{BASE}list/").json()["landings"] == []
    built.refresh_from_db()
    assert block_value(built, "hero")["headline"] == "Template headline"
    assert built.state == LandingState.DRAFT


def test_builder_functions_refuse_another_partner(built, make_partner):
    boris = make_partner(first_name="Boris", last_name="Other")
    with pytest.raises(builder.PermissionDenied):
        builder.update_block(built, boris, "hero", hero("Hacked")["value"])
    with pytest.raises(builder.PermissionDenied):
        builder.publish(built, boris)


def test_posts_need_the_csrf_token(partner, built):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner.user)
    response = post(client, f"{BASE}{built.pk}/blocks/about/remove/")
    assert response.status_code == 403
    assert "about" in draft_ids(built)


# --- versions ---------------------------------------------------------------------------


def _age_versions(landing, minutes=6):
    for version in landing.versions.all():
        version.saved_at -= datetime.timedelta(minutes=minutes)
        version.save(update_fields=["saved_at"])


def test_autosave_keeps_a_version_at_most_every_five_minutes_and_restores(anna, built):
    first = built.versions.get()
    url = f"{BASE}{built.pk}/blocks/hero/"
    value = {"headline": "Second", "subline": "", "cta_label": "", "cta_url": ""}
    assert post(anna, url, {"value": value}).status_code == 200
    assert built.versions.count() == 1  # within five minutes of the last
    _age_versions(built)
    assert post(anna, url, {"value": {**value, "headline": "Third"}}).status_code == 200
    assert built.versions.count() == 2
    response = post(anna, f"{BASE}{built.pk}/restore/", {"version": first.pk})
    assert response.status_code == 200
    assert block_value(built, "hero")["headline"] == "Template headline"
    kept = built.versions.get(reason="restore")  # the draft it replaced is not lost
    assert next(b for b in kept.body if b["id"] == "hero")["value"]["headline"] == "Third"
    assert post(anna, f"{BASE}{built.pk}/restore/", {"version": 999999}).status_code == 400


def test_only_the_last_thirty_versions_are_kept(partner, built):
    for _ in range(35):
        _age_versions(built)
        builder.save_draft(built, partner)
    assert built.versions.count() == LandingVersion.VERSIONS_KEPT


# --- preview and publishing ---------------------------------------------------------------


def test_the_preview_shows_the_draft_to_its_owner_only_and_is_not_indexed(anna, built, home):
    builder.update_block(built, built.partner, "hero",
                         {**hero("Draft headline")["value"]})
    response = anna.get(f"{BASE}{built.pk}/preview/")
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    page = response.content.decode()
    assert "Draft headline" in page and "income disclosure" in page


def test_publishing_goes_through_compliance_then_shows_the_draft(anna, built, home, client):
    ForbiddenPhrase.objects.create(language="en", phrase="guaranteed income")
    url = f"{BASE}{built.pk}/blocks/hero/"
    post(anna, url, {"value": hero("A guaranteed income for you")["value"]})
    response = post(anna, f"{BASE}{built.pk}/publish/")
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "in_review" and data["phrases"][0]["phrase"] == "guaranteed income"
    review = LandingReview.objects.get()
    assert review.body[0]["value"]["headline"] == "A guaranteed income for you"
    code = built.partner.referral_code
    assert anna.get(f"/en/{code}/").status_code == 404

    post(anna, url, {"value": hero("Build your own business")["value"]})
    response = post(anna, f"{BASE}{built.pk}/publish/")
    assert response.json()["state"] == "published"
    built.refresh_from_db()
    assert built.state == LandingState.PUBLISHED
    assert built.versions.filter(reason="publish").count() == 2
    page = Client().get(f"/en/{code}/").content.decode()
    assert "Build your own business" in page and "income disclosure" in page
    # Later draft changes stay out of the public page until published again.
    post(anna, url, {"value": hero("Not yet public")["value"]})
    assert "Not yet public" not in Client().get(f"/en/{code}/").content.decode()


def test_an_invalid_draft_is_not_published_and_the_block_is_named(anna, built):
    added = post(anna, f"{BASE}{built.pk}/blocks/add/", {"type": "faq"})  # defaults only
    faq_id = added.json()["blocks"][-1]["id"]
    response = post(anna, f"{BASE}{built.pk}/publish/")
    assert response.status_code == 400
    assert any(e["field"].startswith(faq_id) for e in response.json()["errors"])
    built.refresh_from_db()
    assert built.state == LandingState.DRAFT and built.published_at is None
    assert list(built.body.raw_data) == []


def test_the_preview_shows_the_page_a_visitor_gets_not_the_partners_own_header(anna, built,
                                                                               home):
    saved = anna.post("/en/cabinet/profile/", {"display_name": "Anna Leader"})
    assert saved.status_code == 302  # "Your profile is saved." waits to be shown
    page = anna.get(f"{BASE}{built.pk}/preview/").content.decode()
    assert "Sign in" in page and "Join" in page
    assert "Sign out" not in page and "My cabinet" not in page
    assert "Your profile is saved." not in page
    # the message is still there for the cabinet's next page
    assert "Your profile is saved." in anna.get("/en/cabinet/profile/").content.decode()
