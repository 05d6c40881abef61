"""The bot itself, built with python-telegram-bot: its commands, the webhook's update
handling and the long-polling loop.

The handlers are thin: each asks conversation.py for the reply (a synchronous function
that reads the database, run with `sync_to_async`) and sends it. Both modes drive the
Application from synchronous Django code with `async_to_sync`, so the database work of the
handlers runs in the calling thread (a webhook request, the management command).

Only private chats are answered: a group chat is never linked and never shown a summary.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import translation
from django.utils.translation import gettext as _
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ChatType
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from notifications.telegram import conversation

logger = logging.getLogger(__name__)

POLL_TIMEOUT = 50  # seconds Telegram holds a getUpdates open when nothing happens
ERROR_PAUSE = 5  # seconds before polling again after a network failure
ALLOWED_UPDATES = ["message"]


class NotConfigured(Exception):
    """TELEGRAM_BOT_TOKEN is not set."""


def build_application():
    if not settings.TELEGRAM_BOT_TOKEN:
        raise NotConfigured("TELEGRAM_BOT_TOKEN is not set")
    application = (
        Application.builder()
        .token(settings.TELEGRAM_BOT_TOKEN)
        .base_url(settings.TELEGRAM_API_URL)
        .updater(None)
        .build()
    )
    application.add_handler(CommandHandler("start", answer_start))
    application.add_handler(CommandHandler("summary", answer(conversation.reply_summary)))
    application.add_handler(CommandHandler("next", answer(conversation.reply_next)))
    application.add_handler(CommandHandler("stop", answer(conversation.reply_stop)))
    application.add_handler(CommandHandler("help", answer(conversation.reply_help)))
    # Anything else in a private chat: the commands it can use.
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE, answer(
        conversation.reply_help)))
    return application


def _private(update):
    chat = update.effective_chat
    return update.effective_message is not None and chat is not None and (
        chat.type == ChatType.PRIVATE)


def _language(update):
    user = update.effective_user
    return (user.language_code or "") if user is not None else ""


async def _send(update, text):
    await update.effective_message.reply_text(
        text, link_preview_options=LinkPreviewOptions(is_disabled=True))


def answer(reply):
    """A handler that answers with `reply(chat_id, telegram_language=...)`."""

    async def handler(update, context):
        if not _private(update):
            return
        text = await sync_to_async(reply)(update.effective_chat.id,
                                          telegram_language=_language(update))
        await _send(update, text)

    handler.__name__ = f"answer_{reply.__name__}"
    return handler


async def answer_start(update, context):
    if not _private(update):
        return
    user = update.effective_user
    text = await sync_to_async(conversation.reply_start)(
        update.effective_chat.id, token=context.args[0] if context.args else "",
        telegram_language=_language(update),
        username=(user.username or "") if user is not None else "",
    )
    await _send(update, text)


# --- webhook mode -------------------------------------------------------------------------------


async def _process(data):
    application = build_application()
    async with application:
        update = Update.de_json(data, application.bot)
        await application.process_update(update)


def process_webhook_update(data):
    """Handle one update Telegram posted to the webhook (the reply is sent before this
    returns)."""
    async_to_sync(_process)(data)


# --- long-polling mode --------------------------------------------------------------------------


def fresh_connections():
    """Close expired or broken database connections, unless a transaction is open (a
    caller's, as in a test)."""
    if not connection.in_atomic_block:
        close_old_connections()


async def _poll(once, timeout):
    application = build_application()
    async with application:
        await application.bot.delete_webhook()
        offset = None
        while True:
            try:
                updates = await application.bot.get_updates(
                    offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES)
            except (NetworkError, RetryAfter) as error:
                if once:
                    raise
                logger.warning("Telegram polling failed, trying again: %s", error)
                pause = getattr(error, "retry_after", None) or ERROR_PAUSE
                await asyncio.sleep(pause.total_seconds() if hasattr(pause, "total_seconds")
                                    else pause)
                continue
            if updates:
                # A long-running poller keeps no broken or expired database connection
                # (what the end of each web request does for the site).
                await sync_to_async(fresh_connections)()
            for update in updates:
                offset = update.update_id + 1
                await application.process_update(update)
            if once:
                if offset is not None:
                    # Confirm what was handled, so the next poll does not get it again.
                    await application.bot.get_updates(offset=offset, timeout=0, limit=1,
                                                      allowed_updates=ALLOWED_UPDATES)
                return offset


def poll(once=False, timeout=POLL_TIMEOUT):
    """Long polling: get updates and answer them, forever (or one cycle with `once`)."""
    return async_to_sync(_poll)(once, timeout)


# --- setting the bot up -------------------------------------------------------------------------


def command_list():
    """The bot's menu in the active language."""
    return [
        BotCommand("summary", _("Your team, volume, rank progress and new leads")),
        BotCommand("next", _("The next step of your first 90 days")),
        BotCommand("help", _("What the bot can do")),
        BotCommand("stop", _("Stop notifications in this chat")),
    ]


async def _set_up(webhook_url):
    application = build_application()
    async with application:
        bot = application.bot
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                commands = command_list()
            await bot.set_my_commands(
                commands, language_code=None if language == settings.LANGUAGE_CODE
                else language)
        if webhook_url:
            await bot.set_webhook(
                webhook_url, secret_token=settings.TELEGRAM_WEBHOOK_SECRET or None,
                allowed_updates=ALLOWED_UPDATES)


def set_up(webhook_url=""):
    """Give the bot its menu in every language and, with `webhook_url`, tell Telegram to
    post updates there (with the secret it must send back)."""
    async_to_sync(_set_up)(webhook_url)


__all__ = ["TelegramError", "NotConfigured", "poll", "process_webhook_update", "set_up"]
