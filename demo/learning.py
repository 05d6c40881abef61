"""Seeds the demo's learning: the courses, the knowledge base and the 90-day plan in
English, Russian and Ukrainian (texts in demo/learning_content.py), and demo partners at
different points of their first 90 days.

Idempotent like the rest of seed_demo: what exists is left as it is, what is missing is
added. Pages are created in English and translated as the other demo pages are
(`command.translate`: a copy for translation, published). A translated body has the same
block ids as the English one (questions and answers included), because quiz attempts are
keyed by them whichever language a partner reads the lesson in.
"""

import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from wagtail.blocks import StreamValue

from demo import learning_content as content
from demo.menus import add_to_menus
from learning import courses, gating, progress, quizzes, roster
from learning.models import (
    CoursePage,
    JourneyPlan,
    JourneyTask,
    JourneyTaskDone,
    KnowledgeArticlePage,
    KnowledgeBaseIndexPage,
    KnowledgeCategory,
    Learner,
    LearningIndexPage,
    LessonPage,
    StagePage,
)
from network import services as network_services
from network.models import Partner, PartnerStatus

IDS = uuid.UUID("5d1f0c1e-7a51-4d52-9a0e-0d0e1ea4a1e7")  # namespace of the demo's block ids
TRANSLATIONS = ("ru", "uk")
DEMO_PARTNER = "partner@downline.demo"


def block_id(*parts):
    return str(uuid.uuid5(IDS, "/".join(str(part) for part in parts)))


def localized(value, language):
    """`value` with every t(en, ru, uk) replaced by its text in `language`."""
    if isinstance(value, dict) and set(value) == set(content.LANGUAGES):
        return value[language]
    if isinstance(value, dict):
        return {key: localized(item, language) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localized(item, language) for item in value]
    return value


def _items(values, prefix):
    """A ListBlock's raw items, each with its own id."""
    return [{"type": "item", "value": value, "id": block_id(prefix, number)}
            for number, value in enumerate(values)]


def raw_body(blocks, language, prefix):
    """A stream's raw JSON in `language`; the ids depend on `prefix` and position only."""
    raw = []
    for number, (kind, value) in enumerate(blocks):
        this = f"{prefix}/{number}"
        value = localized(value, language)
        if kind == "checklist":
            value = dict(value, items=_items(value["items"], this))
        elif kind == "quiz":
            questions = []
            for index, question in enumerate(value["questions"]):
                answers = [{"text": text, "correct": correct}
                           for text, correct in question["answers"]]
                questions.append(dict(question, answers=_items(answers, f"{this}/{index}")))
            value = dict(value, questions=_items(questions, this))
        raw.append({"type": kind, "value": value, "id": block_id(this)})
    return raw


def same_ids(target, source):
    """Give `target` (a raw stream in another language) the block ids of `source` (the
    English page's), item by item, wherever the two have the same shape."""
    if isinstance(target, dict) and isinstance(source, dict):
        if "id" in target and "id" in source:
            target["id"] = source["id"]
        for key, value in target.items():
            if key != "id" and key in source:
                same_ids(value, source[key])
    elif isinstance(target, list) and isinstance(source, list) and len(target) == len(source):
        for mine, theirs in zip(target, source, strict=True):
            same_ids(mine, theirs)
    return target


def stream(model, raw):
    """A raw stream as the page's StreamField value, ids and all."""
    return StreamValue(model._meta.get_field("body").stream_block, raw, is_lazy=True)


