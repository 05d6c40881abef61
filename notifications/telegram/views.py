"""The webhook Telegram posts the bot's updates to (webhook mode).

Telegram sends back the secret given with setWebhook in the X-Telegram-Bot-Api-Secret-Token
header; a request without it (or with another) is refused, and so is everything when no
secret is configured. An update the bot fails on is logged and still answered 200:
Telegram would otherwise post it again and again.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.telegram import bot

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@csrf_exempt  # Telegram cannot send a CSRF token; the secret header stands for it
@require_POST
def webhook(request):
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not secret or not constant_time_compare(request.headers.get(SECRET_HEADER, ""), secret):
        return HttpResponseForbidden("Wrong or missing secret token.")
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("The body is not JSON.")
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return HttpResponseBadRequest("The body is not a Telegram update.")
    try:
        bot.process_webhook_update(update)
    except Exception:  # noqa: BLE001 - a failed update is logged, never posted again
        logger.exception("The Telegram bot failed on update %s", update.get("update_id"))
    return HttpResponse(status=200)
