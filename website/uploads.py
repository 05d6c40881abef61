"""Safe handling of pictures people upload (partner photos, landing images).

An upload is checked for size before it is read, decoded by Pillow with a pixel limit
(a decompression bomb is refused, not decoded), and re-encoded from its pixels, so
whatever else the file carried (metadata, trailing payloads, polyglots) is dropped.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000


def clean_uploaded_image(upload, *, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS,
                         max_side=1600, name="photo"):
    """Return a re-encoded ContentFile of the uploaded picture, or raise ValidationError."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The picture is too large: at most %(mb)s MB.") % {"mb": max_bytes // 1048576},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The picture is too large: at most %(mb)s MB.") % {"mb": max_bytes // 1048576},
            code="too_large",
        )
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
