"""Helpers of the cabinet's tests: a page's address in a language, its text, and a partner
of the reference example given a user to sign in with."""

import re

from django.urls import reverse
from django.utils import translation

from network.models import Partner
from tests.factories import UserFactory


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def attach(external_id):
    partner = Partner.objects.get(external_id=external_id)
    partner.user = UserFactory()
    partner.save(update_fields=["user"])
    return partner


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())
