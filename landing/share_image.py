"""The picture a messenger or social network shows for a landing's link (og:image).

A 1200×630 JPEG drawn with Pillow: the partner's photo (or their initials), the hero's
headline and the partner's name, in DejaVu (Cyrillic included; PIL's own font when the
fonts-dejavu-core package is missing). It is stored in the default storage as
landing-share/<landing id>/<published version>-<fingerprint>.jpg and linked by its
storage address.

When it is made: lazily, once per published version. The first request for a published
version that finds no image draws it (about 50 ms) and the name is then remembered in
the cache, so every later request costs one cache read and no drawing, no storage call.
Publishing happens in two places (landing/services.py: a partner's publish and a
reviewer's approval) and a landing seeded or edited in the admin publishes through
neither, so doing it on first use covers them all; `prepare(landing)` draws it ahead of
time for a caller that wants the first visitor spared too. The fingerprint (partner's
name, photo, headline) makes a new picture when the partner changes their name or photo
without publishing again; older pictures of the landing are deleted when a new one is
stored.
"""

import hashlib
import io
import logging
import os
from functools import lru_cache

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont, ImageOps

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
CONTENT_TYPE = "image/jpeg"
FOLDER = "landing-share"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
BOLD_FONT, REGULAR_FONT = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
CACHE_SECONDS = 30 * 24 * 60 * 60
DRAWING_VERSION = "1"  # change it when the drawing changes, to draw every picture anew
PHOTO_MAX_PIXELS = 40_000_000  # photos are re-encoded on upload; this guards the rest

BACKGROUND_TOP, BACKGROUND_BOTTOM = (15, 118, 110), (19, 78, 74)  # the landing's teal
TEXT_COLOUR, SOFT_TEXT_COLOUR = (255, 255, 255), (204, 251, 241)
PHOTO_SIZE, PHOTO_LEFT = 300, 80
TEXT_LEFT, TEXT_RIGHT = 440, WIDTH - 70
HEADLINE_SIZES = (68, 60, 54, 48, 42, 38)
HEADLINE_MAX_LINES = 4


@lru_cache(maxsize=32)
def _font(name, size):
    try:
        return ImageFont.truetype(os.path.join(FONT_DIR, name), size)
    except OSError:
        return ImageFont.load_default(size)


def headline_of(landing):
    """The first hero block's headline, else the landing's title."""
    for block in landing.body.raw_data:
        if block.get("type") == "hero":
            headline = (block.get("value") or {}).get("headline")
            if headline:
                return str(headline)
    return landing.title


def _fingerprint(landing):
    partner = landing.partner
    source = "\n".join([DRAWING_VERSION, partner.name, partner.photo.name or "",
                        headline_of(landing)])
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def image_name(landing):
    return f"{FOLDER}/{landing.pk}/{landing.published_version}-{_fingerprint(landing)}.jpg"


def _cache_key(name):
    return f"landing:share:{name}"


def _initials(name):
    words = [word for word in name.split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


def _wrap(draw, text, font, width):
    """Lines of `text` no wider than `width`; a word too long for a line is broken."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if draw.textlength(line + char, font=font) > width and line:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines


def _fit(draw, text, width):
    """The headline's font and lines: the largest size that fits in the allowed lines,
    else the smallest size with the last line cut short."""
    for size in HEADLINE_SIZES:
        font = _font(BOLD_FONT, size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= HEADLINE_MAX_LINES:
            return font, lines, size
    lines = lines[:HEADLINE_MAX_LINES]
    last = lines[-1]
    while last and draw.textlength(last + "…", font=font) > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines, size


def _photo(photo_file):
    """The partner's photo as a square RGB image, or None when it cannot be read."""
    if not photo_file:
        return None
    try:
        with photo_file.open("rb") as stream:
            with Image.open(stream) as image:
                if image.width * image.height > PHOTO_MAX_PIXELS:
                    return None
                image.draft("RGB", (PHOTO_SIZE * 2, PHOTO_SIZE * 2))  # fast JPEG decode
                image = ImageOps.exif_transpose(image).convert("RGB")
                return ImageOps.fit(image, (PHOTO_SIZE, PHOTO_SIZE), Image.LANCZOS)
    except Exception:  # a missing or unreadable photo: the initials stand in
        logger.warning("share image: could not read photo %s", photo_file.name, exc_info=True)
        return None


def _background():
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    top = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND_TOP)
    bottom = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND_BOTTOM)
    return Image.composite(bottom, top, gradient)


