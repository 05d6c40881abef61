"""The landing admin screens as a moderator and an editor meet them: the Moderators group
works the review queue, the queue's header names it, and the Block rules screen has a
normal header button and readable block previews."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.admin.menu import admin_menu

from landing import services
from landing.admin.views import block_preview
from landing.models import LandingReview, LandingState, LandingTemplate, ReviewDecision
from tests.factories import UserFactory
from tests.helpers import sign_in_to_admin, staff_with
from tests.landing.helpers import REVIEWS, hero, lead_form_block

pytestmark = pytest.mark.django_db

TEMPLATES = "/admin/landings/templates/"


def menu_labels(request):
    """Every label of the admin menu the user of `request` sees, submenus included."""
    labels = []

    def walk(items):
        for item in items:
            labels.append(str(item.label))
            walk(getattr(item, "menu_items", []))

    walk(admin_menu.render_component(request))
    return labels


@pytest.fixture
def held(phrases, partner, make_landing):
    landing = make_landing(partner, state=LandingState.DRAFT, title="Anna's offer",
                           body=[hero(headline="This cures colds"), lead_form_block()])
    return services.publish(landing, partner.user).review


@pytest.fixture
def moderator(client):
    """Staff in Wagtail's Moderators group only, as the demo's editor is."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return sign_in_to_admin(client, user)


def test_the_moderators_group_may_review_landings():
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(
        content_type__app_label="landing", codename="review_landing"
    ).exists()


def test_a_moderator_sees_the_review_queue_in_the_menu_and_decides(held, moderator, rf):
    response = moderator.get("/admin/")
    assert response.status_code == 200
    assert "Landing reviews" in menu_labels(response.wsgi_request)

    queue = moderator.get(REVIEWS)
    assert queue.status_code == 200 and "Anna&#x27;s offer" in queue.content.decode()
    assert moderator.get(f"{REVIEWS}{held.pk}/").status_code == 200
    decided = moderator.post(f"{REVIEWS}{held.pk}/approve/", {"note": ""})
    assert decided.status_code == 302
    held.refresh_from_db()
    assert held.decision == ReviewDecision.APPROVED


def test_an_editor_outside_the_moderators_does_not_see_the_queue(held, client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    user.groups.remove(*Group.objects.filter(
        permissions__in=Permission.objects.filter(codename="review_landing")
    ))
    sign_in_to_admin(client, user)
    response = client.get("/admin/")
    assert "Landing reviews" not in menu_labels(response.wsgi_request)
    assert client.get(REVIEWS).status_code in (302, 403)
    assert LandingReview.objects.get().pending


def breadcrumbs(html):
    start = html.index('class="w-breadcrumbs')
    return html[start:html.index("</nav>", start)]


def test_the_review_queue_header_names_the_queue_not_home(held, moderator):
    """Pins: the queue's slim header said "Home" (its only breadcrumb)."""
    crumbs = breadcrumbs(moderator.get(REVIEWS).content.decode())
    assert "Landing reviews" in crumbs


@pytest.fixture
def template(db):
    return LandingTemplate.objects.create(
        name="Join my team", purpose="recruiting", language="en",
        body=[
            {"type": "hero", "id": "hero", "value": hero("Healthy products")["value"]},
            {"type": "rich_text", "id": "offer", "value":
             "<h2>What you get</h2><ul><li>Training from day one</li>"
             "<li>Products you <b>can</b> trust</li></ul><p>A team<br/>that answers</p>"},
        ],
        rules={"blocks": {"hero": "editable", "offer": "removable"}, "addable": []},
    )


def header_buttons(html):
    """The header's action links (between the breadcrumbs and the page's content)."""
    start = html.index('class="w-slim-header')
    header = html[html.index("</nav>", start):html.index("</header>", start)]
    return [chunk.split(">", 1)[0] for chunk in header.split("<a ")[1:]]


def test_block_rules_screen_has_a_header_button_and_readable_previews(template, client):
    """Pins: the header's "Edit template" link was a plain button (a giant pencil icon),
    and rich text previews ran words together ("What you getTraining")."""
    sign_in_to_admin(client, staff_with("change_landingtemplate"))
    html = client.get(f"{TEMPLATES}rules/{template.pk}/").content.decode()
    edit_links = [tag for tag in header_buttons(html) if f"edit/{template.pk}/" in tag]
    assert edit_links and all("w-header-button" in tag for tag in edit_links)
    assert "What you get Training from day one Products you can trust A team that" in html

    edit = client.get(f"{TEMPLATES}edit/{template.pk}/").content.decode()
    rules_links = [tag for tag in header_buttons(edit) if f"rules/{template.pk}/" in tag]
    assert rules_links and all("w-header-button" in tag for tag in rules_links)


def test_block_preview_keeps_inline_words_together():
    assert block_preview("<p>Hel<b>lo</b> there</p><p>next</p>") == "Hello there next"
