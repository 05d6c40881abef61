"""Safe handling of files people upload (partner photos, landing images and videos).

A request carrying an upload larger than its view takes is refused before its body is
read (`upload_limit`, UploadLimitMiddleware). A picture is checked for size before it is
read, decoded by Pillow with a pixel limit (a decompression bomb is refused, not
decoded), and re-encoded from its pixels, so whatever else the file carried (metadata,
trailing payloads, polyglots) is dropped.
"""

import io
import warnings

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000


def too_large_message(max_bytes):
    """The one wording for an upload over its limit, the limit written the language's way
    ("5.0 MB", "5,0 МБ")."""
    return _("The file is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes)}


def clean_uploaded_image(upload, *, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS,
                         max_side=1600, name="photo"):
    """Return a re-encoded ContentFile of the uploaded picture, or raise ValidationError."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(too_large_message(max_bytes), code="too_large")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(too_large_message(max_bytes), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The picture has too many pixels."), code="too_many_pixels"
                    )
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG or WebP picture."), code="type"
                    )
                probe.load()
                picture = ImageOps.exif_transpose(probe)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The picture has too many pixels."), code="too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError(
            _("This file is not a picture we can read. Upload a JPEG, PNG or WebP picture."),
            code="invalid",
        ) from None
    picture.thumbnail((max_side, max_side))
    has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    out = io.BytesIO()
    if has_alpha:
        picture.convert("RGBA").save(out, "PNG", optimize=True)
        extension = "png"
    else:
        picture.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{name}.{extension}")


# --- the request before its body is read ----------------------------------------------

# Room for the multipart framing and the form's other fields beside the file itself.
FORM_SLACK = 64 * 1024


def upload_limit(max_bytes, field):
    """Mark a view that takes an upload of at most `max_bytes` (a number, or a function
    giving one from the settings) in the form field `field`. UploadLimitMiddleware then
    refuses a larger request before anything reads its body: Django would otherwise
    write the whole file to a temporary file while parsing the form (the CSRF check
    does that, before the view runs) and only then could the view see its size."""

    def mark(view):
        view.upload_limit = (max_bytes, field)  # kept by functools.wraps on the decorators
        return view

    return mark


class UploadLimitMiddleware:
    """Refuses, before CsrfViewMiddleware parses it, a POST to an `upload_limit` view whose
    declared length is over the limit. The request's length is what Django would read at
    most (its input is cut at CONTENT_LENGTH), so the check cannot be talked around.
    A script (Accept: application/json) gets 413 with {"errors": [{"field", "message"}]};
    a page gets the message and is sent back to where it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "upload_limit", None)
        if limit is None or request.method != "POST":
            return None
        max_bytes, field = limit
        max_bytes = max_bytes() if callable(max_bytes) else max_bytes
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= max_bytes + FORM_SLACK:
            return None
        message = too_large_message(max_bytes)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"errors": [{"field": field, "message": message}]},
                                status=413)
        messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path(), status=303)
