"""The builder's pages in the cabinet (the list of landings, a new one from a template,
the builder page), its title and address, and the photos partners upload for it."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from wagtail.images import get_image_model

from landing import builder, photos, services, videos
from landing.models import ForbiddenPhrase, Landing, LandingReview, LandingTemplate
from tests.factories import ImageFactory, UserFactory
from tests.landing.helpers import BASE, block_value, hero, lead_form_block, post

pytestmark = pytest.mark.django_db


def png(size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, landing, data, name="me.png", content_type="image/png"):
    return client.post(f"{BASE}{landing.pk}/photos/",
                       {"photo": SimpleUploadedFile(name, data, content_type=content_type)})


# --- the pages ----------------------------------------------------------------------------


def test_the_list_shows_the_partners_landings_and_the_templates(anna, built, make_partner):
    other = make_partner(first_name="Boris", last_name="Other")
    Landing.objects.create(partner=other, language="en", title="Boris's secret page", body=[])
    page = anna.get(BASE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Join my team" in html  # the landing (named after its template) and the template
    assert f"{BASE}{built.pk}/" in html
    assert "Boris's secret page" not in html


def test_a_template_the_partner_has_a_landing_for_offers_to_edit_it(anna, partner, template):
    event = LandingTemplate.objects.create(name="Invitation", purpose="event", language="en",
                                           body=[lead_form_block()])
    html = anna.get(BASE).content.decode()
    assert f'value="{template.pk}" required' in html and f'value="{event.pk}" required' in html
    built = builder.start_from_template(partner, template, "en")
    html = anna.get(BASE).content.decode()
    assert f'value="{template.pk}" disabled' in html
    assert "You have a landing for this already." in html
    assert f'<a href="{BASE}{built.pk}/">Edit it</a>' in html
    assert f'value="{event.pk}" required' in html and "Start from this template" in html
    builder.start_from_template(partner, event, "en")
    html = anna.get(BASE).content.decode()
    assert "Start from this template" not in html
    assert "You have a landing for every template." in html


def test_a_new_landing_from_a_template_opens_in_the_builder(anna, partner, template):
    response = anna.post(BASE, {"template": template.pk})
    landing = Landing.objects.get(partner=partner)
    assert response.status_code == 302 and response["Location"] == f"{BASE}{landing.pk}/"
    page = anna.get(response["Location"])
    assert page.status_code == 200
    assert 'id="builder-config"' in page.content.decode()
    assert landing.draft and landing.state == "draft"  # nothing published yet

    again = anna.post(BASE, {"template": template.pk}, follow=True)
    assert "already have a landing for this purpose" in again.content.decode()
    assert Landing.objects.filter(partner=partner).count() == 1
    assert "Choose a template" in anna.post(BASE, {"template": "x"}, follow=True).content.decode()


def test_another_partners_builder_page_is_not_found(client, built, make_partner):
    other = make_partner(first_name="Boris", last_name="Other")
    client.force_login(other.user)
    assert client.get(f"{BASE}{built.pk}/").status_code == 404
    assert upload(client, built, png()).status_code == 404
    assert post(client, f"{BASE}{built.pk}/details/", {"title": "Mine"}).status_code == 404


def test_the_preview_may_be_framed_by_the_builder_page_only(anna, built):
    response = anna.get(f"{BASE}{built.pk}/preview/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert anna.get(f"{BASE}{built.pk}/")["X-Frame-Options"] == "DENY"


# --- title and address --------------------------------------------------------------------


def test_title_and_address_are_changed_and_checked(anna, built, partner, make_partner):
    url = f"{BASE}{built.pk}/details/"
    response = post(anna, url, {"title": "  My healthy team ", "slug": "Anna-Team"})
    assert response.status_code == 200
    built.refresh_from_db()
    assert (built.title, built.slug) == ("My healthy team", "anna-team")
    assert built.get_url() == "/en/anna-team/"

    other = make_partner(first_name="Boris", last_name="Other")
    for data, field in [
        ({"title": "", "slug": ""}, "title"),
        ({"title": "x" * 121, "slug": ""}, "title"),
        ({"title": "Fine", "slug": "a--b"}, "slug"),
        ({"title": "Fine", "slug": "admin"}, "slug"),
        ({"title": "Fine", "slug": other.referral_code.lower()}, "slug"),
    ]:
        refused = post(anna, url, data)
        assert refused.status_code == 400, data
        assert [error["field"] for error in refused.json()["errors"]] == [field], data
    built.refresh_from_db()
    assert (built.title, built.slug) == ("My healthy team", "anna-team")

    assert post(anna, url, {"title": "Back to my code", "slug": ""}).status_code == 200
    built.refresh_from_db()
    assert built.slug is None and built.get_url() == f"/en/{partner.referral_code}/"


# --- photos -------------------------------------------------------------------------------


def test_an_uploaded_photo_is_re_encoded_and_kept_as_the_partners(anna, built, partner):
    response = upload(anna, built, png((2400, 1200)))
    assert response.status_code == 201
    image = get_image_model().objects.get(pk=response.json()["id"])
    assert image.uploaded_by_user_id == partner.user_id
    assert image.collection.name == photos.COLLECTION_NAME
    assert max(image.width, image.height) == photos.MAX_SIDE
    assert response.json()["url"]

    # The photo goes into the hero, and the draft tells the builder how to show it.
    value = {**hero()["value"], "image": image.pk}
    assert post(anna, f"{BASE}{built.pk}/blocks/hero/", {"value": value}).status_code == 200
    assert block_value(built, "hero")["image"] == image.pk
    draft = anna.get(f"{BASE}{built.pk}/draft/").json()
    assert draft["images"][str(image.pk)]


@pytest.mark.parametrize("data, name, content_type, message", [
    (b"#!/bin/sh\necho hi\n", "me.png", "image/png", "not a picture"),
    (b"GIF89a" + b"\x00" * 40, "me.gif", "image/gif", "not a picture"),
    (None, "big.png", "image/png", "too large"),
    ("bomb", "bomb.png", "image/png", "too many pixels"),
])
def test_bad_uploads_are_refused_and_leave_nothing_behind(anna, built, data, name,
                                                          content_type, message):
    if data is None:
        data = b"\x89PNG" + b"\x00" * (5 * 1024 * 1024 + 10)
    elif data == "bomb":  # a small file that decodes to 20,000 x 20,000 pixels
        buffer = io.BytesIO()
        Image.new("1", (20000, 20000)).save(buffer, "PNG", optimize=True)
        data = buffer.getvalue()
    before = get_image_model().objects.count()
    response = upload(anna, built, data, name, content_type)
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"].lower()
    assert response.json()["errors"][0]["field"] == "photo"
    assert get_image_model().objects.count() == before


def test_a_missing_file_is_named(anna, built):
    response = anna.post(f"{BASE}{built.pk}/photos/", {})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "photo", "message": "Choose a picture to upload."}
    ]


def test_another_partners_photo_cannot_be_put_on_a_landing(anna, built, make_partner):
    boris = make_partner(first_name="Boris", last_name="Other")
    theirs = photos.upload_photo(boris, SimpleUploadedFile("b.png", png(), "image/png"))
    company = ImageFactory()  # an editor's picture, e.g. one a template uses
    url = f"{BASE}{built.pk}/blocks/hero/"
    refused = post(anna, url, {"value": {**hero()["value"], "image": theirs.pk}})
    assert refused.status_code == 400
    assert "not yours" in refused.json()["errors"][0]["message"]
    assert block_value(built, "hero")["image"] is None
    assert post(anna, url, {"value": {**hero()["value"], "image": company.pk}}).status_code == 200


# --- values the JSON draft must hold ------------------------------------------------------


def test_a_countdown_is_saved_with_its_date(partner, built):
    # Pins a bug: a date-time value could not be stored in the JSON draft.
    built.rules["addable"].append("countdown")
    built.save(update_fields=["rules"])
    block_id = builder.add_block(built, partner, "countdown", {
        "heading": "Open evening", "target": "2026-12-01T16:00:00.000Z", "ended_text": "",
    })
    value = block_value(built, block_id)
    assert value["target"].startswith("2026-12-01T16:00:00")
    builder.update_block(built, partner, block_id, {**value, "heading": "Our open evening"})
    assert block_value(built, block_id)["heading"] == "Our open evening"


# --- review ---------------------------------------------------------------------------------


def test_a_landing_stays_online_while_its_next_version_is_reviewed(anna, built, partner):
    ForbiddenPhrase.objects.create(language="en", phrase="guaranteed income",
                                   explanation="Do not promise income.")
    url = f"{BASE}{built.pk}/blocks/hero/"
    post(anna, url, {"value": hero("Healthy food with me")["value"]})
    assert post(anna, f"{BASE}{built.pk}/publish/").json()["state"] == "published"
    public = f"/en/{partner.referral_code}/"

    post(anna, url, {"value": hero("A guaranteed income for you")["value"]})
    held = post(anna, f"{BASE}{built.pk}/publish/").json()
    assert held["state"] == "in_review"
    assert held["review"]["phrases"][0]["explanation"] == "Do not promise income."
    assert held["review"]["online"] is True
    page = Client().get(public)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Healthy food with me" in html and "guaranteed income" not in html

    reviewer = UserFactory(is_staff=True)
    services.decide(LandingReview.objects.get(), approve=False, reviewer=reviewer,
                    comment="Please remove the promise of income.")
    draft = anna.get(f"{BASE}{built.pk}/draft/").json()
    assert draft["landing"]["state"] == "rejected"
    assert draft["review"]["comment"] == "Please remove the promise of income."
    assert "Healthy food with me" in Client().get(public).content.decode()


# --- videos ---------------------------------------------------------------------------------


def test_a_video_is_uploaded_and_shown_in_a_video_block_of_ones_own(anna, built, partner,
                                                                    make_partner):
    from tests.landing.helpers import MP4, QUICKTIME

    built.rules["addable"].append("video")
    built.save(update_fields=["rules"])
    url = f"{BASE}{built.pk}/videos/"
    response = anna.post(url, {"video": SimpleUploadedFile("intro.mp4", MP4, "video/mp4")})
    assert response.status_code == 201 and response.json()["name"] == "intro.mp4"
    mine = response.json()["id"]
    refused = anna.post(url, {"video": SimpleUploadedFile("clip.mov", QUICKTIME, "video/mp4")})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "video"
    assert partner.landing_videos.count() == 1
    assert anna.get(f"{BASE}{built.pk}/draft/").json()["videos"][0]["id"] == mine

    boris = make_partner(first_name="Boris", last_name="Other")
    theirs = videos.upload_video(boris, SimpleUploadedFile("b.mp4", MP4, "video/mp4"))
    add = f"{BASE}{built.pk}/blocks/add/"
    value = {"url": "", "video": theirs.pk, "poster": None, "title": "Boris's video"}
    assert post(anna, add, {"type": "video", "value": value}).status_code == 400
    response = post(anna, add, {"type": "video", "value": {**value, "video": mine}})
    assert response.status_code == 200
    assert response.json()["blocks"][-1]["value"]["video"] == mine


def test_a_published_landings_new_title_waits_for_publishing_and_compliance(anna, built,
                                                                           partner):
    ForbiddenPhrase.objects.create(language="en", phrase="get rich")
    assert post(anna, f"{BASE}{built.pk}/publish/").json()["state"] == "published"
    public = f"/en/{partner.referral_code}/"
    details = f"{BASE}{built.pk}/details/"

    assert post(anna, details, {"title": "Get rich with Anna", "slug": ""}).status_code == 200
    assert anna.get(f"{BASE}{built.pk}/draft/").json()["landing"]["title"] == (
        "Get rich with Anna"
    )
    assert "<title>Get rich" not in Client().get(public).content.decode()
    held = post(anna, f"{BASE}{built.pk}/publish/").json()
    assert held["state"] == "in_review" and held["phrases"][0]["phrase"] == "get rich"
    assert "Get rich with Anna" not in Client().get(public).content.decode()

    post(anna, details, {"title": "Healthy food with Anna", "slug": ""})
    assert post(anna, f"{BASE}{built.pk}/publish/").json()["state"] == "published"
    built.refresh_from_db()
    assert built.title == "Healthy food with Anna"
    assert "Healthy food with Anna" in Client().get(public).content.decode()


# --- uploads over the limit, refused before they are read -----------------------------------


def big_body(client, url, field, declared):
    """A POST that says it carries `declared` bytes but sends a few: reading its body (to
    parse the form) would fail the test, so only a refusal before reading passes."""
    return client.post(url, {field: SimpleUploadedFile("big.bin", b"x" * 100)},
                       CONTENT_LENGTH=str(declared), HTTP_ACCEPT="application/json")


def test_a_photo_too_large_is_refused_before_its_body_is_read(anna, built):
    before = get_image_model().objects.count()
    response = big_body(anna, f"{BASE}{built.pk}/photos/", "photo", 50 * 1024 * 1024)
    assert response.status_code == 413
    assert response.json() == {"errors": [
        {"field": "photo", "message": "The file is too large: at most 5.0\xa0MB."}]}
    # A real file of 6 MB is refused the same way, and nothing is kept.
    response = anna.post(f"{BASE}{built.pk}/photos/", {
        "photo": SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * (6 * 1024 * 1024))},
        HTTP_ACCEPT="application/json")
    assert response.status_code == 413
    assert get_image_model().objects.count() == before


def test_a_video_over_the_limit_is_refused_before_its_body_is_read(anna, built, partner,
                                                                   settings):
    settings.LANDING_VIDEO_MAX_BYTES = 200 * 1024
    response = big_body(anna, f"{BASE}{built.pk}/videos/", "video", 10 * 1024 * 1024)
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["field"] == "video" and "at most 200.0\xa0KB" in error["message"]
    assert partner.landing_videos.count() == 0


def test_the_limit_is_said_in_the_partners_language(anna, built):
    response = anna.post(f"/uk/cabinet/landings/{built.pk}/photos/",
                         {"photo": SimpleUploadedFile("big.bin", b"x")},
                         CONTENT_LENGTH=str(50 * 1024 * 1024), HTTP_ACCEPT="application/json")
    message = response.json()["errors"][0]["message"]
    assert response.status_code == 413 and message.startswith("Файл завеликий: не більше 5,0")


def test_the_builder_knows_the_limits_so_the_browser_checks_first(anna, built):
    page = anna.get(f"{BASE}{built.pk}/").content.decode()
    config = json.loads(re.search(
        r'<script id="builder-config" type="application/json">(.*?)</script>', page, re.S
    ).group(1))
    assert config["photo_max_bytes"] == 5 * 1024 * 1024
    assert config["video_max_bytes"] == videos.max_bytes()
    assert config["labels"]["photo_too_large"] == "The file is too large: at most 5.0\xa0MB."