def draw(partner_name, headline, photo_file=None, site_name=""):
    """The share picture as JPEG bytes."""
    canvas = _background()
    pen = ImageDraw.Draw(canvas)
    top = (HEIGHT - PHOTO_SIZE) // 2
    ring = 8
    pen.ellipse((PHOTO_LEFT - ring, top - ring, PHOTO_LEFT + PHOTO_SIZE + ring,
                 top + PHOTO_SIZE + ring), fill=TEXT_COLOUR)
    photo = _photo(photo_file)
    if photo is not None:
        mask = Image.new("L", (PHOTO_SIZE, PHOTO_SIZE), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, PHOTO_SIZE - 1, PHOTO_SIZE - 1), fill=255)
        canvas.paste(photo, (PHOTO_LEFT, top), mask)
    else:
        pen.ellipse((PHOTO_LEFT, top, PHOTO_LEFT + PHOTO_SIZE, top + PHOTO_SIZE),
                    fill=BACKGROUND_BOTTOM)
        pen.text((PHOTO_LEFT + PHOTO_SIZE // 2, top + PHOTO_SIZE // 2),
                 _initials(partner_name), font=_font(BOLD_FONT, 120), fill=TEXT_COLOUR,
                 anchor="mm")

    width = TEXT_RIGHT - TEXT_LEFT
    font, lines, size = _fit(pen, " ".join(headline.split()), width)
    name_font = _font(REGULAR_FONT, 40)
    name_lines = _wrap(pen, partner_name, name_font, width)[:1]
    line_height = int(size * 1.2)
    block_height = line_height * len(lines) + (30 + 48 if name_lines else 0)
    y = max(40, (HEIGHT - block_height) // 2)
    for line in lines:
        pen.text((TEXT_LEFT, y), line, font=font, fill=TEXT_COLOUR)
        y += line_height
    if name_lines:
        y += 30
        pen.line((TEXT_LEFT, y - 12, TEXT_LEFT + 80, y - 12), fill=SOFT_TEXT_COLOUR, width=4)
        pen.text((TEXT_LEFT, y), name_lines[0], font=name_font, fill=SOFT_TEXT_COLOUR)
    if site_name:
        pen.text((WIDTH - 40, HEIGHT - 30), site_name, font=_font(REGULAR_FONT, 26),
                 fill=SOFT_TEXT_COLOUR, anchor="rs")

    output = io.BytesIO()
    canvas.save(output, "JPEG", quality=88, optimize=True, progressive=True)
    return output.getvalue()


def _forget_older(landing, name):
    """Delete the landing's earlier pictures (any copy of `name` a concurrent request
    stored beside it is kept: the cache may hold either)."""
    folder = f"{FOLDER}/{landing.pk}"
    stem = os.path.splitext(name)[0]
    try:
        _, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for file_name in files:
        path = f"{folder}/{file_name}"
        if not path.startswith(stem):
            default_storage.delete(path)


def prepare(landing, site_name=""):
    """The storage name of the landing's share picture, drawn and stored if need be;
    None when the landing was never published or the picture could not be made.
    `site_name` (or a function giving it, called only when drawing) is written in the
    picture's corner."""
    if landing.published_at is None:  # online while a later version is reviewed
        return None
    name = image_name(landing)
    stored = cache.get(_cache_key(name))
    if stored:
        return stored
    try:
        if default_storage.exists(name):
            stored = name
        else:
            partner = landing.partner
            if callable(site_name):
                site_name = site_name()
            picture = draw(partner.name, headline_of(landing), partner.photo or None,
                           site_name)
            stored = default_storage.save(name, ContentFile(picture))
            _forget_older(landing, name)
    except Exception:  # the page is served without the picture rather than not at all
        logger.exception("share image: could not make the picture of landing %s", landing.pk)
        return None
    cache.set(_cache_key(name), stored, CACHE_SECONDS)
    return stored


def share_image_url(landing, request=None, site_name=""):
    """The share picture's address (absolute when `request` is given), or ""."""
    stored = prepare(landing, site_name=site_name)
    if not stored:
        return ""
    url = default_storage.url(stored)
    return request.build_absolute_uri(url) if request is not None else url
