"""Sequences in the operators' admin: the "Sequences" menu (admin/views.py) and the
permission that opens their reports, offered in the groups' editor."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from notifications.sequences.admin.views import SequenceViewSet

register_snippet(SequenceViewSet)


@hooks.register("register_permissions")
def report_permission():
    return Permission.objects.filter(content_type__app_label="notifications_sequences",
                                     codename="view_sequence_report")
