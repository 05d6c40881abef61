"""Compensation in the operators' admin: plan versions and commission runs in the "Network"
menu, the income disclosure and the plan analysis with Wagtail's own reports."""

from wagtail import hooks

from compensation.admin import orders as order_pages
from compensation.admin.plans import PlanEditorViewSet
from compensation.admin.reports import AnalysisViewSet, DisclosureViewSet
from compensation.admin.runs import CommissionRunViewSet
from network.admin.viewsets import NETWORK_MENU_HOOK
from orders.admin.views import ORDER_PAGE_SECTIONS, ORDER_STATUS_NOTES


@hooks.register(NETWORK_MENU_HOOK)
def network_menu_items():
    return [PlanEditorViewSet, CommissionRunViewSet]


@hooks.register("register_admin_viewset")
def register_reports():
    # Reports are read, not worked in: they sit with Wagtail's own reports.
    return [DisclosureViewSet(), AnalysisViewSet()]


# What an order's page in the admin shows of its bonuses, and what a refund claws back.
hooks.register(ORDER_PAGE_SECTIONS, order_pages.order_section)
hooks.register(ORDER_STATUS_NOTES, order_pages.refund_note)
