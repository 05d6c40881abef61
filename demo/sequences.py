"""Seeds the demo's ready-made sequences in English, Russian and Ukrainian: welcome and
first week (days 0, 1, 3 and 5), a stalled newcomer (the sponsor is told too), a bonus
earned and an inactive partner's win-back; each switched on with a 10% holdout, and a
month of sends recorded so the report (Sequences → Report) shows a funnel and an
experiment.

The month is written as the engine would have written it (the same groups by the same
stable hash, one send per step and entry, the holdout's steps without a message), but in
bulk and deterministically: who entered, who opened, clicked and reached the goal follow
from the partner's id, so every seed of the demo tells the same story. The sent group
reaches the goal a little more often than the holdout, as a useful nudge would.

Idempotent like the rest of seed_demo: a sequence that exists (by its English name) is
left as it is, with its history.
"""

import hashlib
from datetime import timedelta

from django.utils import timezone

from network.models import Partner, PartnerStatus
from notifications.models import Delivery, Notification
from notifications.sequences import kinds
from notifications.sequences.engine import step_texts
from notifications.sequences.holdout import group_of
from notifications.sequences.models import (
    Condition,
    Enrollment,
    ExitReason,
    Group,
    Sequence,
    SequenceStep,
    StepSend,
    Trigger,
)

DEMO_PARTNER = "partner@downline.demo"
HOLDOUT_PERCENT = 10
MONTH = 30
MAX_ENTRIES = 240  # per sequence: enough for a report, quick to seed


def t(en, ru, uk):
    return {"en": en, "ru": ru, "uk": uk}


# Without a language prefix: the site sends each partner to their own language's page.
STEP_LINKS = {"cabinet": "/cabinet/", "learning": "/cabinet/learning/",
              "journey": "/cabinet/first-90-days/", "earnings": "/cabinet/earnings/",
              "referrals": "/cabinet/referrals/"}