class Seeder:
    """One run of the learning seed, on top of seed_demo's command (its locales and its
    `translate`)."""

    def __init__(self, command):
        self.command = command
        self.locales = command.locales
        self.en = self.locales["en"]

    def page(self, parent, model, slug, texts, **fields):
        """The English page `slug` under `parent` (created if missing) and its
        translations; `texts(language)` gives the translated fields."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **texts("en"), **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
            page.refresh_from_db()
        for language in TRANSLATIONS:
            if page.get_translation_or_none(self.locales[language]) is None:
                self.command.translate(page, language, **texts(language))
        return page

    def translation(self, page, language):
        return page if language == "en" else page.get_translation(self.locales[language]).specific

    # --- knowledge base ------------------------------------------------------------
    def categories(self):
        found = {}
        for slug, names in content.KB_CATEGORIES.items():
            category = KnowledgeCategory.objects.filter(slug=slug, locale=self.en).first()
            if category is None:
                category = KnowledgeCategory.objects.create(slug=slug, name=names["en"],
                                                            locale=self.en)
            found[slug] = {"en": category}
            for language in TRANSLATIONS:
                translated = category.get_translation_or_none(self.locales[language])
                if translated is None:
                    translated = category.copy_for_translation(self.locales[language])
                    translated.name = names[language]
                    translated.save()
                found[slug][language] = translated
        return found

    def knowledge_base(self, home):
        categories = self.categories()
        data = content.KNOWLEDGE_BASE
        index = self.page(home, KnowledgeBaseIndexPage, data["slug"], lambda language: {
            "title": data["title"][language], "intro": data["intro"][language]})
        add_to_menus(index, titles=data["menu_title"])
        articles = {}
        for article in content.KB_ARTICLES:
            def texts(language, article=article):
                blocks = [("paragraph", text) for text in article["paragraphs"]]
                return {
                    "title": article["title"][language],
                    "summary": article["summary"][language],
                    "body": stream(KnowledgeArticlePage,
                                   raw_body(blocks, language, f"kb/{article['slug']}")),
                    "categories": [categories[slug][language]
                                   for slug in article["categories"]],
                }
            articles[article["slug"]] = self.page(index, KnowledgeArticlePage,
                                                  article["slug"], texts)
        return articles

    # --- courses -------------------------------------------------------------------
    def courses(self, home, articles):
        data = content.LEARNING_INDEX
        index = self.page(home, LearningIndexPage, data["slug"], lambda language: {
            "title": data["title"][language], "intro": data["intro"][language]})
        pages = {}
        for course in content.COURSES:
            course_page = self.page(
                index, CoursePage, course["slug"],
                lambda language, course=course: {
                    "title": course["title"][language], "summary": course["summary"][language]},
                audience=course["audience"], mandatory=course["mandatory"],
                estimated_minutes=course["minutes"],
            )
            pages[course["slug"]] = course_page
            for stage in course["stages"]:
                stage_page = self.page(
                    course_page, StagePage, stage["slug"],
                    lambda language, stage=stage: {
                        "title": stage["title"][language], "intro": stage["intro"][language]},
                    requires_achievement=stage["requires"], opens_after_days=0,
                )
                pages[stage["slug"]] = stage_page
                for lesson in stage["lessons"]:
                    pages[lesson["slug"]] = self.lesson(stage_page, lesson, articles)
        return pages

    def lesson(self, stage_page, lesson, articles):
        slug = lesson["slug"]

        def texts(language):
            body = raw_body(lesson["body"], language, f"lesson/{slug}")
            if language != "en":
                english = LessonPage.objects.child_of(stage_page).get(slug=slug)
                body = same_ids(body, english.body.get_prep_value())
            return {
                "title": lesson["title"][language], "summary": lesson["summary"][language],
                "body": stream(LessonPage, body),
                "related_articles": [self.translation(articles[name], language)
                                     for name in lesson["articles"]],
            }

        return self.page(stage_page, LessonPage, slug, texts,
                         estimated_minutes=lesson["minutes"])

    # --- the 90-day plan -----------------------------------------------------------
    def journey(self, pages):
        data = content.JOURNEY
        plan = JourneyPlan.objects.filter(locale=self.en, name=data["name"]["en"]).first()
        tasks = sorted(data["tasks"], key=lambda task: task["day"])
        if plan is None:
            plan = JourneyPlan(locale=self.en, name=data["name"]["en"], active=True,
                               welcome=data["welcome"]["en"])
            for order, task in enumerate(tasks):
                plan.tasks.add(JourneyTask(
                    locale=self.en, sort_order=order, key=task["key"], day=task["day"],
                    title=task["title"]["en"], description=task["description"]["en"],
                    checked_by=task["checked_by"], action=task["action"],
                    first_goal=task["first_goal"],
                    lesson=pages[task["lesson"]].page_ptr if task["lesson"] else None,
                ))
            plan.save()
        by_key = {task["key"]: task for task in tasks}
        for language in TRANSLATIONS:
            locale = self.locales[language]
            if plan.get_translation_or_none(locale) is not None:
                continue
            translated = plan.copy_for_translation(locale)
            translated.name = data["name"][language]
            translated.welcome = data["welcome"][language]
            for task in translated.tasks.all():
                task.title = by_key[task.key]["title"][language]
                task.description = by_key[task.key]["description"][language]
            translated.save()
        return plan


def seed_learning(command, home):
    """The knowledge base, the courses and the 90-day plan under the English home page,
    each in English, Russian and Ukrainian. Returns {slug: English page}."""
    seeder = Seeder(command)
    articles = seeder.knowledge_base(home)
    pages = seeder.courses(home, articles)
    seeder.journey(pages)
    return dict(articles, **pages)


# --- demo learners ---------------------------------------------------------------------

# What a partner on a given day has typically done: the lessons of "Start in 7 days"
# (counted in order) and the 90-day tasks, each with the day it was done on. The stuck
# newcomer did their first day's work and nothing since.
PROGRESS_BY_DAY = {
    2: {"lessons": [(1, 3), (2, 1)], "tasks": [
        ("complete-profile", 1), ("first-lesson", 1), ("meet-your-sponsor", 1),
        ("publish-landing", 2)]},
    6: {"lessons": [(1, 4)], "tasks": [
        ("complete-profile", 1), ("first-lesson", 1)]},
    20: {"lessons": [(1, 3), (2, 3), (3, 4), (4, 3)], "products": (19, 2), "tasks": [
        ("complete-profile", 1), ("first-lesson", 1), ("meet-your-sponsor", 1),
        ("publish-landing", 2), ("understand-the-plan", 2), ("share-link", 3),
        ("list-of-30", 3), ("first-lead", 3), ("first-order", 4),
        ("finish-start-course", 4)]},
    80: {"lessons": [(1, 4), (2, 3), (3, 3), (4, 3)], "products": (12, 4), "tasks": [
        ("complete-profile", 1), ("first-lesson", 1), ("meet-your-sponsor", 1),
        ("publish-landing", 2), ("understand-the-plan", 2), ("share-link", 2),
        ("list-of-30", 3), ("first-lead", 3), ("first-order", 5),
        ("finish-start-course", 4), ("know-the-products", 12), ("first-partner", 19),
        ("month-review", 31), ("first-bonus", 36), ("partner-first-order", 58),
        ("plan-next-quarter", 79)]},
}
# The demo partner (long past their first 90 days): half-way through "Start in 7 days",
# the first two stages passed and the third begun, a week ago.
DEMO_PARTNER_LESSONS = [(1, 3), (2, 3), (3, 1)]
# A newcomer joined this long before the present moment on their day (so all they did
# on the day, which starts then, lies in the past); lessons are done some minutes apart.
JOINED_HOURS_AGO = 3
LESSON_MINUTES = 25
TASK_OFFSET = timedelta(hours=2, minutes=30)


def _lesson_pages(course):
    """The English course's lessons, in order."""
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def _open(partner, page, now):
    """The lesson as the partner's, whatever the course's audience (progress.open_lesson
    also refuses a course that is not for them: the demo partner is no newcomer)."""
    course, stage, lesson = courses.find_lesson(page.pk)
    state = gating.course_state(partner, course, gating.progress_of(partner, [course.key]),
                                now)
    return progress.OpenLesson(course, stage, lesson, state)


