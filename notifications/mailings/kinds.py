"""The two kinds of notification this app sends: "team_mailing" (a partner's message to
their team; recipients may turn it off per channel, which unsubscribes them) and
"announcement" (the company's).

A notification carries only the message's id: a team of thousands, or a million partners,
do not each store a copy of its text. The text is read when the notification is shown or
sent (one cached read per message) in the recipient's language: an announcement in their
language, a team mailing as its sender wrote it.
"""

from django.core.cache import cache
from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from notifications import kinds

TEAM_MAILING = "team_mailing"
ANNOUNCEMENT = "announcement"
CACHE_SECONDS = 3600


def _mailing_key(pk):
    return f"mailings:team:{pk}"


def _announcement_key(pk):
    return f"mailings:announcement:{pk}"


def mailing_texts(pk):
    """(sender's name, subject, text) of team mailing `pk`, None when it is gone."""
    from .models import TeamMailing

    key = _mailing_key(pk)
    texts = cache.get(key)
    if texts is None:
        mailing = TeamMailing.objects.select_related("sender__user").filter(pk=pk).first()
        texts = (mailing.sender.name, mailing.subject, mailing.text) if mailing else ()
        cache.set(key, texts, CACHE_SECONDS)
    return texts or None


def announcement_texts(pk):
    """{language: (title, body)} of announcement `pk`, None when it is gone."""
    from django.conf import settings

    from .models import Announcement

    key = _announcement_key(pk)
    texts = cache.get(key)
    if texts is None:
        announcement = Announcement.objects.filter(pk=pk).first()
        texts = {language: announcement.text_in(language)
                 for language, _name in settings.LANGUAGES} if announcement else {}
        cache.set(key, texts, CACHE_SECONDS)
    return texts or None


def _id(notification, name):
    value = (notification.params or {}).get(name)
    return value if isinstance(value, int) else None


def render_team_mailing(notification):
    texts = mailing_texts(_id(notification, "mailing")) if _id(notification, "mailing") else None
    if texts is None:
        return _("A message from your team"), ""
    sender, subject, text = texts
    return _("%(sender)s: %(subject)s") % {"sender": sender, "subject": subject}, text


def render_announcement(notification):
    pk = _id(notification, "announcement")
    texts = announcement_texts(pk) if pk else None
    if not texts:
        return _("A company announcement"), ""
    language = (translation.get_language() or "en").split("-")[0]
    title, body = texts.get(language) or texts.get("en") or next(iter(texts.values()))
    return title, body


def forget(sender, instance, **kwargs):
    """An edited message is read afresh."""
    from .models import Announcement

    key = _announcement_key if isinstance(instance, Announcement) else _mailing_key
    cache.delete(key(instance.pk))


def register():
    from .models import Announcement, TeamMailing

    kinds.register(kinds.Kind(
        key=TEAM_MAILING, label=_("Messages from my team's leaders"),
        title=_("A message from your team"), category="messages",
        channels=("inapp", "email", "telegram"), render=render_team_mailing,
    ))
    kinds.register(kinds.Kind(
        key=ANNOUNCEMENT, label=_("Company announcements"),
        title=_("A company announcement"), category="messages",
        channels=("inapp", "email"), render=render_announcement,
    ))
    post_save.connect(forget, sender=TeamMailing, dispatch_uid="mailings-forget-team")
    post_save.connect(forget, sender=Announcement, dispatch_uid="mailings-forget-announcement")
