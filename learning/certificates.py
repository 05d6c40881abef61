"""The certificate of a completed course: a picture (PNG) and the same page as a PDF.

Drawn with Pillow in the course's language (the CourseCompletion keeps the language and
title the partner completed it in), with the partner's name, the course's title, the date
written that language's way and the certificate's number. DejaVu fonts carry Cyrillic
(PIL's own font stands in when fonts-dejavu-core is missing, as for landing/share_image.py).
A certificate is drawn on request (about 100 ms); nothing is stored.
"""

import io
import os
from functools import lru_cache

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1754, 1240  # A4 landscape at 150 dpi
DPI = 150
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
SERIF_BOLD, SERIF, SANS = "DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans.ttf"
PAPER, INK, ACCENT, SOFT = (255, 253, 247), (31, 41, 55), (15, 118, 110), (107, 114, 128)
MARGIN = 60
TEXT_WIDTH = WIDTH - 2 * 180


def issued(partner):
    """The partner's completions that carry a certificate: those of courses whose
    "certificate on completion" is on (a course switched off keeps its completions, not
    their certificates), newest first."""
    from .models import CourseCompletion, CoursePage

    with_certificates = CoursePage.objects.filter(certificate=True).values("translation_key")
    return CourseCompletion.objects.filter(
        partner=partner, course_key__in=with_certificates).order_by("-completed_at")


@lru_cache(maxsize=32)
def _font(name, size):
    try:
        return ImageFont.truetype(os.path.join(FONT_DIR, name), size)
    except OSError:
        return ImageFont.load_default(size)


def _lines(draw, text, font, width, most=2):
    """`text` in at most `most` lines no wider than `width` (the last one cut short)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip() + "…"
    return lines


def _centred(draw, y, text, font, fill, most=1):
    for line in _lines(draw, text, font, TEXT_WIDTH, most):
        draw.text((WIDTH / 2, y), line, font=font, fill=fill, anchor="mt")
        y += int(font.size * 1.3)
    return y


def completed_on(completion):
    """The completion date written the course language's way ("6 декабря 2026 г.")."""
    with translation.override(completion.language):
        return formats.date_format(timezone.localdate(completion.completed_at), "DATE_FORMAT")


def draw(completion, partner_name):
    """The certificate as a Pillow image, in the completion's language."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN), outline=ACCENT, width=8)
    pen.rectangle((MARGIN + 22, MARGIN + 22, WIDTH - MARGIN - 22, HEIGHT - MARGIN - 22),
                  outline=ACCENT, width=2)
    with translation.override(completion.language):
        y = _centred(pen, 190, _("Certificate"), _font(SERIF_BOLD, 110), ACCENT)
        y = _centred(pen, y + 50, _("This certifies that"), _font(SANS, 40), SOFT)
        y = _centred(pen, y + 30, partner_name, _font(SERIF_BOLD, 84), INK)
        pen.line((WIDTH / 2 - 360, y + 10, WIDTH / 2 + 360, y + 10), fill=ACCENT, width=3)
        y = _centred(pen, y + 50, _("has completed the course"), _font(SANS, 40), SOFT)
        _centred(pen, y + 30, f"“{completion.course_title}”",
                 _font(SERIF_BOLD, 64), INK, most=2)
        date_label = _("Date: %(date)s") % {"date": completed_on(completion)}
        number_label = _("Certificate no. %(number)s") % {
            "number": str(completion.certificate_number).upper()}
    small = _font(SANS, 30)
    pen.text((MARGIN + 90, HEIGHT - MARGIN - 150), date_label, font=small, fill=INK)
    pen.text((MARGIN + 90, HEIGHT - MARGIN - 100), number_label, font=_font(SANS, 24),
             fill=SOFT)
    return image


def png(completion, partner_name):
    buffer = io.BytesIO()
    draw(completion, partner_name).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def pdf(completion, partner_name):
    buffer = io.BytesIO()
    with translation.override(completion.language):
        title = _("Certificate") + f" \u2014 {completion.course_title}"
    draw(completion, partner_name).save(buffer, "PDF", resolution=DPI, title=title,
                                        author=partner_name)
    return buffer.getvalue()


FORMATS = {"png": ("image/png", png), "pdf": ("application/pdf", pdf)}


def filename(completion, extension):
    return f"certificate-{completion.certificate_number}.{extension}"