def _right_answers(quiz):
    return {question_id: sorted(quizzes.correct_ids(question))
            for question_id, question in quiz.questions}


def _wrong_answers(quiz):
    """Right except the first question, answered wrong: a failed attempt."""
    answers = _right_answers(quiz)
    question_id, question = quiz.questions[0]
    answers[question_id] = [answer for answer in quizzes.answer_ids(question)
                            if answer not in quizzes.correct_ids(question)][:1]
    return answers


def learn(partner, lessons, moments, fail_first_quiz=False):
    """Complete `lessons` (LessonPages, in order) at `moments`, passing each quiz through
    the quiz service (a failed attempt first on the first quiz when asked). Repeatable:
    a done lesson and a submitted attempt are not done again."""
    failed = not fail_first_quiz
    for page, moment in zip(lessons, moments, strict=True):
        opened = _open(partner, page, moment)
        if opened.lesson_state.locked:
            break
        if not opened.lesson.has_quiz:
            progress.start_lesson(partner, opened, now=moment)
            progress.complete_lesson(partner, opened, now=moment)
            continue
        quiz = quizzes.Quiz.of(opened.page())
        if not failed:
            failed = True
            quizzes.submit_attempt(
                partner, opened, _wrong_answers(quiz), now=moment - timedelta(minutes=20),
                submission=uuid.uuid5(IDS, f"{partner.pk}/{page.pk}/fail"))
        quizzes.submit_attempt(partner, opened, _right_answers(quiz), now=moment,
                               submission=uuid.uuid5(IDS, f"{partner.pk}/{page.pk}/pass"))


