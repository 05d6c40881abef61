"""A partner's linked Telegram chat, and the one-time tokens that link it.

A token is shown once, as the deep link `https://t.me/<bot>?start=<token>`; only its
SHA-256 digest is stored, so the table cannot be used to link someone else's chat. The
database keeps one chat per user and one user per chat.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TelegramLink(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_link",
        verbose_name=_("user"),
    )
    chat_id = models.BigIntegerField(_("chat"), unique=True)
    username = models.CharField(_("Telegram username"), max_length=64, blank=True)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    # Off when Telegram says the partner blocked the bot: nothing is sent until they link
    # again from the cabinet.
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Telegram link")
        verbose_name_plural = _("Telegram links")

    def __str__(self):
        return f"{self.user} ↔ {self.chat_id}"


class TelegramLinkToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="telegram_link_tokens", verbose_name=_("user"),
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Telegram link token")
        verbose_name_plural = _("Telegram link tokens")
