"""/api/v1/events/: the caller's events, one event, an answer, an event's .ics."""

from django.urls import re_path

from events.api import views

KEY = r"(?P<key>(?:company|team)-[1-9][0-9]{0,17})"

urlpatterns = [
    re_path(r"^$", views.EventListView.as_view(), name="api-events"),
    re_path(rf"^{KEY}/$", views.EventDetailView.as_view(), name="api-event"),
    re_path(rf"^{KEY}/rsvp/$", views.EventRsvpView.as_view(), name="api-event-rsvp"),
    re_path(rf"^{KEY}/ics/$", views.EventIcsView.as_view(), name="api-event-ics"),
]
