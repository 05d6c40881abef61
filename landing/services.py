"""Publishing landings: at once, or through the company's review. (Which landing an
address names: landing/online.py.)"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import compliance, page_cache, rendering, signals, tasks
from .models import (
    Landing,
    LandingReview,
    LandingSettings,
    LandingState,
    PublishingPolicy,
    ReviewDecision,
)


class ReviewError(Exception):
    """A review that cannot be decided (already decided, or replaced by a later one)."""


@dataclass
class PublishResult:
    state: str
    phrases: list = field(default_factory=list)  # [{"phrase", "category", "explanation"}]
    review: LandingReview | None = None

    @property
    def published(self):
        return self.state == LandingState.PUBLISHED


def _forget_addresses(landing):
    """The partner's addresses are looked up again (landing/page_cache.py): now, and once
    this transaction commits, so a request in between cannot keep the old answer."""
    page_cache.forget_landing(landing)
    transaction.on_commit(lambda: page_cache.forget_landing(landing))


def _make_public(landing, title, body):
    rendering.forget(landing)
    _forget_addresses(landing)
    transaction.on_commit(lambda: tasks.prepare_share_image.delay(landing.pk))
    landing.title, landing.body = title, body
    landing.state = LandingState.PUBLISHED
    landing.published_at = timezone.now()
    landing.published_version += 1
    landing.save(update_fields=[
        "title", "body", "state", "published_at", "published_version", "updated_at",
    ])
    transaction.on_commit(lambda: signals.landing_published.send(sender=Landing, landing=landing))


def publish(landing, user, body=None, title=None):
    """Publish the partner's `landing` as it is now (or `body`, StreamField JSON such as
    the builder's draft, and `title`, in place of its current ones), or hold it for review.

    It waits for review (state in_review, with a LandingReview keeping a snapshot and the
    forbidden phrases found) when it contains a forbidden phrase of its language, or when
    the company reviews every landing; otherwise it is published at once. Only the
    landing's own partner may publish it. A submission replaces any still waiting.
    """
    if user is None or landing.partner.user_id != user.pk:
        raise PermissionDenied
    policy = LandingSettings.load().publishing
    with transaction.atomic():
        landing = Landing.objects.select_for_update().get(pk=landing.pk)
        raw_body = list(landing.body.raw_data if body is None else body)
        title = landing.title if title is None else title
        phrases = compliance.find_phrases(landing.language, title, raw_body)
        landing.reviews.filter(decision="").update(
            decision=ReviewDecision.SUPERSEDED, decided_at=timezone.now()
        )
        if not phrases and policy != PublishingPolicy.ALWAYS_REVIEW:
            _make_public(landing, title, raw_body)
            return PublishResult(LandingState.PUBLISHED)
        review = LandingReview.objects.create(
            landing=landing, phrases=phrases, title=title, body=raw_body,
        )
        landing.state = LandingState.IN_REVIEW
        landing.save(update_fields=["state", "updated_at"])
        _forget_addresses(landing)
    return PublishResult(LandingState.IN_REVIEW, phrases, review)


def decide(review, *, approve, reviewer, comment=""):
    """Approve (publish the snapshot the reviewer saw, not a later edit) or reject (the
    landing stays unpublished) a waiting review, announced once it commits
    (`landing_approved`/`landing_rejected`: the notification centre tells the partner the
    decision and the comment in their language). A rejection needs a comment."""
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ReviewError(_("Say why the landing is rejected."))
    with transaction.atomic():
        review = LandingReview.objects.select_for_update().get(pk=review.pk)
        if not review.pending:
            raise ReviewError(_("This landing has already been reviewed."))
        landing = (
            Landing.objects.select_for_update(of=("self",)).select_related("partner__user")
            .get(pk=review.landing_id)
        )
        review.decision = ReviewDecision.APPROVED if approve else ReviewDecision.REJECTED
        review.reviewer, review.comment, review.decided_at = reviewer, comment, timezone.now()
        review.save(update_fields=["decision", "reviewer", "comment", "decided_at"])
        if approve:
            _make_public(landing, review.title, review.body)
        else:
            landing.state = LandingState.REJECTED
            landing.save(update_fields=["state", "updated_at"])
            _forget_addresses(landing)
        review.landing = landing
        decided = signals.landing_approved if approve else signals.landing_rejected
        transaction.on_commit(lambda: decided.send(sender=Landing, landing=landing, review=review))
    return review


def has_landing(partner):
    """Whether the partner has started a landing of their own (published or not)."""
    return Landing.objects.filter(partner=partner).exists()
