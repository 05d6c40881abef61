"""A lesson's body as data for the API's clients (the mobile app, the cabinet's scripts).

Each block becomes {"type", "id", ...its own fields}: rich text as HTML with its internal
links and pictures resolved (Wagtail's `expand_db_html`), pictures as a rendition's
address, a YouTube/Vimeo link as the player address the landing's video blocks build,
and uploaded videos and documents as this API's file address, which checks the gating
again on every download. The quiz block only marks where the quiz stands: its questions
are sent apart (`learning.quizzes.describe`), without the correct answers or explanations.
"""

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from wagtail.rich_text import expand_db_html

from landing.blocks import video_embed_url
from learning import courses
from learning.models import LessonPage

IMAGE_RENDITION = "width-1200"
POSTER_RENDITION = "width-1200"


def file_url(request, lesson_id, block_id):
    return request.build_absolute_uri(
        reverse("learning-lesson-file", kwargs={"pk": lesson_id, "block": block_id}))


def _rendition(image, spec):
    if image is None:
        return None
    return image.get_rendition(spec)


def _cabinet_url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _heading(value, **context):
    return {"text": value["text"], "level": value["level"]}


def _paragraph(value, **context):
    return {"html": expand_db_html(value.source)}


def _video(value, request, lesson_id, block_id):
    video = value.get("video")
    poster = _rendition(value.get("poster"), POSTER_RENDITION)
    return {
        "title": value.get("title") or "",
        "embed_url": None if video else video_embed_url(value.get("url")),
        "file_url": file_url(request, lesson_id, block_id) if video else None,
        "content_type": (video.content_type if video else "") or "",
        "poster_url": poster.url if poster else None,
    }


def _image(value, **context):
    rendition = _rendition(value["image"], IMAGE_RENDITION)
    if rendition is None:
        return None
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height,
            "alt": rendition.alt or "", "caption": value.get("caption") or "",
            "attribution": value.get("attribution") or ""}


def _quote(value, **context):
    return {"text": value["text"], "author": value.get("author") or ""}


def _document(value, request, lesson_id, block_id):
    document = value["document"]
    if document is None:
        return None
    return {"title": value.get("title") or document.title,
            "description": value.get("description") or "",
            "file_url": file_url(request, lesson_id, block_id),
            "filename": document.filename}


def _checklist(value, **context):
    return {"title": value.get("title") or "", "items": [str(item) for item in value["items"]]}


def _cabinet_action(value, **context):
    return {"title": value["title"], "text": value.get("text") or "",
            "button_label": value["button_label"], "action": value["action"],
            "url": _cabinet_url(value["action"])}


def _quiz(value, **context):
    return {}


RENDERERS = {
    "heading": _heading,
    "paragraph": _paragraph,
    "video": _video,
    "image": _image,
    "quote": _quote,
    "document": _document,
    "checklist": _checklist,
    "cabinet_action": _cabinet_action,
    "quiz": _quiz,
}


def body_blocks(page, request):
    """The lesson page's body as a list of plain blocks (a block whose picture or document
    was deleted is left out)."""
    blocks = []
    for child in page.body:
        render = RENDERERS.get(child.block_type)
        if render is None:
            continue
        fields = render(child.value, request=request, lesson_id=page.pk,
                        block_id=str(child.id))
        if fields is None:
            continue
        blocks.append({"type": child.block_type, "id": str(child.id), **fields})
    return blocks



def lesson_blocks(lesson_id, request):
    """`body_blocks` of live lesson `lesson_id`, built once per content version (an
    editor's publishing moves it), language and address the files are served from: they
    are the same for every partner, and reading and resolving the body (its pictures'
    renditions, its rich text's links) is most of a lesson's cost."""
    key = (f"learning:api-lesson:{lesson_id}:{get_language()}:"
           f"{request.build_absolute_uri('/')}:{courses.content_version()}")
    blocks = cache.get(key)
    if blocks is None:
        page = LessonPage.objects.live().only("id", "body").filter(pk=lesson_id).first()
        blocks = body_blocks(page, request) if page is not None else []
        cache.set(key, blocks, courses.CACHE_SECONDS)
    return blocks
