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
