"""The demo's team mailing and company announcement, with their delivery counts.

The demo partner sent a mailing to the partners they sponsored two days ago: most read it
in the cabinet, the emails went out (one bounced, some were opened) and two went by
Telegram. The company announced its new catalogue to every partner with an account, in
each one's language. Both are written as history, row by row like demo/notifications.py,
never through the senders: the demo mails nobody. Partners the demo partner sponsored
get an account (no password) where they have none, so the mailing has someone to reach.
A second seed writes nothing new.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from network.models import Partner
from notifications.mailings.kinds import ANNOUNCEMENT, TEAM_MAILING
from notifications.mailings.models import (
    Announcement,
    Audience,
    MailingChannel,
    SendingState,
    TeamMailing,
)
from notifications.models import Delivery, Notification

DEMO_PARTNER_EMAIL = "partner@downline.demo"
RECIPIENTS = 8
LANGUAGES = ("en", "ru", "uk")

MAILING = {
    "en": ("Saturday: our team training",
           "Hello team!\n\nThis Saturday at 10:00 we meet online to go through the new "
           "catalogue and the first-week plan. Bring one question you want answered.\n\n"
           "See you there,\nPavlo"),
    "ru": ("Суббота: тренинг нашей команды",
           "Привет, команда!\n\nВ эту субботу в 10:00 встречаемся онлайн: разберём новый "
           "каталог и план первой недели. Подготовьте один вопрос, на который хотите "
           "получить ответ.\n\nДо встречи,\nПавло"),
    "uk": ("Субота: тренінг нашої команди",
           "Привіт, командо!\n\nЦієї суботи о 10:00 зустрічаємося онлайн: розберемо новий "
           "каталог і план першого тижня. Підготуйте одне питання, на яке хочете отримати "
           "відповідь.\n\nДо зустрічі,\nПавло"),
}

ANNOUNCEMENT_TEXT = {
    "title_en": "The winter catalogue is here",
    "body_en": "Forty new products, new bundles for your customers and the prices for "
               "December. Open the catalogue in your cabinet and share it with your team.",
    "title_ru": "Зимний каталог уже здесь",
    "body_ru": "Сорок новинок, новые наборы для ваших клиентов и цены на декабрь. Откройте "
               "каталог в кабинете и поделитесь им с командой.",
    "title_uk": "Зимовий каталог уже тут",
    "body_uk": "Сорок новинок, нові набори для ваших клієнтів і ціни на грудень. Відкрийте "
               "каталог у кабінеті й поділіться ним із командою.",
}


def _recipients(sender):
    """Up to RECIPIENTS partners the sender sponsored, each with an account."""
    user_model = get_user_model()
    partners = list(Partner.objects.filter(sponsor=sender).select_related("user")
                    .order_by("pk")[:RECIPIENTS])
    for number, partner in enumerate(partners):
        if partner.user_id:
            continue
        first, _space, last = (partner.display_name or f"Partner {partner.pk}").partition(" ")
        user = user_model(email=f"team-{partner.referral_code.lower()}@downline.demo",
                          first_name=first, last_name=last,
                          language=LANGUAGES[number % len(LANGUAGES)])
        user.set_unusable_password()
        user.save()
        partner.user = user
        partner.save(update_fields=["user"])
    return [partner.user for partner in partners]


def seed_team_mailing(sender, now):
    if TeamMailing.objects.filter(sender=sender).exists():
        return None
    recipients = _recipients(sender)
    subject, text = MAILING.get(sender.user.language, MAILING["en"])
    sent_at = now - timedelta(days=2)
    mailing = TeamMailing.objects.create(
        sender=sender, subject=subject, text=text, audience=Audience.SPONSORED,
        channels=[MailingChannel.INAPP, MailingChannel.EMAIL, MailingChannel.TELEGRAM],
        state=SendingState.SENT, recipient_count=len(recipients), created_at=sent_at,
        sent_at=sent_at,
    )
    notifications = Notification.objects.bulk_create([
        Notification(recipient=user, kind=TEAM_MAILING, params={"mailing": mailing.pk},
                     source=mailing.source, dedupe_key=mailing.source, created_at=sent_at,
                     read_at=sent_at + timedelta(hours=number + 1) if number % 3 else None)
        for number, user in enumerate(recipients)
    ])
    deliveries = []
    for number, notification in enumerate(notifications):
        bounced = number == len(notifications) - 1
        deliveries.append(Delivery(
            notification=notification, channel=MailingChannel.EMAIL,
            status=Delivery.Status.FAILED if bounced else Delivery.Status.SENT,
            attempts=5 if bounced else 1,
            last_error="550 mailbox unavailable" if bounced else "", created_at=sent_at,
            sent_at=None if bounced else sent_at + timedelta(minutes=1),
            opened_at=sent_at + timedelta(hours=3) if number % 2 == 0 and not bounced
            else None))
        if number < 2:  # the two who linked their Telegram
            deliveries.append(Delivery(
                notification=notification, channel=MailingChannel.TELEGRAM,
                status=Delivery.Status.SENT, attempts=1, created_at=sent_at,
                sent_at=sent_at + timedelta(minutes=1)))
    Delivery.objects.bulk_create(deliveries)
    return mailing


def seed_announcement(now):
    if Announcement.objects.filter(title_en=ANNOUNCEMENT_TEXT["title_en"]).exists():
        return None
    sent_at = now - timedelta(days=5)
    announcement = Announcement.objects.create(
        **ANNOUNCEMENT_TEXT, url="/en/news/", state=SendingState.SENT, created_at=sent_at,
        sent_at=sent_at)
    users = list(Partner.objects.filter(is_company=False, user__isnull=False,
                                        user__is_active=True).values_list("user_id", flat=True))
    Notification.objects.bulk_create([
        Notification(recipient_id=user_id, kind=ANNOUNCEMENT,
                     params={"announcement": announcement.pk}, url=announcement.url,
                     source=announcement.source, dedupe_key=announcement.source,
                     created_at=sent_at)
        for user_id in users
    ], ignore_conflicts=True)
    Announcement.objects.filter(pk=announcement.pk).update(recipient_count=len(users))
    return announcement


def seed_mailings(now=None):
    """The demo partner's sent mailing and the company's announcement (when the demo
    partner exists); what was made, None for what existed."""
    now = now or timezone.now()
    sender = Partner.objects.select_related("user").filter(
        user__email=DEMO_PARTNER_EMAIL).first()
    if sender is None:
        return None, None
    return seed_team_mailing(sender, now), seed_announcement(now)
