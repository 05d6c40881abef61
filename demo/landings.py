"""The demo company's landing templates and forbidden phrases, in each language, and the
demo partner's landings built from those templates."""

import uuid

from landing.models import ForbiddenPhrase, PhraseCategory

INCOME, MEDICAL = PhraseCategory.INCOME, PhraseCategory.MEDICAL
INCOME_NOTE = {
    "en": "Do not promise income: results depend on each person's work.",
    "ru": "Не обещайте доход: результат зависит от работы каждого.",
    "uk": "Не обіцяйте дохід: результат залежить від роботи кожного.",
}
MEDICAL_NOTE = {
    "en": "Our products are not medicines: do not claim they treat or cure anything.",
    "ru": "Наши продукты не лекарства: не утверждайте, что они лечат.",
    "uk": "Наші продукти не ліки: не стверджуйте, що вони лікують.",
}
PHRASES = {
    "en": [
        ("guaranteed income", INCOME), ("get rich", INCOME), ("passive income", INCOME),
        ("financial freedom", INCOME), ("quit your job", INCOME),
        ("cures", MEDICAL), ("cure", MEDICAL), ("heals", MEDICAL),
    ],
    "ru": [
        ("гарантированный доход", INCOME), ("разбогатеть", INCOME),
        ("пассивный доход", INCOME), ("финансовая свобода", INCOME),
        ("вылечит", MEDICAL), ("излечивает", MEDICAL), ("лечит", MEDICAL),
    ],
    "uk": [
        ("гарантований дохід", INCOME), ("розбагатіти", INCOME),
        ("пасивний дохід", INCOME), ("фінансова свобода", INCOME),
        ("вилікує", MEDICAL), ("виліковує", MEDICAL), ("лікує", MEDICAL),
    ],
}


def seed_forbidden_phrases():
    """Create the phrases that are missing; the company's own edits are kept."""
    created = 0
    for language, phrases in PHRASES.items():
        for phrase, category in phrases:
            note = (INCOME_NOTE if category == INCOME else MEDICAL_NOTE)[language]
            _, new = ForbiddenPhrase.objects.get_or_create(
                language=language, phrase=phrase,
                defaults={"category": category, "explanation": note},
            )
            created += new
    return created