SEQUENCES = [
    {
        "name": "Welcome and first week", "trigger": Trigger.JOINED, "trigger_days": 0,
        "exit_condition": Condition.ORDERED, "goal_days": 30,
        "steps": [
            (0, ["inapp", "email"], "journey",
             t("Welcome aboard, {name}!", "Добро пожаловать, {name}!",
               "Ласкаво просимо, {name}!"),
             t("Your first 90 days start today: open your plan and do today's task.",
               "Ваши первые 90 дней начинаются сегодня: откройте план и выполните задачу дня.",
               "Ваші перші 90 днів починаються сьогодні: відкрийте план і виконайте "
               "завдання дня.")),
            (1, ["inapp", "email", "telegram"], "learning",
             t("Day 1: your first lesson", "День 1: ваш первый урок", "День 1: ваш перший урок"),
             t("Fifteen minutes of “Start in 7 days” make the rest of the week easier.",
               "Пятнадцать минут курса «Старт за 7 дней» облегчат всю неделю.",
               "П'ятнадцять хвилин курсу «Старт за 7 днів» полегшать увесь тиждень.")),
            (3, ["inapp", "push"], "referrals",
             t("Share your link", "Поделитесь своей ссылкой", "Поділіться своїм посиланням"),
             t("Send your referral link to three people who asked about the products.",
               "Отправьте свою ссылку трём людям, которые спрашивали о продуктах.",
               "Надішліть своє посилання трьом людям, які питали про продукти.")),
            (5, ["inapp", "email"], "cabinet",
             t("Your first order", "Ваш первый заказ", "Ваше перше замовлення"),
             t("Most partners who order in their first week are still here a year later.",
               "Большинство партнёров, сделавших заказ в первую неделю, остаются с нами "
               "и через год.",
               "Більшість партнерів, які замовили в перший тиждень, залишаються з нами "
               "і через рік.")),
        ],
    },
    {
        "name": "Stalled newcomer", "trigger": Trigger.COURSE_STALLED, "trigger_days": 3,
        "exit_condition": Condition.LEARNING_RESUMED, "goal": Condition.COURSE_COMPLETED,
        "goal_days": 30,
        "steps": [
            (0, ["inapp", "email", "telegram"], "learning",
             t("Pick up where you left off", "Продолжите с того же места",
               "Продовжте з того ж місця"),
             t("{name}, your next lesson takes ten minutes. Your sponsor is here to help.",
               "{name}, следующий урок займёт десять минут. Ваш спонсор готов помочь.",
               "{name}, наступний урок займе десять хвилин. Ваш спонсор готовий допомогти."),
             {"tell_sponsor": True,
              "sponsor": (t("{newcomer} has stalled", "{newcomer} остановился(ась)",
                            "{newcomer} зупинився(лася)"),
                          t("No lesson for three days. A short call today helps most.",
                            "Три дня без уроков. Короткий звонок сегодня поможет больше всего.",
                            "Три дні без уроків. Короткий дзвінок сьогодні допоможе "
                            "найбільше."))}),
            (4, ["inapp", "email"], "learning",
             t("Your course is waiting", "Ваш курс ждёт вас", "Ваш курс чекає на вас"),
             t("Finish the stage you started and unlock the next one.",
               "Завершите начатый этап и откройте следующий.",
               "Завершіть розпочатий етап і відкрийте наступний.")),
        ],
    },
    {
        "name": "Bonus earned", "trigger": Trigger.BONUS_EARNED, "trigger_days": 0,
        "exit_condition": Condition.NONE, "goal": Condition.SPONSORED, "goal_days": 30,
        "max_entries": 12,
        "steps": [
            (0, ["inapp", "email", "telegram", "push"], "earnings",
             t("You earned a bonus, {name}!", "Вы заработали бонус, {name}!",
               "Ви заробили бонус, {name}!"),
             t("See where it came from, and who in your team is close to their next one.",
               "Посмотрите, откуда он, и кто в вашей команде близок к следующему.",
               "Подивіться, звідки він, і хто у вашій команді близький до наступного.")),
            (7, ["inapp", "email"], "referrals",
             t("Grow the next one", "Вырастите следующий", "Виростіть наступний"),
             t("A new partner in your team this month raises next month's bonus.",
               "Новый партнёр в вашей команде в этом месяце увеличит бонус следующего.",
               "Новий партнер у вашій команді цього місяця збільшить бонус наступного.")),
        ],
    },
    {
        "name": "Inactive partner win-back", "trigger": Trigger.NO_SIGN_IN, "trigger_days": 30,
        "exit_condition": Condition.SIGNED_IN, "goal_days": 30, "max_entries": 3,
        "steps": [
            (0, ["email", "telegram"], "cabinet",
             t("We miss you, {name}", "Мы скучаем, {name}", "Ми сумуємо, {name}"),
             t("Your team kept growing while you were away: see what is new.",
               "Пока вас не было, ваша команда росла: посмотрите, что нового.",
               "Поки вас не було, ваша команда зростала: подивіться, що нового.")),
            (7, ["email"], "cabinet",
             t("Your cabinet is waiting", "Ваш кабинет ждёт вас", "Ваш кабінет чекає на вас"),
             t("One sign-in shows your bonuses, your team and this month's offers.",
               "Один вход покажет ваши бонусы, команду и предложения месяца.",
               "Один вхід покаже ваші бонуси, команду та пропозиції місяця.")),
        ],
    },
]


