"""Videos partners upload for the video block of their landings.

`upload_video` is the one way in. It checks the file's size, then what its first bytes say
it is (an MP4 `ftyp` box or a WebM EBML header), not only its name, and then reads the
whole container (`read_container`): the file must be complete, hold a picture track in a
format browsers play (H.264 or AV1 in MP4; VP8, VP9 or AV1 in WebM) and last longer than
nothing. Its length in seconds and its size are kept on the LandingVideo, and the file is
stored under media/landing-video/<partner id>/ with a name of our own whose extension is
the container's. Nothing refused is stored. A landing shows only its own partner's
videos: the builder calls `check_block_videos` / `check_body_videos`, and the video block
skips any other partner's video when it renders (landing/blocks.py).

The container is read by MediaInfo through pymediainfo. MediaInfo is a maintained parser
of every container and codec partners' phones and editors produce; it follows box and
element sizes, so it tells a file cut short or a header followed by something else
(IsTruncated) from a whole one, and it reports each track's format and the duration. The
manylinux wheel of pymediainfo bundles libmediainfo, so a fresh machine needs nothing
installed by hand. The pure-Python alternatives fall short: mutagen reads MP4 for its
audio and ignores picture tracks, and for WebM the truncation and track checks would have
to be written by hand over an EBML reader (enzyme, ebmlite). FFmpeg (PyAV) would do too,
at seven times the size (about 100 MB installed) and with far more code exposed to
untrusted files.

Limits come from settings: LANDING_VIDEO_MAX_BYTES (100 MB by default) and
LANDING_VIDEO_MAX_PER_PARTNER (20). The builder's upload view declares the first
(core.uploads.upload_limit), so a request larger than it is refused before its body is
read; the web server in front may cap request bodies as well.
"""

import os
import re
import threading
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pymediainfo import MediaInfo

from core.uploads import too_large_message

from .models import VIDEO_EXTENSIONS, LandingVideo

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
CONTAINER_NAMES = {"video/mp4": "MP4", "video/webm": "WebM"}
# MediaInfo's name of each container, and the picture formats browsers play in it.
MEDIAINFO_CONTAINERS = {"video/mp4": "MPEG-4", "video/webm": "WebM"}
PLAYABLE_PICTURES = {"video/mp4": {"AVC", "AV1"}, "video/webm": {"VP8", "VP9", "AV1"}}
# pymediainfo sets library options per call, shared by every thread of the process.
_mediainfo_lock = threading.Lock()


@dataclass(frozen=True)
class ContainerFacts:
    """What reading a whole video file found."""

    content_type: str
    duration: Decimal  # seconds, to the millisecond


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
    """ContainerFacts of an MP4 or WebM video within the size limit that browsers can
    play; ValidationError naming what is wrong otherwise."""
    if uploaded_file is None or not uploaded_file.size:
        raise ValidationError(_("Choose a video file."), code="required")
    if uploaded_file.size > max_bytes():
        raise ValidationError(too_large_message(max_bytes()), code="file_too_large")
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
            _("The file's name ends in %(extension)s, but it holds video in the "
              "%(container)s format: rename it to .%(proper)s and upload it again.")
            % {"container": CONTAINER_NAMES[content_type], "extension": extension,
               "proper": VIDEO_EXTENSIONS[content_type]},
            code="extension_mismatch",
        )
    return ContainerFacts(content_type, check_container(read_container(uploaded_file),
                                                        content_type))


def read_container(uploaded_file):
    """MediaInfo's report of the whole file (read from disk when Django spooled it there)."""
    temporary_path = getattr(uploaded_file, "temporary_file_path", None)
    uploaded_file.seek(0)
    try:
        with _mediainfo_lock:
            return MediaInfo.parse(temporary_path() if temporary_path else uploaded_file)
    except RuntimeError:  # libmediainfo gave up on the file
        return None
    finally:
        uploaded_file.seek(0)


def _milliseconds(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def check_container(report, content_type):
    """The video's length in seconds when MediaInfo's `report` shows a whole `content_type`
    file with a picture browsers play; ValidationError naming what is wrong otherwise."""
    general = report.general_tracks[0] if report and report.general_tracks else None
    if general is None or general.format != MEDIAINFO_CONTAINERS[content_type]:
        raise ValidationError(
            _("This file is not an MP4 or WebM video, whatever its name says."),
            code="invalid_type",
        )
    if general.istruncated == "Yes":
        raise ValidationError(
            _("The video file is incomplete or damaged: it ends before the video does, or "
              "something else follows its start. Upload the whole video again."),
            code="truncated",
        )
    if not report.video_tracks:
        if report.audio_tracks:
            message = _("This file holds only sound: upload a video with a picture.")
        else:
            message = _("This file holds no video: there is no picture in it to play.")
        raise ValidationError(message, code="no_video_track")
    picture = report.video_tracks[0]
    if picture.format not in PLAYABLE_PICTURES[content_type]:
        raise ValidationError(
            _("Browsers cannot play this video's picture (%(format)s). Save it as MP4 with "
              "H.264, or as WebM with VP8 or VP9, and upload it again.")
            % {"format": picture.format or _("unknown format")},
            code="unplayable",
        )
    milliseconds = _milliseconds(general.duration) or _milliseconds(picture.duration)
    if not milliseconds or milliseconds <= 0:
        raise ValidationError(
            _("The video lasts no time at all: there is nothing in it to play."),
            code="no_duration",
        )
    return (milliseconds / 1000).quantize(Decimal("0.001"))


def upload_video(partner, uploaded_file):
    """Store `uploaded_file` (a Django UploadedFile) as a LandingVideo of `partner`."""
    if partner is None:
        raise PermissionDenied
    facts = check_file(uploaded_file)
    if LandingVideo.objects.filter(partner=partner).count() >= max_per_partner():
        raise ValidationError(
            _("You have as many videos as you can keep (%(count)s). Delete one first.")
            % {"count": max_per_partner()},
            code="too_many",
        )
    video = LandingVideo(
        partner=partner, content_type=facts.content_type, size=uploaded_file.size,
        duration=facts.duration,
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


def length_and_size(video):
    """How long the video is and how big, for lists of videos: "0:42 · 3.1 MB", the size
    written the language's way ("3,1 МБ"); only the size for a video whose length was never
    read."""
    size = filesizeformat(video.size)
    if video.duration is None:
        return size
    seconds = max(1, int(Decimal(video.duration).to_integral_value(ROUND_HALF_UP)))
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
    return f"{clock} · {size}"


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
