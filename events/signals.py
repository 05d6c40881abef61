"""The facts the calendar sends (sender = the event's class: EventPage or TeamEvent);
the notification centre listens and decides who is told what, through which channel. This
app never imports it. Each is sent after the transaction that records it is committed.

Every signal carries `event` (an EventPage, in the recipient's language where it is
translated, or a TeamEvent) and `facts`: `events.occasions.facts(event)`, a JSON-safe dict
{"key", "kind", "title", "starts_at", "ends_at", "time_zone", "place", "online_url",
"url"} ready to be a notification's params (times are ISO 8601 with their offset, `url` a
site-relative path).

- `event_reminder_due(event, user, when, rsvp, facts, dedupe_key)`: `user` said "going";
  the event starts in about a day (`when="day"`) or an hour (`when="hour"`). Sent once per
  RSVP and `when` (a unique ReminderSent row); `dedupe_key` ("event-reminder:<rsvp id>:
  <when>") is unique per reminder too.
- `team_event_invited(event, users, inviter, facts)`: the owner invited their team to a
  TeamEvent; `users` are the accounts invited by this request (a list, never one invited
  before), `inviter` the owner's Partner.
- `rsvp_changed(event, user, rsvp, previous, status, facts)`: a user's answer changed
  (`previous` None for a first answer; statuses "going", "maybe", "not_going",
  "waiting" — "going" on a full event becomes "waiting").
- `waitlist_promoted(event, user, rsvp, facts)`: a seat freed up and the first on the
  waiting list is now "going" (in the same transaction as the cancellation).
"""

from django.dispatch import Signal

event_reminder_due = Signal()
team_event_invited = Signal()
rsvp_changed = Signal()
waitlist_promoted = Signal()