def _chance(*parts):
    """A deterministic number in [0, 100) for the parts."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100


def _create(spec):
    sequence = Sequence.objects.create(
        name=spec["name"], trigger=spec["trigger"], trigger_days=spec["trigger_days"],
        exit_condition=spec["exit_condition"], goal=spec.get("goal", ""),
        goal_days=spec["goal_days"], max_entries=spec.get("max_entries", 1),
        holdout_percent=HOLDOUT_PERCENT, active=True)
    for position, (day, channels, link, title, body, *extra) in enumerate(spec["steps"], 1):
        options = extra[0] if extra else {}
        fields = {f"title_{language}": title[language] for language in title}
        fields.update({f"body_{language}": body[language] for language in body})
        if options.get("tell_sponsor"):
            sponsor_title, sponsor_body = options["sponsor"]
            fields["tell_sponsor"] = True
            fields.update({f"sponsor_title_{lang}": sponsor_title[lang] for lang in sponsor_title})
            fields.update({f"sponsor_body_{lang}": sponsor_body[lang] for lang in sponsor_body})
        SequenceStep.objects.create(sequence=sequence, sort_order=position, delay_days=day,
                                    channels=channels, url=STEP_LINKS[link], **fields)
    return sequence


def _audience(sequence, now):
    """[(partner, entered_at)] the month's entries of the sequence, oldest first."""
    partners = Partner.objects.filter(status=PartnerStatus.ACTIVE, is_company=False,
                                      user__isnull=False).select_related("user", "sponsor__user")
    since = now - timedelta(days=MONTH + 10)
    if sequence.trigger == Trigger.JOINED:
        chosen = [(partner, partner.joined_at)
                  for partner in partners.filter(joined_at__gte=since).order_by("joined_at")]
    else:
        # Partners of some standing, each entering on a day of the month their id picks.
        older = partners.filter(joined_at__lt=now - timedelta(days=60))
        chosen = []
        if sequence.trigger == Trigger.COURSE_STALLED:
            older = partners.filter(joined_at__lt=now - timedelta(days=7),
                                    joined_at__gte=now - timedelta(days=120))
            chosen = _stalled_newcomers(partners, now)
        taken = {partner.pk for partner, _entered in chosen}
        for partner in older.exclude(pk__in=taken).order_by("pk"):
            if _chance(sequence.name, "enters", partner.pk) >= 12:
                continue
            offset = timedelta(days=_chance(sequence.name, "day", partner.pk) % (MONTH + 10),
                               hours=_chance(sequence.name, "hour", partner.pk) % 24)
            chosen.append((partner, now - offset))
        chosen.sort(key=lambda row: row[1])
    return chosen[-MAX_ENTRIES:]


def _stalled_newcomers(partners, now):
    """The demo partner's newcomers who stopped learning 3 days ago or more: they entered
    the stalled sequence 3 days after their last lesson, and their sponsor was told."""
    stalled = partners.filter(
        sponsor__user__email=DEMO_PARTNER, joined_at__gte=now - timedelta(days=90),
        learner__last_activity_at__lte=now - timedelta(days=3),
    ).select_related("learner")
    return [(partner, partner.learner.last_activity_at + timedelta(days=3))
            for partner in stalled]


def _goal_at(sequence, partner, group, entered, now):
    """When the partner reached the goal, if they did: a little more often when sent."""
    rate = 34 if group == Group.SENT else 24
    if not sequence.goal_condition or _chance(sequence.name, "goal", partner.pk) >= rate:
        return None
    moment = entered + timedelta(days=1 + _chance(sequence.name, "when", partner.pk) % 12,
                                 hours=_chance(sequence.name, "at", partner.pk) % 12)
    return moment if moment <= now else None


