"""A visitor's lead reaches the partner's inbox whatever its name holds: a name with line
breaks (a crafted form post) made the notice's subject an invalid mail header, and the
partner was never emailed."""

import pytest
from django.core import mail

from landing.models import Lead
from tests.landing.helpers import details, send

pytestmark = pytest.mark.django_db


def test_a_name_with_line_breaks_still_emails_the_partner(
    client, landing, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, partner, details(name="Olena\r\nBcc: victim@example.com"))
    assert Lead.objects.get().name.startswith("Olena")
    [notice] = mail.outbox
    assert notice.to == [partner.user.email]
    assert notice.subject == "A new lead from your page: Olena Bcc: victim@example.com"
    assert "victim@example.com" not in notice.message().get("Bcc", "")
