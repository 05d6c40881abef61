"""A completed course's certificate: a picture and a PDF in the course's language with the
partner's name, the course and the date, for its owner only; a line on the profile."""

import io
from datetime import UTC, datetime

import pytest
from django.utils import translation
from PIL import Image

from learning import certificates
from learning.models import CourseCompletion

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(make_partner, course):
    partner = make_partner(first_name="Анна", last_name="Коваль")
    return CourseCompletion.objects.create(
        partner=partner, course_key=course[0].translation_key, language="ru",
        course_title="Старт за 7 дней", completed_at=datetime(2026, 12, 6, 12, tzinfo=UTC))


def test_the_date_is_written_the_course_languages_way(completion):
    assert certificates.completed_on(completion) == "6 декабря 2026 г."
    completion.language = "en"
    assert certificates.completed_on(completion) == "Dec. 6, 2026"


def test_the_picture_and_pdf_are_served_to_their_owner_only(client, completion, make_partner):
    client.force_login(completion.partner.user)
    number = completion.certificate_number
    picture = client.get(f"/ru/cabinet/learning/certificates/{number}.png")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(picture.content)) as image:
        assert image.size == (certificates.WIDTH, certificates.HEIGHT)
    document = client.get(f"/en/cabinet/learning/certificates/{number}.pdf")
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
    assert client.get(f"/en/cabinet/learning/certificates/{number}.gif").status_code == 404

    client.force_login(make_partner().user)
    assert client.get(f"/en/cabinet/learning/certificates/{number}.png").status_code == 404
    assert client.get(f"/en/cabinet/learning/certificates/{number}.pdf").status_code == 404


def test_a_russian_course_gets_a_russian_certificate(completion, monkeypatch):
    drawn = []
    original = certificates._centred

    def record(draw, y, text, font, fill, most=1):
        drawn.append((translation.get_language(), text))
        return original(draw, y, text, font, fill, most)

    monkeypatch.setattr(certificates, "_centred", record)
    with translation.override("en"):
        certificates.png(completion, "Анна Коваль")
    assert {language for language, _text in drawn} == {"ru"}
    texts = [text for _language, text in drawn]
    assert "Анна Коваль" in texts and "\u201cСтарт за 7 дней\u201d" in texts


def test_the_profile_lists_the_certificates(client, completion):
    client.force_login(completion.partner.user)
    html = client.get("/en/cabinet/profile/").content.decode()
    assert "Certificates" in html and "Старт за 7 дней" in html
    assert f"/en/cabinet/learning/certificates/{completion.certificate_number}.pdf" in html


def test_a_course_without_certificates_issues_none(client, completion, course):
    page = course[0]
    page.certificate = False
    page.save_revision().publish()
    client.force_login(completion.partner.user)
    number = completion.certificate_number
    assert client.get(f"/en/cabinet/learning/certificates/{number}.pdf").status_code == 404
    html = client.get("/en/cabinet/profile/").content.decode()
    assert "Старт за 7 дней" not in html and str(number) not in html
    # the course stays completed; only its certificate is not offered
    assert CourseCompletion.objects.filter(pk=completion.pk).exists()