def _record_month(sequence, now):
    steps = list(sequence.steps.order_by("sort_order"))
    enrollments = []
    for partner, entered in _audience(sequence, now):
        group = group_of(sequence.pk, partner.pk, sequence.holdout_percent)
        goal_at = _goal_at(sequence, partner, group, entered, now)
        exited_at, reason = None, ""
        if goal_at and sequence.exit_condition:
            exited_at, reason = goal_at, ExitReason.GOAL
        elif entered + timedelta(days=sequence.goal_days) <= now:
            exited_at, reason = entered + timedelta(days=sequence.goal_days), ExitReason.FINISHED
        enrollments.append(Enrollment(
            sequence=sequence, partner=partner, user=partner.user, entry=1, group=group,
            triggered_at=entered, entered_at=entered, goal_at=goal_at, exited_at=exited_at,
            exit_reason=reason))
    Enrollment.objects.bulk_create(enrollments, batch_size=500)
    enrollments = list(Enrollment.objects.filter(sequence=sequence).select_related(
        "partner__sponsor__user", "user"))
    sends, notifications, deliveries = [], [], []
    for enrollment in enrollments:
        for position, step in enumerate(steps, start=1):
            moment = enrollment.entered_at + step.delay
            stop = enrollment.exited_at or now
            if moment > now or moment > stop:
                break
            send = StepSend(enrollment=enrollment, step=step, position=position,
                            sent_at=moment)
            sends.append(send)
            if enrollment.group == Group.HOLDOUT:
                continue
            chance = _chance(sequence.name, "read", enrollment.partner_id, position)
            notification = Notification(
                recipient=enrollment.user, kind=kinds.MESSAGE, created_at=moment,
                url=step.url, source=f"sequence:{sequence.pk}:step:{position}",
                dedupe_key=f"sequence:{enrollment.pk}:step:{step.pk}",
                params={"sequence": sequence.pk, "step": step.pk,
                        "texts": step_texts(step, "title", "body"),
                        "name": enrollment.user.first_name or enrollment.partner.name},
                read_at=moment + timedelta(hours=3) if chance < 55 else None,
                clicked_at=moment + timedelta(hours=3) if chance < 22 else None)
            notifications.append(notification)
            send.notification = notification
            for channel in step.channels:
                if channel == "inapp":
                    continue
                opened = channel == "email" and chance < 45
                deliveries.append(Delivery(
                    notification=notification, channel=channel, status=Delivery.Status.SENT,
                    attempts=1, created_at=moment, claimed_at=moment, sent_at=moment,
                    opened_at=moment + timedelta(hours=2) if opened else None,
                    clicked_at=moment + timedelta(hours=3) if channel == "email"
                    and chance < 18 else None))
            sponsor = enrollment.partner.sponsor
            if step.tell_sponsor and sponsor is not None and sponsor.user_id \
                    and not sponsor.is_company:
                told = Notification(
                    recipient=sponsor.user, kind=kinds.SPONSOR, created_at=moment,
                    url="/cabinet/team/newcomers/",
                    source=f"sequence:{sequence.pk}:step:{position}:sponsor",
                    dedupe_key=f"sequence:{enrollment.pk}:step:{step.pk}:sponsor",
                    params={"sequence": sequence.pk, "step": step.pk,
                            "partner": enrollment.partner_id,
                            "texts": step_texts(step, "sponsor_title", "sponsor_body"),
                            "name": sponsor.user.first_name or sponsor.name,
                            "newcomer": enrollment.partner.name})
                notifications.append(told)
                send.sponsor_notification = told
    Notification.objects.bulk_create(notifications, batch_size=500)
    Delivery.objects.bulk_create(deliveries, batch_size=500)
    for send in sends:  # the saved notifications' ids
        send.notification_id = send.notification.pk if send.notification else None
        send.sponsor_notification_id = (send.sponsor_notification.pk
                                        if send.sponsor_notification else None)
    StepSend.objects.bulk_create(sends, batch_size=500)
    return len(enrollments)


def seed_sequences(command=None, now=None):
    """The four sequences and their month; {name: entries} of those created now."""
    now = now or timezone.now()
    created = {}
    for spec in SEQUENCES:
        if Sequence.objects.filter(name=spec["name"]).exists():
            continue
        sequence = _create(spec)
        created[sequence.name] = _record_month(sequence, now)
    if command is not None and created:
        command.stdout.write("Sequences: " + ", ".join(
            f"{name} ({count} entries)" for name, count in created.items()))
    return created
