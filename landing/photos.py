"""Pictures partners upload for their landings, and which pictures a landing may show.

An upload goes through core.uploads (size checked before reading, decoded with a
pixel limit, re-encoded from its pixels) and becomes a Wagtail image in the "Partner
uploads" collection, marked as uploaded by the partner's user. A landing's blocks may
show the company's own pictures (any other collection, e.g. the template's) or the
partner's own uploads, never another partner's.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.struct_block import StructValue
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection

from core.uploads import clean_uploaded_image

COLLECTION_NAME = "Partner uploads"
MAX_SIDE = 1600
THUMBNAIL = "max-320x320"


def partner_collection():
    """The collection holding partners' uploads (created under the root when missing)."""
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        with transaction.atomic():
            collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return collection


def upload_photo(partner, upload):
    """A new image from the partner's upload, or ValidationError saying what is wrong."""
    if upload is None:
        raise ValidationError(_("Choose a picture to upload."), code="required")
    picture = clean_uploaded_image(
        upload, max_side=MAX_SIDE, name=f"landing-{partner.pk}"
    )
    title = (getattr(upload, "name", "") or _("Photo"))[:255]
    return get_image_model().objects.create(
        title=title, file=picture, collection=partner_collection(),
        uploaded_by_user=partner.user,
    )


def may_show(partner, image):
    """Whether `partner`'s landing may show `image`: the company's, or their own upload."""
    if image is None:
        return True
    if image.collection.name != COLLECTION_NAME:
        return True
    return partner.user_id is not None and image.uploaded_by_user_id == partner.user_id


def images_in(value):
    """Every image in a block's native value (structs and lists walked)."""
    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, StructValue):
        for item in value.values():
            yield from images_in(item)
    elif isinstance(value, (ListValue, list, tuple)):
        for item in value:
            yield from images_in(item)


def check_images(partner, value):
    """Refuse a block value that shows a picture another partner uploaded."""
    for image in images_in(value):
        if not may_show(partner, image):
            raise ValidationError(
                {"value": _("This picture is not yours to use.")}, code="not_yours"
            )


def thumbnail_urls(image_ids):
    """{id: small rendition URL} of the images that exist among `image_ids`."""
    images = get_image_model().objects.filter(pk__in=[i for i in image_ids if isinstance(i, int)])
    urls = {}
    for image in images:
        try:
            urls[image.pk] = image.get_rendition(THUMBNAIL).url
        except Exception:  # a missing or unreadable file: no preview, the id stays
            urls[image.pk] = ""
    return urls
