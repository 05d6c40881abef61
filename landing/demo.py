"""The demo company's forbidden phrases for partner landings, in each language."""

from .models import ForbiddenPhrase, PhraseCategory

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


def seed_demo_landings(partner, now=None):
    """The demo partner's published recruiting landing in each language (kept as they are
    when they exist). Returns the landings."""
    from datetime import timedelta

    from django.utils import timezone

    from .blocks import validate_body
    from .models import Landing, LandingState, Purpose

    now = now or timezone.now()
    meeting = (now + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    landings = []
    for language, text in LANDING_TEXT.items():
        body = landing_body(text, meeting)
        landing = Landing.objects.filter(partner=partner, purpose=Purpose.RECRUITING,
                                         language=language).first()
        if landing is None:
            validate_body(body)
            landing = Landing.objects.create(
                partner=partner, purpose=Purpose.RECRUITING, language=language,
                title=text["title"], body=body, state=LandingState.PUBLISHED,
                published_at=now,
            )
        landings.append(landing)
    return landings
