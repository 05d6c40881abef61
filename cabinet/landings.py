"""The partner's landings in the cabinet: the list with a new landing from a template,
and the builder page. The builder page is a shell that static/js/landing-builder.js
fills from the JSON endpoints of cabinet/builder.py; everything it changes is checked
there (and in landing/builder.py) again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import uploads
from landing import builder, targeting, videos
from landing.models import LandingTemplate, Purpose

from .views import cabinet_context, partner_required


def _templates_by_purpose(language, landings=()):
    """The company's templates grouped by purpose. A template for a purpose and language
    the partner has a landing for already carries that landing as `taken` (one landing
    per purpose and language: the page offers to edit it instead)."""
    templates = LandingTemplate.objects.order_by("purpose", "language", "name")
    yours = {(landing.purpose, landing.language): landing for landing in landings}
    groups = []
    for purpose, label in Purpose.choices:
        own = [t for t in templates if t.purpose == purpose]
        # The visitor's language first: a partner usually builds in the cabinet's language.
        own.sort(key=lambda t: (t.language != language, t.language, t.name))
        for template in own:
            template.taken = yours.get((template.purpose, template.language))
        if own:
            groups.append({"purpose": purpose, "label": label, "templates": own})
    return groups


@require_http_methods(["GET", "HEAD", "POST"])
@partner_required
def landing_list(request, partner):
    """The partner's landings; POST starts a new one from a company template."""
    if request.method == "POST":
        template = LandingTemplate.objects.filter(pk=_int(request.POST.get("template"))).first()
        if template is None:
            messages.error(request, _("Choose a template."))
            return redirect("cabinet:landings")
        try:
            landing = builder.start_from_template(partner, template, template.language)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("cabinet:landings")
        messages.success(request, _("Your landing is ready to edit. Nothing is published yet."))
        return redirect("cabinet:landing_editor", pk=landing.pk)
    landings = list(partner.landings.select_related("partner").order_by("purpose", "language"))
    groups = _templates_by_purpose(request.LANGUAGE_CODE, landings)
    context = cabinet_context(
        request, partner, "landings",
        landings=landings,
        template_groups=groups,
        any_template_free=any(not template.taken
                              for group in groups for template in group["templates"]),
    )
    return render(request, "cabinet/landings.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def builder_labels():
    """The builder script's words, translated on the server."""
    return {
        "saving": _("Saving…"), "saved": _("All changes saved"),
        "saved_at": _("Saved at %(time)s"), "failed": _("Not saved: %(reason)s"),
        "offline": _("Could not reach the server. Your last change is not saved yet."),
        "locked": _("Set by the company"), "editable": _("You can edit this block"),
        "removable": _("You can edit or remove this block"),
        "move_up": _("Move up"), "move_down": _("Move down"), "remove": _("Remove"),
        "remove_confirm": _("Remove this block?"), "add_item": _("Add"),
        "remove_item": _("Remove"), "upload": _("Upload a photo"),
        "uploading": _("Uploading…"), "no_photo": _("No photo"),
        "clear_photo": _("Take the photo away"), "restore": _("Restore"),
        "upload_video": _("Upload a video (MP4 or WebM)"), "no_video": _("No uploaded video"),
        "restore_confirm": _("Replace your draft with this version? Your current draft is "
                             "kept as a version too."),
        "restored": _("The version is your draft now."),
        "published": _("Published. Visitors see your new page now."),
        "in_review": _("Sent for review. Visitors see your previous page until it is approved."),
        "fix_errors": _("Please correct the marked fields before publishing."),
        "phrases": _("These words need a reviewer's approval:"),
        "bold": _("Bold"), "italic": _("Italic"), "link": _("Link"),
        "bulleted": _("Bulleted list"), "numbered": _("Numbered list"),
        "link_prompt": _("Link address (https://, mailto: or tel:)"),
        "desktop": _("Desktop"), "phone": _("Phone"), "preview": _("Preview"),
        "add_block": _("Add block"), "nothing_to_add": _("The template allows no more blocks."),
        "item": _("Item %(n)s"), "details_saved": _("Title and address saved"),
        "rejected": _("The reviewer turned down your last version. Change it and publish "
                      "again."),
        "waiting": _("Your last version waits for a reviewer."),
        "reviewer_said": _("The reviewer's comment:"),
        "still_online": _("Visitors see the version published before it."),
    }


@require_safe
@partner_required
def editor(request, partner, pk):
    landing = get_object_or_404(partner.landings.select_related("partner"), pk=pk)
    base = reverse("cabinet:landing_editor", args=[landing.pk])
    config = {
        "draft": reverse("cabinet:builder_draft", args=[landing.pk]),
        "preview": reverse("cabinet:builder_preview", args=[landing.pk]),
        "details": reverse("cabinet:builder_details", args=[landing.pk]),
        "photos": reverse("cabinet:builder_photos", args=[landing.pk]),
        "videos": reverse("cabinet:builder_videos", args=[landing.pk]),
        "save": reverse("cabinet:builder_save", args=[landing.pk]),
        "restore": reverse("cabinet:builder_restore", args=[landing.pk]),
        "publish": reverse("cabinet:builder_publish", args=[landing.pk]),
        "add": reverse("cabinet:builder_add_block", args=[landing.pk]),
        "blocks": f"{base}blocks/",
        # Checked in the browser too, so a file too large is refused before it is sent.
        "photo_max_bytes": uploads.MAX_BYTES,
        "video_max_bytes": videos.max_bytes(),
        "labels": {**builder_labels(),
                   "photo_too_large": uploads.too_large_message(uploads.MAX_BYTES),
                   "video_too_large": uploads.too_large_message(videos.max_bytes())},
    }
    public_url = request.build_absolute_uri(landing.get_url())
    context = cabinet_context(
        request, partner, "landings",
        landing=landing,
        public_url=public_url,
        address_prefix=request.build_absolute_uri(f"/{landing.language}/"),
        builder_config=config,
        **_targeting_context(request, landing, public_url),
    )
    return render(request, "cabinet/landing_editor.html", context)


def _targeting_context(request, landing, public_url):
    """The builder's targeting panel: the partner's ad accounts on the platforms the
    company allows, and links to the page tagged for each ad network."""
    allowed = targeting.allowed_keys(request)
    campaign = targeting.default_campaign(landing)
    return {
        "ad_platforms": [
            {"key": platform.key, "name": platform.name, "hint": platform.hint,
             "example": platform.example, "value": getattr(landing, platform.field)}
            for platform in targeting.PLATFORMS if platform.key in allowed
        ],
        "ad_platforms_off": [
            {"key": platform.key, "name": platform.name, "value": getattr(landing, platform.field)}
            for platform in targeting.PLATFORMS
            if platform.key not in allowed and getattr(landing, platform.field)
        ],
        "utm_campaign": campaign,
        "utm_links": targeting.utm_links(public_url, campaign),
        "targeting_url": reverse("cabinet:builder_targeting", args=[landing.pk]),
    }
