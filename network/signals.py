"""The events the network sends (sender=Partner); other apps listen.

- `partner_enrolled(partner)`: a new partner joined under a sponsor.
- `partner_placed(partner)`: a partner took a position in the placement tree.
- `tree_changed(partner, change)`: an operator moved a partner (the audited `TreeChange`).
- `partner_changed(partner)`: a partner was saved or deleted (their details, code or
  status may differ); sent by network/owners.py, which the apps listening import.
"""

from django.dispatch import Signal

partner_enrolled = Signal()
partner_placed = Signal()
tree_changed = Signal()
partner_changed = Signal()
