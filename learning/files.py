"""A lesson's files (its downloadable documents and uploaded videos), served only to a
partner the lesson is open to.

Every file of a lesson is reached through the lesson: `lesson_material(partner, page_id,
block_id)` asks `progress.open_lesson` first (LessonNotFound, LessonLocked with what opens
it), then finds the block in that lesson's body (MaterialNotFound for a block the lesson
has not, or one without a file of ours, such as a YouTube link). The file is read from
storage here, not through Wagtail's document address, so the documents themselves can sit
in the "Learning materials" collection (`materials_collection`), which only editors may
open through Wagtail: a partner who knows a document's own address gets nothing.

`file_response` answers a single byte range (`Range: bytes=start-end`, what a browser's
<video> asks for to seek, and to resume where the partner stopped) with 206 and streams
the rest; several ranges in one request are answered with the whole file.
"""

import mimetypes
import os
import re

from django.contrib.auth.models import Group
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from wagtail.models import Collection, CollectionViewRestriction

from .progress import LearningError, open_lesson

MATERIALS_COLLECTION = "Learning materials"
EDITORS_GROUP = "Editors"
FILE_BLOCKS = ("video", "document")
CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class MaterialNotFound(LearningError):
    status = 404


class Material:
    """A file of a lesson: the stored file, its type, and its name for a download."""

    def __init__(self, file, content_type, filename, attachment):
        self.file, self.content_type = file, content_type
        self.filename, self.attachment = filename, attachment


def materials_collection():
    """The "Learning materials" collection, created the first time, with its view
    restricted to the editors' group (so lesson documents are not served to anyone else
    through Wagtail's own document addresses)."""
    collection = Collection.objects.filter(name=MATERIALS_COLLECTION, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=MATERIALS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
        editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
        restriction.groups.add(editors)
    return collection


def lesson_documents(page):
    """The documents a lesson's body offers for download."""
    return [child.value["document"] for child in page.body
            if child.block_type == "document" and child.value.get("document")]


def collect_lesson_documents(page, **kwargs):
    """Move the documents a lesson uses into the learning materials collection (called
    when a lesson is published: see `connect`)."""
    page = getattr(page, "specific", page)
    documents = lesson_documents(page) if hasattr(page, "body") else []
    if not documents:
        return 0
    collection = materials_collection()
    moved = 0
    for document in documents:
        if document.collection_id != collection.pk:
            document.collection = collection
            document.save(update_fields=["collection"])
            moved += 1
    return moved


def _on_publish(sender, instance, **kwargs):
    collect_lesson_documents(instance)


def connect():
    """Call from LearningConfig.ready: a published lesson's documents go into the
    restricted collection."""
    from wagtail.signals import page_published

    from .models import LessonPage

    page_published.connect(_on_publish, sender=LessonPage,
                           dispatch_uid="learning.files.collect_documents")


def find_block(page, block_id):
    for child in page.body:
        if str(child.id) == str(block_id) and child.block_type in FILE_BLOCKS:
            return child
    return None


def lesson_material(partner, page_id, block_id, now=None):
    """The file of block `block_id` of lesson `page_id`, if the lesson is open to
    `partner`; LessonNotFound / LessonLocked / MaterialNotFound otherwise."""
    opened = open_lesson(partner, page_id, now=now)
    child = find_block(opened.page(), block_id)
    if child is not None and child.block_type == "document" and child.value.get("document"):
        document = child.value["document"]
        content_type = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
        return Material(document.file, content_type, document.filename, attachment=True)
    if child is not None and child.block_type == "video" and child.value.get("video"):
        video = child.value["video"]
        name = os.path.basename(video.file.name)
        content_type = video.content_type or mimetypes.guess_type(name)[0] or "video/mp4"
        return Material(video.file, content_type, name, attachment=False)
    raise MaterialNotFound(_("This lesson has no such file."))


def _requested_range(header, size):
    """(start, end) inclusive of one satisfiable byte range, None for the whole file, or
    False when the range cannot be satisfied."""
    match = RANGE.match((header or "").strip())
    if not match or not size:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return False
    return start, end


def _stream(handle, start, length):
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def file_response(request, material):
    """The file as a response: the whole of it, or the one byte range asked for."""
    size = material.file.size
    wanted = _requested_range(request.headers.get("Range"), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = material.file.open("rb")
    if wanted is None:
        response = FileResponse(handle, content_type=material.content_type,
                                as_attachment=material.attachment, filename=material.filename)
    else:
        start, end = wanted
        response = StreamingHttpResponse(_stream(handle, start, end - start + 1), status=206,
                                         content_type=material.content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
