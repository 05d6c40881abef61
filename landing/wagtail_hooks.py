"""The "Landings" menu of the Wagtail admin: the review queue (admin_views.py) and the
phrases the company forbids on partner landings. The publishing setting is under
Settings → Landing settings."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import ForbiddenPhrase, LandingTemplate


class LandingReviewViewSet(ViewSet):
    name = admin_views.REVIEWS
    url_prefix = "landings/reviews"
    icon = "doc-full"
    menu_label = _("Landing reviews")

    def get_urlpatterns(self):
        view = admin_views.ReviewLandingView
        return [
            path("", admin_views.ReviewQueueView.as_view(), name="index"),
            path("<int:pk>/", view.as_view(), name="review"),
            path("<int:pk>/approve/", view.as_view(approve=True), name="approve"),
            path("<int:pk>/reject/", view.as_view(approve=False), name="reject"),
        ]

    @cached_property
    def menu_item_class(self):
        class ReviewMenuItem(MenuItem):
            def is_shown(self, request):
                return admin_views.review_policy.user_has_permission(request.user, "review")

        return ReviewMenuItem


class ForbiddenPhraseViewSet(SnippetViewSet):
    model = ForbiddenPhrase
    icon = "warning"
    menu_label = _("Forbidden phrases")
    url_prefix = "landings/forbidden-phrases"
    list_display = ["phrase", "language", "category", "explanation"]
    list_filter = ["language", "category"]
    search_fields = ["phrase"]
    search_backend_name = None  # a plain database search


class LandingTemplateViewSet(SnippetViewSet):
    """The ready pages partners start their landings from, with their block rules."""

    model = LandingTemplate
    icon = "doc-empty"
    menu_label = _("Landing templates")
    url_prefix = "landings/templates"
    list_display = ["name", "purpose", "language"]
    list_filter = ["purpose", "language"]
    search_fields = ["name"]
    search_backend_name = None


class LandingViewSetGroup(ViewSetGroup):
    menu_label = _("Landings")
    menu_icon = "doc-full"
    menu_name = "landings"
    menu_order = 160  # after Network
    items = (LandingReviewViewSet, LandingTemplateViewSet, ForbiddenPhraseViewSet)


register_snippet(LandingViewSetGroup)


@hooks.register("register_permissions")
def register_review_permission():
    return Permission.objects.filter(content_type__app_label="landing", codename="review_landing")
