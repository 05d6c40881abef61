"""A page translated with wagtail-localize as an editor does it: the translation editor
opens on the page's content, every field there is filled, and the translation is
published. It used to say "Published … with missing translations - see below" with
nothing below: the page's slug was a text to translate too, on the editor's second tab
("Promote"), which shows no sign of what is left on it (wagtail-localize issue #274). The
slug is now kept in step with the source page (and can be changed there if wanted)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from tests.factories import ContentPageFactory, UserFactory
from tests.helpers import sign_in_to_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home, locales):
    contact = ContentPageFactory(parent=home, title="Contact", slug="contact")
    return ContentPageFactory(
        parent=home, title="About us", slug="about", intro="Who we are",
        body=[
            ("heading", {"text": "Our story", "level": "h2"}),
            ("paragraph", f'<p>Founded in 2019. <a linktype="page" id="{contact.pk}">Write to '
                          f'us</a> any time.</p><ul><li>Products</li><li>Training</li></ul>'),
            ("quote", {"text": "Grow with us", "author": "The founder"}),
            ("call_to_action", {"title": "Join", "text": "", "page": contact, "url": "",
                                "button_label": "Sign up"}),
        ],
    )


@pytest.fixture
def editor(client):
    """The demo's editor: in Editors and Moderators, allowed to translate."""
    user = UserFactory(is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    user.user_permissions.add(*Permission.objects.filter(codename="submit_translation"))
    sign_in_to_admin(client, user)
    return user


def editor_props(html):
    """The props the translation editor's React app starts from."""
    node = BeautifulSoup(html, "html.parser").find(class_="js-translation-editor")
    return json.loads(node["data-props"])


def test_filling_every_field_of_the_content_publishes_the_translation_complete(
    client, editor, about, locales, django_capture_on_commit_callbacks
):
    TranslationCreator(editor, [locales["ru"]]).create_translations(about)
    translated = Page.objects.get(translation_key=about.translation_key, locale=locales["ru"])
    edit_url = f"/admin/pages/{translated.pk}/edit/"
    props = editor_props(client.get(edit_url).content.decode())
    first_tab = props["tabs"][0]["slug"]
    for segment in props["segments"]:
        if segment["type"] == "string" and segment["location"]["tab"] == first_tab:
            # What the editor's "Save" on a field sends.
            saved = client.put(segment["editUrl"], encode_multipart(
                BOUNDARY, {"value": f"{segment['source']} (ru)"}
            ), content_type=MULTIPART_CONTENT)
            assert saved.status_code in (200, 201), segment["contentPath"]

    with django_capture_on_commit_callbacks(execute=True):  # the revision is published then
        response = client.post(edit_url, {"action": "publish"})
    said = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert said == ["Published &#x27;About us (ru)&#x27; in Русский."]
    translation = Translation.objects.get(source__object_id=about.translation_key,
                                          target_locale=locales["ru"])
    total, translated_count = translation.get_progress()
    assert total == translated_count and str(translation.get_status_display()) == "Up to date"
    translated.refresh_from_db()
    assert translated.live and translated.title == "About us (ru)"
    assert translated.slug == "about"  # kept in step with the source
    assert client.get("/ru/about/").status_code == 200
