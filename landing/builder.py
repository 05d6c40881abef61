"""The partner's landing builder: a working copy (`Landing.draft`, StreamField JSON) the
partner changes block by block within the rules of the template it started from, saved
versions to go back to, and publishing the draft through compliance (services.publish).

Every function takes the acting partner and refuses (PermissionDenied) a landing that is
not theirs; a change the rules or the block library do not allow raises ValidationError
and leaves the draft as it was. Values are cleaned by the same block classes that render
them (rich text sanitized there).

`draft_json` is the draft's shape as the cabinet's builder script reads and edits it:
the landing, its blocks with each one's rule and form description (`schema_of`), the
blocks that may be added, versions, pictures, videos and the last review.
"""

import copy
import datetime
import json
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import blocks as wagtail_blocks
from wagtail.images.blocks import ImageChooserBlock

from . import addresses, photos, services, videos
from .blocks import LandingStreamBlock, UploadedVideoChooserBlock, validate_body
from .models import BlockRule, Landing, LandingState, LandingVersion, VersionReason

AUTOSAVE_EVERY = datetime.timedelta(minutes=5)
STREAM = LandingStreamBlock()


def _check_owner(landing, partner):
    if partner is None or landing.partner_id != partner.pk:
        raise PermissionDenied(_("This landing is not yours."))


def draft_of(landing):
    """The landing's working copy: its draft, or its published content before any draft."""
    if landing.draft is not None:
        return copy.deepcopy(landing.draft)
    return [dict(block) for block in landing.body.raw_data]


def rule_of(landing, block_id):
    """locked, editable or removable; a block the rules do not name is locked."""
    return (landing.rules or {}).get("blocks", {}).get(block_id, BlockRule.LOCKED)


def addable_types(landing):
    return list((landing.rules or {}).get("addable", []))


def _index_of(draft, block_id):
    for index, block in enumerate(draft):
        if block.get("id") == block_id:
            return index
    raise ValidationError({"block_id": _("There is no such block on this landing.")})


def clean_block_value(block_type, value, partner=None):
    """`value` (JSON) cleaned by its block class and turned back into JSON; with
    `partner`, pictures another partner uploaded are refused."""
    child = STREAM.child_blocks.get(block_type)
    if child is None:
        raise ValidationError({"block_type": _("Unknown block type.")})
    try:
        native = child.to_python(value)
    except (TypeError, AttributeError, ValueError, KeyError):
        raise ValidationError({"value": _("This value does not fit the block.")}) from None
    cleaned = child.clean(native)
    prepared = as_json(child.get_prep_value(cleaned))
    if partner is not None:
        photos.check_images(partner, cleaned)
        videos.check_block_videos(partner, block_type, prepared)
    return prepared


def as_json(prepared):
    """A block's prepared value as plain JSON: dates and times become ISO strings, as
    StreamField itself stores them (the draft is a plain JSONField)."""
    return json.loads(json.dumps(prepared, cls=DjangoJSONEncoder))


def _version(landing, body, reason):
    LandingVersion.objects.create(landing=landing, body=body, reason=reason)
    stale = landing.versions.order_by("-saved_at", "-pk")[LandingVersion.VERSIONS_KEPT:]
    LandingVersion.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()


def _autosave_due(landing, now):
    last = (
        landing.versions.filter(reason=VersionReason.AUTOSAVE)
        .order_by("-saved_at").values_list("saved_at", flat=True).first()
    )
    return last is None or now - last >= AUTOSAVE_EVERY


def _save(landing, draft, rules=None):
    """Store the draft (and rules); keep an autosaved version at most every 5 minutes."""
    now = timezone.now()
    landing.draft, landing.draft_saved_at = draft, now
    fields = ["draft", "draft_saved_at", "updated_at"]
    if rules is not None:
        landing.rules = rules
        fields.append("rules")
    landing.save(update_fields=fields)
    if _autosave_due(landing, now):
        _version(landing, draft, VersionReason.AUTOSAVE)
    return landing


def lock_own_landing(landing, partner):
    """The landing's row locked for this change, after the ownership check."""
    _check_owner(landing, partner)
    return Landing.objects.select_for_update().get(pk=landing.pk)


