"""`manage.py telegram_bot --poll` runs the bot by long polling (no public address needed);
`--set-webhook URL` gives the bot its menu and tells Telegram to post updates to URL
(webhook mode, answered by /telegram/webhook/)."""

from django.core.management.base import BaseCommand, CommandError

from notifications.telegram import bot


class Command(BaseCommand):
    help = "Run the Telegram bot by long polling, or set up its webhook."

    def add_arguments(self, parser):
        parser.add_argument("--poll", action="store_true",
                            help="Get updates by long polling and answer them.")
        parser.add_argument("--once", action="store_true",
                            help="With --poll: one polling cycle, then stop.")
        parser.add_argument("--timeout", type=int, default=bot.POLL_TIMEOUT,
                            help="Seconds Telegram holds a poll open (default %(default)s).")
        parser.add_argument("--set-webhook", metavar="URL", default="",
                            help="Set the bot's menu and its webhook to URL "
                                 "(https://<site>/telegram/webhook/).")

    def handle(self, *args, poll=False, once=False, timeout=bot.POLL_TIMEOUT,
               set_webhook="", **options):
        if not poll and not set_webhook:
            raise CommandError("Say --poll or --set-webhook URL.")
        try:
            if set_webhook:
                bot.set_up(set_webhook)
                self.stdout.write(f"Webhook set to {set_webhook}.")
            if poll:
                bot.set_up()
                self.stdout.write("Polling Telegram for updates (Ctrl+C stops).")
                bot.poll(once=once, timeout=timeout)
        except bot.NotConfigured as error:
            raise CommandError(str(error)) from error
        except bot.TelegramError as error:
            raise CommandError(f"Telegram refused: {error}") from error
