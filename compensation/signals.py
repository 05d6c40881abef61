"""The events compensation sends, each once its transaction commits; other apps listen
(notifications, webhooks) without this app knowing them.

- `run_posted(run, bonuses, currency)`: a commission run was posted to the ledger (sent
  once per run, by the call that marked it posted); `bonuses` is {partner id: {bonus kind:
  Decimal amount}} of what the run paid each partner (positive amounts only), in the plan's
  `currency`; sender=CommissionRun.
- `rank_reached(partner, rank, run)`: posting `run` raised the partner's title
  (`Partner.rank`) to the rank code `rank`; sent once per partner and raise;
  sender=Partner.
"""

from django.dispatch import Signal

run_posted = Signal()
rank_reached = Signal()