def start_from_template(partner, template, language):
    """A new landing for `partner` whose draft is the template's page (block ids kept, so
    the template's rules, copied by id, apply to it). Nothing is published yet."""
    if partner is None:
        raise PermissionDenied
    if template.language != language:
        raise ValidationError({"language": _("This template is in another language.")})
    if Landing.objects.filter(
        partner=partner, purpose=template.purpose, language=language
    ).exists():
        raise ValidationError({"template": _(
            "You already have a landing for this purpose in this language."
        )})
    draft = [dict(block) for block in template.body.raw_data]
    with transaction.atomic():
        landing = Landing.objects.create(
            partner=partner, purpose=template.purpose, language=language,
            title=template.name, draft_title=template.name, template=template, body=[],
            rules=copy.deepcopy(template.rules or {}),
            # A second landing in a language gets an address of its own at once.
            slug=addresses.propose_slug(partner, template.purpose, language),
        )
        _save(landing, draft)
    return landing


def update_block(landing, partner, block_id, value):
    """Replace an editable (or removable) block's value; locked blocks are refused."""
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        draft = draft_of(row)
        index = _index_of(draft, block_id)
        if rule_of(row, block_id) == BlockRule.LOCKED:
            raise ValidationError({"block_id": _("This block cannot be changed.")})
        block = draft[index]
        draft[index] = {**block, "value": clean_block_value(block["type"], value, partner)}
        return _refresh(landing, _save(row, draft))


def add_block(landing, partner, block_type, value=None, position=None):
    """Add a block of a type the rules allow, at `position` (the end by default). Without
    a value it starts with the block's defaults, to be filled in before publishing."""
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        if block_type not in addable_types(row) or block_type not in STREAM.child_blocks:
            raise ValidationError({"block_type": _("You cannot add this kind of block.")})
        draft = draft_of(row)
        if len(draft) >= STREAM.meta.max_num:
            raise ValidationError({"block_type": _("This landing has as many blocks as it can.")})
        limit = (STREAM.meta.block_counts.get(block_type) or {}).get("max_num")
        if limit is not None and sum(b.get("type") == block_type for b in draft) >= limit:
            raise ValidationError({"block_type": _("This landing cannot have another such block.")})
        child = STREAM.child_blocks[block_type]
        if value is None:
            prepared = as_json(child.get_prep_value(child.get_default()))
        else:
            prepared = clean_block_value(block_type, value, partner)
        position = len(draft) if position is None else _position(position, len(draft) + 1)
        block_id = str(uuid.uuid4())
        draft.insert(position, {"type": block_type, "value": prepared, "id": block_id})
        rules = copy.deepcopy(row.rules or {})
        rules.setdefault("blocks", {})[block_id] = BlockRule.REMOVABLE
        _save(row, draft, rules)
        _refresh(landing, row)
        return block_id


def remove_block(landing, partner, block_id):
    """Remove a block the rules mark removable."""
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        draft = draft_of(row)
        index = _index_of(draft, block_id)
        if rule_of(row, block_id) != BlockRule.REMOVABLE:
            raise ValidationError({"block_id": _("This block cannot be removed.")})
        del draft[index]
        return _refresh(landing, _save(row, draft))


def _position(position, size):
    try:
        position = int(position)
    except (TypeError, ValueError):
        raise ValidationError({"position": _("Give the position as a number.")}) from None
    if not 0 <= position < size:
        raise ValidationError({"position": _("There is no such position.")})
    return position


