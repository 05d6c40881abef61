"""The two kinds a sequence sends: its message to the partner and its word to the
sponsor. Their text is the step's, carried in the notification's params in every language
(so a later edit or a removed step does not rewrite what was sent) and chosen in the
recipient's language when shown or sent; `{name}` is the recipient's first name and
`{newcomer}` the partner the sponsor is told about."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from notifications import kinds

MESSAGE = "sequence_message"
SPONSOR = "sequence_sponsor"
ALL_CHANNELS = ("inapp", "email", "telegram", "push")


def _render(notification):
    params = notification.params or {}
    texts = params.get("texts") or {}
    language = (translation.get_language() or "en")[:2]
    title, body = texts.get(language) or texts.get("en") or ["", ""]
    for name in ("name", "newcomer"):
        token, value = "{" + name + "}", str(params.get(name, ""))
        title, body = title.replace(token, value), body.replace(token, value)
    return title, body


def register():
    kinds.register(kinds.Kind(
        key=MESSAGE, label=_("Tips and reminders from the company"),
        title=_("A message from the company"), category="messages",
        channels=ALL_CHANNELS, render=_render,
    ))
    kinds.register(kinds.Kind(
        key=SPONSOR, label=_("A newcomer in your team needs a hand"),
        title=_("A newcomer in your team needs a hand"), category="team",
        channels=ALL_CHANNELS, render=_render,
    ))
