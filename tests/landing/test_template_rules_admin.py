"""The "Block rules" screen of a landing template in the Wagtail admin: editors choose per
block whether partners may change or remove it and which blocks partners may add; a
partner's landing started from the template then keeps to those rules."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from landing import builder
from landing.models import LandingTemplate
from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin, staff_with
from tests.landing.helpers import hero, template_body

pytestmark = pytest.mark.django_db

TEMPLATES = "/admin/landings/templates/"


def rules_url(template):
    return f"{TEMPLATES}rules/{template.pk}/"


@pytest.fixture
def template(db):
    """Four blocks; the form has no rule yet (added to the body later), and "gone" names a
    block that is no longer in the body."""
    return LandingTemplate.objects.create(
        name="Join my team", purpose="recruiting", language="en",
        body=template_body(),
        rules={"blocks": {"hero": "editable", "legal": "locked", "about": "removable",
                          "gone": "editable"},
               "addable": ["faq"]},
    )


@pytest.fixture
def editor(client):
    return sign_in_to_admin(client, staff_with("change_landingtemplate"))


def checked(page, block_id):
    """The rule whose radio button is checked for the block."""
    for rule in ("locked", "editable", "removable"):
        start = page.find(f'value="{rule}"', page.find(f'name="rule-{block_id}"'))
        tag = page[page.rfind("<input", 0, start):page.find(">", start)]
        if f'name="rule-{block_id}"' in tag and "checked" in tag:
            return rule
    return None


def test_the_screen_lists_the_blocks_in_order_with_their_rules(editor, template):
    page = editor.get(rules_url(template)).content.decode()
    assert "Block rules" in page
    # Type labels and a short preview of each block's text, in the body's order.
    order = [page.find(text) for text in
             ["Template headline", "Results are not typical", "About me", "Leave your details"]]
    assert -1 not in order and order == sorted(order)
    assert "Hero" in page and "Lead form" in page
    assert "<p>Results" not in page  # the preview is plain text
    assert checked(page, "hero") == "editable"
    assert checked(page, "legal") == "locked"
    assert checked(page, "about") == "removable"
    assert checked(page, "form") == "locked"  # no rule yet: locked
    assert 'name="rule-gone"' not in page
    # Every block type of the library can be offered; only the chosen ones are ticked.
    assert "Questions and answers" in page and "Sign-up call to action" in page
    faq = page[page.rfind("<input", 0, page.find('value="faq"')):]
    assert "checked" in faq[:faq.find(">")]


def test_rules_set_on_the_screen_bind_a_landing_started_from_the_template(
        editor, template, partner):
    response = editor.post(rules_url(template), {
        "rule-hero": "locked", "rule-legal": "editable", "rule-about": "removable",
        "rule-form": "editable", "rule-missing": "editable",
        "addable": ["rich_text", "testimonials"],
    })
    assert response.status_code == 302
    template.refresh_from_db()
    # The rule of the block no longer in the body is dropped; no rule for a block that
    # is not in it is taken.
    assert template.rules == {
        "blocks": {"hero": "locked", "legal": "editable", "about": "removable",
                   "form": "editable"},
        "addable": ["rich_text", "testimonials"],
    }
    assert "saved" in editor.get(response["Location"]).content.decode()

    landing = builder.start_from_template(partner, template, "en")
    with pytest.raises(ValidationError):
        builder.update_block(landing, partner, "hero", hero("My own headline")["value"])
    builder.update_block(landing, partner, "legal", "<p>My own words</p>")
    with pytest.raises(ValidationError):
        builder.add_block(landing, partner, "faq")
    builder.add_block(landing, partner, "rich_text", "<p>Hello</p>")
    with pytest.raises(ValidationError):
        builder.remove_block(landing, partner, "form")
    builder.remove_block(landing, partner, "about")
    landing.refresh_from_db()
    by_id = {block["id"]: block for block in landing.draft}
    assert by_id["hero"]["value"]["headline"] == "Template headline"
    assert by_id["legal"]["value"] == "<p>My own words</p>"
    assert "about" not in by_id


def test_an_unknown_rule_is_refused_and_the_rules_stay_as_they_were(editor, template):
    before = template.rules
    response = editor.post(rules_url(template), {
        "rule-hero": "frozen", "rule-legal": "editable", "rule-about": "removable",
        "rule-form": "editable", "addable": ["faq"],
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be saved" in page
    assert "Select a valid choice. frozen is not one of the available choices." in page
    template.refresh_from_db()
    assert template.rules == before


def test_an_unknown_block_type_cannot_be_made_addable(editor, template):
    before = template.rules
    response = editor.post(rules_url(template), {
        "rule-hero": "editable", "rule-legal": "locked", "rule-about": "removable",
        "rule-form": "locked", "addable": ["faq", "raw_html"],
    })
    assert response.status_code == 200
    assert "raw_html is not one of the available choices" in response.content.decode()
    template.refresh_from_db()
    assert template.rules == before


def test_the_listing_and_the_edit_view_lead_to_the_screen(editor, template):
    assert rules_url(template) in editor.get(TEMPLATES).content.decode()
    edit = editor.get(f"{TEMPLATES}edit/{template.pk}/").content.decode()
    assert rules_url(template) in edit
    # One place to edit the rules: the raw JSON is not on the snippet form.
    assert 'name="rules"' not in edit


def test_removing_a_block_in_the_snippet_form_drops_its_rule(editor, template):
    data = nested_form_data({
        "name": "Join my team", "purpose": "recruiting", "language": "en",
        "body": streamfield([
            ("hero", {"headline": "Template headline", "subline": "", "image": "",
                      "cta_label": "", "cta_url": ""}),
            ("about_me", {"heading": "About me", "text": "Hi", "show_photo": "on"}),
        ]),
    })
    data["body-0-id"], data["body-1-id"] = "hero", "about"
    response = editor.post(f"{TEMPLATES}edit/{template.pk}/", data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.block_ids() == ["hero", "about"]
    assert template.rules == {"blocks": {"hero": "editable", "about": "removable"},
                              "addable": ["faq"]}


def test_staff_who_cannot_change_templates_are_turned_away(client, template):
    sign_in_to_admin(client, staff_with("view_landingtemplate"))
    response = client.get(rules_url(template))
    assert response.status_code in (302, 403)
    assert "Block rules" not in client.get(TEMPLATES).content.decode()
    client.post(rules_url(template), {
        "rule-hero": "removable", "rule-legal": "removable", "rule-about": "removable",
        "rule-form": "removable", "addable": ["faq"],
    })
    before = template.rules
    template.refresh_from_db()
    assert template.rules == before


def test_a_partner_cannot_reach_the_screen(client, template, partner):
    client.force_login(partner.user)
    response = client.get(rules_url(template))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_superuser_reaches_the_screen(client, template):
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(rules_url(template)).status_code == 200
