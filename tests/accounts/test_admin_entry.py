"""Who may enter the admin (and so needs a second factor everywhere): asked with one
query, it must agree with Django's own permission check in every case."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin",
                                  codename="access_admin")


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_admin_entry_by_group_by_own_permission_and_not_otherwise():
    editors = Group.objects.create(name="Test editors")
    editors.permissions.add(access_admin())
    in_group, own, plain, inactive = (UserFactory() for _ in range(4))
    in_group.groups.add(editors)
    own.user_permissions.add(access_admin())
    inactive.user_permissions.add(access_admin())
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    for user, expected in ((in_group, True), (own, True), (plain, False), (inactive, False)):
        user = fresh(user)
        with CaptureQueriesContext(connection) as queries:
            answer = user.can_enter_admin()
        assert answer is expected
        assert len(queries) <= 1
        assert answer == (user.is_active and fresh(user).has_perm("wagtailadmin.access_admin"))
