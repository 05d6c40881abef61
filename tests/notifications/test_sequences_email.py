"""A sequence's step through the real email channel: the mail is written in the partner's
language from the step's text, with the link through the click tracker; the holdout gets
no mail."""

from datetime import timedelta

import pytest
from django.core import mail

from notifications.sequences import engine
from notifications.sequences.models import Enrollment, Group
from tests.notifications.sequence_helpers import in_both_groups, make_sequence

pytestmark = pytest.mark.django_db


def test_the_step_is_mailed_in_the_partners_language(make_partner,
                                                     django_capture_on_commit_callbacks):
    make_sequence(steps=((0, 0, {"url": "/cabinet/learning/", "channels": ["email"]}),))
    partner = make_partner(language="uk", email="olena@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(now=partner.joined_at + timedelta(minutes=1))
    assert Enrollment.objects.get().group == Group.SENT
    (message,) = [m for m in mail.outbox if m.to == ["olena@example.com"]]
    assert "Крок 1" in message.subject
    assert "День 0 українською" in message.body
    assert "?c=email" in message.body


def test_the_holdout_gets_no_mail(make_partner, django_capture_on_commit_callbacks):
    sequence = make_sequence(holdout_percent=50)
    partners = in_both_groups(sequence, make_partner, least=1)
    with django_capture_on_commit_callbacks(execute=True):
        engine.run(now=max(p.joined_at for p in partners) + timedelta(minutes=1))
    held = {e.user.email for e in Enrollment.objects.filter(sequence=sequence,
                                                           group=Group.HOLDOUT)}
    sent = {e.user.email for e in Enrollment.objects.filter(sequence=sequence,
                                                           group=Group.SENT)}
    assert held and sent
    mailed = {address for message in mail.outbox for address in message.to}
    assert sent <= mailed and not held & mailed
