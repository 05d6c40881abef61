"""Seeds the demo's calendar: the events index (in the site's menu) with two company
webinars and a conference in the coming weeks, in English, Russian and Ukrainian; and,
once the network exists, a team meeting of the demo partner's own with their personally
sponsored partners invited, and answers (the demo partner's, some of their team's).

Idempotent like the rest of seed_demo: what exists is left as it is. The dates are counted
from the first run (a webinar in 5 days, another in 12, the conference in 24).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.menus import add_to_menus
from events import seats, team_events, times
from events.models import EventIndexPage, EventPage, TeamEvent
from network.models import Partner, PartnerStatus

ZONE = "Europe/Kyiv"
DEMO_PARTNER = "partner@downline.demo"

INDEX = {
    "en": ("Events", "Webinars, trainings and the company's conferences. Sign in to save "
                     "your seat and add them to your calendar."),
    "ru": ("События", "Вебинары, тренинги и конференции компании. Войдите, чтобы занять "
                      "место и добавить их в свой календарь."),
    "uk": ("Події", "Вебінари, тренінги та конференції компанії. Увійдіть, щоб зайняти "
                    "місце й додати їх до свого календаря."),
}

# slug, days ahead, local start, hours, fields, {language: (title, description paragraphs)}
EVENTS = [
    ("new-season-catalogue-webinar", 5, time(18, 0), 1.5,
     {"online_url": "https://meet.downline.demo/new-season", "capacity": 300, "language": "en"},
     {"en": ("Webinar: the new season's catalogue",
             ["Our product team walks through every new product of the season: what it "
              "does, whom to offer it to and how it counts towards your volume.",
              "Questions in the chat are answered at the end."]),
      "ru": ("Вебинар: каталог нового сезона",
             ["Продуктовая команда расскажет о каждой новинке сезона: что она делает, "
              "кому её предложить и как она учитывается в вашем объёме.",
              "На вопросы из чата ответим в конце."]),
      "uk": ("Вебінар: каталог нового сезону",
             ["Продуктова команда розповість про кожну новинку сезону: що вона робить, "
              "кому її запропонувати і як вона враховується у вашому обсязі.",
              "На запитання з чату відповімо наприкінці."])}),
    ("first-90-days-q-and-a", 12, time(19, 0), 1,
     {"online_url": "https://meet.downline.demo/first-90-days", "language": "ru"},
     {"en": ("Webinar: your first 90 days, questions to the leaders",
             ["Three leaders of the company share what they did in their first three "
              "months and answer newcomers' questions live."]),
      "ru": ("Вебинар: первые 90 дней, вопросы лидерам",
             ["Три лидера компании расскажут, что делали в свои первые три месяца, и "
              "ответят на вопросы новичков в прямом эфире."]),
      "uk": ("Вебінар: перші 90 днів, запитання лідерам",
             ["Троє лідерів компанії розкажуть, що робили у свої перші три місяці, та "
              "дадуть відповіді на запитання новачків у прямому ефірі."])}),
    ("spring-leadership-conference", 24, time(10, 0), 8,
     {"capacity": 800, "language": "uk"},
     {"en": ("Leadership conference",
             ["A day with the company's leaders: the year's results, the recognition of "
              "new ranks, workshops on building a team and the plans for the season.",
              "Lunch and materials are included."]),
      "ru": ("Конференция лидеров",
             ["День с лидерами компании: итоги года, чествование новых рангов, "
              "мастер-классы по построению команды и планы на сезон.",
              "Обед и материалы включены."]),
      "uk": ("Конференція лідерів",
             ["День із лідерами компанії: підсумки року, вшанування нових рангів, "
              "майстер-класи з побудови команди та плани на сезон.",
              "Обід і матеріали включено."])}),
]
PLACES = {
    "en": "Kyiv, International Exhibition Centre, 15 Brovarskyi Avenue",
    "ru": "Киев, Международный выставочный центр, Броварской проспект, 15",
    "uk": "Київ, Міжнародний виставковий центр, Броварський проспект, 15",
}

TEAM_EVENT = {
    "title": "Team meeting: a strong start to the month",
    "description": "Tea, the month's plan and a product tasting. Bring a friend who is "
                   "curious about what we do!",
    "place": "Kyiv, 72 Velyka Vasylkivska Street, office 5",
    "days": 3, "start": time(19, 0), "hours": 2, "capacity": 12,
}


def _at(days, start, now):
    """An aware datetime `days` from `now`, at the wall-clock time `start` in Kyiv."""
    day = timezone.localtime(now, times.zone(ZONE)).date() + timedelta(days=days)
    return times.in_zone(datetime.combine(day, start), ZONE)


def _body(paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def seed_events(command, home, now=None):
    """The events index in three languages, in each language's menu, and its events."""
    now = now or timezone.now()
    locales = command.locales
    index = EventIndexPage.objects.filter(locale=locales["en"], slug="events").first()
    if index is None:
        title, intro = INDEX["en"]
        index = EventIndexPage(title=title, slug="events", intro=intro)
        home.add_child(instance=index)
        index.save_revision().publish()
    for language in ("ru", "uk"):
        title, intro = INDEX[language]
        command.translate(index, language, title=title, intro=intro)
    for slug, days, start, hours, fields, texts in EVENTS:
        event = EventPage.objects.filter(locale=locales["en"], slug=slug).first()
        if event is None:
            title, paragraphs = texts["en"]
            starts = _at(days, start, now)
            event = EventPage(
                title=title, slug=slug, description=_body(paragraphs), starts_at=starts,
                ends_at=starts + timedelta(hours=hours), time_zone=ZONE,
                place=PLACES["en"] if "online_url" not in fields else "", **fields)
            index.add_child(instance=event)
            event.save_revision().publish()
        for language in ("ru", "uk"):
            title, paragraphs = texts[language]
            command.translate(event, language, title=title, description=_body(paragraphs),
                              place=PLACES[language] if event.place else "")
    add_to_menus(index)
    return index


def seed_team_event(now=None):
    """The demo partner's own team meeting, their personally sponsored team invited, and
    answers: the partner's to the company events and a few of the team's to the meeting."""
    now = now or timezone.now()
    partner = Partner.objects.filter(user__email=DEMO_PARTNER).select_related("user").first()
    if partner is None:
        return None
    event = TeamEvent.objects.filter(owner=partner, title=TEAM_EVENT["title"]).first()
    if event is None:
        starts = _at(TEAM_EVENT["days"], TEAM_EVENT["start"], now)
        event = TeamEvent.objects.create(
            owner=partner, title=TEAM_EVENT["title"], description=TEAM_EVENT["description"],
            place=TEAM_EVENT["place"], starts_at=starts,
            ends_at=starts + timedelta(hours=TEAM_EVENT["hours"]), time_zone=ZONE,
            capacity=TEAM_EVENT["capacity"], created_at=now)
        team_events.invite(event, 1, now=now)
        seats.respond(partner, event, "going", now=now)
        members = (Partner.objects.filter(sponsor=partner, user__isnull=False)
                   .exclude(status=PartnerStatus.TERMINATED).select_related("user")[:5])
        for number, member in enumerate(members):
            seats.respond(member, event, ("going", "going", "maybe")[number % 3], now=now)
        for slug, answer in (("new-season-catalogue-webinar", "going"),
                             ("spring-leadership-conference", "going"),
                             ("first-90-days-q-and-a", "maybe")):
            page = EventPage.objects.live().filter(slug=slug).order_by("pk").first()
            if page is not None and page.ends_at > now:
                seats.respond(partner, page, answer, now=now)
    return event
