"""Videos partners upload for the video block of their landings.

`upload_video` is the one way in: it checks the file's size and what its first bytes say
it is (an MP4 `ftyp` box or a WebM EBML header), not only its name, and stores it under
media/landing-video/<partner id>/ with a name of our own. A landing shows only its own
partner's videos: the builder calls `check_block_videos` / `check_body_videos`, and the
video block skips any other partner's video when it renders (landing/blocks.py).

Limits come from settings: LANDING_VIDEO_MAX_BYTES (100 MB by default) and
LANDING_VIDEO_MAX_PER_PARTNER (20). The builder's upload view declares the first
(website.uploads.upload_limit), so a request larger than it is refused before its body is
read; the web server in front may cap request bodies as well.
"""

import os
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import LandingVideo

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 100 * MEGABYTE
DEFAULT_MAX_PER_PARTNER = 20
HEAD_BYTES = 64

# ISO base media brands browsers play as MP4; QuickTime's "qt  " (.mov) is not among them.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
              b"M4V ", b"M4VP", b"dash", b"MSNV", b"mmp4", b"3gp4", b"3gp5"}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
WEBM_DOCTYPE = re.compile(rb"\x42\x82[\x81-\x88]webm", re.S)  # EBML DocType "webm"
EXTENSION_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm"}


def max_bytes():
    return int(getattr(settings, "LANDING_VIDEO_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_per_partner():
    return int(getattr(settings, "LANDING_VIDEO_MAX_PER_PARTNER", DEFAULT_MAX_PER_PARTNER))


def sniff(head):
    """video/mp4 or video/webm by the file's first bytes, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[:4], "big")
        brands = [head[8:12]] + [head[i:i + 4] for i in range(16, min(box_size, len(head)), 4)]
        if head[8:12] != b"qt  " and any(brand in MP4_BRANDS for brand in brands):
            return "video/mp4"
        return None
    if head.startswith(EBML_MAGIC) and WEBM_DOCTYPE.search(head):
        return "video/webm"
    return None


def _read_head(uploaded_file):
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    return head


def check_file(uploaded_file):
    """The file's content type when it is an MP4 or WebM video within the size limit;
    ValidationError saying what is wrong otherwise."""
    if uploaded_file is None or not uploaded_file.size:
        raise ValidationError(_("Choose a video file."), code="required")
    limit = max_bytes()
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The video is too large: upload at most %(limit)s MB.")
            % {"limit": limit // MEGABYTE or 1},
            code="file_too_large",
        )
    extension = os.path.splitext(uploaded_file.name or "")[1].lower()
    if extension not in EXTENSION_TYPES:
        raise ValidationError(_("Upload an MP4 or WebM video."), code="invalid_extension")
    content_type = sniff(_read_head(uploaded_file))
    if content_type is None:
        raise ValidationError(
            _("This file is not an MP4 or WebM video, whatever its name says."),
            code="invalid_type",
        )
    if EXTENSION_TYPES[extension] != content_type:
        raise ValidationError(
            _("The file's name does not match what it contains; rename it and try again."),
            code="extension_mismatch",
        )
    return content_type


def upload_video(partner, uploaded_file):
    """Store `uploaded_file` (a Django UploadedFile) as a LandingVideo of `partner`."""
    if partner is None:
        raise PermissionDenied
    content_type = check_file(uploaded_file)
    if LandingVideo.objects.filter(partner=partner).count() >= max_per_partner():
        raise ValidationError(
            _("You have as many videos as you can keep (%(count)s). Delete one first.")
            % {"count": max_per_partner()},
            code="too_many",
        )
    video = LandingVideo(
        partner=partner, content_type=content_type, size=uploaded_file.size,
        original_name=os.path.basename(uploaded_file.name or "")[-200:],
    )
    video.file.save("upload", uploaded_file, save=False)  # named by landing_video_path
    try:
        with transaction.atomic():
            video.save()
    except Exception:
        video.file.delete(save=False)
        raise
    return video


def delete_video(partner, video):
    """Delete one of the partner's videos and its file (blocks showing it show nothing)."""
    if partner is None or video.partner_id != partner.pk:
        raise PermissionDenied
    video.file.delete(save=False)
    video.delete()


def _video_id(value):
    video = (value or {}).get("video") if isinstance(value, dict) else None
    return getattr(video, "pk", video)


def check_block_videos(partner, block_type, value):
    """ValidationError unless the uploaded video a video block's JSON `value` names (if
    any) is one of `partner`'s: call it beside builder.clean_block_value."""
    if block_type != "video":
        return
    video_id = _video_id(value)
    if video_id in (None, ""):
        return
    try:
        owned = LandingVideo.objects.filter(pk=int(video_id), partner=partner).exists()
    except (TypeError, ValueError):
        owned = False
    if not owned:
        raise ValidationError({"video": _("Choose one of the videos you uploaded.")})


def check_body_videos(partner, raw_body):
    """check_block_videos for every block of a landing body (StreamField JSON)."""
    for block in raw_body or []:
        if isinstance(block, dict):
            check_block_videos(partner, block.get("type"), block.get("value"))


def shown_video(video, partner):
    """`video` when a landing of `partner` may show it, else None."""
    if video is None or partner is None or video.partner_id != partner.pk:
        return None
    return video
