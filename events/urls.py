"""The calendar's addresses outside the language prefixes (included at /calendar/)."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/<int:page_id>.ics", views.company_event_ics, name="company_ics"),
    path("events/<int:page_id>/rsvp/", views.company_event_rsvp, name="company_rsvp"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
