"""The landing builder's JSON endpoints in the cabinet (/<lang>/cabinet/landings/...).

Every landing is looked up among the signed-in partner's own, so another partner's
landing is simply not found (404); the changes themselves go through landing/builder.py,
which applies the template's rules, and the draft's JSON shape the builder's script reads
is landing/builder.py's too (`draft_json`). POSTs take JSON (or form data) and need the CSRF
token (the X-CSRFToken header); refused changes answer 400 with
{"errors": [{"field", "message"}]} and leave the draft as it was.
"""

import json

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from core import uploads
from core.uploads import upload_limit
from landing import builder, photos, videos
from landing import targeting as landing_targeting
from landing.forms import LeadForm
from landing.models import LandingTemplate
from landing.views import render_landing

from .views import partner_required


def error_list(error, field=""):
    """A block or form ValidationError as [{"field", "message"}], fields as dotted paths."""
    if hasattr(error, "block_errors"):
        items = []
        for message in error.non_block_errors.as_data():
            items += error_list(message, field)
        for key, sub in error.block_errors.items():
            items += error_list(sub, f"{field}.{key}" if field else str(key))
        return items
    if hasattr(error, "error_dict"):
        items = []
        for key, errors in error.error_dict.items():
            path = key if key != "__all__" else field
            for sub in errors:
                items += error_list(sub, f"{field}.{path}" if field and key != "__all__" else path)
        return items
    return [{"field": field, "message": str(message)} for message in error.messages]


def refused(error, status=400):
    return JsonResponse({"errors": error_list(error)}, status=status)


def payload(request):
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ValidationError({"": _("Send a JSON object.")})
        return data
    return request.POST.dict()


@require_safe
@partner_required
def landings(request, partner):
    """The partner's landings and the templates a new one can start from."""
    return JsonResponse({
        "landings": [builder.landing_json(landing) for landing in
                     partner.landings.order_by("purpose", "language", "pk")],
        "templates": [
            {"id": template.pk, "name": template.name, "purpose": template.purpose,
             "language": template.language}
            for template in LandingTemplate.objects.all()
        ],
    })


def _change(view):
    """A POST that changes `partner`'s landing `pk`: JSON errors, the new draft back."""

    @require_POST
    @partner_required
    def wrapped(request, partner, pk, **kwargs):
        landing = get_object_or_404(partner.landings, pk=pk)
        try:
            response = view(request, partner, landing, payload(request), **kwargs)
        except ValidationError as error:
            return refused(error)
        except PermissionDenied:  # not reached through partner.landings; kept as a guard
            return JsonResponse({"errors": []}, status=404)
        if response is None:
            landing.refresh_from_db()
            response = JsonResponse(builder.draft_json(landing))
        return response

    wrapped.__name__ = view.__name__
    return wrapped


@require_POST
@partner_required
def create(request, partner):
    try:
        data = payload(request)
        template = LandingTemplate.objects.filter(pk=_int(data.get("template"))).first()
        if template is None:
            raise ValidationError({"template": _("Choose a template.")})
        landing = builder.start_from_template(
            partner, template, data.get("language") or template.language
        )
    except ValidationError as error:
        return refused(error)
    return JsonResponse(builder.draft_json(landing), status=201)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_safe
@partner_required
def draft(request, partner, pk):
    return JsonResponse(builder.draft_json(get_object_or_404(partner.landings, pk=pk)))


@_change
def update_block(request, partner, landing, data, block_id):
    builder.update_block(landing, partner, block_id, data.get("value"))


@_change
def add_block(request, partner, landing, data):
    builder.add_block(landing, partner, data.get("type"), data.get("value"),
                      data.get("position"))


@_change
def remove_block(request, partner, landing, data, block_id):
    builder.remove_block(landing, partner, block_id)


@_change
def move_block(request, partner, landing, data, block_id):
    builder.move_block(landing, partner, block_id, data.get("position"))


@_change
def details(request, partner, landing, data):
    builder.change_details(landing, partner, data.get("title"), data.get("slug"))


