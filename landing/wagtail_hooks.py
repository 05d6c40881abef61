"""The "Landings" menu of the Wagtail admin: the review queue (landing/admin/views.py), the
landing templates (with their "Block rules" screen, also there) and the
phrases the company forbids on partner landings. The publishing setting is under
Settings → Landing settings."""

from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import HelpPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from landing.admin import views as admin_views

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


def block_rules_url(template):
    return reverse(template.snippet_viewset.get_url_name("rules"), args=[quote(template.pk)])


class LandingTemplateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission_for_instance("change", instance):
            buttons.append(ListingMenuItem(
                _("Block rules"), url=block_rules_url(instance), icon_name="lock", priority=15,
            ))
        return buttons


class LandingTemplateEditView(EditView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission_for_instance("change", self.object):
            # A HeaderButton: a plain Button has no header styling (a giant icon).
            buttons.append(HeaderButton(
                _("Block rules"), url=block_rules_url(self.object), icon_name="lock",
            ))
        return buttons


class LandingTemplateViewSet(SnippetViewSet):
    """The ready pages partners start their landings from; their block rules are set on
    a screen of their own (admin_views.TemplateRulesView), not in the snippet form."""

    model = LandingTemplate
    icon = "doc-empty"
    menu_label = _("Landing templates")
    url_prefix = "landings/templates"
    list_display = ["name", "purpose", "language"]
    list_filter = ["purpose", "language"]
    search_fields = ["name"]
    search_backend_name = None
    index_view_class = LandingTemplateIndexView
    edit_view_class = LandingTemplateEditView
    edit_handler = ObjectList(
        [
            *LandingTemplate.panels,
            HelpPanel(
                heading=_("Block rules"),
                content=_(
                    "What partners may change, remove or add is set under “Block rules” "
                    "(at the top of this page once the template is saved). A block added "
                    "here is locked until it is given a rule there."
                ),
            ),
        ],
        base_form_class=admin_views.LandingTemplateAdminForm,
    )

    def get_urlpatterns(self):
        rules_view = admin_views.TemplateRulesView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
        )
        return [
            *super().get_urlpatterns(),
            path("rules/<int:pk>/", rules_view, name="rules"),
        ]


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