def moments(start, days):
    """One moment per lesson: `days` is [(day, how many lessons that day)], day 1 being
    the one that begins at `start`; none later than now."""
    result = []
    latest = timezone.now()
    for day, count in days:
        base = start + timedelta(days=day - 1, minutes=30)
        result += [min(base + timedelta(minutes=LESSON_MINUTES * number), latest)
                   for number in range(count)]
    return result


def task_moment(start, day):
    return min(start + timedelta(days=day - 1) + TASK_OFFSET, timezone.now())


def joined_moment(now, day):
    """When a newcomer now on their `day` joined: JOINED_HOURS_AGO before this moment of
    that calendar day, or the day's first minute when today began less long ago (just
    after midnight the newcomer is still on `day`, not the next)."""
    local = timezone.localtime(now)
    since_midnight = local - local.replace(hour=0, minute=0, second=0, microsecond=0)
    return now - timedelta(days=day - 1) - min(timedelta(hours=JOINED_HOURS_AGO),
                                                since_midnight)


def tick_tasks(partner, plan, done, joined):
    """The 90-day tasks done, each on its day; the Learner's counters follow."""
    automatic = {task.key: task.checked_by != "manual" for task in plan.tasks.all()}
    goal = plan.tasks.filter(first_goal=True).first()
    added = 0
    for key, day in done:
        moment = task_moment(joined, day)
        _row, created = JourneyTaskDone.objects.get_or_create(
            partner=partner, task_key=key,
            defaults={"done_at": moment, "automatic": automatic.get(key, False)})
        added += created
        if created and goal is not None and key == goal.key:
            Learner.objects.filter(pk=partner.pk).update(first_goal_at=moment)
    if added:
        Learner.objects.filter(pk=partner.pk).update(tasks_done=F("tasks_done") + added)


def _newcomer(sponsor, email, first, last, phone, telegram, joined):
    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        user = user_model.objects.create_user(email=email, password=None, first_name=first,
                                              last_name=last)
        EmailAddress.objects.get_or_create(user=user, email=email,
                                           defaults={"verified": True, "primary": True})
    partner = Partner.objects.filter(user=user).first()
    if partner is not None:
        return partner, False
    partner = network_services.enrol(user, sponsor, display_name=f"{first} {last}")
    partner.joined_at, partner.status = joined, PartnerStatus.ACTIVE
    partner.phone, partner.telegram = phone, telegram
    partner.save(update_fields=["joined_at", "status", "phone", "telegram"])
    return partner, True


