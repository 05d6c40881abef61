import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import clean_uploaded_image


def picture(fmt="PNG", size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def upload(data, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_jpeg_is_re_encoded_without_its_trailing_payload():
    data = picture("JPEG") + b"<script>alert(1)</script>"
    cleaned = clean_uploaded_image(upload(data, "me.jpg", "image/jpeg"))
    content = cleaned.read()
    assert b"<script>" not in content
    assert Image.open(io.BytesIO(content)).format == "JPEG"


def test_transparency_is_kept_as_png():
    cleaned = clean_uploaded_image(upload(picture("PNG", mode="RGBA")))
    assert cleaned.name.endswith(".png")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a not really", "invalid"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "invalid"),
        (picture("GIF"), "type"),
        (picture("BMP"), "type"),
    ],
)
def test_files_that_are_not_allowed_pictures_are_refused(data, code):
    with pytest.raises(ValidationError) as refused:
        clean_uploaded_image(upload(data))
    assert refused.value.code == code


def test_oversized_upload_is_refused_before_decoding():
    with pytest.raises(ValidationError) as refused:
        clean_uploaded_image(upload(picture()), max_bytes=100)
    assert refused.value.code == "too_large"


def test_a_decompression_bomb_is_refused():
    # A small file that decodes to 20,000 x 20,000 pixels.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ValidationError) as refused:
        clean_uploaded_image(upload(buffer.getvalue()))
    assert refused.value.code == "too_many_pixels"


def test_large_pictures_are_scaled_down():
    cleaned = clean_uploaded_image(upload(picture(size=(3000, 1500))), max_side=800)
    assert Image.open(cleaned).size == (800, 400)
