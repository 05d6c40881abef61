"""Company events on the site: the index and the event page in three languages, the
sitemap, the RSVP buttons for signed-in partners (stable ids for a browser test), the
audience by rank and the time shown in the event's own zone."""

from datetime import datetime, timedelta

import pytest
from wagtail.models import Page

from events.models import EventPage, Rsvp
from tests.events.helpers import NOW, make_event, signed_in
from tests.helpers import page, publish_translation

pytestmark = pytest.mark.django_db
EMPTY_TEXT = '{"blocks": [], "entityMap": {}}'  # Draftail's empty rich text


def test_event_page_in_three_languages(client, events_index, locales):
    event = make_event(events_index, title="Product webinar",
                       starts=datetime.fromisoformat("2027-03-10T16:00:00+00:00"))
    publish_translation(event, locales["ru"], title="Вебинар о продуктах",
                        description="<p>Новинки каталога.</p>")
    publish_translation(event, locales["uk"], title="Вебінар про продукти")
    english = page(client.get("/en/events/product-webinar/"))
    assert "Product webinar" in english and "What is new in the catalogue." in english
    # 16:00 UTC is 18:00 in Kyiv.
    assert "March 10, 2027, 6 p.m. – 7 p.m. (Europe/Kyiv)" in english
    russian = page(client.get("/ru/events/product-webinar/"))
    assert "Вебинар о продуктах" in russian and "Новинки каталога." in russian
    assert "10 марта 2027 г. 18:00 – 19:00 (Europe/Kyiv)" in russian
    assert "Вебінар про продукти" in page(client.get("/uk/events/product-webinar/"))
    translations = EventPage.objects.filter(translation_key=event.translation_key)
    # The time, the link and the seats are one event's in every language.
    assert {(p.starts_at, p.online_url, p.capacity) for p in translations} == {
        (event.starts_at, event.online_url, None)}
    index = page(client.get("/ru/events/"))
    assert "Вебинар о продуктах" in index and "События" in index


def test_event_pages_are_in_the_sitemap(client, events_index, locales):
    event = make_event(events_index, title="Spring conference")
    publish_translation(event, locales["ru"], title="Весенняя конференция")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/en/events/spring-conference/" in sitemap
    assert "/ru/events/spring-conference/" in sitemap
    assert "/en/events/" in sitemap


def test_the_end_must_come_after_the_start(events_index):
    from django.core.exceptions import ValidationError

    event = EventPage(title="Backwards", slug="backwards", starts_at=NOW,
                      ends_at=NOW - timedelta(hours=1), time_zone="UTC")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "ends_at" in refused.value.message_dict


def test_the_admin_form_reads_times_in_the_events_zone(events_index):
    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(data={
        "title": "Kyiv evening", "slug": "kyiv-evening", "starts_at": "2027-01-15 18:00",
        "ends_at": "2027-01-15 19:30", "time_zone": "Europe/Kyiv", "description": EMPTY_TEXT,
        "online_url": "", "place": "Kyiv", "language": "", "min_rank": "", "capacity": "",
    }, instance=EventPage(), parent_page=events_index, for_user=None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"].isoformat() == "2027-01-15T18:00:00+02:00"
    backwards = form_class(data={
        "title": "Kyiv evening", "slug": "kyiv-evening-2", "starts_at": "2027-01-15 18:00",
        "ends_at": "2027-01-15 17:00", "time_zone": "Europe/Kyiv", "description": EMPTY_TEXT,
        "online_url": "", "place": "", "language": "", "min_rank": "", "capacity": "",
    }, instance=EventPage(), parent_page=events_index, for_user=None)
    assert not backwards.is_valid() and "ends_at" in backwards.errors


def test_rsvp_buttons_for_signed_in_partners(client, events_index, make_partner):
    event = make_event(events_index, capacity=1)
    anonymous = page(client.get(event.url))
    assert 'id="rsvp-going"' not in anonymous and "Sign in to answer" in anonymous
    assert 'id="event-ics-link"' in anonymous
    partner = make_partner()
    html = page(signed_in(client, partner).get(event.url))
    assert 'id="rsvp-going"' in html and 'id="rsvp-maybe"' in html
    response = client.post(f"/calendar/events/{event.pk}/rsvp/", {"answer": "going"})
    assert response.status_code == 302 and response["Location"] == event.url
    assert Rsvp.objects.get(user=partner.user).status == "going"
    html = page(client.get(event.url))
    assert 'data-answer="going"' in html and 'data-seats-left="0"' in html


def test_a_partner_below_the_audience_gets_no_buttons(client, events_index, make_partner):
    event = make_event(events_index, min_rank="director")
    partner = make_partner()
    html = page(signed_in(client, partner).get(event.url))
    assert 'id="rsvp-going"' not in html
    client.post(f"/calendar/events/{event.pk}/rsvp/", {"answer": "going"})
    assert not Rsvp.objects.exists()


def test_event_index_lists_upcoming_before_past(client, events_index):
    make_event(events_index, title="Next week", starts=NOW + timedelta(days=7))
    make_event(events_index, title="Last month", starts=NOW - timedelta(days=30))
    html = page(client.get("/en/events/"))
    assert html.index("Next week") < html.index("Past events") < html.index("Last month")
    assert Page.objects.type(EventPage).count() == 2


def test_a_new_event_previews_before_it_is_saved(rf, events_index, user):
    from django.contrib.auth.models import AnonymousUser

    event = EventPage(title="Draft", slug="draft", starts_at=NOW + timedelta(days=1),
                      ends_at=NOW + timedelta(days=1, hours=1), time_zone="UTC",
                      capacity=5, path="00010001", depth=3)
    request = rf.get("/")
    request.user = AnonymousUser()
    response = event.serve_preview(request, "")
    response.render()
    assert "Draft" in response.content.decode() and 'data-seats-left="5"' in (
        response.content.decode())


def test_operators_see_the_answers_in_the_admin(events_index, make_partner):
    from events import seats
    from tests.helpers import operator_client

    event = make_event(events_index, title="Leadership conference", capacity=1)
    first, second = make_partner(), make_partner()
    seats.respond(first, event, "going")
    seats.respond(second, event, "going")
    client, _operator = operator_client()
    html = page(client.get("/admin/events/answers/"))
    assert "Leadership conference" in html and first.user.email in html
    assert "On the waiting list" in html
    waiting = page(client.get("/admin/events/answers/?status=waiting"))
    assert second.user.email in waiting and first.user.email not in waiting
