"""Where operators find the reports: in Wagtail's "Reports" menu, not under "Network"."""

import pytest
from wagtail.admin.menu import admin_menu

from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin, staff_with

pytestmark = pytest.mark.django_db


def submenus(client):
    """{submenu label: [its entries' labels]} of the admin menu the signed-in user sees."""
    request = client.get("/admin/").wsgi_request
    return {
        str(item.label): [str(entry.label) for entry in item.menu_items]
        for item in admin_menu.render_component(request) if hasattr(item, "menu_items")
    }


def test_income_disclosure_and_plan_analysis_are_under_reports(client):
    sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    menus = submenus(client)
    assert menus["Reports"][:2] == ["Income disclosure", "Plan analysis"]
    assert "Income disclosure" not in menus["Network"]
    assert "Plan analysis" not in menus["Network"]
    assert "Commission runs" in menus["Network"] and "Plan versions" in menus["Network"]


def test_reports_menu_shows_only_the_reports_a_user_may_open(client):
    sign_in_to_admin(client, staff_with("view_commissionrun"))
    menus = submenus(client)
    assert "Income disclosure" in menus["Reports"]
    assert "Plan analysis" not in menus["Reports"]
