"""The QR code of a partner's referral link, drawn server-side with segno."""

import io

import segno

# Medium error correction survives a smudged print-out and keeps the code small.
ERROR_CORRECTION = "m"


def make(url):
    return segno.make(url, error=ERROR_CORRECTION, micro=False)


def inline_svg(url):
    """An <svg> element for the page itself: no XML declaration, sized by CSS."""
    return make(url).svg_inline(
        scale=4, border=4, omitsize=True, dark="#111827", light="#ffffff",
        svgclass="referral-qr-image",
    )


def svg_file(url):
    out = io.BytesIO()
    make(url).save(out, kind="svg", scale=10, border=4, dark="#111827", light="#ffffff")
    return out.getvalue()


def png_file(url):
    out = io.BytesIO()
    make(url).save(out, kind="png", scale=10, border=4)
    return out.getvalue()
