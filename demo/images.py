"""Demo pictures drawn with Pillow: nothing is downloaded."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PALETTES = [
    ((15, 118, 110), (19, 78, 74), (253, 230, 138)),
    ((30, 64, 175), (67, 56, 202), (191, 219, 254)),
    ((190, 24, 93), (131, 24, 67), (254, 205, 211)),
    ((180, 83, 9), (124, 45, 18), (254, 243, 199)),
    ((21, 128, 61), (20, 83, 45), (220, 252, 231)),
    ((91, 33, 182), (59, 7, 100), (237, 233, 254)),
]


def _font(size):
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def draw_picture(seed, label="", size=(1600, 900)):
    """A gradient with soft circles and a network motif; returns JPEG bytes."""
    rng = random.Random(seed)
    start, end, light = PALETTES[rng.randrange(len(PALETTES))]
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(start[i] * (1 - t) + end[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    glow = Image.new("RGBA", size, (0, 0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    for _ in range(7):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        glow_draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(*light, 40))
    glow = glow.filter(ImageFilter.GaussianBlur(40))
    image = Image.alpha_composite(image.convert("RGBA"), glow)
    draw = ImageDraw.Draw(image)
    # a small genealogy tree: the motif of the business
    cx, cy = width * 0.72, height * 0.28
    nodes = [(cx, cy)]
    for level in range(1, 4):
        count = 2 ** level
        for i in range(count):
            angle = math.pi * (i + 0.5) / count
            x = cx - width * 0.2 * math.cos(angle)
            y = cy + level * height * 0.16
            parent = nodes[(2 ** (level - 1) - 1) + i // 2]
            draw.line([parent, (x, y)], fill=(*light, 160), width=4)
            nodes.append((x, y))
    for x, y in nodes:
        draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=(255, 255, 255, 230))
    if label:
        font = _font(max(28, width // 22))
        words, lines, line = label.split(), [], ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) > width * 0.5 and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        y = height * 0.62
        for text in lines[:3]:
            draw.text((width * 0.06, y), text, font=font, fill=(255, 255, 255, 255))
            y += font.size * 1.25
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