def move_block(landing, partner, block_id, position):
    """Move a block that is not locked to `position` (an index in the draft).

    Locked blocks never move: each keeps its index, so their order relative to each
    other and to the page never changes. A locked block cannot be moved, and no block
    can be moved onto a locked block's index; the other blocks fill the free indexes in
    their order, the moved one taking the free index `position`.
    """
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        draft = draft_of(row)
        index = _index_of(draft, block_id)
        position = _position(position, len(draft))
        locked = {i for i, block in enumerate(draft)
                  if rule_of(row, block.get("id")) == BlockRule.LOCKED}
        if index in locked:
            raise ValidationError({"block_id": _("This block cannot be moved.")})
        if position in locked:
            raise ValidationError({"position": _("A fixed block stands there.")})
        free_slots = [i for i in range(len(draft)) if i not in locked]
        free_blocks = [block for i, block in enumerate(draft) if i not in locked and i != index]
        free_blocks.insert(free_slots.index(position), draft[index])
        arranged = list(draft)
        for slot, block in zip(free_slots, free_blocks, strict=True):
            arranged[slot] = block
        return _refresh(landing, _save(row, arranged))


def change_details(landing, partner, title, slug):
    """Rename the landing and set (or clear, with "") its own address. A published
    landing's new title reaches visitors when it is published, through compliance like
    the blocks; the address changes at once."""
    for field, value in (("title", title), ("slug", slug)):
        if value is not None and not isinstance(value, str):  # a number or list in JSON
            raise ValidationError({field: _("Enter a valid value.")})
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        published_title = row.title
        row.title = row.draft_title = (title or "").strip()
        row.slug = (slug or "").strip().lower() or None
        refusal = addresses.check_may_leave_slug(row, row.slug)
        if refusal:
            raise ValidationError({"slug": refusal})
        try:
            row.full_clean(exclude=["partner", "template", "body", "draft", "rules"])
        except ValidationError as error:
            raise ValidationError({key: value for key, value in error.message_dict.items()
                                   if key in ("title", "slug", "__all__")}) from None
        if row.published_at is not None:
            row.title = published_title  # visitors get the new title once it is published
        try:
            with transaction.atomic():
                row.save(update_fields=["title", "draft_title", "slug", "updated_at"])
        except IntegrityError:
            # Another request took the address (or this partner's code) after the checks
            # above: the database's constraint holds it, and the partner is told plainly.
            refusal = None if row.slug else addresses.check_may_leave_slug(row, None)
            raise ValidationError(
                {"slug": refusal or _("This address is taken; choose another.")}) from None
        for name in ("title", "draft_title", "slug", "updated_at"):
            setattr(landing, name, getattr(row, name))
        return landing


def save_draft(landing, partner):
    """Save the working copy as it is (the builder's autosave); a version is kept at
    most every 5 minutes."""
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        return _refresh(landing, _save(row, draft_of(row)))


def restore(landing, partner, version_id):
    """Make an earlier version the draft; the draft it replaces is kept as a version."""
    with transaction.atomic():
        row = lock_own_landing(landing, partner)
        version = row.versions.filter(pk=version_id).first()
        if version is None:
            raise ValidationError({"version": _("There is no such version of this landing.")})
        _version(row, draft_of(row), VersionReason.RESTORE)
        row.draft, row.draft_saved_at = copy.deepcopy(version.body), timezone.now()
        row.save(update_fields=["draft", "draft_saved_at", "updated_at"])
        return _refresh(landing, row)


def publish(landing, partner):
    """Validate the whole draft by the block library and publish it through the
    company's compliance check (services.publish): at once, or held for review."""
    _check_owner(landing, partner)
    landing = Landing.objects.select_related("partner").get(pk=landing.pk)
    draft = draft_of(landing)
    cleaned = as_json(STREAM.get_prep_value(validate_body(draft)))
    videos.check_body_videos(partner, cleaned)
    result = services.publish(landing, partner.user, body=cleaned,
                              title=landing.working_title)
    with transaction.atomic():
        row = Landing.objects.select_for_update().get(pk=landing.pk)
        _version(row, cleaned, VersionReason.PUBLISH)
        row.draft = cleaned
        row.save(update_fields=["draft", "updated_at"])
    return result


def _refresh(landing, row):
    """Copy the saved row's builder fields onto the caller's object."""
    for name in ("draft", "draft_saved_at", "rules", "updated_at"):
        setattr(landing, name, getattr(row, name))
    return landing


# --- the draft as the builder's script reads it (JSON) ------------------------------------