def seed_learners(command=None, now=None):
    """The demo partner half-way through "Start in 7 days", and newcomers they sponsored
    on days 2, 6, 20 and 80 of their first 90 days (the one on day 6 stuck since day 1),
    with the progress their day suggests. Nothing happens without the demo partner or the
    seeded course; newcomers already there are left as they are."""
    now = now or timezone.now()
    sponsor = Partner.objects.filter(user__email=DEMO_PARTNER).first()
    start = CoursePage.objects.filter(locale__language_code="en",
                                      slug=content.START_COURSE["slug"]).first()
    products = CoursePage.objects.filter(locale__language_code="en",
                                         slug=content.PRODUCT_COURSE["slug"]).first()
    plan = JourneyPlan.objects.filter(locale__language_code="en",
                                      name=content.JOURNEY["name"]["en"]).first()
    if sponsor is None or start is None:
        return []
    lessons = _lesson_pages(start)
    if not Learner.objects.filter(partner=sponsor, last_activity_at__isnull=False).exists():
        week_ago = now - timedelta(days=7, hours=JOINED_HOURS_AGO)
        days = [(day, count) for day, count in DEMO_PARTNER_LESSONS]
        count = sum(count for _day, count in days)
        learn(sponsor, lessons[:count], moments(week_ago, days))
    created = []
    for email, first, last, phone, telegram, day, _stuck in content.NEWCOMERS:
        joined = joined_moment(now, day)
        partner, new = _newcomer(sponsor, email, first, last, phone, telegram, joined)
        if not new:
            continue
        created.append(partner)
        plan_of_day = PROGRESS_BY_DAY[day]
        count = sum(count for _day, count in plan_of_day["lessons"])
        learn(partner, lessons[:count], moments(joined, plan_of_day["lessons"]),
              fail_first_quiz=day in (6, 20))
        if products is not None and plan_of_day.get("products"):
            product_day, product_count = plan_of_day["products"]
            learn(partner, _lesson_pages(products)[:product_count],
                  moments(joined, [(product_day, product_count)]))
        roster.ensure(partner)
        if plan is not None:
            tick_tasks(partner, plan, plan_of_day["tasks"], joined)
        # Their last activity: the last thing they did (the stuck one: on their first day).
        last = max(moments(joined, plan_of_day["lessons"])
                   + [task_moment(joined, task_day) for _key, task_day in plan_of_day["tasks"]])
        if plan_of_day.get("products"):
            last = max(last, *moments(joined, [plan_of_day["products"]]))
        Learner.objects.filter(pk=partner.pk).update(last_activity_at=last)
    if command is not None and created:
        command.stdout.write(f"Demo learners: {len(created)} newcomers of {DEMO_PARTNER}")
    return created



FIRST_GOAL_SHARE = 0.45  # of the network's partners, reached a few days after joining
FIRST_GOAL_DAYS = (1.0, 8.0)  # from joining: most within the plan's five days, some later


def seed_first_goals(now=None, seed=2026):
    """The first goal for the demo network's partners, so the first-90-days cohorts have
    something to show: about 45% of the partners who have no learning record yet reach it
    1 to 8 days after joining (about two thirds of those by day 5), their last step in
    learning that day. The same partners and moments for the same seed (each partner's
    chance is their own, so seeding again adds nobody); partners with a record (the demo
    partner, their newcomers) are left as they are. Returns how many."""
    import random

    now = now or timezone.now()
    rows = []
    # No learning record: no Learner row, or only the roster's (made when they enrolled)
    untouched = Q(learner__isnull=True) | Q(
        learner__last_activity_at__isnull=True, learner__first_goal_at__isnull=True,
        learner__tasks_done=0, learner__lessons_done=0)
    partners = (Partner.objects.filter(untouched, is_company=False)
                .order_by("pk").values_list("pk", "joined_at"))
    for pk, joined_at in partners:
        chance = random.Random(f"{seed}-{pk}")  # each partner's own: seeding again adds none
        if chance.random() >= FIRST_GOAL_SHARE:
            continue
        reached = joined_at + timedelta(days=chance.uniform(*FIRST_GOAL_DAYS))
        if reached < now:
            rows.append(Learner(partner_id=pk, first_goal_at=reached, last_activity_at=reached,
                                tasks_done=chance.randint(2, 5)))
    roster.ensure_many([row.partner_id for row in rows])
    Learner.objects.bulk_update(rows, ["first_goal_at", "last_activity_at", "tasks_done"],
                                batch_size=1000)
    return len(rows)
