"""The payout desk in the operators' "Network" menu."""

from wagtail import hooks

from network.admin.viewsets import NETWORK_MENU_HOOK
from wallet.admin.payouts import PayoutViewSet


@hooks.register(NETWORK_MENU_HOOK)
def network_menu_items():
    return [PayoutViewSet]