FIELD_KINDS = [  # most specific first
    (wagtail_blocks.RichTextBlock, "rich_text"),
    (wagtail_blocks.URLBlock, "url"),
    (wagtail_blocks.TextBlock, "text"),
    (wagtail_blocks.CharBlock, "char"),
    (wagtail_blocks.BooleanBlock, "boolean"),
    (wagtail_blocks.ChoiceBlock, "choice"),
    (wagtail_blocks.DateTimeBlock, "datetime"),
    (ImageChooserBlock, "image"),
    (UploadedVideoChooserBlock, "video"),
]


def schema_of(block):
    """A simple form description of a block: its fields, kinds, labels and limits."""
    if isinstance(block, wagtail_blocks.StructBlock):
        return {"kind": "struct", "label": str(block.label), "fields": [
            {"name": name, **schema_of(child)} for name, child in block.child_blocks.items()
        ]}
    if isinstance(block, wagtail_blocks.ListBlock):
        return {"kind": "list", "label": str(block.label), "item": schema_of(block.child_block),
                "min_num": block.meta.min_num, "max_num": block.meta.max_num}
    kind = next((kind for cls, kind in FIELD_KINDS if isinstance(block, cls)), "char")
    field = {"kind": kind, "label": str(block.label), "required": block.required,
             "help_text": str(getattr(block.field, "help_text", "") or "")}
    max_length = getattr(block.field, "max_length", None)
    if max_length:
        field["max_length"] = max_length
    if kind == "choice":
        field["choices"] = [[value, str(label)] for value, label in block.field.choices]
    return field


def landing_json(landing):
    """The landing as the builder's list and header show it."""
    return {
        "id": landing.pk, "title": landing.working_title, "slug": landing.slug or "",
        "purpose": landing.purpose, "purpose_label": str(landing.get_purpose_display()),
        "language": landing.language, "state": landing.state,
        "state_label": str(landing.get_state_display()),
        "url": landing.get_url(),
        "template": landing.template_id,
        "draft_saved_at": landing.draft_saved_at,
        "published_at": landing.published_at,
    }


def image_ids(value):
    """The ids an image field may hold anywhere in a block's JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("image", "photo", "poster") and isinstance(item, int):
                yield item
            else:
                yield from image_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from image_ids(item)


def draft_json(landing):
    """The working copy as the builder's script edits it: each block with its value, its
    rule and its form, what may be added, the saved versions, the pictures and videos it
    may use, and the last review."""
    stream = STREAM
    draft = draft_of(landing)
    return {
        "landing": landing_json(landing),
        "images": photos.thumbnail_urls(set(image_ids([b.get("value") for b in draft]))),
        "videos": [video_json(video) for video in landing.partner.landing_videos.all()],
        "blocks": [
            {"id": block.get("id"), "type": block["type"], "value": block["value"],
             "rule": rule_of(landing, block.get("id")),
             "schema": schema_of(stream.child_blocks[block["type"]])}
            for block in draft
            if block.get("type") in stream.child_blocks
        ],
        "addable": [
            {"type": block_type, "schema": schema_of(stream.child_blocks[block_type])}
            for block_type in addable_types(landing)
            if block_type in stream.child_blocks
        ],
        "versions": [
            {"id": version.pk, "saved_at": version.saved_at, "reason": version.reason,
             "reason_label": version.get_reason_display()}
            for version in landing.versions.order_by("-saved_at", "-pk")
        ],
        "flagged_phrases": landing.flagged_phrases,
        "review": review_json(landing),
    }


def review_json(landing):
    """What the partner is told about the landing's last review while it waits or after
    it was turned down: the words found and the reviewer's comment."""
    if landing.state not in (LandingState.IN_REVIEW, LandingState.REJECTED):
        return None
    review = landing.latest_review
    return {
        "state": landing.state,
        "comment": review.comment if review and landing.state == LandingState.REJECTED else "",
        "phrases": landing.flagged_phrases,
        "online": landing.published_at is not None,
    }


def video_json(video):
    """An uploaded video as the builder lists it (its length and size in words too)."""
    return {"id": video.pk, "name": str(video), "size": video.size,
            "duration": float(video.duration) if video.duration is not None else None,
            "summary": videos.length_and_size(video)}
