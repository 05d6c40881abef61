"""The events the webhooks app sends; other apps listen.

- `endpoint_switched_off(endpoint)`: an endpoint failed so many deliveries in a row that it
  was switched off automatically (sent once per switch-off, after it commits);
  sender=Endpoint. Staff are told in the admin (webhooks/notices.py); whatever else should
  tell them listens here.
"""

from django.dispatch import Signal

endpoint_switched_off = Signal()