# The demo partner's recruiting landing in each language (published).
LANDING_TEXT = {
    "en": {
        "title": "Build your own business with me",
        "template": "Join my team", "event_template": "Invitation to an event",
        "legal": "<p>Individual results vary and depend on each person's work. The company's "
                 "income disclosure shows what partners actually earn.</p>",
        "event_headline": "Come to our open evening", "event_subline": "Meet the team, "
        "taste the products and ask anything.",
        "headline": "Healthy products, a team that helps you grow",
        "subline": "First a customer, today a team leader in three countries.",
        "cta": "Tell me more",
        "about": "About me",
        "about_text": "Two children, a love of good food and four years with Downline "
                      "Naturals. Now I help newcomers take their first steps.",
        "rich": "<h2>What you get</h2><ul><li>Training from day one</li>"
                "<li>Products you can trust</li><li>A team that answers</li></ul>",
        "video": "How our team works",
        "testimonials": "What my team says",
        "quote": "Every question I had in my first month got an answer. The team was always there.",
        "faq": "Questions and answers",
        "q": "Do I need experience?", "a": "No. Training starts on your first day.",
        "countdown": "Next online meeting", "ended": "The meeting has started.",
        "social": "Write to me",
        "lead": "Leave your details", "intro": "I will call you back within a day.",
        "consent": "I agree that my sponsor may contact me about the business.",
        "send": "Send", "signup": "Ready to start?", "signup_text": "Sign up with me as "
        "your sponsor.", "signup_button": "Sign up",
    },
    "ru": {
        "title": "Постройте свой бизнес вместе со мной",
        "template": "Присоединяйтесь к моей команде",
        "event_template": "Приглашение на мероприятие",
        "legal": "<p>Результаты у всех разные и зависят от работы каждого. Сколько на самом "
                 "деле зарабатывают партнёры, показывает отчёт компании о доходах.</p>",
        "event_headline": "Приходите на наш открытый вечер", "event_subline": "Познакомьтесь "
        "с командой, попробуйте продукты и задайте любые вопросы.",
        "headline": "Полезные продукты и команда, которая помогает расти",
        "subline": "Сначала — покупатель, сегодня — лидер команды в трёх странах.",
        "cta": "Расскажите подробнее",
        "about": "Обо мне",
        "about_text": "Двое детей, любовь к правильному питанию и четыре года в Downline "
                      "Naturals. Теперь помогаю новичкам сделать первые шаги.",
        "rich": "<h2>Что вы получите</h2><ul><li>Обучение с первого дня</li>"
                "<li>Продукты, которым доверяют</li><li>Команду, которая отвечает</li></ul>",
        "video": "Как работает наша команда",
        "testimonials": "Что говорит моя команда",
        "quote": "В первый месяц на любой мой вопрос находился ответ. Команда всегда была рядом.",
        "faq": "Вопросы и ответы",
        "q": "Нужен ли опыт?", "a": "Нет. Обучение начинается с первого дня.",
        "countdown": "Следующая онлайн-встреча", "ended": "Встреча уже началась.",
        "social": "Напишите мне",
        "lead": "Оставьте контакты", "intro": "Я перезвоню в течение дня.",
        "consent": "Даю согласие, чтобы спонсор связался со мной по поводу бизнеса.",
        "send": "Отправить", "signup": "Готовы начать?", "signup_text": "Зарегистрируйтесь "
        "со мной в роли спонсора.", "signup_button": "Зарегистрироваться",
    },
    "uk": {
        "title": "Побудуйте свій бізнес разом зі мною",
        "template": "Приєднуйтеся до моєї команди",
        "event_template": "Запрошення на захід",
        "legal": "<p>Результати в усіх різні й залежать від роботи кожного. Скільки насправді "
                 "заробляють партнери, показує звіт компанії про доходи.</p>",
        "event_headline": "Приходьте на наш відкритий вечір", "event_subline": "Познайомтеся "
        "з командою, скуштуйте продукти й поставте будь-які запитання.",
        "headline": "Корисні продукти й команда, яка допомагає зростати",
        "subline": "Спершу — покупець, сьогодні — лідер команди у трьох країнах.",
        "cta": "Розкажіть докладніше",
        "about": "Про мене",
        "about_text": "Двоє дітей, любов до здорового харчування і чотири роки в Downline "
                      "Naturals. Тепер допомагаю новачкам зробити перші кроки.",
        "rich": "<h2>Що ви отримаєте</h2><ul><li>Навчання з першого дня</li>"
                "<li>Продукти, яким довіряють</li><li>Команду, яка відповідає</li></ul>",
        "video": "Як працює наша команда",
        "testimonials": "Що каже моя команда",
        "quote": "Першого місяця на кожне моє запитання знаходилася відповідь. "
                 "Команда завжди була поруч.",
        "faq": "Запитання та відповіді",
        "q": "Чи потрібен досвід?", "a": "Ні. Навчання починається з першого дня.",
        "countdown": "Наступна онлайн-зустріч", "ended": "Зустріч уже почалася.",
        "social": "Напишіть мені",
        "lead": "Залиште контакти", "intro": "Я передзвоню протягом дня.",
        "consent": "Я погоджуюся, що спонсор зв'яжеться зі мною щодо бізнесу.",
        "send": "Надіслати", "signup": "Готові почати?", "signup_text": "Зареєструйтеся "
        "зі мною як зі спонсором.", "signup_button": "Зареєструватися",
    },
}


def landing_body(text, meeting):
    """The demo landing's blocks, every block type of the library but the gallery."""
    return [
        {"type": "hero", "value": {"headline": text["headline"], "subline": text["subline"],
                                   "image": None, "cta_label": text["cta"],
                                   "cta_url": "#lead-form"}},
        {"type": "about_me", "value": {"heading": text["about"], "text": text["about_text"],
                                       "show_photo": True}},
        {"type": "rich_text", "value": text["rich"]},
        {"type": "video", "value": {"url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                                    "title": text["video"]}},
        {"type": "testimonials", "value": {"heading": text["testimonials"], "items": [
            {"quote": text["quote"], "author": "Olena K.", "role": "", "photo": None},
        ]}},
        {"type": "faq", "value": {"heading": text["faq"], "items": [
            {"question": text["q"], "answer": text["a"]},
        ]}},
        {"type": "countdown", "value": {"heading": text["countdown"],
                                        "target": meeting.isoformat(),
                                        "ended_text": text["ended"]}},
        {"type": "social_links", "value": {"heading": text["social"], "links": [
            {"network": "telegram", "url": "https://t.me/downline_demo"},
            {"network": "email", "url": "mailto:partner@downline.demo"},
        ]}},
        {"type": "lead_form", "value": {"heading": text["lead"], "intro": text["intro"],
                                        "consent_text": text["consent"],
                                        "button_label": text["send"]}},
        {"type": "signup_cta", "value": {"heading": text["signup"],
                                         "text": text["signup_text"],
                                         "button_label": text["signup_button"]}},
    ]


def event_body(text, meeting):
    return [
        {"type": "hero", "value": {"headline": text["event_headline"],
                                   "subline": text["event_subline"], "image": None,
                                   "cta_label": text["cta"], "cta_url": "#lead-form"}},
        {"type": "countdown", "value": {"heading": text["countdown"],
                                        "target": meeting.isoformat(),
                                        "ended_text": text["ended"]}},
        {"type": "about_me", "value": {"heading": text["about"], "text": text["about_text"],
                                       "show_photo": True}},
        {"type": "lead_form", "value": {"heading": text["lead"], "intro": text["intro"],
                                        "consent_text": text["consent"],
                                        "button_label": text["send"]}},
    ]


# What partners may do with each block of the demo templates, by block type; the legal
# note is the company's and stays as it is.
TEMPLATE_RULES = {
    "hero": "editable", "about_me": "removable", "rich_text": "removable",
    "video": "removable", "testimonials": "removable", "faq": "removable",
    "countdown": "editable", "social_links": "removable", "lead_form": "editable",
    "signup_cta": "editable", "legal": "locked",
}
ADDABLE = ["about_me", "rich_text", "video", "testimonials", "gallery", "faq", "countdown",
           "social_links", "signup_cta"]


def _template_page(name, language, blocks, legal):
    """(body with stable block ids, rules): the legal note is appended, locked."""
    body, rules = [], {}
    for index, block in enumerate([*blocks, {"type": "rich_text", "value": legal,
                                              "role": "legal"}]):
        block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"downline-demo/{name}/{language}/{index}"))
        role = block.pop("role", block["type"])
        body.append({**block, "id": block_id})
        rules[block_id] = TEMPLATE_RULES[role]
    return body, {"blocks": rules, "addable": list(ADDABLE)}


