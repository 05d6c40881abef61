"""Visits taken now and stored later (network.referrals.visit_to_record and record_visits,
what a cached landing uses): the same rules as a visit through the referral link."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from network import referrals
from network.models import ReferralVisit
from tests.network.helpers import BROWSER

pytestmark = pytest.mark.django_db


def visit(partner, user=None, agent=BROWSER, visitor=None, query=""):
    request = RequestFactory().get(f"/en/{partner.referral_code}/{query}",
                                   HTTP_USER_AGENT=agent, HTTP_REFERER="https://t.me/x")
    request.user = user or AnonymousUser()
    if visitor:
        request.COOKIES[referrals.VISITOR_COOKIE] = visitor
    return referrals.visit_to_record(request, partner)


def test_a_visit_is_taken_once_per_visitor_in_the_window_and_stored(make_partner):
    partner = make_partner()
    taken = visit(partner, visitor="a" * 32, query="?utm_source=telegram")
    assert taken["partner"] == partner.pk and taken["visitor_id"] == "a" * 32
    assert taken["utm_source"] == "telegram" and not taken["new_visitor"]
    assert visit(partner, visitor="a" * 32) is None  # a reload inside the window
    assert referrals.record_visits([taken]) == 1
    stored = ReferralVisit.objects.get()
    assert (stored.partner, stored.landing, stored.referrer, stored.utm_source) == (
        partner, f"/en/{partner.referral_code}/", "https://t.me/x", "telegram")


def test_crawlers_and_the_partner_themselves_are_not_visits(make_partner):
    partner = make_partner()
    assert visit(partner, agent="Googlebot/2.1 (+http://www.google.com/bot.html)") is None
    assert visit(partner, user=partner.user) is None
    assert visit(partner)["new_visitor"] is True  # no cookie yet: a visitor id is made


def test_a_stored_visit_through_the_link_keeps_a_batched_one_out(make_partner):
    partner = make_partner()
    now = timezone.now()
    ReferralVisit.objects.create(partner=partner, visitor_id="b" * 32, visited_at=now)
    later = {"partner": partner.pk, "visitor_id": "b" * 32, "landing": "/en/x/",
             "visited_at": (now + timedelta(minutes=5)).isoformat()}
    assert referrals.record_visits([later]) == 0
    much_later = {**later, "visited_at": (now + timedelta(minutes=45)).isoformat()}
    assert referrals.record_visits([much_later]) == 1
