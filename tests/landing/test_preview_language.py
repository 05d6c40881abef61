"""The builder's preview is the page visitors get: in the landing's language, whatever the
language of the cabinet it is opened from."""

from django.utils import translation
from django.utils.translation import gettext


def test_an_english_landing_previewed_from_the_russian_cabinet_is_english(anna, built):
    html = anna.get(f"/ru/cabinet/landings/{built.pk}/preview/").content.decode()
    assert '<html lang="en">' in html
    with translation.override("ru"):
        russian_sign_in = gettext("Sign in")
    assert russian_sign_in != "Sign in"  # the catalog has it, so the check below means it
    assert f">{russian_sign_in}<" not in html
