"""The events the landing app sends, once the change is committed; other apps listen (the
90-day plan ticks its tasks from them).

- `landing_published(landing)`: a landing went live (published at once, or approved in
  review); sender=Landing.
- `lead_created(lead)`: a new lead was stored from a landing's form (not a repeat folded
  into an earlier lead); sender=Lead.
- `lead_converted(lead, partner)`: a lead became a partner (`partner`, who signed up under
  the lead's partner with the lead's email, at once or linked later from the cabinet);
  sent once per lead; sender=Lead.
- `landing_approved(landing, review)` / `landing_rejected(landing, review)`: the company's
  review decided a landing held for review (`review`, a LandingReview with the reviewer's
  comment and the phrases found); sender=Landing.
"""

from django.dispatch import Signal

landing_published = Signal()
lead_created = Signal()
lead_converted = Signal()
landing_approved = Signal()
landing_rejected = Signal()
