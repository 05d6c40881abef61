"""The events the network sends (sender=Partner); other apps listen.

- `partner_enrolled(partner)`: a new partner joined under a sponsor (sent once, inside the
  enrolment's transaction, so a receiver's writes commit or roll back with it; a receiver
  that reaches outside the database waits for `transaction.on_commit`).
- `partner_placed(partner)`: a partner took a position in the placement tree.
- `tree_changed(partner, change)`: an operator moved a partner (the audited `TreeChange`).
- `partners_imported(count)`: partners were written in bulk (the CSV import), sent inside
  its transaction after the rows are written; no per-partner event is sent for them.
- `partner_changed(partner)`: a partner was saved or deleted (their details, code or
  status may differ); sent from the model's own save and delete signals, connected when
  the app loads (`connect`).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from network.models import Partner

partner_enrolled = Signal()
partner_placed = Signal()
tree_changed = Signal()
partners_imported = Signal()
partner_changed = Signal()


def _partner_saved_or_deleted(sender, instance, **kwargs):
    partner_changed.send(sender=sender, partner=instance)


def connect():
    for model_signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        model_signal.connect(_partner_saved_or_deleted, sender=Partner,
                             dispatch_uid=f"network.signals.partner_{name}")
