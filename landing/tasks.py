"""Celery tasks of the landings; each is idempotent (at-least-once delivery)."""

from celery import shared_task
from wagtail.models import Site

from network import referrals
from website.models import SiteSettings

from . import share_image
from .models import Landing


@shared_task(acks_late=True)
def write_visits(visits):
    """Write a batch of landing visits (landing/visits.py) through the referral module; a
    batch delivered twice is written once, as its visits are within their own dedup window."""
    return referrals.record_visits(visits)


@shared_task(acks_late=True)
def prepare_share_image(landing_id):
    """Draw the share picture of a landing just made public, so that neither its first
    visitor nor a messenger fetching the link waits for it (drawn once: a second
    delivery finds it stored)."""
    landing = Landing.objects.select_related("partner").filter(pk=landing_id).first()
    if landing is None:
        return None

    def company_name():
        site = Site.objects.filter(is_default_site=True).first()
        return SiteSettings.for_site(site).company_name if site else ""

    return share_image.prepare(landing, site_name=company_name)
