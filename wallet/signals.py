"""The events the wallet sends, each once its transaction commits; other apps listen
(notifications, webhooks) without this app knowing them.

- `payout_paid(request)`: the bank paid a payout request (a PayoutRequest).
- `payout_failed(request)`: the bank could not pay an exported request; the money is back
  in the wallet.
- `payout_returned(request)`: a paid payout came back; the money is back in the wallet.

Each is sent by the call that moved the request into that state (sender=PayoutRequest), so
a step retried after it succeeded announces nothing again.
"""

from django.dispatch import Signal

payout_paid = Signal()
payout_failed = Signal()
payout_returned = Signal()
