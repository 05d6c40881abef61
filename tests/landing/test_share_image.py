"""The picture a link to a landing shows in messengers: drawn once per published
version, 1200×630, with the partner's photo, name and headline, Cyrillic included."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from landing import services, share_image
from landing.models import LandingState
from tests.landing.helpers import BROWSER, hero, lead_form_block

pytestmark = pytest.mark.django_db


def page(client, landing):
    return client.get(landing.get_url(), HTTP_USER_AGENT=BROWSER).content.decode()


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def stored_picture(url):
    name = url.split("/media/", 1)[1]
    assert default_storage.exists(name)
    with default_storage.open(name) as stream:
        return Image.open(io.BytesIO(stream.read()))


def give_photo(partner, colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 500), colour).save(buffer, "PNG")
    partner.photo.save("anna.png", ContentFile(buffer.getvalue()))


def test_the_page_carries_an_absolute_share_picture_of_the_right_size(client, landing):
    html = page(client, landing)
    url = meta(html, "property", "og:image")
    assert url.startswith(f"http://testserver/media/landing-share/{landing.pk}/")
    assert meta(html, "name", "twitter:image") == url
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "property", "og:image:type") == "image/jpeg"
    picture = stored_picture(url)
    assert picture.size == (1200, 630) and picture.format == "JPEG"


def test_the_picture_shows_the_partners_photo(landing, partner):
    give_photo(partner)
    landing.partner.refresh_from_db()
    picture = Image.open(default_storage.open(share_image.prepare(landing)))
    centre = (share_image.PHOTO_LEFT + share_image.PHOTO_SIZE // 2, 630 // 2)
    red, green, blue = picture.convert("RGB").getpixel(centre)
    assert red > 170 and green < 70 and blue < 70


def test_cyrillic_name_and_headline_are_drawn_as_letters(make_landing, partner):
    partner.user.first_name, partner.user.last_name = "Анна", "Лідер"
    partner.user.save(update_fields=["first_name", "last_name"])
    partner.display_name = "Анна Лідер"
    partner.save(update_fields=["display_name"])
    landing = make_landing(partner, language="uk",
                           body=[hero("Будуйте свій бізнес разом зі мною"), lead_form_block()])
    name = share_image.prepare(landing)
    assert Image.open(default_storage.open(name)).size == (1200, 630)
    # Two headlines of the same length come out different: real glyphs, not empty boxes.
    assert share_image.draw("Анна Лідер", "Привіт") != share_image.draw("Анна Лідер", "Бувай!")


def test_a_headline_too_long_for_the_picture_is_cut_not_overflowing():
    picture = Image.open(io.BytesIO(share_image.draw("Anna", "Grow " * 200)))
    assert picture.size == (1200, 630)


def test_a_new_version_gets_a_new_picture_and_the_old_one_goes(client, landing, partner):
    first = share_image.prepare(landing)
    landing.body = [hero("A brand new headline"), lead_form_block()]
    landing.save(update_fields=["body"])
    services.publish(landing, partner.user)
    landing.refresh_from_db()
    second = share_image.prepare(landing)
    assert second != first
    assert f"/{landing.published_version}-" in second
    assert default_storage.exists(second) and not default_storage.exists(first)
    assert meta(page(client, landing), "property", "og:image").endswith(second)


def test_the_picture_is_drawn_once_then_remembered(client, landing, monkeypatch):
    drawn = []
    original = share_image.draw

    def counting_draw(*args, **kwargs):
        drawn.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(share_image, "draw", counting_draw)
    first = meta(page(client, landing), "property", "og:image")
    second = meta(page(client, landing), "property", "og:image")
    cache.clear()  # a fresh cache finds the stored picture instead of drawing again
    third = meta(page(client, landing), "property", "og:image")
    assert first == second == third and len(drawn) == 1


def test_a_changed_photo_makes_a_new_picture_without_publishing(landing, partner):
    first = share_image.prepare(landing)
    give_photo(partner)
    landing.partner.refresh_from_db()
    assert share_image.prepare(landing) != first


def test_no_picture_for_a_landing_that_is_not_published(make_landing, partner):
    draft = make_landing(partner, state=LandingState.DRAFT)
    assert share_image.prepare(draft) is None