@require_POST
@partner_required
@upload_limit(uploads.MAX_BYTES, "photo")
def upload_photo(request, partner, pk):
    """A picture for the landing's blocks: {"id", "url"} of the new image (201)."""
    get_object_or_404(partner.landings, pk=pk)
    try:
        image = photos.upload_photo(partner, request.FILES.get("photo"))
    except ValidationError as error:
        return JsonResponse({"errors": error_list(error, "photo")}, status=400)
    return JsonResponse(
        {"id": image.pk, "url": photos.thumbnail_urls([image.pk]).get(image.pk, "")},
        status=201,
    )


@require_POST
@partner_required
@upload_limit(videos.max_bytes, "video")
def upload_video(request, partner, pk):
    """A video for the landing's video blocks: {"id", "name", "size", "duration" (seconds),
    "summary" ("0:42 · 3.1 MB")} (201)."""
    get_object_or_404(partner.landings, pk=pk)
    upload = request.FILES.get("video")
    try:
        if upload is None:
            raise ValidationError(_("Choose a video to upload."), code="required")
        video = videos.upload_video(partner, upload)
    except ValidationError as error:
        return JsonResponse({"errors": error_list(error, "video")}, status=400)
    return JsonResponse(builder.video_json(video), status=201)


@_change
def save(request, partner, landing, data):
    builder.save_draft(landing, partner)


@_change
def restore(request, partner, landing, data):
    version = _int(data.get("version"))
    if version is None:
        raise ValidationError({"version": _("Choose a version.")})
    builder.restore(landing, partner, version)


@_change
def publish(request, partner, landing, data):
    draft = builder.draft_of(landing)
    try:
        result = builder.publish(landing, partner)
    except ValidationError as error:
        # Errors of the whole page are by block position: name the blocks by id.
        ids = [block.get("id") for block in draft]
        for item in (items := error_list(error)):
            head, _dot, rest = item["field"].partition(".")
            if head.isdigit() and int(head) < len(ids):
                item["field"] = f"{ids[int(head)]}.{rest}" if rest else ids[int(head)]
        return JsonResponse({"errors": items}, status=400)
    landing.refresh_from_db()
    # Said with the address visitors open (each landing has its own: landing/addresses.py).
    public_url = request.build_absolute_uri(landing.get_url())
    if result.published:
        message = _("Published. Visitors see your new page now at this address:")
    elif landing.published_at is not None:
        message = _("Sent for review. Visitors see your previous page until it is approved.")
    else:
        message = _("Sent for review. Your page goes online once it is approved.")
    return JsonResponse({**builder.draft_json(landing), "published": result.published,
                         "state": result.state, "phrases": result.phrases,
                         "message": message, "public_url": public_url})


@_change
def targeting(request, partner, landing, data):
    """The landing's ad account IDs ({"meta", "google", "tiktok", "yandex"}): checked per
    platform and against the platforms the company allows; {"pixels": {...}} back."""
    landing_targeting.change_pixels(landing, partner, data,
                                    landing_targeting.allowed_keys(request))
    return JsonResponse({"pixels": landing_targeting.pixel_ids(landing),
                         "message": _("Ad accounts saved. They apply to your page at once.")})


@require_safe
@xframe_options_sameorigin  # shown in the builder page's frame
@partner_required
def preview(request, partner, pk):
    """The draft as a visitor would see it, for its owner only, never indexed."""
    landing = get_object_or_404(partner.landings.select_related("partner"), pk=pk)
    # A visitor's page: not signed in (the header offers Sign in and Join, not the
    # partner's own cabinet), and the partner's pending messages are left for the cabinet.
    # In the landing's language, as visitors get it (the public address redirects them to
    # it), not the cabinet's: an English page previewed from /ru/ had a Russian header.
    with translation.override(landing.language):
        response = render_landing(request, landing, LeadForm(), draft=builder.draft_of(landing),
                                  extra_context={"user": AnonymousUser(), "messages": ()})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
