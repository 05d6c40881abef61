"""The events the landing app sends, once the change is committed; other apps listen (the
90-day plan ticks its tasks from them).

- `landing_published(landing)`: a landing went live (published at once, or approved in
  review); sender=Landing.
- `lead_created(lead)`: a new lead was stored from a landing's form (not a repeat folded
  into an earlier lead); sender=Lead.
"""

from django.dispatch import Signal

landing_published = Signal()
lead_created = Signal()
