"""The event calendar: company events as Wagtail pages, partners' own team events, RSVPs
with capacity and a waiting list, reminders and iCalendar feeds."""
