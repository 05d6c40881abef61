"""Learning in the operators' admin: the "Learning" menu with its reports
(learning/admin/views.py), and the permission that opens them offered in the groups'
editor."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail import hooks

from learning.admin.views import REPORT_MODEL, LearningViewSetGroup


@hooks.register("register_admin_viewset")
def register_learning_admin():
    return LearningViewSetGroup()


@hooks.register("register_permissions")
def report_permissions():
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(REPORT_MODEL),
        codename="view_lessonprogress",
    )
