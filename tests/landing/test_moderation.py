"""Compliance and moderation: forbidden phrases send a landing to review; reviewers approve
(the snapshot they saw is published) or reject (with a comment the partner is emailed)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from landing import compliance, services
from landing.models import (
    LandingReview,
    LandingSettings,
    LandingState,
    PublishingPolicy,
    ReviewDecision,
)
from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin, staff_with
from tests.landing.helpers import REVIEWS, hero, lead_form_block

pytestmark = pytest.mark.django_db

def rich_text(html):
    return {"type": "rich_text", "value": html}


def found(language, title="A page", body=()):
    return [item["phrase"] for item in compliance.find_phrases(language, title, list(body))]


# --- matching ---------------------------------------------------------------------------


def test_phrases_match_in_any_case_spacing_and_punctuation(phrases):
    for text in ["GUARANTEED INCOME for all", "a guaranteed   income", "Guaranteed - income!",
                 "guaranteed,\nincome", "guaranteed_income"]:
        assert found("en", body=[hero(headline="Hi", subline=text)]) == ["guaranteed income"], text
    assert found("en", title="This CURES everything") == ["cures"]


def test_phrases_match_whole_words_only(phrases):
    assert found("en", body=[hero(headline="It secures your guaranteed incomes")]) == []


def test_phrases_are_found_in_rich_text_with_the_html_stripped(phrases):
    body = [rich_text("<p>Your <b>guaranteed</b>&nbsp;<i>income</i> starts now</p>")]
    assert found("en", body=body) == ["guaranteed income"]
    # Markup or link addresses alone are not text.
    assert found("en", body=[rich_text('<p><a href="https://x.example/cures">shop</a></p>')]) == []


def test_phrases_are_looked_for_in_the_landings_language_only(phrases):
    body = [hero(headline="Гарантированный  доход!"), hero(headline="Це вилікує все")]
    assert found("ru", body=body) == ["гарантированный доход"]
    assert found("uk", body=body) == ["вилікує"]
    assert found("en", body=body) == []


def test_phrases_are_found_in_nested_blocks(phrases):
    faq = {"type": "faq", "value": {"heading": "", "items": [
        {"type": "item", "value": {"question": "Really?", "answer": "Yes, it cures colds."},
         "id": "a"},
    ]}}
    assert found("en", body=[faq]) == ["cures"]


# --- publishing -------------------------------------------------------------------------


def test_a_clean_landing_is_published_at_once(phrases, partner, make_landing):
    landing = make_landing(partner, state=LandingState.DRAFT)
    result = services.publish(landing, partner.user)
    landing.refresh_from_db()
    assert result.published and result.phrases == []
    assert landing.state == LandingState.PUBLISHED and landing.published_at
    assert not LandingReview.objects.exists()


def test_a_landing_with_a_forbidden_phrase_waits_for_review_and_says_why(
    phrases, partner, make_landing
):
    landing = make_landing(partner, state=LandingState.DRAFT,
                           body=[hero(subline="Guaranteed income from week one"),
                                 lead_form_block()])
    result = services.publish(landing, partner.user)
    landing.refresh_from_db()
    assert not result.published and result.state == LandingState.IN_REVIEW
    assert result.phrases == [{"phrase": "guaranteed income", "category": "income",
                               "explanation": "Results depend on your work."}]
    assert landing.state == LandingState.IN_REVIEW and landing.published_at is None
    assert landing.flagged_phrases == result.phrases
    review = result.review
    assert review.pending and review.body == list(landing.body.raw_data)
    assert review.title == landing.title


def test_when_the_company_reviews_everything_a_clean_landing_waits_too(
    phrases, partner, make_landing
):
    settings = LandingSettings.load()
    settings.publishing = PublishingPolicy.ALWAYS_REVIEW
    settings.save()
    landing = make_landing(partner, state=LandingState.DRAFT)
    result = services.publish(landing, partner.user)
    landing.refresh_from_db()
    assert landing.state == LandingState.IN_REVIEW and result.phrases == []
    assert result.review.pending


def test_only_the_landings_partner_may_publish_it(phrases, partner, make_landing, make_partner):
    landing = make_landing(partner, state=LandingState.DRAFT)
    other = make_partner(first_name="Other", last_name="Person")
    with pytest.raises(PermissionDenied):
        services.publish(landing, other.user)
    landing.refresh_from_db()
    assert landing.state == LandingState.DRAFT


def test_publishing_again_replaces_the_waiting_review(phrases, partner, make_landing):
    landing = make_landing(partner, state=LandingState.DRAFT, body=[hero(subline="It cures")])
    first = services.publish(landing, partner.user).review
    landing.body = [hero(subline="Nothing forbidden")]
    landing.save()
    assert services.publish(landing, partner.user).published
    first.refresh_from_db()
    assert first.decision == ReviewDecision.SUPERSEDED
    with pytest.raises(services.ReviewError):
        services.decide(first, approve=True, reviewer=None)


# --- deciding -------------------------------------------------------------------------


@pytest.fixture
def held(phrases, partner, make_landing):
    partner.user.language = "uk"
    partner.user.save(update_fields=["language"])
    landing = make_landing(partner, state=LandingState.DRAFT, title="Anna's offer",
                           body=[hero(headline="This cures colds"), lead_form_block()])
    return services.publish(landing, partner.user).review


def test_approving_publishes_the_reviewed_snapshot_not_a_later_edit(held, client):
    landing = held.landing
    landing.body = [hero(headline="Edited after submitting")]
    landing.title = "Edited title"
    landing.save()
    services.decide(held, approve=True, reviewer=None, comment="Fine this time")
    landing.refresh_from_db()
    held.refresh_from_db()
    assert landing.state == LandingState.PUBLISHED and landing.title == "Anna's offer"
    assert list(landing.body.raw_data) == held.body
    assert held.decision == ReviewDecision.APPROVED and held.decided_at
    html = client.get(f"/en/{landing.partner.referral_code}/").content.decode()
    assert "This cures colds" in html and "Edited after submitting" not in html


def test_rejecting_keeps_the_landing_unpublished_and_emails_the_comment(
    held, client, django_capture_on_commit_callbacks
):
    with pytest.raises(services.ReviewError):
        services.decide(held, approve=False, reviewer=None, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(held, approve=False, reviewer=None, comment="Please remove the cure claim")
    landing = held.landing
    landing.refresh_from_db()
    assert landing.state == LandingState.REJECTED and landing.published_at is None
    assert landing.flagged_phrases == [
        {"phrase": "cures", "category": "medical", "explanation": ""}
    ]
    assert client.get(f"/en/{landing.partner.referral_code}/").status_code == 404
    message = mail.outbox[-1]
    assert message.to == ["anna@example.com"]
    assert "Please remove the cure claim" in message.body
    assert "cures" in message.body
    assert "Вітаємо, Anna Leader!" in message.body  # in the partner's language, Ukrainian


# --- the admin queue ------------------------------------------------------------------


@pytest.fixture
def reviewer(client):
    return sign_in_to_admin(client, staff_with("review_landing"))


def test_the_queue_lists_waiting_landings(held, reviewer):
    html = reviewer.get(REVIEWS).content.decode()
    assert "Anna&#x27;s offer" in html and "Anna Leader" in html
    assert "cures" in html and f"{REVIEWS}{held.pk}/" in html


def test_the_review_page_previews_the_landing_with_the_phrases_marked(held, reviewer):
    response = reviewer.get(f"{REVIEWS}{held.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="landing-forbidden">cures</mark>' in html
    assert "This <mark" in html and "colds" in html  # the hero, rendered by its template
    assert 'id="lead-form"' in html


def test_the_preview_marks_phrases_without_letting_markup_through(phrases, partner, make_landing,
                                                                  reviewer):
    landing = make_landing(partner, state=LandingState.DRAFT,
                           title="<script>alert(1)</script> cures",
                           body=[hero(headline="<img src=x onerror=alert(1)> cures")])
    review = services.publish(landing, partner.user).review
    html = reviewer.get(f"{REVIEWS}{review.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark" in html


def test_a_reviewer_approves_from_the_admin(held, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""})
    assert response.status_code == 302 and response["Location"] == REVIEWS
    held.refresh_from_db()
    assert held.decision == ReviewDecision.APPROVED and held.reviewer.is_staff
    assert held.landing.state == LandingState.PUBLISHED
    assert mail.outbox[-1].to == ["anna@example.com"]
    assert "Anna's offer" in mail.outbox[-1].subject


def test_rejecting_in_the_admin_needs_a_comment(held, reviewer):
    without = reviewer.post(f"{REVIEWS}{held.pk}/reject/", {"note": ""}).content.decode()
    assert "This field is required" in without
    held.refresh_from_db()
    assert held.pending
    reviewer.post(f"{REVIEWS}{held.pk}/reject/", {"note": "No medical claims, please"})
    held.refresh_from_db()
    assert held.decision == ReviewDecision.REJECTED
    assert held.comment == "No medical claims, please"
    again = reviewer.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""}).content.decode()
    assert "already been reviewed" in again
    assert held.landing.state == LandingState.REJECTED


def test_staff_without_the_review_permission_are_turned_away(held, client):
    sign_in_to_admin(client, staff_with())
    for url in [REVIEWS, f"{REVIEWS}{held.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    client.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""})
    held.refresh_from_db()
    assert held.pending
    assert REVIEWS not in client.get("/admin/").content.decode()


def test_a_partner_cannot_reach_the_queue(held, client):
    client.force_login(held.landing.partner.user)
    response = client.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""})
    assert response.status_code == 302 and "/login/" in response["Location"]
    held.refresh_from_db()
    assert held.pending


def test_the_review_post_needs_a_csrf_token(held, reviewer):
    reviewer.handler.enforce_csrf_checks = True
    response = reviewer.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.pending


def test_editors_manage_forbidden_phrases_in_the_admin(client):
    operator = sign_in_to_admin(client, UserFactory(is_staff=True, is_superuser=True))
    response = operator.post("/admin/landings/forbidden-phrases/add/", {
        "language": "en", "phrase": "Risk free", "category": "income",
        "explanation": "Nothing is free of risk.",
    })
    assert response.status_code == 302
    assert found("en", body=[hero(headline="A risk-free start")]) == ["Risk free"]
    listing = operator.get("/admin/landings/forbidden-phrases/", {"q": "risk"})
    assert "Risk free" in listing.content.decode()


def test_the_demo_seeds_phrases_in_every_language():
    from demo.landings import seed_forbidden_phrases

    seed_forbidden_phrases()
    again = seed_forbidden_phrases()
    assert again == 0
    assert found("en", body=[hero(headline="Get RICH fast")]) == ["get rich"]
    assert "гарантированный доход" in found("ru", title="Гарантированный доход!")
    assert "гарантований дохід" in found("uk", title="гарантований   дохід")
    assert "вилікує" in found("uk", title="Це вилікує")
    assert "вылечит" in found("ru", title="Это вылечит")
