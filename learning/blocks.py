"""The block library lessons (and knowledge-base articles) are written in.

Rich text, headings, pictures and quotes come from the company's pages (website/blocks.py);
videos are checked as the landing's video blocks check them (landing/blocks.py for the
YouTube/Vimeo link, landing/videos.py for uploads: see LessonVideo). A lesson has at most
one quiz; its correct answers stay on the server (learning/quizzes.py strips them from
whatever is sent to a partner before an attempt is submitted).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from landing.blocks import clean_video_choice, video_embed_url
from website.blocks import (
    RICH_TEXT_FEATURES,
    HeadingBlock,
    ImageBlock,
    PhotoChooserBlock,
    QuoteBlock,
)

MAX_QUESTIONS = 50
MAX_ANSWERS = 10

# The cabinet pages a lesson's call to action may open (URL names; cabinet/ sits above this
# app, so they are reversed by name when the block is shown).
CABINET_ACTIONS = [
    ("cabinet:profile", _("Profile")),
    ("cabinet:landings", _("Landings")),
    ("cabinet:referrals", _("Referral link")),
    ("cabinet:leads", _("Leads")),
    ("cabinet:orders", _("Orders")),
    ("cabinet:team", _("Team tree")),
    ("cabinet:rank", _("Rank")),
    ("cabinet:earnings", _("Earnings")),
    ("cabinet:journey", _("My first 90 days")),
    ("cabinet:learning", _("Learning")),
]


class LessonVideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo link (loaded only when the partner presses play) or a video the
    company uploaded (a LessonVideo, served only to partners the lesson is open to);
    exactly one of the two."""

    url = blocks.URLBlock(required=False, label=_("YouTube or Vimeo link"), max_length=300)
    video = SnippetChooserBlock("learning.LessonVideo", required=False,
                                label=_("Or an uploaded video"))
    poster = PhotoChooserBlock(required=False, label=_("Cover picture"))
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=120)

    def clean(self, value):
        return clean_video_choice(super().clean(value), _(
            "Paste a link to a YouTube or Vimeo video, or choose an uploaded video."))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["embed_url"] = None if value.get("video") else video_embed_url(value.get("url"))
        return context

    class Meta:
        icon = "media"
        template = "learning/blocks/video.html"
        label = _("Video")


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=120)
    description = blocks.TextBlock(required=False, label=_("Description"), max_length=500)

    class Meta:
        icon = "doc-full"
        template = "learning/blocks/download.html"
        label = _("Downloadable document")


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=200, label=_("Item")),
                             min_num=1, label=_("Items"))

    class Meta:
        icon = "tasks"
        template = "learning/blocks/checklist.html"
        label = _("Checklist")


class CabinetActionBlock(blocks.StructBlock):
    """A call to action that opens a page of the partner's cabinet ("Publish your landing")."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(required=False, label=_("Text"), max_length=500)
    action = blocks.ChoiceBlock(choices=CABINET_ACTIONS, label=_("Cabinet page"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "link"
        template = "learning/blocks/cabinet_action.html"
        label = _("Call to action (cabinet page)")


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))

    class Meta:
        icon = "radio-full"


QUESTION_KINDS = [
    ("single", _("Single choice")),
    ("multiple", _("Multiple choice")),
    ("true_false", _("True or false")),
]


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=QUESTION_KINDS, default="single", label=_("Kind"))
    text = blocks.TextBlock(label=_("Question"), max_length=1000)
    answers = blocks.ListBlock(
        AnswerBlock(), required=False, label=_("Answers"),
        help_text=_("For single and multiple choice. Mark the correct ones."),
    )
    is_true = blocks.BooleanBlock(
        required=False, label=_("The statement is true"),
        help_text=_("For true or false questions."),
    )
    explanation = blocks.TextBlock(
        required=False, label=_("Explanation"), max_length=2000,
        help_text=_("Shown after the partner answers."),
    )

    def clean(self, value):
        value = super().clean(value)
        kind = value.get("kind")
        answers = list(value.get("answers") or [])
        if kind == "true_false":
            if answers:
                raise StructBlockValidationError(block_errors={"answers": ValidationError(
                    _("A true or false question has no answers of its own: tick "
                      "“The statement is true” or leave it."), code="invalid")})
            return value
        correct = sum(1 for answer in answers if answer.get("correct"))
        if len(answers) < 2:
            message = _("Give at least two answers.")
        elif len(answers) > MAX_ANSWERS:
            message = _("Give at most %(count)d answers.") % {"count": MAX_ANSWERS}
        elif kind == "single" and correct != 1:
            message = _("A single-choice question has exactly one correct answer.")
        elif kind == "multiple" and correct < 1:
            message = _("Mark at least one correct answer.")
        else:
            return value
        raise StructBlockValidationError(block_errors={"answers": ValidationError(
            message, code="invalid")})

    class Meta:
        icon = "help"
        label = _("Question")


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=120)
    pass_mark = blocks.IntegerBlock(
        default=80, min_value=1, max_value=100, label=_("Pass mark, %"),
    )
    attempts_allowed = blocks.IntegerBlock(
        default=3, min_value=0, max_value=100, label=_("Attempts allowed"),
        help_text=_("0: no limit."),
    )
    shuffle = blocks.BooleanBlock(
        required=False, default=True, label=_("Shuffle questions and answers per attempt"),
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, max_num=MAX_QUESTIONS,
                                 label=_("Questions"))

    class Meta:
        icon = "help"
        template = "learning/blocks/quiz.html"
        label = _("Quiz")


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph"),
        template="website/blocks/paragraph_block.html",
    )
    video = LessonVideoBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    document = DownloadBlock()
    checklist = ChecklistBlock()
    cabinet_action = CabinetActionBlock()
    quiz = QuizBlock()

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for child in value if child.block_type == "quiz") > 1:
            raise StreamBlockValidationError(non_block_errors=ValidationError(
                _("A lesson has at most one quiz."), code="invalid"))
        return value


class ArticleStreamBlock(blocks.StreamBlock):
    """Knowledge-base articles: the lesson blocks without the quiz."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph"),
        template="website/blocks/paragraph_block.html",
    )
    video = LessonVideoBlock()
    image = ImageBlock()
    document = DownloadBlock()
    checklist = ChecklistBlock()
    cabinet_action = CabinetActionBlock()