def seed_landing_templates(now=None):
    """The demo company's recruiting and event templates in each language (those that
    exist are kept as the editors left them). Returns {(purpose, language): template}."""
    from datetime import timedelta

    from django.utils import timezone

    from landing.blocks import validate_body
    from landing.models import LandingTemplate, Purpose

    now = now or timezone.now()
    meeting = (now + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    templates = {}
    for language, text in LANDING_TEXT.items():
        for purpose, name, blocks in (
            (Purpose.RECRUITING, text["template"], landing_body(text, meeting)),
            (Purpose.EVENT, text["event_template"], event_body(text, meeting)),
        ):
            template = LandingTemplate.objects.filter(
                purpose=purpose, language=language, name=name
            ).first()
            if template is None:
                body, rules = _template_page(purpose, language, blocks, text["legal"])
                validate_body(body)
                template = LandingTemplate(name=name, purpose=purpose, language=language,
                                           body=body, rules=rules)
                template.full_clean()
                template.save()
            templates[purpose, language] = template
    return templates


DEMO_META_PIXEL_ID = "1234567890123456"


def seed_demo_landings(partner, now=None):
    """The demo partner's recruiting landing in each language, built from the company's
    template and published (kept as they are when they exist). Returns the landings."""
    from django.utils import timezone

    from landing import builder
    from landing.blocks import validate_body
    from landing.models import Landing, LandingState, Purpose

    now = now or timezone.now()
    templates = seed_landing_templates(now)
    allow_ad_platforms()
    landings = []
    for language, text in LANDING_TEXT.items():
        landing = Landing.objects.filter(partner=partner, purpose=Purpose.RECRUITING,
                                         language=language).first()
        if landing is None:
            landing = builder.start_from_template(
                partner, templates[Purpose.RECRUITING, language], language
            )
            body = builder.as_json(builder.STREAM.get_prep_value(
                validate_body(builder.draft_of(landing))))
            landing.title = landing.draft_title = text["title"]
            landing.body, landing.draft = body, body
            landing.state, landing.published_at = LandingState.PUBLISHED, now
            landing.published_version = 1
            # The demo partner advertises their Russian page with a Meta Pixel, so the
            # visitor's consent banner shows there (an ID of the right shape, no account).
            if language == "ru":
                landing.meta_pixel_id = DEMO_META_PIXEL_ID
            landing.save()
        landings.append(landing)
    return landings


def allow_ad_platforms():
    """The demo company lets partners add their own ad pixels (landing/targeting.py), so
    the builder's targeting panel shows them; settings a company already saved are kept."""
    from landing.models import LandingSettings

    if LandingSettings.objects.exists():
        return
    LandingSettings.objects.create(allow_meta_pixel=True, allow_google_tag=True,
                                   allow_tiktok_pixel=True, allow_yandex_metrica=True)


# --- what visitors did on the demo partner's landings ----------------------------------

DEMO_LEADS = {  # (name, email, phone, message, status, notes) per landing language
    "en": [
        ("Emily Carter", "emily.carter@example.com", "", "How much time does it take a week?",
         "new", ""),
        ("James Miller", "", "+44 20 7946 0321", "", "contacted",
         "Called on Monday; wants to try the products first."),
        ("Sophie Turner", "sophie.t@example.com", "", "", "lost", "Not interested for now."),
    ],
    "ru": [
        ("Мария Иванова", "maria.ivanova@example.com", "", "Расскажите, с чего начать?", "new",
         ""),
        ("Дмитрий Соколов", "", "+7 912 345 67 89", "Удобно после 18:00", "contacted",
         "Договорились о встрече в Zoom в четверг."),
    ],
    "uk": [
        ("Олена Кравець", "olena.kravets@example.com", "", "Чи можна поєднувати з роботою?",
         "new", ""),
        ("Андрій Бондар", "", "+380 67 123 45 67", "", "contacted",
         "Надіслав каталог у Telegram."),
    ],
}


def seed_landing_activity(partner, landings, *, days=30, seed=0, now=None):
    """A month of visits to the demo partner's landings, the leads they left (new,
    contacted, lost, one converted into a partner of the team) and the sign-ups they
    brought, so the cabinet's leads and landing statistics have something to show. Does
    nothing when the partner has leads already. Returns the number of visits made."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from demo.network import DEMO_SOURCES, newcomers_of, time_on
    from landing.models import Lead
    from network.models import Partner, ReferralVisit

    if not landings or Lead.objects.filter(partner=partner).exists():
        return 0
    rng = random.Random(seed)
    now = now or timezone.now()
    sources = [name for name, weight in DEMO_SOURCES for _ in range(weight)]
    visits = []
    for landing in landings:
        share = 3 if landing.language == "ru" else 1  # most of the demo team reads Russian
        for day in range(days):
            moment = now - timedelta(days=days - 1 - day)
            for _ in range(rng.randint(0, 4) * share + day // 10):
                source = rng.choice(sources)
                visits.append(ReferralVisit(
                    partner=partner,
                    visited_at=time_on(moment, rng, now),
                    visitor_id=f"{rng.getrandbits(64):016x}",
                    utm_source=source, utm_medium="social" if source else "",
                    landing=landing.get_url(),
                ))
    visits = ReferralVisit.objects.bulk_create(visits)
    by_landing = {}
    for visit in visits:
        by_landing.setdefault(visit.landing, []).append(visit)

    leads = []
    for landing in landings:
        consent = (landing.lead_form() or {}).get("consent_text", "")
        landing_visits = by_landing.get(landing.get_url(), [])
        for index, (name, email, phone, message, status, notes) in enumerate(
                DEMO_LEADS.get(landing.language, ())):
            visit = landing_visits[-1 - index * 5] if len(landing_visits) > index * 5 else None
            leads.append(Lead(
                landing=landing, partner=partner, name=name, email=email, phone=phone,
                message=message, status=status, notes=notes, consent_text=consent,
                consent_given=True, visitor_id=visit.visitor_id if visit else "",
                utm_source=visit.utm_source if visit else "",
                created_at=(visit.visited_at if visit else now) + timedelta(minutes=3),
            ))
    Lead.objects.bulk_create(leads)

    # Two of the partner's recruits joined through the Russian landing; the first had left
    # their details there first. Recruits the referral link brought (demo/network.py) are
    # taken last, and then no longer counted for the link: one converting visit each.
    russian = next((landing for landing in landings if landing.language == "ru"), landings[0])
    landing_visits = by_landing.get(russian.get_url(), [])
    through_link = set(ReferralVisit.objects.filter(partner=partner, converted__isnull=False)
                       .values_list("converted_id", flat=True))
    recruits = sorted(newcomers_of(partner).select_related("user"),
                      key=lambda recruit: (recruit.pk in through_link, recruit.joined_at,
                                           recruit.pk))[:2]
    ReferralVisit.objects.filter(converted__in=recruits).update(converted=None)
    for index, recruit in enumerate(recruits):
        if len(landing_visits) <= 3 + index * 9:
            break
        visit = landing_visits[-3 - index * 9]
        Partner.objects.filter(pk=recruit.pk).update(
            joined_at=visit.visited_at + timedelta(minutes=20))
        ReferralVisit.objects.filter(pk=visit.pk).update(converted=recruit)
        if index == 0:
            Lead.objects.create(
                landing=russian, partner=partner, name=recruit.name,
                email=recruit.user.email if recruit.user_id else "",
                phone="" if recruit.user_id else "+7 921 555 01 23",
                status="converted", converted_partner=recruit,
                consent_text=(russian.lead_form() or {}).get("consent_text", ""),
                consent_given=True, visitor_id=visit.visitor_id, utm_source=visit.utm_source,
                created_at=visit.visited_at + timedelta(minutes=5),
                notes="Регистрация после звонка в Zoom.",
            )
    return len(visits)
