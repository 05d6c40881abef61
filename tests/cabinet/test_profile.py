import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from network.models import Partner


def png(size=(300, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 110)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def me(make_partner):
    return make_partner(first_name="Anna", last_name="Koval")


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_profile_page_renders_in_each_language(sign_in, me, language, settings, tmp_path):
    response = sign_in(me).get(f"/{language}/cabinet/profile/")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_a_partner_saves_name_contacts_and_photo(sign_in, me, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = sign_in(me).post("/en/cabinet/profile/", {
        "display_name": "  Anna   Koval ", "phone": "+380 44 123 4567",
        "telegram": "@anna_koval", "whatsapp": "", "viber": "",
        "photo": SimpleUploadedFile("me.png", png(), content_type="image/png"),
    })
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.display_name == "Anna Koval"
    assert me.telegram == "anna_koval"
    assert me.photo.name.startswith("partners/")
    with Image.open(me.photo.path) as stored:
        assert stored.size == (300, 200)


def test_bad_contacts_and_a_fake_photo_are_refused_and_nothing_changes(
    sign_in, me, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = sign_in(me).post("/en/cabinet/profile/", {
        "display_name": "Changed", "phone": "call me maybe", "telegram": "a b",
        "photo": SimpleUploadedFile("me.png", b"<svg onload=alert(1)>", content_type="image/png"),
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a phone number with digits" in page
    assert "A Telegram username has 5 to 32" in page
    assert "not a picture we can read" in page
    me.refresh_from_db()
    assert me.display_name != "Changed" and not me.photo


def test_the_form_only_ever_edits_the_signed_in_partner(sign_in, me, make_partner):
    other = make_partner()
    sign_in(me).post("/en/cabinet/profile/", {"display_name": "Mine", "id": other.pk,
                                              "user": other.user_id})
    assert Partner.objects.get(pk=other.pk).display_name != "Mine"
    assert Partner.objects.get(pk=me.pk).display_name == "Mine"


def test_a_photo_too_large_is_refused_before_it_is_read_and_nothing_changes(sign_in, me):
    client = sign_in(me)
    response = client.post("/en/cabinet/profile/", {
        "display_name": "Changed",
        "photo": SimpleUploadedFile("me.png", b"\x89PNG" + b"\x00" * (6 * 1024 * 1024)),
    })
    assert response.status_code == 303 and response["Location"] == "/en/cabinet/profile/"
    page = client.get(response["Location"]).content.decode()
    assert "The file is too large: at most 5.0\xa0MB." in page
    me.refresh_from_db()
    assert me.display_name != "Changed" and not me.photo
