"""The demo's learning content in English, Russian and Ukrainian: the "Start in 7 days"
onboarding course, the product course, the knowledge base and the 90-day plan.

Pure data, read by demo/learning.py. Every text is a `t(en, ru, uk)` so a reviewer reads
the three languages side by side. A lesson's body is a list of (block type, value) in the
lesson block library's shapes (learning/blocks.py), with texts as `t(...)`; the seed writes
each language's body with the same block ids, so a quiz's questions and answers are the
same items in every language. The marketing-plan lessons quote the demo's own plan
(../shared/reference-plan/plan.json, published by demo/history.py with its rank bonuses).
"""

LANGUAGES = ("en", "ru", "uk")


def t(en, ru, uk):
    return {"en": en, "ru": ru, "uk": uk}


def paragraph(en, ru, uk):
    return ("paragraph", t(en, ru, uk))


def heading(en, ru, uk):
    return ("heading", {"text": t(en, ru, uk), "level": "h3"})


def quote(text, author):
    return ("quote", {"text": text, "author": author})


def checklist(title, *items):
    return ("checklist", {"title": title, "items": list(items)})


def video(url, title):
    return ("video", {"url": url, "video": None, "poster": None, "title": title})


def cabinet_action(action, title, text, button):
    return ("cabinet_action", {"title": title, "text": text, "action": action,
                               "button_label": button})


def single(text, answers, explanation):
    """A single-choice question; `answers` are (text, correct) pairs."""
    return {"kind": "single", "text": text, "answers": answers, "is_true": False,
            "explanation": explanation}


def multiple(text, answers, explanation):
    return {"kind": "multiple", "text": text, "answers": answers, "is_true": False,
            "explanation": explanation}


def true_false(text, is_true, explanation):
    return {"kind": "true_false", "text": text, "answers": [], "is_true": is_true,
            "explanation": explanation}


def quiz(title, *questions, pass_mark=80):
    return ("quiz", {"title": title, "pass_mark": pass_mark, "attempts_allowed": 3,
                     "shuffle": True, "questions": list(questions)})


RIGHT, WRONG = True, False

LEARNING_INDEX = {
    "slug": "learning",
    "title": t("Learning", "Обучение", "Навчання"),
    "intro": t(
        "Courses for Downline Naturals partners: start with “Start in 7 days”.",
        "Курсы для партнёров Downline Naturals: начните с «Старт за 7 дней».",
        "Курси для партнерів Downline Naturals: почніть зі «Старт за 7 днів».",
    ),
}

KNOWLEDGE_BASE = {
    "slug": "help",
    "title": t("Knowledge base", "База знаний", "База знань"),
    # its item in the site's main menu
    "menu_title": t("Help", "Помощь", "Допомога"),
    "intro": t(
        "Short answers to the questions partners ask most: orders, payouts, landings and "
        "the team.",
        "Короткие ответы на вопросы, которые партнёры задают чаще всего: заказы, выплаты, "
        "лендинги и команда.",
        "Короткі відповіді на запитання, які партнери ставлять найчастіше: замовлення, "
        "виплати, лендинги і команда.",
    ),
}

# --- "Start in 7 days" ---------------------------------------------------------------

START_COURSE = {
    "slug": "start-in-7-days",
    "audience": "newcomers",
    "mandatory": True,
    "minutes": 110,
    "title": t("Start in 7 days", "Старт за 7 дней", "Старт за 7 днів"),
    "summary": t(
        "Your first week with Downline Naturals, one short step a day: the company and its "
        "products, how you are paid, your link and landing, your first customer and your "
        "first partner.",
        "Ваша первая неделя в Downline Naturals, по короткому шагу в день: компания и "
        "продукты, как вам платят, ваша ссылка и лендинг, первый клиент и первый партнёр.",
        "Ваш перший тиждень у Downline Naturals, по короткому кроку на день: компанія і "
        "продукти, як вам платять, ваше посилання і лендинг, перший клієнт і перший партнер.",
    ),
    "stages": [],
}

STAGE_COMPANY = {
    "slug": "about-the-company",
    "requires": "",
    "title": t("About the company and products", "О компании и продуктах",
               "Про компанію і продукти"),
    "intro": t(
        "Who we are, what we make and why people buy it again.",
        "Кто мы, что производим и почему это покупают снова.",
        "Хто ми, що виробляємо і чому це купують знову.",
    ),
    "lessons": [
        {
            "slug": "welcome-to-downline-naturals",
            "minutes": 5,
            "articles": ["how-an-order-reaches-your-customer"],
            "title": t("Welcome to Downline Naturals", "Добро пожаловать в Downline Naturals",
                       "Ласкаво просимо до Downline Naturals"),
            "summary": t(
                "The company in five minutes: where it comes from and what you can build "
                "with it.",
                "Компания за пять минут: откуда она и что вы можете с ней построить.",
                "Компанія за п'ять хвилин: звідки вона і що ви можете з нею збудувати.",
            ),
            "body": [
                paragraph(
                    "<p>Downline Naturals has made plant-based wellness products since 2012. "
                    "We work with family farms in the Carpathians, process every harvest in "
                    "our own laboratory in Kyiv and sell only through partners like you: "
                    "people who use the products themselves and recommend them to people "
                    "they know.</p>",
                    "<p>Downline Naturals производит растительные продукты для здоровья с 2012 "
                    "года. Мы работаем с семейными фермами в Карпатах, перерабатываем каждый "
                    "урожай в собственной лаборатории в Киеве и продаём только через "
                    "партнёров — таких, как вы: людей, которые сами пользуются продуктами и "
                    "советуют их знакомым.</p>",
                    "<p>Downline Naturals виробляє рослинні продукти для здоров'я з 2012 року. "
                    "Ми працюємо з сімейними фермами в Карпатах, переробляємо кожен урожай у "
                    "власній лабораторії в Києві і продаємо лише через партнерів — таких, як "
                    "ви: людей, які самі користуються продуктами й радять їх знайомим.</p>",
                ),
                paragraph(
                    "<p>This course takes about fifteen minutes a day for a week. Each stage "
                    "ends with a short quiz; pass it and the next stage opens. By the end you "
                    "will have a published landing, your first customer in sight and a clear "
                    "idea of how your first partner joins.</p>",
                    "<p>Курс занимает около пятнадцати минут в день в течение недели. Каждый "
                    "этап заканчивается коротким тестом: сдали — открывается следующий. К "
                    "концу недели у вас будет опубликованный лендинг, первый клиент на "
                    "горизонте и понятный план, как к вам присоединится первый партнёр.</p>",
                    "<p>Курс забирає близько п'ятнадцяти хвилин на день протягом тижня. "
                    "Кожен етап закінчується коротким тестом: склали — відкривається "
                    "наступний. Наприкінці тижня у вас буде опублікований лендинг, перший "
                    "клієнт на обрії і зрозумілий план, як до вас приєднається перший "
                    "партнер.</p>",
                ),
                video(
                    "https://www.youtube.com/watch?v=Dn7sTart01a",
                    t("A message from our founders", "Обращение основателей компании",
                      "Звернення засновників компанії"),
                ),
                checklist(
                    t("Before you move on", "Прежде чем идти дальше", "Перш ніж іти далі"),
                    t("Sign in to your cabinet on your phone as well as your computer",
                      "Войдите в кабинет и с телефона, и с компьютера",
                      "Увійдіть до кабінету і з телефона, і з комп'ютера"),
                    t("Find your sponsor's contacts on the cabinet overview",
                      "Найдите контакты своего спонсора на главной странице кабинета",
                      "Знайдіть контакти свого спонсора на головній сторінці кабінету"),
                    t("Agree with your sponsor on a time for a short call this week",
                      "Договоритесь со спонсором о коротком созвоне на этой неделе",
                      "Домовтеся зі спонсором про короткий дзвінок цього тижня"),
                ),
            ],
        },
        {
            "slug": "our-products",
            "minutes": 8,
            "articles": ["how-an-order-reaches-your-customer", "returns-and-refunds"],
            "title": t("Our products and who they are for", "Наши продукты и для кого они",
                       "Наші продукти і для кого вони"),
            "summary": t(
                "The range in four families, and the three products most customers start "
                "with.",
                "Ассортимент в четырёх группах и три продукта, с которых начинает "
                "большинство клиентов.",
                "Асортимент у чотирьох групах і три продукти, з яких починає більшість "
                "клієнтів.",
            ),
            "body": [
                paragraph(
                    "<p>Our range is small on purpose, so that you can know every product "
                    "well. It falls into four families:</p><ul><li><b>Nutrition</b>: Protein "
                    "Shake (vanilla or chocolate), Protein Bars, Daily Greens.</li>"
                    "<li><b>Supplements</b>: Omega-3 1000 mg, Vitamin D3 + K2, Marine "
                    "Collagen.</li><li><b>Calm and sleep</b>: Herbal Evening Tea.</li>"
                    "<li><b>Skin care</b>: the Aloe Skin Care Set.</li></ul>",
                    "<p>Ассортимент у нас намеренно небольшой, чтобы вы знали каждый продукт "
                    "досконально. Он делится на четыре группы:</p><ul><li><b>Питание</b>: "
                    "протеиновый коктейль (ваниль или шоколад), протеиновые батончики, Daily "
                    "Greens.</li><li><b>Добавки</b>: Омега-3 1000 мг, витамин D3 + K2, "
                    "морской коллаген.</li><li><b>Спокойствие и сон</b>: травяной вечерний "
                    "чай.</li><li><b>Уход за кожей</b>: набор с алоэ.</li></ul>",
                    "<p>Асортимент у нас навмисно невеликий, щоб ви знали кожен продукт "
                    "досконало. Він поділяється на чотири групи:</p><ul><li><b>Харчування</b>: "
                    "протеїновий коктейль (ваніль або шоколад), протеїнові батончики, Daily "
                    "Greens.</li><li><b>Добавки</b>: Омега-3 1000 мг, вітамін D3 + K2, "
                    "морський колаген.</li><li><b>Спокій і сон</b>: трав'яний вечірній "
                    "чай.</li><li><b>Догляд за шкірою</b>: набір з алое.</li></ul>",
                ),
                paragraph(
                    "<p>Most customers start with one of three: the Protein Shake for a "
                    "quick breakfast, Daily Greens for people who eat too few vegetables, or "
                    "the Herbal Evening Tea for those who sleep badly. Ask what bothers "
                    "someone first, then suggest one product, not the whole catalogue.</p>",
                    "<p>Большинство клиентов начинают с одного из трёх: протеинового коктейля "
                    "для быстрого завтрака, Daily Greens — для тех, кто ест мало овощей, или "
                    "вечернего чая — для тех, кто плохо спит. Сначала спросите, что человека "
                    "беспокоит, и предложите один продукт, а не весь каталог.</p>",
                    "<p>Більшість клієнтів починають з одного з трьох: протеїнового коктейлю "
                    "для швидкого сніданку, Daily Greens — для тих, хто їсть мало овочів, або "
                    "вечірнього чаю — для тих, хто погано спить. Спершу запитайте, що людину "
                    "турбує, і запропонуйте один продукт, а не весь каталог.</p>",
                ),
                paragraph(
                    "<p>Our products are food and cosmetics, not medicine. Never promise "
                    "that a product cures or prevents an illness: it is untrue, it is "
                    "against the law in every country we work in, and customers trust you "
                    "more when you talk about how <i>you</i> use a product.</p>",
                    "<p>Наши продукты — это питание и косметика, а не лекарства. Никогда не "
                    "обещайте, что продукт лечит или предотвращает болезнь: это неправда, "
                    "это запрещено законом во всех странах, где мы работаем, а клиенты "
                    "больше доверяют, когда вы рассказываете, как пользуетесь продуктом "
                    "<i>сами</i>.</p>",
                    "<p>Наші продукти — це харчування і косметика, а не ліки. Ніколи не "
                    "обіцяйте, що продукт лікує чи запобігає хворобі: це неправда, це "
                    "заборонено законом у всіх країнах, де ми працюємо, а клієнти більше "
                    "довіряють, коли ви розповідаєте, як користуєтеся продуктом "
                    "<i>самі</i>.</p>",
                ),
            ],
        },
        {
            "slug": "your-starter-kit",
            "minutes": 6,
            "articles": ["how-an-order-reaches-your-customer"],
            "title": t("Your Starter Kit", "Ваш стартовый набор", "Ваш стартовий набір"),
            "summary": t(
                "What is in the kit, why it counts as your first month's volume, and a "
                "quiz on the stage.",
                "Что входит в набор, почему он засчитывается в объём первого месяца, и "
                "тест по этапу.",
                "Що входить до набору, чому він зараховується в обсяг першого місяця, і "
                "тест за етапом.",
            ),
            "body": [
                paragraph(
                    "<p>The Starter Kit (€99, 100 PV) holds a Protein Shake, Daily Greens, "
                    "the Herbal Evening Tea and a printed product guide. It is not a fee: it "
                    "is a box of products you will use and show, and its 100 PV make you an "
                    "<b>active</b> partner for the month you buy it in.</p>",
                    "<p>Стартовый набор (99 €, 100 PV) — это протеиновый коктейль, Daily "
                    "Greens, вечерний травяной чай и печатный гид по продуктам. Это не "
                    "взнос, а коробка продуктов, которыми вы будете пользоваться и которые "
                    "будете показывать, а его 100 PV делают вас <b>активным</b> партнёром в "
                    "месяце покупки.</p>",
                    "<p>Стартовий набір (99 €, 100 PV) — це протеїновий коктейль, Daily "
                    "Greens, вечірній трав'яний чай і друкований гід з продуктів. Це не "
                    "внесок, а коробка продуктів, якими ви користуватиметеся і які "
                    "показуватимете, а його 100 PV роблять вас <b>активним</b> партнером у "
                    "місяці купівлі.</p>",
                ),
                paragraph(
                    "<p>Use the products yourself for the first two weeks. Take a photo of "
                    "your breakfast shake, note how you sleep after the evening tea. Your "
                    "own short story is the best thing you will ever share.</p>",
                    "<p>Первые две недели пользуйтесь продуктами сами. Сфотографируйте свой "
                    "утренний коктейль, заметьте, как спите после вечернего чая. Ваша "
                    "собственная короткая история — лучшее, чем вы когда-либо поделитесь.</p>",
                    "<p>Перші два тижні користуйтеся продуктами самі. Сфотографуйте свій "
                    "ранковий коктейль, помітьте, як спите після вечірнього чаю. Ваша власна "
                    "коротка історія — найкраще, чим ви будь-коли поділитеся.</p>",
                ),
                quiz(
                    t("Check yourself: the company and products",
                      "Проверьте себя: компания и продукты",
                      "Перевірте себе: компанія і продукти"),
                    single(
                        t("A friend says she sleeps badly. What do you suggest first?",
                          "Подруга жалуется, что плохо спит. Что вы предложите первым?",
                          "Подруга скаржиться, що погано спить. Що ви запропонуєте першим?"),
                        [
                            (t("The Herbal Evening Tea", "Вечерний травяной чай",
                               "Вечірній трав'яний чай"), RIGHT),
                            (t("The whole catalogue, so she can choose",
                               "Весь каталог, пусть выбирает",
                               "Увесь каталог, нехай обирає"), WRONG),
                            (t("Marine Collagen", "Морской коллаген", "Морський колаген"),
                             WRONG),
                        ],
                        t("One product that answers what bothers her: the evening tea. A "
                          "whole catalogue makes people put off the decision.",
                          "Один продукт под её запрос — вечерний чай. Целый каталог "
                          "заставляет откладывать решение.",
                          "Один продукт під її запит — вечірній чай. Цілий каталог змушує "
                          "відкладати рішення."),
                    ),
                    true_false(
                        t("You may tell a customer that Daily Greens prevents colds.",
                          "Можно сказать клиенту, что Daily Greens защищает от простуды.",
                          "Можна сказати клієнтові, що Daily Greens захищає від застуди."),
                        False,
                        t("False. Our products are food and cosmetics: no health claims. "
                          "Tell how you use them yourself instead.",
                          "Неверно. Наши продукты — питание и косметика, никаких "
                          "обещаний лечебного эффекта. Лучше расскажите, как пользуетесь "
                          "ими сами.",
                          "Неправильно. Наші продукти — харчування і косметика, жодних "
                          "обіцянок лікувального ефекту. Краще розкажіть, як "
                          "користуєтеся ними самі."),
                    ),
                    multiple(
                        t("What is in the Starter Kit?", "Что входит в стартовый набор?",
                          "Що входить до стартового набору?"),
                        [
                            (t("Protein Shake", "Протеиновый коктейль",
                               "Протеїновий коктейль"), RIGHT),
                            (t("Daily Greens", "Daily Greens", "Daily Greens"), RIGHT),
                            (t("Herbal Evening Tea", "Вечерний травяной чай",
                               "Вечірній трав'яний чай"), RIGHT),
                            (t("Aloe Skin Care Set", "Набор по уходу с алоэ",
                               "Набір для догляду з алое"), WRONG),
                        ],
                        t("The kit holds the shake, the greens, the tea and a product "
                          "guide; the skin care set is sold separately.",
                          "В наборе коктейль, Daily Greens, чай и гид по продуктам; набор с "
                          "алоэ продаётся отдельно.",
                          "У наборі коктейль, Daily Greens, чай і гід з продуктів; набір з "
                          "алое продається окремо."),
                    ),
                    single(
                        t("How many PV does the Starter Kit bring?",
                          "Сколько PV даёт стартовый набор?",
                          "Скільки PV дає стартовий набір?"),
                        [
                            (t("100 PV: enough to be active that month",
                               "100 PV — достаточно, чтобы быть активным в этом месяце",
                               "100 PV — достатньо, щоб бути активним цього місяця"), RIGHT),
                            (t("40 PV", "40 PV", "40 PV"), WRONG),
                            (t("None: it is a registration fee",
                               "Нисколько: это регистрационный взнос",
                               "Жодного: це реєстраційний внесок"), WRONG),
                        ],
                        t("The kit is 100 PV, exactly the personal volume the plan asks "
                          "for to be active in a month.",
                          "Набор — это 100 PV, ровно тот личный объём, который план "
                          "требует для активности в месяце.",
                          "Набір — це 100 PV, саме той особистий обсяг, якого план вимагає "
                          "для активності в місяці."),
                    ),
                ),
            ],
        },
    ],
}

STAGE_PLAN = {
    "slug": "the-marketing-plan",
    "requires": "",
    "title": t("The marketing plan explained", "Маркетинг-план простыми словами",
               "Маркетинг-план простими словами"),
    "intro": t(
        "Points, ranks and the five bonuses, with the plan's real figures.",
        "Баллы, ранги и пять бонусов — с реальными цифрами плана.",
        "Бали, ранги і п'ять бонусів — зі справжніми цифрами плану.",
    ),
    "lessons": [
        {
            "slug": "volume-activity-and-ranks",
            "minutes": 8,
            "articles": ["when-bonuses-are-paid"],
            "title": t("Volume, activity and ranks", "Объём, активность и ранги",
                       "Обсяг, активність і ранги"),
            "summary": t(
                "PV and GV, the 100 PV that make you active, and what each rank asks for.",
                "PV и GV, 100 PV, которые делают вас активным, и что требует каждый ранг.",
                "PV і GV, 100 PV, що роблять вас активним, і чого вимагає кожен ранг.",
            ),
            "body": [
                paragraph(
                    "<p>Every product carries <b>points of volume (PV)</b>: the Protein "
                    "Shake 40 PV, Omega-3 25 PV, the Starter Kit 100 PV. Bonuses are "
                    "counted on points, one euro of bonus base per PV, so the plan works the "
                    "same in every currency. Your <b>PV</b> is the volume of your own orders "
                    "in a calendar month; your <b>GV</b> (group volume) is your PV plus the "
                    "PV of everyone below you in your sponsor tree.</p>",
                    "<p>У каждого продукта есть <b>баллы объёма (PV)</b>: протеиновый "
                    "коктейль — 40 PV, Омега-3 — 25 PV, стартовый набор — 100 PV. Бонусы "
                    "считаются от баллов, один евро базы за PV, поэтому план одинаково "
                    "работает в любой валюте. Ваш <b>PV</b> — объём ваших собственных "
                    "заказов за календарный месяц; <b>GV</b> (групповой объём) — ваш PV "
                    "плюс PV всех, кто ниже вас в спонсорском дереве.</p>",
                    "<p>Кожен продукт має <b>бали обсягу (PV)</b>: протеїновий коктейль — "
                    "40 PV, Омега-3 — 25 PV, стартовий набір — 100 PV. Бонуси рахуються від "
                    "балів, один євро бази за PV, тому план однаково працює в будь-якій "
                    "валюті. Ваш <b>PV</b> — обсяг ваших власних замовлень за календарний "
                    "місяць; <b>GV</b> (груповий обсяг) — ваш PV плюс PV усіх, хто нижче "
                    "вас у спонсорському дереві.</p>",
                ),
                paragraph(
                    "<p>You are <b>active</b> in a month when your PV reaches <b>100</b>. "
                    "Only active partners are paid, so make 100 PV a monthly habit: the "
                    "products you use yourself usually cover it.</p>",
                    "<p>Вы <b>активны</b> в месяце, когда ваш PV достигает <b>100</b>. "
                    "Бонусы получают только активные партнёры, поэтому сделайте 100 PV "
                    "ежемесячной привычкой — обычно их покрывают продукты, которыми вы "
                    "пользуетесь сами.</p>",
                    "<p>Ви <b>активні</b> в місяці, коли ваш PV сягає <b>100</b>. Бонуси "
                    "отримують лише активні партнери, тож зробіть 100 PV щомісячною "
                    "звичкою — зазвичай їх покривають продукти, якими ви користуєтеся "
                    "самі.</p>",
                ),
                heading("The five ranks", "Пять рангов", "П'ять рангів"),
                paragraph(
                    "<ul><li><b>Member</b>: everyone starts here.</li><li><b>Consultant</b>: "
                    "100 PV. Unilevel paid on 2 levels.</li><li><b>Manager</b>: 100 PV and "
                    "1,000 GV. 4 levels.</li><li><b>Director</b>: 100 PV, 5,000 GV and two "
                    "personally sponsored legs each with a Manager in it. 6 levels.</li>"
                    "<li><b>Executive</b>: 100 PV, 20,000 GV and three legs each with a "
                    "Director. All 7 levels.</li></ul><p>Your rank is worked out again "
                    "every month from that month's figures.</p>",
                    "<ul><li><b>Участник</b>: с него начинают все.</li><li><b>Консультант</b>: "
                    "100 PV. Линейный бонус с 2 уровней.</li><li><b>Менеджер</b>: 100 PV и "
                    "1 000 GV. 4 уровня.</li><li><b>Директор</b>: 100 PV, 5 000 GV и две "
                    "лично приглашённые ветки, в каждой из которых есть Менеджер. "
                    "6 уровней.</li><li><b>Исполнительный директор</b>: 100 PV, 20 000 GV и "
                    "три ветки, в каждой — Директор. Все 7 уровней.</li></ul><p>Ранг "
                    "пересчитывается каждый месяц по цифрам этого месяца.</p>",
                    "<ul><li><b>Учасник</b>: з нього починають усі.</li><li><b>Консультант</b>: "
                    "100 PV. Лінійний бонус з 2 рівнів.</li><li><b>Менеджер</b>: 100 PV і "
                    "1 000 GV. 4 рівні.</li><li><b>Директор</b>: 100 PV, 5 000 GV і дві "
                    "особисто запрошені гілки, у кожній з яких є Менеджер. 6 рівнів.</li>"
                    "<li><b>Виконавчий директор</b>: 100 PV, 20 000 GV і три гілки, у "
                    "кожній — Директор. Усі 7 рівнів.</li></ul><p>Ранг перераховується "
                    "щомісяця за цифрами цього місяця.</p>",
                ),
                cabinet_action(
                    "cabinet:rank",
                    t("Where do you stand?", "Где вы сейчас?", "Де ви зараз?"),
                    t("Your rank card shows this month's PV and GV and what the next rank "
                      "still needs.",
                      "Карточка ранга показывает PV и GV этого месяца и чего не хватает до "
                      "следующего ранга.",
                      "Картка рангу показує PV і GV цього місяця і чого бракує до "
                      "наступного рангу."),
                    t("Open my rank", "Открыть мой ранг", "Відкрити мій ранг"),
                ),
            ],
        },
        {
            "slug": "fast-start-and-unilevel",
            "minutes": 8,
            "articles": ["when-bonuses-are-paid", "reading-your-earnings"],
            "title": t("Fast start and unilevel bonuses", "Быстрый старт и линейный бонус",
                       "Швидкий старт і лінійний бонус"),
            "summary": t(
                "The two bonuses a newcomer earns first, worked through with figures.",
                "Два бонуса, которые новичок получает первыми, — на примерах с цифрами.",
                "Два бонуси, які новачок отримує першими, — на прикладах з цифрами.",
            ),
            "body": [
                paragraph(
                    "<p><b>Fast start.</b> For 30 days after a partner joins, you as their "
                    "sponsor earn <b>20%</b> of the volume of every order they place, and "
                    "your own sponsor earns <b>5%</b>. When your new partner buys the "
                    "Starter Kit (100 PV) in their first week, you earn €20 at once.</p>",
                    "<p><b>Быстрый старт.</b> В течение 30 дней после регистрации партнёра "
                    "вы как его спонсор получаете <b>20%</b> объёма каждого его заказа, а "
                    "ваш спонсор — <b>5%</b>. Если новый партнёр в первую неделю покупает "
                    "стартовый набор (100 PV), вы сразу получаете 20 €.</p>",
                    "<p><b>Швидкий старт.</b> Протягом 30 днів після реєстрації партнера "
                    "ви як його спонсор отримуєте <b>20%</b> обсягу кожного його "
                    "замовлення, а ваш спонсор — <b>5%</b>. Якщо новий партнер у перший "
                    "тиждень купує стартовий набір (100 PV), ви одразу отримуєте 20 €.</p>",
                ),
                paragraph(
                    "<p><b>Unilevel.</b> On every order in your sponsor tree you earn a "
                    "percentage by level: <b>5%</b> on level 1, <b>5%</b> on level 2, "
                    "<b>4%</b> on 3, <b>3%</b> on 4, <b>2%</b> on 5 and <b>1%</b> on levels "
                    "6 and 7. How deep you are paid depends on your rank (2 levels for a "
                    "Consultant, up to 7 for an Executive).</p><p>Compression is dynamic: a "
                    "partner who is not active that month is skipped and uses no level, so "
                    "volume from deeper down moves up to you instead of being lost.</p>",
                    "<p><b>Линейный бонус (юнилевел).</b> С каждого заказа в вашем "
                    "спонсорском дереве вы получаете процент по уровню: <b>5%</b> с 1-го "
                    "уровня, <b>5%</b> со 2-го, <b>4%</b> с 3-го, <b>3%</b> с 4-го, "
                    "<b>2%</b> с 5-го и <b>1%</b> с 6-го и 7-го. На какую глубину вам "
                    "платят, зависит от ранга (2 уровня у Консультанта, до 7 у "
                    "Исполнительного директора).</p><p>Компрессия динамическая: неактивный "
                    "в этом месяце партнёр пропускается и не занимает уровень, поэтому "
                    "объём снизу поднимается к вам, а не теряется.</p>",
                    "<p><b>Лінійний бонус (юнілевел).</b> З кожного замовлення у вашому "
                    "спонсорському дереві ви отримуєте відсоток за рівнем: <b>5%</b> з 1-го "
                    "рівня, <b>5%</b> з 2-го, <b>4%</b> з 3-го, <b>3%</b> з 4-го, "
                    "<b>2%</b> з 5-го і <b>1%</b> з 6-го і 7-го. На яку глибину вам "
                    "платять, залежить від рангу (2 рівні у Консультанта, до 7 у "
                    "Виконавчого директора).</p><p>Компресія динамічна: неактивний цього "
                    "місяця партнер пропускається і не займає рівень, тому обсяг знизу "
                    "піднімається до вас, а не губиться.</p>",
                ),
                paragraph(
                    "<p>An example: you are a Consultant with four active partners on your "
                    "first level who each order 100 PV a month. That is 4 × 100 × 5% = "
                    "€20 a month of unilevel, before any fast-start bonus.</p>",
                    "<p>Пример: вы Консультант, и у вас на первом уровне четыре активных "
                    "партнёра, каждый заказывает на 100 PV в месяц. Это 4 × 100 × 5% = "
                    "20 € линейного бонуса в месяц, не считая быстрого старта.</p>",
                    "<p>Приклад: ви Консультант, і у вас на першому рівні чотири активні "
                    "партнери, кожен замовляє на 100 PV на місяць. Це 4 × 100 × 5% = "
                    "20 € лінійного бонусу на місяць, не рахуючи швидкого старту.</p>",
                ),
                video(
                    "https://www.youtube.com/watch?v=Pl4nEx9lKmQ",
                    t("The plan on one whiteboard", "План на одной доске",
                      "План на одній дошці"),
                ),
            ],
        },
        {
            "slug": "binary-matching-and-rank-bonuses",
            "minutes": 10,
            "articles": ["when-bonuses-are-paid", "reading-your-earnings"],
            "title": t("Binary, matching and rank bonuses",
                       "Бинар, мэтчинг и бонусы за ранг",
                       "Бінар, метчинг і бонуси за ранг"),
            "summary": t(
                "The bonuses that reward building a team, and the stage's quiz.",
                "Бонусы за построение команды и тест по этапу.",
                "Бонуси за побудову команди і тест за етапом.",
            ),
            "body": [
                paragraph(
                    "<p><b>Binary.</b> Besides your sponsor tree, every partner has a place "
                    "in a placement tree with a left and a right leg. Each month you earn "
                    "<b>10%</b> of the volume of your weaker leg, once you are active and "
                    "have at least one active partner you sponsored personally in each "
                    "leg. The binary bonus is capped by rank: €1,000 a month for a "
                    "Consultant, €2,500 for a Manager, €5,000 for a Director and €10,000 "
                    "for an Executive. Unpaired volume carries over to the next month, up "
                    "to 100,000 PV per leg.</p>",
                    "<p><b>Бинар.</b> Кроме спонсорского дерева, у каждого партнёра есть "
                    "место в дереве размещения с левой и правой ветками. Каждый месяц вы "
                    "получаете <b>10%</b> объёма слабой ветки — если вы активны и в каждой "
                    "ветке есть хотя бы один активный лично приглашённый вами партнёр. "
                    "Бинар ограничен по рангу: 1 000 € в месяц у Консультанта, 2 500 € у "
                    "Менеджера, 5 000 € у Директора и 10 000 € у Исполнительного "
                    "директора. Непарный объём переносится на следующий месяц, до "
                    "100 000 PV в каждой ветке.</p>",
                    "<p><b>Бінар.</b> Крім спонсорського дерева, кожен партнер має місце в "
                    "дереві розміщення з лівою і правою гілками. Щомісяця ви отримуєте "
                    "<b>10%</b> обсягу слабшої гілки — якщо ви активні і в кожній гілці є "
                    "принаймні один активний особисто запрошений вами партнер. Бінар "
                    "обмежений рангом: 1 000 € на місяць у Консультанта, 2 500 € у "
                    "Менеджера, 5 000 € у Директора і 10 000 € у Виконавчого директора. "
                    "Непарний обсяг переноситься на наступний місяць, до 100 000 PV у "
                    "кожній гілці.</p>",
                ),
                paragraph(
                    "<p><b>Matching.</b> Leaders are paid for developing leaders: a Manager "
                    "earns <b>10%</b> of the unilevel bonus of the partners they sponsored, "
                    "and a Director also <b>5%</b> of the next generation's.</p><p><b>Rank "
                    "bonuses.</b> The first time you reach a rank, a one-off bonus is "
                    "paid: <b>€100</b> for Manager, <b>€500</b> for Director and "
                    "<b>€2,000</b> for Executive.</p>",
                    "<p><b>Мэтчинг.</b> Лидерам платят за развитие лидеров: Менеджер "
                    "получает <b>10%</b> линейного бонуса лично приглашённых им партнёров, "
                    "а Директор — ещё <b>5%</b> со следующего поколения.</p><p><b>Бонусы "
                    "за ранг.</b> Когда вы впервые достигаете ранга, выплачивается разовый "
                    "бонус: <b>100 €</b> за Менеджера, <b>500 €</b> за Директора и "
                    "<b>2 000 €</b> за Исполнительного директора.</p>",
                    "<p><b>Метчинг.</b> Лідерам платять за розвиток лідерів: Менеджер "
                    "отримує <b>10%</b> лінійного бонусу особисто запрошених ним "
                    "партнерів, а Директор — ще <b>5%</b> з наступного покоління.</p>"
                    "<p><b>Бонуси за ранг.</b> Коли ви вперше досягаєте рангу, "
                    "виплачується разовий бонус: <b>100 €</b> за Менеджера, <b>500 €</b> за "
                    "Директора і <b>2 000 €</b> за Виконавчого директора.</p>",
                ),
                quote(
                    t("Nobody in this plan is paid for signing people up. Every euro comes "
                      "from products that someone actually bought.",
                      "В этом плане никому не платят за регистрацию людей. Каждый евро — "
                      "это продукты, которые кто-то действительно купил.",
                      "У цьому плані нікому не платять за реєстрацію людей. Кожен євро — "
                      "це продукти, які хтось справді купив."),
                    t("Olena Kovalenko, head of partner training",
                      "Елена Коваленко, руководитель обучения партнёров",
                      "Олена Коваленко, керівниця навчання партнерів"),
                ),
                quiz(
                    t("Check yourself: the marketing plan",
                      "Проверьте себя: маркетинг-план",
                      "Перевірте себе: маркетинг-план"),
                    single(
                        t("How much personal volume makes you active in a month?",
                          "Какой личный объём делает вас активным в месяце?",
                          "Який особистий обсяг робить вас активним у місяці?"),
                        [
                            (t("100 PV", "100 PV", "100 PV"), RIGHT),
                            (t("50 PV", "50 PV", "50 PV"), WRONG),
                            (t("1,000 GV", "1 000 GV", "1 000 GV"), WRONG),
                        ],
                        t("100 PV of your own orders in the calendar month. 1,000 GV is "
                          "one of the Manager's requirements.",
                          "100 PV собственных заказов за календарный месяц. 1 000 GV — одно "
                          "из требований ранга Менеджер.",
                          "100 PV власних замовлень за календарний місяць. 1 000 GV — одна "
                          "з вимог рангу Менеджер."),
                    ),
                    single(
                        t("Your new partner buys the Starter Kit (100 PV) on their third "
                          "day. What fast-start bonus do you earn?",
                          "Новый партнёр покупает стартовый набор (100 PV) на третий день. "
                          "Какой бонус быстрого старта получаете вы?",
                          "Новий партнер купує стартовий набір (100 PV) на третій день. "
                          "Який бонус швидкого старту отримуєте ви?"),
                        [
                            (t("€20", "20 €", "20 €"), RIGHT),
                            (t("€5", "5 €", "5 €"), WRONG),
                            (t("€10", "10 €", "10 €"), WRONG),
                        ],
                        t("The sponsor earns 20% of orders in the new partner's first 30 "
                          "days: 100 × 20% = €20. The 5% goes to your own sponsor.",
                          "Спонсор получает 20% от заказов в первые 30 дней нового "
                          "партнёра: 100 × 20% = 20 €. 5% получает ваш спонсор.",
                          "Спонсор отримує 20% від замовлень у перші 30 днів нового "
                          "партнера: 100 × 20% = 20 €. 5% отримує ваш спонсор."),
                    ),
                    multiple(
                        t("What does the Director rank require?",
                          "Что требуется для ранга Директор?",
                          "Що потрібно для рангу Директор?"),
                        [
                            (t("100 PV", "100 PV", "100 PV"), RIGHT),
                            (t("5,000 GV", "5 000 GV", "5 000 GV"), RIGHT),
                            (t("Two legs each with a Manager",
                               "Две ветки, в каждой — Менеджер",
                               "Дві гілки, у кожній — Менеджер"), RIGHT),
                            (t("Ten personally sponsored partners",
                               "Десять лично приглашённых партнёров",
                               "Десять особисто запрошених партнерів"), WRONG),
                        ],
                        t("A Director needs 100 PV, 5,000 GV and two personally sponsored "
                          "legs with a Manager in each; the plan never counts sign-ups.",
                          "Директору нужны 100 PV, 5 000 GV и две лично приглашённые "
                          "ветки с Менеджером в каждой; количество регистраций план не "
                          "считает.",
                          "Директорові потрібні 100 PV, 5 000 GV і дві особисто запрошені "
                          "гілки з Менеджером у кожній; кількість реєстрацій план не "
                          "рахує."),
                    ),
                    true_false(
                        t("A partner who is inactive this month still takes up a unilevel "
                          "level above the people they sponsored.",
                          "Неактивный в этом месяце партнёр всё равно занимает уровень "
                          "линейного бонуса над своими приглашёнными.",
                          "Неактивний цього місяця партнер однаково займає рівень "
                          "лінійного бонусу над своїми запрошеними."),
                        False,
                        t("False: compression is dynamic. An inactive partner is skipped, "
                          "so the next active partner above takes that level.",
                          "Неверно: компрессия динамическая. Неактивного партнёра "
                          "пропускают, и уровень занимает следующий активный выше.",
                          "Неправильно: компресія динамічна. Неактивного партнера "
                          "пропускають, і рівень займає наступний активний вище."),
                    ),
                ),
            ],
        },
    ],
}

STAGE_LINK = {
    "slug": "your-link-and-landing",
    "requires": "",
    "title": t("Share your link and build your landing", "Ваша ссылка и ваш лендинг",
               "Ваше посилання і ваш лендинг"),
    "intro": t(
        "Your personal page and link: how to set them up and where to share them.",
        "Ваша личная страница и ссылка: как их настроить и где ими делиться.",
        "Ваша особиста сторінка і посилання: як їх налаштувати і де ними ділитися.",
    ),
    "lessons": [
        {
            "slug": "your-referral-link",
            "minutes": 5,
            "articles": ["your-referral-link-explained"],
            "title": t("Your referral link", "Ваша реферальная ссылка",
                       "Ваше реферальне посилання"),
            "summary": t(
                "Why every customer and partner should come through your link.",
                "Почему каждый клиент и партнёр должен приходить по вашей ссылке.",
                "Чому кожен клієнт і партнер має приходити за вашим посиланням.",
            ),
            "body": [
                paragraph(
                    "<p>Your referral link is how the company knows that a customer or a "
                    "new partner came from you. Whoever opens it is remembered for 30 days, "
                    "so an order placed next week still counts for you.</p>",
                    "<p>Реферальная ссылка — это то, по чему компания узнаёт, что клиент "
                    "или новый партнёр пришёл от вас. Того, кто по ней перешёл, система "
                    "помнит 30 дней, поэтому и заказ через неделю засчитается вам.</p>",
                    "<p>Реферальне посилання — це те, за чим компанія дізнається, що "
                    "клієнт або новий партнер прийшов від вас. Того, хто за ним перейшов, "
                    "система пам'ятає 30 днів, тож і замовлення через тиждень зарахується "
                    "вам.</p>",
                ),
                paragraph(
                    "<p>You can choose a short, memorable code instead of the random one "
                    "(for example your first name), and add a source tag to see which "
                    "channel works: the cabinet counts visits and sign-ups from Instagram, "
                    "Telegram or a printed QR code separately.</p>",
                    "<p>Вместо случайного кода можно выбрать короткий и запоминающийся "
                    "(например, своё имя) и добавить метку источника, чтобы видеть, какой "
                    "канал работает: кабинет отдельно считает переходы и регистрации из "
                    "Instagram, Telegram или с напечатанного QR-кода.</p>",
                    "<p>Замість випадкового коду можна обрати короткий і такий, що "
                    "запам'ятовується (наприклад, своє ім'я), і додати мітку джерела, щоб "
                    "бачити, який канал працює: кабінет окремо рахує переходи й реєстрації "
                    "з Instagram, Telegram або з надрукованого QR-коду.</p>",
                ),
                cabinet_action(
                    "cabinet:referrals",
                    t("Copy your link", "Скопируйте свою ссылку",
                      "Скопіюйте своє посилання"),
                    t("Your link, its QR code and the statistics of its visits.",
                      "Ваша ссылка, её QR-код и статистика переходов.",
                      "Ваше посилання, його QR-код і статистика переходів."),
                    t("Open my referral link", "Открыть мою ссылку",
                      "Відкрити моє посилання"),
                ),
            ],
        },
        {
            "slug": "build-your-landing",
            "minutes": 10,
            "articles": ["your-landing-step-by-step", "what-you-may-say-on-your-landing"],
            "title": t("Build your landing in 15 minutes", "Лендинг за 15 минут",
                       "Лендинг за 15 хвилин"),
            "summary": t(
                "Pick a template, add your photo and your story, publish.",
                "Выберите шаблон, добавьте фото и свою историю, опубликуйте.",
                "Оберіть шаблон, додайте фото і свою історію, опублікуйте.",
            ),
            "body": [
                paragraph(
                    "<p>Your landing is a one-page site at your own address, with your "
                    "photo, your contacts and the products you recommend. Everyone who "
                    "opens it through your link is counted as your visitor, and an order or "
                    "a sign-up from it is yours.</p>",
                    "<p>Лендинг — это одностраничный сайт по вашему адресу, с вашим фото, "
                    "контактами и продуктами, которые вы советуете. Каждый, кто открыл его "
                    "по вашей ссылке, считается вашим посетителем, а заказ или регистрация "
                    "с него — ваши.</p>",
                    "<p>Лендинг — це односторінковий сайт за вашою адресою, з вашим фото, "
                    "контактами і продуктами, які ви радите. Кожен, хто відкрив його за "
                    "вашим посиланням, вважається вашим відвідувачем, а замовлення чи "
                    "реєстрація з нього — ваші.</p>",
                ),
                checklist(
                    t("A landing that works", "Лендинг, который работает",
                      "Лендинг, який працює"),
                    t("A clear photo of your face, in daylight",
                      "Чёткое фото вашего лица при дневном свете",
                      "Чітке фото вашого обличчя при денному світлі"),
                    t("Three sentences about why you use the products",
                      "Три предложения о том, почему вы пользуетесь продуктами",
                      "Три речення про те, чому ви користуєтеся продуктами"),
                    t("Your phone and Telegram, so people can write to you",
                      "Телефон и Telegram, чтобы вам могли написать",
                      "Телефон і Telegram, щоб вам могли написати"),
                    t("No promises of cures or of quick money",
                      "Никаких обещаний излечения или быстрых денег",
                      "Жодних обіцянок зцілення чи швидких грошей"),
                    t("Open it on your phone before you share it",
                      "Откройте его на телефоне, прежде чем делиться",
                      "Відкрийте його на телефоні, перш ніж ділитися"),
                ),
                paragraph(
                    "<p>Texts are checked before publishing: phrases such as “guaranteed "
                    "income” or “cures” are refused, for your protection as much as the "
                    "company's. If a text is refused, the editor shows the phrase to "
                    "change.</p>",
                    "<p>Тексты проверяются перед публикацией: фразы вроде «гарантированный "
                    "доход» или «излечивает» не пропускаются — это защищает и вас, и "
                    "компанию. Если текст не прошёл, редактор покажет, какую фразу "
                    "изменить.</p>",
                    "<p>Тексти перевіряються перед публікацією: фрази на кшталт "
                    "«гарантований дохід» чи «виліковує» не пропускаються — це захищає і "
                    "вас, і компанію. Якщо текст не пройшов, редактор покаже, яку фразу "
                    "змінити.</p>",
                ),
                cabinet_action(
                    "cabinet:landings",
                    t("Publish your landing", "Опубликуйте свой лендинг",
                      "Опублікуйте свій лендинг"),
                    t("Start from a template: most partners publish in under 15 minutes.",
                      "Начните с шаблона: большинство партнёров публикуют лендинг меньше "
                      "чем за 15 минут.",
                      "Почніть із шаблону: більшість партнерів публікують лендинг менш "
                      "ніж за 15 хвилин."),
                    t("Open my landings", "Открыть мои лендинги", "Відкрити мої лендинги"),
                ),
            ],
        },
        {
            "slug": "where-to-share",
            "minutes": 7,
            "articles": ["your-referral-link-explained", "your-landing-step-by-step"],
            "title": t("Where and how to share", "Где и как делиться", "Де і як ділитися"),
            "summary": t(
                "Personal messages first, then stories and groups; and the stage's quiz.",
                "Сначала личные сообщения, потом сторис и группы; и тест по этапу.",
                "Спершу особисті повідомлення, потім сторіс і групи; і тест за етапом.",
            ),
            "body": [
                paragraph(
                    "<p>The first twenty people who open your landing should be people who "
                    "know you. A personal message (“I've been using this for two weeks, "
                    "here's what I noticed, have a look if you're curious”) is opened far "
                    "more often than a post to everyone.</p>",
                    "<p>Первые двадцать человек, которые откроют ваш лендинг, должны быть "
                    "теми, кто вас знает. Личное сообщение («Пользуюсь уже две недели, вот "
                    "что заметил(а), загляни, если интересно») открывают гораздо чаще, чем "
                    "пост для всех.</p>",
                    "<p>Перші двадцять людей, які відкриють ваш лендинг, мають бути тими, "
                    "хто вас знає. Особисте повідомлення («Користуюся вже два тижні, ось "
                    "що помітив(ла), зазирни, якщо цікаво») відкривають набагато частіше, "
                    "ніж пост для всіх.</p>",
                ),
                paragraph(
                    "<p>Then add the link to your Instagram bio and Telegram profile, and "
                    "post a story about your own morning routine once or twice a week. "
                    "Never spam groups or strangers: it burns your name, and the company "
                    "may close a link that is reported.</p>",
                    "<p>Затем добавьте ссылку в шапку Instagram и профиль Telegram и раз-два "
                    "в неделю публикуйте сторис о своём утреннем ритуале. Никогда не "
                    "рассылайте спам по группам и незнакомцам: это портит вашу репутацию, "
                    "а ссылку, на которую пожаловались, компания может закрыть.</p>",
                    "<p>Потім додайте посилання в шапку Instagram і профіль Telegram і "
                    "раз-два на тиждень публікуйте сторіс про свій ранковий ритуал. "
                    "Ніколи не розсилайте спам у групи й незнайомцям: це псує вашу "
                    "репутацію, а посилання, на яке поскаржилися, компанія може "
                    "закрити.</p>",
                ),
                quiz(
                    t("Check yourself: your link and landing",
                      "Проверьте себя: ссылка и лендинг",
                      "Перевірте себе: посилання і лендинг"),
                    true_false(
                        t("Someone who opened your link today and orders in two weeks is "
                          "still counted as yours.",
                          "Человек, который перешёл по вашей ссылке сегодня и сделал заказ "
                          "через две недели, всё равно засчитывается вам.",
                          "Людина, яка перейшла за вашим посиланням сьогодні й замовила "
                          "через два тижні, однаково зараховується вам."),
                        True,
                        t("True: a visit through your link is remembered for 30 days.",
                          "Верно: переход по ссылке помнится 30 дней.",
                          "Правильно: перехід за посиланням пам'ятається 30 днів."),
                    ),
                    single(
                        t("Who should be the first people to see your landing?",
                          "Кто должен первым увидеть ваш лендинг?",
                          "Хто має першим побачити ваш лендинг?"),
                        [
                            (t("People who know you, in personal messages",
                               "Знакомые — в личных сообщениях",
                               "Знайомі — в особистих повідомленнях"), RIGHT),
                            (t("Large groups of strangers", "Большие группы незнакомцев",
                               "Великі групи незнайомців"), WRONG),
                            (t("Nobody until it is perfect",
                               "Никто, пока он не станет идеальным",
                               "Ніхто, доки він не стане ідеальним"), WRONG),
                        ],
                        t("Personal messages to people who know you are opened and "
                          "answered far more often.",
                          "Личные сообщения знакомым открывают и на них отвечают гораздо "
                          "чаще.",
                          "Особисті повідомлення знайомим відкривають і на них "
                          "відповідають набагато частіше."),
                    ),
                    multiple(
                        t("What belongs on your landing?", "Что должно быть на лендинге?",
                          "Що має бути на лендингу?"),
                        [
                            (t("Your photo", "Ваше фото", "Ваше фото"), RIGHT),
                            (t("Your contacts", "Ваши контакты", "Ваші контакти"), RIGHT),
                            (t("“Guaranteed income from the first month”",
                               "«Гарантированный доход с первого месяца»",
                               "«Гарантований дохід з першого місяця»"), WRONG),
                            (t("Why you use the products yourself",
                               "Почему вы сами пользуетесь продуктами",
                               "Чому ви самі користуєтеся продуктами"), RIGHT),
                        ],
                        t("A photo, contacts and your own story; income promises are "
                          "refused when you publish.",
                          "Фото, контакты и ваша история; обещания дохода не пройдут "
                          "проверку при публикации.",
                          "Фото, контакти і ваша історія; обіцянки доходу не пройдуть "
                          "перевірку під час публікації."),
                    ),
                ),
            ],
        },
    ],
}

STAGE_CUSTOMER = {
    "slug": "your-first-customer",
    "requires": "",
    "title": t("Your first customer", "Ваш первый клиент", "Ваш перший клієнт"),
    "intro": t(
        "From a conversation to a delivered order, and the second order after it.",
        "От разговора до доставленного заказа — и второго заказа после него.",
        "Від розмови до доставленого замовлення — і другого замовлення після нього.",
    ),
    "lessons": [
        {
            "slug": "from-conversation-to-order",
            "minutes": 8,
            "articles": ["how-an-order-reaches-your-customer", "returns-and-refunds"],
            "title": t("From a conversation to an order", "От разговора к заказу",
                       "Від розмови до замовлення"),
            "summary": t(
                "Listen first, suggest one product, make ordering easy.",
                "Сначала слушайте, предлагайте один продукт, упростите заказ.",
                "Спершу слухайте, пропонуйте один продукт, спростіть замовлення.",
            ),
            "body": [
                paragraph(
                    "<p>A good first conversation is mostly questions: how do you start "
                    "your day, how do you sleep, what have you tried before? When you hear "
                    "a real need, tell what helped you and suggest one product to try for "
                    "a month.</p>",
                    "<p>Хороший первый разговор — это в основном вопросы: как вы начинаете "
                    "день, как спите, что уже пробовали? Когда услышите настоящую "
                    "потребность, расскажите, что помогло вам, и предложите один продукт "
                    "на месяц.</p>",
                    "<p>Хороша перша розмова — це здебільшого запитання: як ви починаєте "
                    "день, як спите, що вже пробували? Коли почуєте справжню потребу, "
                    "розкажіть, що допомогло вам, і запропонуйте один продукт на "
                    "місяць.</p>",
                ),
                paragraph(
                    "<p>Then make ordering effortless: send the product's page on your "
                    "landing, or take the order yourself. A customer's order placed "
                    "through your landing appears under Orders in your cabinet, and every "
                    "person who leaves their contacts there appears under Leads.</p>",
                    "<p>Потом сделайте заказ максимально простым: пришлите страницу "
                    "продукта на вашем лендинге или оформите заказ сами. Заказ клиента с "
                    "вашего лендинга появится в кабинете в разделе «Заказы», а каждый, кто "
                    "оставил там контакты, — в разделе «Заявки».</p>",
                    "<p>Потім зробіть замовлення максимально простим: надішліть сторінку "
                    "продукту на вашому лендингу або оформіть замовлення самі. "
                    "Замовлення клієнта з вашого лендингу з'явиться в кабінеті в розділі "
                    "«Замовлення», а кожен, хто залишив там контакти, — у розділі "
                    "«Заявки».</p>",
                ),
                quote(
                    t("My first customer was my neighbour. I didn't sell her anything: I "
                      "gave her a cup of the evening tea and told her how I sleep now.",
                      "Моим первым клиентом стала соседка. Я ничего ей не продавала — "
                      "просто угостила вечерним чаем и рассказала, как теперь сплю.",
                      "Моєю першою клієнткою стала сусідка. Я нічого їй не продавала — "
                      "просто пригостила вечірнім чаєм і розповіла, як тепер сплю."),
                    t("Iryna, Director, Lviv", "Ирина, Директор, Львов",
                      "Ірина, Директорка, Львів"),
                ),
                cabinet_action(
                    "cabinet:leads",
                    t("Answer your leads the same day", "Отвечайте на заявки в тот же день",
                      "Відповідайте на заявки того ж дня"),
                    t("People who left their contacts on your landing wait for your call.",
                      "Люди, оставившие контакты на вашем лендинге, ждут звонка.",
                      "Люди, які залишили контакти на вашому лендингу, чекають дзвінка."),
                    t("Open my leads", "Открыть заявки", "Відкрити заявки"),
                ),
            ],
        },
        {
            "slug": "after-the-first-order",
            "minutes": 6,
            "articles": ["returns-and-refunds", "how-an-order-reaches-your-customer"],
            "title": t("After the first order", "После первого заказа",
                       "Після першого замовлення"),
            "summary": t(
                "The follow-up that turns one order into a customer; and the stage's quiz.",
                "Сопровождение, которое превращает один заказ в постоянного клиента; и тест.",
                "Супровід, який перетворює одне замовлення на постійного клієнта; і тест.",
            ),
            "body": [
                paragraph(
                    "<p>The second order matters more than the first. Call on the day the "
                    "parcel arrives, check how the customer is using the product after a "
                    "week, and write again before the month's supply runs out.</p>",
                    "<p>Второй заказ важнее первого. Позвоните в день, когда пришла "
                    "посылка, через неделю спросите, как клиент пользуется продуктом, и "
                    "напишите снова до того, как месячный запас закончится.</p>",
                    "<p>Друге замовлення важливіше за перше. Зателефонуйте в день, коли "
                    "прийшла посилка, через тиждень запитайте, як клієнт користується "
                    "продуктом, і напишіть знову до того, як місячний запас "
                    "закінчиться.</p>",
                ),
                checklist(
                    t("The follow-up calendar", "Календарь сопровождения",
                      "Календар супроводу"),
                    t("Day of delivery: “Did it arrive safely?”",
                      "День доставки: «Всё дошло в порядке?»",
                      "День доставки: «Усе дійшло гаразд?»"),
                    t("Day 7: how is it going, any questions?",
                      "7-й день: как идёт, есть ли вопросы?",
                      "7-й день: як іде, чи є запитання?"),
                    t("Day 25: time to reorder before it runs out",
                      "25-й день: пора заказать снова, пока не закончилось",
                      "25-й день: час замовити знову, поки не скінчилося"),
                ),
                quiz(
                    t("Check yourself: your first customer",
                      "Проверьте себя: первый клиент",
                      "Перевірте себе: перший клієнт"),
                    single(
                        t("When should you first call after an order?",
                          "Когда впервые позвонить после заказа?",
                          "Коли вперше зателефонувати після замовлення?"),
                        [
                            (t("On the day the parcel arrives",
                               "В день, когда пришла посылка",
                               "У день, коли прийшла посилка"), RIGHT),
                            (t("When the customer complains", "Когда клиент пожалуется",
                               "Коли клієнт поскаржиться"), WRONG),
                            (t("Next month", "В следующем месяце", "Наступного місяця"),
                             WRONG),
                        ],
                        t("A call on delivery day shows you care and heads off most "
                          "problems.",
                          "Звонок в день доставки показывает заботу и снимает большинство "
                          "проблем.",
                          "Дзвінок у день доставки показує турботу і знімає більшість "
                          "проблем."),
                    ),
                    true_false(
                        t("A first conversation should be mostly about the products' "
                          "features.",
                          "Первый разговор должен быть в основном о свойствах продуктов.",
                          "Перша розмова має бути здебільшого про властивості "
                          "продуктів."),
                        False,
                        t("False: ask questions first and listen; suggest one product "
                          "when you hear a real need.",
                          "Неверно: сначала задавайте вопросы и слушайте; предлагайте один "
                          "продукт, когда услышите настоящую потребность.",
                          "Неправильно: спершу ставте запитання і слухайте; пропонуйте "
                          "один продукт, коли почуєте справжню потребу."),
                    ),
                    multiple(
                        t("Where in the cabinet do you see your customers' activity?",
                          "Где в кабинете видна активность ваших клиентов?",
                          "Де в кабінеті видно активність ваших клієнтів?"),
                        [
                            (t("Orders", "Заказы", "Замовлення"), RIGHT),
                            (t("Leads", "Заявки", "Заявки"), RIGHT),
                            (t("Rank", "Ранг", "Ранг"), WRONG),
                        ],
                        t("Orders placed through your landing are under Orders; contacts "
                          "left on it are under Leads.",
                          "Заказы с лендинга — в разделе «Заказы», оставленные контакты — "
                          "в «Заявках».",
                          "Замовлення з лендингу — у розділі «Замовлення», залишені "
                          "контакти — у «Заявках»."),
                    ),
                ),
            ],
        },
    ],
}

STAGE_PARTNER = {
    "slug": "your-first-partner",
    "requires": "",
    "title": t("Your first partner", "Ваш первый партнёр", "Ваш перший партнер"),
    "intro": t(
        "Invite honestly, and help your new partner through their own first week.",
        "Приглашайте честно и помогите новому партнёру пройти его первую неделю.",
        "Запрошуйте чесно і допоможіть новому партнерові пройти його перший тиждень.",
    ),
    "lessons": [
        {
            "slug": "inviting-a-partner",
            "minutes": 8,
            "articles": ["placement-left-and-right", "your-first-partners-first-week"],
            "title": t("Inviting someone to join", "Как пригласить в команду",
                       "Як запросити до команди"),
            "summary": t(
                "Who to invite, how to talk about income honestly, and what happens when "
                "they sign up.",
                "Кого приглашать, как честно говорить о доходе и что происходит после "
                "регистрации.",
                "Кого запрошувати, як чесно говорити про дохід і що відбувається після "
                "реєстрації.",
            ),
            "body": [
                paragraph(
                    "<p>Your best future partners are often your happiest customers: they "
                    "already use the products and talk about them. Ask them whether they "
                    "would like to earn from what they recommend anyway.</p>",
                    "<p>Лучшие будущие партнёры — часто ваши самые довольные клиенты: они "
                    "уже пользуются продуктами и рассказывают о них. Спросите, не хотят ли "
                    "они зарабатывать на том, что и так советуют.</p>",
                    "<p>Найкращі майбутні партнери — часто ваші найзадоволеніші клієнти: "
                    "вони вже користуються продуктами і розповідають про них. Запитайте, "
                    "чи не хочуть вони заробляти на тому, що й так радять.</p>",
                ),
                paragraph(
                    "<p>Talk about income honestly: most partners earn a modest extra "
                    "income, and it grows with the customers they serve and the partners "
                    "they help. Show the plan lesson rather than your best month.</p><p>When "
                    "someone signs up through your link, they join your sponsor tree on "
                    "your first level and are placed in your left or right binary leg. "
                    "You see them at once in your team.</p>",
                    "<p>Говорите о доходе честно: большинство партнёров получают скромный "
                    "дополнительный доход, и он растёт вместе с числом клиентов и "
                    "партнёров, которым они помогают. Покажите урок о маркетинг-плане, а "
                    "не свой лучший месяц.</p><p>Когда человек регистрируется по вашей "
                    "ссылке, он попадает на ваш первый уровень в спонсорском дереве и "
                    "размещается в левой или правой ветке бинара. Вы сразу видите его в "
                    "своей команде.</p>",
                    "<p>Говоріть про дохід чесно: більшість партнерів отримують скромний "
                    "додатковий дохід, і він зростає разом із кількістю клієнтів і "
                    "партнерів, яким вони допомагають. Покажіть урок про маркетинг-план, "
                    "а не свій найкращий місяць.</p><p>Коли людина реєструється за вашим "
                    "посиланням, вона потрапляє на ваш перший рівень у спонсорському "
                    "дереві й розміщується в лівій або правій гілці бінару. Ви одразу "
                    "бачите її у своїй команді.</p>",
                ),
                cabinet_action(
                    "cabinet:team",
                    t("See your team", "Посмотрите свою команду", "Перегляньте свою команду"),
                    t("Your sponsor tree, your binary legs and everyone's first steps.",
                      "Ваше спонсорское дерево, ветки бинара и первые шаги каждого.",
                      "Ваше спонсорське дерево, гілки бінару і перші кроки кожного."),
                    t("Open my team", "Открыть команду", "Відкрити команду"),
                ),
            ],
        },
        {
            "slug": "your-partners-first-week",
            "minutes": 7,
            "articles": ["your-first-partners-first-week", "placement-left-and-right"],
            "title": t("Your partner's first week", "Первая неделя вашего партнёра",
                       "Перший тиждень вашого партнера"),
            "summary": t(
                "What you do as a sponsor in their first 7 days; and the course's last quiz.",
                "Что вы делаете как спонсор в их первые 7 дней; и последний тест курса.",
                "Що ви робите як спонсор у їхні перші 7 днів; і останній тест курсу.",
            ),
            "body": [
                paragraph(
                    "<p>You are now the person this lesson was written for. In your new "
                    "partner's first week, call on day one, help them publish their landing "
                    "by day two, and aim together for their first customer order by day "
                    "five: an early result is what keeps people.</p>",
                    "<p>Теперь вы — тот человек, для которого написан этот урок. В первую "
                    "неделю нового партнёра позвоните ему в первый день, помогите "
                    "опубликовать лендинг ко второму и вместе нацельтесь на первый заказ "
                    "клиента к пятому: ранний результат — то, что удерживает людей.</p>",
                    "<p>Тепер ви — та людина, для якої написано цей урок. У перший тиждень "
                    "нового партнера зателефонуйте йому першого дня, допоможіть "
                    "опублікувати лендинг до другого і разом націльтеся на перше "
                    "замовлення клієнта до п'ятого: ранній результат — те, що утримує "
                    "людей.</p>",
                ),
                paragraph(
                    "<p>The cabinet's mentor view lists your newcomers in their first 90 "
                    "days with their progress, and puts those who have stopped moving at "
                    "the top. A short message on the third quiet day does more than a long "
                    "talk a month later.</p>",
                    "<p>В кабинете, в режиме наставника, видны ваши новички в их первые "
                    "90 дней и их прогресс, а те, кто остановился, — в самом верху. "
                    "Короткое сообщение на третий день тишины сделает больше, чем долгий "
                    "разговор через месяц.</p>",
                    "<p>У кабінеті, в режимі наставника, видно ваших новачків у їхні "
                    "перші 90 днів і їхній прогрес, а тих, хто зупинився, — на самому "
                    "верху. Коротке повідомлення на третій день тиші зробить більше, ніж "
                    "довга розмова через місяць.</p>",
                ),
                checklist(
                    t("Your sponsor's week", "Неделя спонсора", "Тиждень спонсора"),
                    t("Day 1: a welcome call and the “Start in 7 days” course",
                      "День 1: приветственный звонок и курс «Старт за 7 дней»",
                      "День 1: вітальний дзвінок і курс «Старт за 7 днів»"),
                    t("Day 2: their landing published", "День 2: лендинг опубликован",
                      "День 2: лендинг опубліковано"),
                    t("Day 3: their list of 30 names", "День 3: список из 30 имён",
                      "День 3: список із 30 імен"),
                    t("Day 5: their first customer order", "День 5: первый заказ клиента",
                      "День 5: перше замовлення клієнта"),
                ),
                quiz(
                    t("Check yourself: your first partner",
                      "Проверьте себя: первый партнёр",
                      "Перевірте себе: перший партнер"),
                    single(
                        t("Who is often the best person to invite as a partner?",
                          "Кого чаще всего лучше всего пригласить в партнёры?",
                          "Кого найчастіше найкраще запросити в партнери?"),
                        [
                            (t("A happy customer who already recommends the products",
                               "Довольного клиента, который уже советует продукты",
                               "Задоволеного клієнта, який уже радить продукти"), RIGHT),
                            (t("Anyone who answers a message",
                               "Любого, кто ответил на сообщение",
                               "Будь-кого, хто відповів на повідомлення"), WRONG),
                            (t("Someone looking for guaranteed income",
                               "Того, кто ищет гарантированный доход",
                               "Того, хто шукає гарантований дохід"), WRONG),
                        ],
                        t("Happy customers already use and talk about the products; "
                          "nobody can be promised a guaranteed income.",
                          "Довольные клиенты уже пользуются продуктами и рассказывают о "
                          "них; гарантированный доход обещать нельзя никому.",
                          "Задоволені клієнти вже користуються продуктами й розповідають "
                          "про них; гарантований дохід обіцяти не можна нікому."),
                    ),
                    true_false(
                        t("A partner who signs up through your link lands on your first "
                          "level in the sponsor tree.",
                          "Партнёр, зарегистрировавшийся по вашей ссылке, попадает на ваш "
                          "первый уровень спонсорского дерева.",
                          "Партнер, який зареєструвався за вашим посиланням, потрапляє на "
                          "ваш перший рівень спонсорського дерева."),
                        True,
                        t("True; they are also placed in your left or right binary leg.",
                          "Верно; кроме того, он размещается в левой или правой ветке "
                          "бинара.",
                          "Правильно; крім того, його розміщують у лівій або правій гілці "
                          "бінару."),
                    ),
                    multiple(
                        t("What do you do in your new partner's first week?",
                          "Что вы делаете в первую неделю нового партнёра?",
                          "Що ви робите в перший тиждень нового партнера?"),
                        [
                            (t("Call on their first day", "Звоните в первый день",
                               "Телефонуєте першого дня"), RIGHT),
                            (t("Help them publish their landing",
                               "Помогаете опубликовать лендинг",
                               "Допомагаєте опублікувати лендинг"), RIGHT),
                            (t("Wait for them to ask for help",
                               "Ждёте, пока он попросит о помощи",
                               "Чекаєте, доки він попросить про допомогу"), WRONG),
                            (t("Aim together for a first customer order by day five",
                               "Вместе нацеливаетесь на первый заказ к пятому дню",
                               "Разом націлюєтеся на перше замовлення до п'ятого дня"),
                             RIGHT),
                        ],
                        t("Newcomers rarely ask; a sponsor who calls first and aims for an "
                          "early result keeps them.",
                          "Новички редко просят сами; спонсор, который звонит первым и "
                          "нацеливает на ранний результат, удерживает их.",
                          "Новачки рідко просять самі; спонсор, який телефонує першим і "
                          "націлює на ранній результат, утримує їх."),
                    ),
                ),
            ],
        },
    ],
}

START_COURSE["stages"] = [STAGE_COMPANY, STAGE_PLAN, STAGE_LINK, STAGE_CUSTOMER,
                          STAGE_PARTNER]

# --- "Know our products" -------------------------------------------------------------

PRODUCT_COURSE = {
    "slug": "know-our-products",
    "audience": "everyone",
    "mandatory": False,
    "minutes": 35,
    "title": t("Know our products", "Знай наши продукты", "Знай наші продукти"),
    "summary": t(
        "Every product in the range: what is in it, how to use it, and who it suits.",
        "Каждый продукт ассортимента: состав, как применять и кому подходит.",
        "Кожен продукт асортименту: склад, як застосовувати і кому підходить.",
    ),
    "stages": [
        {
            "slug": "nutrition-and-supplements",
            "requires": "",
            "title": t("Nutrition and supplements", "Питание и добавки",
                       "Харчування і добавки"),
            "intro": t("The everyday products.", "Продукты на каждый день.",
                       "Продукти на кожен день."),
            "lessons": [
                {
                    "slug": "shakes-bars-and-greens",
                    "minutes": 8,
                    "articles": ["how-an-order-reaches-your-customer"],
                    "title": t("Shakes, bars and greens", "Коктейли, батончики и Greens",
                               "Коктейлі, батончики і Greens"),
                    "summary": t("Breakfast and snacks done right.",
                                 "Правильный завтрак и перекус.",
                                 "Правильний сніданок і перекус."),
                    "body": [
                        paragraph(
                            "<p>The <b>Protein Shake</b> (500 g, vanilla or chocolate, 40 PV) "
                            "gives 20 g of pea and rice protein per serving: mixed with milk "
                            "or a plant drink and a banana, it is a breakfast in two "
                            "minutes. <b>Protein Bars</b> (box of 12, 20 PV) are the "
                            "afternoon snack for people who otherwise reach for a bun.</p>",
                            "<p><b>Протеиновый коктейль</b> (500 г, ваниль или шоколад, "
                            "40 PV) даёт 20 г горохового и рисового белка на порцию: с "
                            "молоком или растительным напитком и бананом — завтрак за две "
                            "минуты. <b>Протеиновые батончики</b> (12 штук, 20 PV) — "
                            "перекус для тех, кто иначе тянется за булочкой.</p>",
                            "<p><b>Протеїновий коктейль</b> (500 г, ваніль або шоколад, "
                            "40 PV) дає 20 г горохового і рисового білка на порцію: з "
                            "молоком чи рослинним напоєм і бананом — сніданок за дві "
                            "хвилини. <b>Протеїнові батончики</b> (12 штук, 20 PV) — "
                            "перекус для тих, хто інакше тягнеться по булочку.</p>",
                        ),
                        paragraph(
                            "<p><b>Daily Greens</b> (30 servings, 30 PV) is a powder of "
                            "spinach, spirulina, nettle and apple: one spoon in water or "
                            "juice for people who know they eat too few vegetables.</p>",
                            "<p><b>Daily Greens</b> (30 порций, 30 PV) — порошок из "
                            "шпината, спирулины, крапивы и яблока: ложка на стакан воды или "
                            "сока для тех, кто знает, что ест мало овощей.</p>",
                            "<p><b>Daily Greens</b> (30 порцій, 30 PV) — порошок зі "
                            "шпинату, спіруліни, кропиви і яблука: ложка на склянку води "
                            "чи соку для тих, хто знає, що їсть мало овочів.</p>",
                        ),
                    ],
                },
                {
                    "slug": "omega-vitamins-and-collagen",
                    "minutes": 8,
                    "articles": ["returns-and-refunds"],
                    "title": t("Omega-3, vitamins and collagen",
                               "Омега-3, витамины и коллаген",
                               "Омега-3, вітаміни і колаген"),
                    "summary": t("The supplements and how to take them.",
                                 "Добавки и как их принимать.",
                                 "Добавки і як їх приймати."),
                    "body": [
                        paragraph(
                            "<p><b>Omega-3 1000 mg</b> (90 capsules, 25 PV): one to three "
                            "capsules a day with food. <b>Vitamin D3 + K2</b> (60 capsules, "
                            "15 PV): one capsule a day, popular from October to April. "
                            "<b>Marine Collagen</b> (300 g, 35 PV): a spoon a day in coffee "
                            "or a smoothie.</p>",
                            "<p><b>Омега-3 1000 мг</b> (90 капсул, 25 PV): одна–три капсулы "
                            "в день во время еды. <b>Витамин D3 + K2</b> (60 капсул, 15 PV): "
                            "капсула в день, особенно популярен с октября по апрель. "
                            "<b>Морской коллаген</b> (300 г, 35 PV): ложка в день в кофе "
                            "или смузи.</p>",
                            "<p><b>Омега-3 1000 мг</b> (90 капсул, 25 PV): одна–три "
                            "капсули на день під час їди. <b>Вітамін D3 + K2</b> (60 "
                            "капсул, 15 PV): капсула на день, особливо популярний з жовтня "
                            "по квітень. <b>Морський колаген</b> (300 г, 35 PV): ложка на "
                            "день у каву чи смузі.</p>",
                        ),
                        paragraph(
                            "<p>Supplements complement a varied diet; they are not a "
                            "treatment. Anyone who is pregnant, takes medication or has a "
                            "condition should ask their doctor first, and you should say so "
                            "without being asked.</p>",
                            "<p>Добавки дополняют разнообразное питание, но не лечат. "
                            "Беременным, принимающим лекарства или имеющим заболевания "
                            "нужно сначала посоветоваться с врачом — и говорить об этом "
                            "стоит, не дожидаясь вопроса.</p>",
                            "<p>Добавки доповнюють різноманітне харчування, але не лікують. "
                            "Вагітним, тим, хто приймає ліки чи має захворювання, слід "
                            "спершу порадитися з лікарем — і казати про це варто, не "
                            "чекаючи на запитання.</p>",
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "calm-and-skin-care",
            "requires": "",
            "title": t("Calm and skin care", "Спокойствие и уход за кожей",
                       "Спокій і догляд за шкірою"),
            "intro": t("Evenings and self-care.", "Вечер и забота о себе.",
                       "Вечір і турбота про себе."),
            "lessons": [
                {
                    "slug": "herbal-evening-tea",
                    "minutes": 5,
                    "articles": [],
                    "title": t("The Herbal Evening Tea", "Вечерний травяной чай",
                               "Вечірній трав'яний чай"),
                    "summary": t("Chamomile, lemon balm and lime blossom from our farms.",
                                 "Ромашка, мелисса и липовый цвет с наших ферм.",
                                 "Ромашка, меліса і липовий цвіт з наших ферм."),
                    "body": [
                        paragraph(
                            "<p>The <b>Herbal Evening Tea</b> (20 bags, 8 PV) blends "
                            "chamomile, lemon balm and lime blossom grown on our Carpathian "
                            "farms. No caffeine; one cup half an hour before bed. It is our "
                            "cheapest product and the one customers most often reorder.</p>",
                            "<p><b>Вечерний травяной чай</b> (20 пакетиков, 8 PV) — ромашка, "
                            "мелисса и липовый цвет с наших карпатских ферм. Без кофеина; "
                            "чашка за полчаса до сна. Самый недорогой наш продукт — и тот, "
                            "который клиенты чаще всего заказывают снова.</p>",
                            "<p><b>Вечірній трав'яний чай</b> (20 пакетиків, 8 PV) — "
                            "ромашка, меліса і липовий цвіт з наших карпатських ферм. Без "
                            "кофеїну; чашка за пів години до сну. Найдешевший наш продукт — "
                            "і той, який клієнти найчастіше замовляють знову.</p>",
                        ),
                    ],
                },
                {
                    "slug": "aloe-skin-care",
                    "minutes": 7,
                    "articles": ["returns-and-refunds"],
                    "title": t("The Aloe Skin Care Set", "Набор по уходу с алоэ",
                               "Набір для догляду з алое"),
                    "summary": t("Three steps, morning and evening; and the course quiz.",
                                 "Три шага утром и вечером; и тест курса.",
                                 "Три кроки вранці й увечері; і тест курсу."),
                    "body": [
                        paragraph(
                            "<p>The <b>Aloe Skin Care Set</b> (45 PV) is a gentle cleanser, "
                            "a toner and a day cream, each with at least 40% aloe vera. "
                            "Suggest a patch test on the wrist first for sensitive skin.</p>",
                            "<p><b>Набор по уходу с алоэ</b> (45 PV) — мягкое очищающее "
                            "средство, тоник и дневной крем, в каждом не меньше 40% алоэ "
                            "вера. Для чувствительной кожи посоветуйте сначала проверить "
                            "средство на запястье.</p>",
                            "<p><b>Набір для догляду з алое</b> (45 PV) — м'який засіб для "
                            "вмивання, тонік і денний крем, у кожному щонайменше 40% алое "
                            "вера. Для чутливої шкіри порадьте спершу перевірити засіб на "
                            "зап'ясті.</p>",
                        ),
                        quiz(
                            t("Check yourself: our products",
                              "Проверьте себя: наши продукты",
                              "Перевірте себе: наші продукти"),
                            single(
                                t("Which product do customers most often reorder?",
                                  "Какой продукт клиенты чаще всего заказывают снова?",
                                  "Який продукт клієнти найчастіше замовляють знову?"),
                                [
                                    (t("The Herbal Evening Tea", "Вечерний травяной чай",
                                       "Вечірній трав'яний чай"), RIGHT),
                                    (t("The Aloe Skin Care Set", "Набор с алоэ",
                                       "Набір з алое"), WRONG),
                                    (t("Marine Collagen", "Морской коллаген",
                                       "Морський колаген"), WRONG),
                                ],
                                t("The tea: inexpensive, and used every evening.",
                                  "Чай: недорогой, и его пьют каждый вечер.",
                                  "Чай: недорогий, і його п'ють щовечора."),
                            ),
                            true_false(
                                t("Someone who takes medication should ask their doctor "
                                  "before starting a supplement.",
                                  "Тому, кто принимает лекарства, нужно посоветоваться с "
                                  "врачом, прежде чем начинать добавки.",
                                  "Тому, хто приймає ліки, слід порадитися з лікарем, "
                                  "перш ніж почати добавки."),
                                True,
                                t("True, and say so before you are asked.",
                                  "Верно, и скажите об этом, не дожидаясь вопроса.",
                                  "Правильно, і скажіть про це, не чекаючи на "
                                  "запитання."),
                            ),
                            multiple(
                                t("Which products carry 40 PV?",
                                  "У каких продуктов 40 PV?",
                                  "Які продукти мають 40 PV?"),
                                [
                                    (t("Protein Shake Vanilla",
                                       "Протеиновый коктейль, ваниль",
                                       "Протеїновий коктейль, ваніль"), RIGHT),
                                    (t("Protein Shake Chocolate",
                                       "Протеиновый коктейль, шоколад",
                                       "Протеїновий коктейль, шоколад"), RIGHT),
                                    (t("Vitamin D3 + K2", "Витамин D3 + K2",
                                       "Вітамін D3 + K2"), WRONG),
                                ],
                                t("Both shakes are 40 PV; D3 + K2 is 15 PV.",
                                  "Оба коктейля — 40 PV; D3 + K2 — 15 PV.",
                                  "Обидва коктейлі — 40 PV; D3 + K2 — 15 PV."),
                            ),
                            pass_mark=70,
                        ),
                    ],
                },
            ],
        },
    ],
}

COURSES = [START_COURSE, PRODUCT_COURSE]

# --- the knowledge base --------------------------------------------------------------

KB_CATEGORIES = {
    "orders": t("Orders and delivery", "Заказы и доставка", "Замовлення і доставка"),
    "payouts": t("Bonuses and payouts", "Бонусы и выплаты", "Бонуси і виплати"),
    "landing": t("Your link and landing", "Ссылка и лендинг", "Посилання і лендинг"),
    "team": t("Team building", "Построение команды", "Побудова команди"),
}

KB_ARTICLES = [
    {
        "slug": "how-an-order-reaches-your-customer",
        "categories": ["orders"],
        "title": t("How an order reaches your customer", "Как заказ доходит до клиента",
                   "Як замовлення доходить до клієнта"),
        "summary": t("From payment to the parcel at the door.",
                     "От оплаты до посылки у двери.", "Від оплати до посилки біля дверей."),
        "paragraphs": [
            t("<p>A customer orders on your landing or in the shop through your link and "
              "pays online. The order appears in your cabinet under Orders at once, marked "
              "as yours.</p>",
              "<p>Клиент оформляет заказ на вашем лендинге или в магазине по вашей ссылке и "
              "оплачивает онлайн. Заказ сразу появляется в кабинете в разделе «Заказы» с "
              "пометкой, что он ваш.</p>",
              "<p>Клієнт оформлює замовлення на вашому лендингу або в магазині за вашим "
              "посиланням і оплачує онлайн. Замовлення одразу з'являється в кабінеті в "
              "розділі «Замовлення» з позначкою, що воно ваше.</p>"),
            t("<p>Our warehouse in Kyiv ships on the next working day. Delivery takes 1–3 "
              "days in Ukraine and 4–10 days abroad; the customer receives a tracking "
              "number by email.</p>",
              "<p>Наш склад в Киеве отправляет заказ на следующий рабочий день. Доставка "
              "занимает 1–3 дня по Украине и 4–10 дней за границу; номер отслеживания "
              "клиент получает на почту.</p>",
              "<p>Наш склад у Києві відправляє замовлення наступного робочого дня. "
              "Доставка триває 1–3 дні по Україні і 4–10 днів за кордон; номер "
              "відстеження клієнт отримує на пошту.</p>"),
            t("<p>The order's points count in the month it is paid, for you and your "
              "upline.</p>",
              "<p>Баллы заказа засчитываются в том месяце, когда он оплачен, — вам и вашей "
              "вышестоящей линии.</p>",
              "<p>Бали замовлення зараховуються в тому місяці, коли його оплачено, — вам і "
              "вашій вищій лінії.</p>"),
        ],
    },
    {
        "slug": "returns-and-refunds",
        "categories": ["orders"],
        "title": t("Returns and refunds", "Возвраты и возмещение", "Повернення і відшкодування"),
        "summary": t("The 30-day satisfaction promise, and what a refund does to points.",
                     "30 дней на возврат и что возврат делает с баллами.",
                     "30 днів на повернення і що повернення робить із балами."),
        "paragraphs": [
            t("<p>A customer who is not satisfied may return a product within 30 days of "
              "delivery, even opened, and gets their money back. Write to "
              "support@downline.demo with the order number.</p>",
              "<p>Недовольный клиент может вернуть продукт в течение 30 дней после "
              "доставки, даже вскрытый, и получить деньги назад. Напишите на "
              "support@downline.demo, указав номер заказа.</p>",
              "<p>Незадоволений клієнт може повернути продукт протягом 30 днів після "
              "доставки, навіть відкритий, і отримати гроші назад. Напишіть на "
              "support@downline.demo, вказавши номер замовлення.</p>"),
            t("<p>A refunded order no longer counts: its points are taken out of the month "
              "it was in, and bonuses already paid on it are deducted from the next "
              "payments.</p>",
              "<p>Возвращённый заказ больше не учитывается: его баллы вычитаются из "
              "месяца, в котором он был, а уже выплаченные с него бонусы удерживаются из "
              "следующих начислений.</p>",
              "<p>Повернене замовлення більше не враховується: його бали віднімаються з "
              "місяця, в якому воно було, а вже виплачені з нього бонуси утримуються з "
              "наступних нарахувань.</p>"),
        ],
    },
    {
        "slug": "when-bonuses-are-paid",
        "categories": ["payouts"],
        "title": t("When bonuses are calculated and paid",
                   "Когда начисляются и выплачиваются бонусы",
                   "Коли нараховуються і виплачуються бонуси"),
        "summary": t("Once a month, a few days after the month ends.",
                     "Раз в месяц, через несколько дней после его окончания.",
                     "Раз на місяць, через кілька днів після його завершення."),
        "paragraphs": [
            t("<p>Bonuses are calculated once a month. A few days after a month ends, the "
              "company runs the calculation on that month's paid orders, checks it and "
              "posts every partner's bonuses to their balance.</p>",
              "<p>Бонусы рассчитываются раз в месяц. Через несколько дней после окончания "
              "месяца компания проводит расчёт по оплаченным заказам этого месяца, "
              "проверяет его и зачисляет бонусы каждого партнёра на баланс.</p>",
              "<p>Бонуси розраховуються раз на місяць. За кілька днів після завершення "
              "місяця компанія проводить розрахунок за оплаченими замовленнями цього "
              "місяця, перевіряє його і зараховує бонуси кожного партнера на баланс.</p>"),
            t("<p>Only partners active that month (100 PV of their own) are paid. Until the "
              "month is closed, the rank card shows where you stand so far.</p>",
              "<p>Бонусы получают только партнёры, активные в этом месяце (100 PV "
              "собственных заказов). Пока месяц не закрыт, карточка ранга показывает "
              "текущее положение.</p>",
              "<p>Бонуси отримують лише партнери, активні цього місяця (100 PV власних "
              "замовлень). Доки місяць не закрито, картка рангу показує поточне "
              "становище.</p>"),
        ],
    },
    {
        "slug": "reading-your-earnings",
        "categories": ["payouts"],
        "title": t("Reading your earnings page", "Как читать страницу доходов",
                   "Як читати сторінку доходів"),
        "summary": t("Every bonus line, its kind and the order it came from.",
                     "Каждая строка бонуса, его вид и заказ, из которого он возник.",
                     "Кожен рядок бонусу, його вид і замовлення, з якого він виник."),
        "paragraphs": [
            t("<p>The earnings page lists every bonus by month and kind: fast start, "
              "unilevel, binary, matching and rank bonuses. Open a line to see the order "
              "or the partner it came from.</p>",
              "<p>На странице доходов все бонусы разложены по месяцам и видам: быстрый "
              "старт, линейный, бинар, мэтчинг и бонусы за ранг. Откройте строку, чтобы "
              "увидеть заказ или партнёра, от которого он пришёл.</p>",
              "<p>На сторінці доходів усі бонуси розкладено за місяцями й видами: швидкий "
              "старт, лінійний, бінар, метчинг і бонуси за ранг. Відкрийте рядок, щоб "
              "побачити замовлення або партнера, від якого він прийшов.</p>"),
            t("<p>Your balance is what has been posted and not yet paid out. A correction "
              "after a refund appears as its own negative line, never as a silent "
              "change.</p>",
              "<p>Баланс — это начисленное, но ещё не выплаченное. Корректировка после "
              "возврата показывается отдельной отрицательной строкой, а не незаметным "
              "изменением.</p>",
              "<p>Баланс — це нараховане, але ще не виплачене. Коригування після "
              "повернення показується окремим від'ємним рядком, а не непомітною "
              "зміною.</p>"),
        ],
    },
    {
        "slug": "requesting-a-payout",
        "categories": ["payouts"],
        "title": t("Requesting a payout", "Как запросить выплату", "Як запросити виплату"),
        "summary": t("From your balance to your bank account.",
                     "С баланса на банковский счёт.", "З балансу на банківський рахунок."),
        "paragraphs": [
            t("<p>On the earnings page, press “Request a payout”, choose the amount and "
              "check your bank details. The company approves requests on working days and "
              "sends them to the bank in the next payment batch.</p>",
              "<p>На странице доходов нажмите «Запросить выплату», укажите сумму и "
              "проверьте банковские реквизиты. Компания одобряет запросы в рабочие дни и "
              "отправляет их в банк ближайшим платёжным пакетом.</p>",
              "<p>На сторінці доходів натисніть «Запросити виплату», вкажіть суму і "
              "перевірте банківські реквізити. Компанія схвалює запити в робочі дні й "
              "відправляє їх до банку найближчим платіжним пакетом.</p>"),
            t("<p>You can follow each request: requested, approved, sent, paid. If the bank "
              "returns a payment (a wrong account number, say), the amount goes back to "
              "your balance and you can correct the details.</p>",
              "<p>Каждый запрос можно отслеживать: запрошен, одобрен, отправлен, выплачен. "
              "Если банк вернул платёж (например, из-за неверного номера счёта), сумма "
              "вернётся на баланс, и реквизиты можно исправить.</p>",
              "<p>Кожен запит можна відстежувати: запитано, схвалено, відправлено, "
              "виплачено. Якщо банк повернув платіж (наприклад, через неправильний номер "
              "рахунку), сума повернеться на баланс, і реквізити можна виправити.</p>"),
        ],
    },
    {
        "slug": "your-referral-link-explained",
        "categories": ["landing"],
        "title": t("Your referral link explained", "Всё о реферальной ссылке",
                   "Усе про реферальне посилання"),
        "summary": t("The 30-day memory, your own code, and source tags.",
                     "Память на 30 дней, собственный код и метки источника.",
                     "Пам'ять на 30 днів, власний код і мітки джерела."),
        "paragraphs": [
            t("<p>Whoever opens your link is remembered for 30 days: an order or a sign-up "
              "in that time is yours, even if they come back by typing the site's "
              "address.</p>",
              "<p>Того, кто открыл вашу ссылку, система помнит 30 дней: заказ или "
              "регистрация за это время — ваши, даже если человек вернётся, набрав адрес "
              "сайта вручную.</p>",
              "<p>Того, хто відкрив ваше посилання, система пам'ятає 30 днів: замовлення "
              "чи реєстрація за цей час — ваші, навіть якщо людина повернеться, набравши "
              "адресу сайту вручну.</p>"),
            t("<p>You can replace the random code with one of your own once, and add a tag "
              "such as <code>?utm_source=instagram</code> to compare channels in your "
              "referral statistics.</p>",
              "<p>Случайный код можно один раз заменить своим, а метка вроде "
              "<code>?utm_source=instagram</code> позволит сравнивать каналы в статистике "
              "переходов.</p>",
              "<p>Випадковий код можна один раз замінити своїм, а мітка на кшталт "
              "<code>?utm_source=instagram</code> дасть змогу порівнювати канали в "
              "статистиці переходів.</p>"),
        ],
    },
    {
        "slug": "your-landing-step-by-step",
        "categories": ["landing"],
        "title": t("Your landing, step by step", "Лендинг шаг за шагом",
                   "Лендинг крок за кроком"),
        "summary": t("Template, photo, story, contacts, publish.",
                     "Шаблон, фото, история, контакты, публикация.",
                     "Шаблон, фото, історія, контакти, публікація."),
        "paragraphs": [
            t("<p>In the cabinet, open Landings and choose a template. Replace the sample "
              "photo with your own, write three sentences about yourself, and pick the "
              "products to show.</p>",
              "<p>В кабинете откройте «Лендинги» и выберите шаблон. Замените пример фото "
              "своим, напишите о себе три предложения и выберите продукты для показа.</p>",
              "<p>У кабінеті відкрийте «Лендинги» й оберіть шаблон. Замініть приклад фото "
              "своїм, напишіть про себе три речення й оберіть продукти для показу.</p>"),
            t("<p>Check your phone and Telegram in your profile: they are shown in the "
              "landing's header. Preview on your phone, then publish: the landing opens at "
              "your link at once.</p>",
              "<p>Проверьте телефон и Telegram в профиле — они показываются в шапке "
              "лендинга. Посмотрите превью на телефоне и опубликуйте: лендинг сразу "
              "откроется по вашей ссылке.</p>",
              "<p>Перевірте телефон і Telegram у профілі — вони показуються в шапці "
              "лендингу. Перегляньте прев'ю на телефоні й опублікуйте: лендинг одразу "
              "відкриється за вашим посиланням.</p>"),
        ],
    },
    {
        "slug": "what-you-may-say-on-your-landing",
        "categories": ["landing"],
        "title": t("What you may and may not say", "Что можно и чего нельзя говорить",
                   "Що можна і чого не можна казати"),
        "summary": t("No health claims, no income promises.",
                     "Никаких обещаний здоровья и дохода.",
                     "Жодних обіцянок здоров'я і доходу."),
        "paragraphs": [
            t("<p>You may tell your own experience: what you use, how and what you "
              "noticed. You may not claim that a product treats, cures or prevents an "
              "illness, or promise anyone an income.</p>",
              "<p>Можно рассказывать о своём опыте: чем пользуетесь, как и что заметили. "
              "Нельзя утверждать, что продукт лечит, излечивает или предотвращает "
              "болезнь, и нельзя никому обещать доход.</p>",
              "<p>Можна розповідати про свій досвід: чим користуєтеся, як і що помітили. "
              "Не можна стверджувати, що продукт лікує, виліковує чи запобігає хворобі, і "
              "не можна нікому обіцяти дохід.</p>"),
            t("<p>The landing editor refuses the most common forbidden phrases when you "
              "publish and shows which one to change. The rules apply to your posts and "
              "messages too.</p>",
              "<p>Редактор лендинга при публикации не пропускает самые частые запрещённые "
              "фразы и показывает, какую изменить. Те же правила действуют для ваших "
              "постов и сообщений.</p>",
              "<p>Редактор лендингу під час публікації не пропускає найпоширеніші "
              "заборонені фрази й показує, яку змінити. Ті самі правила діють для ваших "
              "дописів і повідомлень.</p>"),
        ],
    },
    {
        "slug": "placement-left-and-right",
        "categories": ["team"],
        "title": t("Where new partners are placed", "Куда размещаются новые партнёры",
                   "Куди розміщуються нові партнери"),
        "summary": t("Your sponsor tree and your binary legs.",
                     "Спонсорское дерево и ветки бинара.",
                     "Спонсорське дерево і гілки бінару."),
        "paragraphs": [
            t("<p>A partner who joins through your link is always on your first level in "
              "the sponsor tree: that never changes what you earn on them.</p>",
              "<p>Партнёр, пришедший по вашей ссылке, всегда стоит на вашем первом уровне "
              "спонсорского дерева — это не меняется.</p>",
              "<p>Партнер, який прийшов за вашим посиланням, завжди стоїть на вашому "
              "першому рівні спонсорського дерева — це не змінюється.</p>"),
            t("<p>In the placement tree they go into your left or right leg, by the "
              "company's placement rule. For the binary bonus you need at least one "
              "active partner of your own in each leg, so look at both legs in your "
              "team.</p>",
              "<p>В дереве размещения он попадает в левую или правую ветку по правилу "
              "размещения компании. Для бинара нужен хотя бы один ваш активный партнёр в "
              "каждой ветке, поэтому следите за обеими ветками в разделе «Команда».</p>",
              "<p>У дереві розміщення він потрапляє в ліву або праву гілку за правилом "
              "розміщення компанії. Для бінару потрібен принаймні один ваш активний "
              "партнер у кожній гілці, тож стежте за обома гілками в розділі "
              "«Команда».</p>"),
        ],
    },
    {
        "slug": "your-first-partners-first-week",
        "categories": ["team"],
        "title": t("Supporting a new partner", "Как поддержать нового партнёра",
                   "Як підтримати нового партнера"),
        "summary": t("The mentor view, and what to do when someone is stuck.",
                     "Режим наставника и что делать, если человек застрял.",
                     "Режим наставника і що робити, якщо людина застрягла."),
        "paragraphs": [
            t("<p>The mentor view in your cabinet lists each newcomer you sponsored in "
              "their first 90 days: their day, their progress in the plan and the "
              "courses, and whether they reached their first goal.</p>",
              "<p>В режиме наставника в кабинете видны все лично приглашённые вами "
              "новички в их первые 90 дней: какой у них день, прогресс по плану и курсам "
              "и достигнута ли первая цель.</p>",
              "<p>У режимі наставника в кабінеті видно всіх особисто запрошених вами "
              "новачків у їхні перші 90 днів: який у них день, прогрес за планом і "
              "курсами і чи досягнуто першої цілі.</p>"),
            t("<p>Someone with no progress for three days is shown at the top. Call or "
              "write the same day, ask what got in the way, and agree on one small next "
              "step.</p>",
              "<p>Тот, у кого три дня нет прогресса, показан вверху. Позвоните или "
              "напишите в тот же день, спросите, что помешало, и договоритесь об одном "
              "небольшом следующем шаге.</p>",
              "<p>Той, у кого три дні немає прогресу, показаний угорі. Зателефонуйте чи "
              "напишіть того ж дня, запитайте, що завадило, і домовтеся про один "
              "невеликий наступний крок.</p>"),
        ],
    },
]

# --- the 90-day plan -----------------------------------------------------------------

def task(key, day, checked_by, title, description, *, action="", lesson="",
         first_goal=False):
    """A journey task; `lesson` names a lesson, stage or course of COURSES by slug."""
    return {"key": key, "day": day, "checked_by": checked_by, "action": action,
            "lesson": lesson, "first_goal": first_goal, "title": title,
            "description": description}


JOURNEY = {
    "name": t("First 90 days", "Первые 90 дней", "Перші 90 днів"),
    "welcome": t(
        "Welcome to Downline Naturals! These are your first 90 days, a few small steps at a "
        "time. Your first goal is a customer's order by day five: your sponsor and this "
        "plan will get you there.",
        "Добро пожаловать в Downline Naturals! Это ваши первые 90 дней — по нескольку "
        "небольших шагов. Первая цель — заказ клиента к пятому дню: ваш спонсор и этот "
        "план помогут к ней прийти.",
        "Ласкаво просимо до Downline Naturals! Це ваші перші 90 днів — по кілька невеликих "
        "кроків. Перша ціль — замовлення клієнта до п'ятого дня: ваш спонсор і цей план "
        "допоможуть до неї дійти.",
    ),
    "tasks": [
        task("complete-profile", 1, "profile_completed",
             t("Complete your profile", "Заполните профиль", "Заповніть профіль"),
             t("Your photo, phone and Telegram: your landing and your sponsor use them.",
               "Фото, телефон и Telegram: они нужны для лендинга и спонсору.",
               "Фото, телефон і Telegram: вони потрібні для лендингу і спонсорові."),
             action="cabinet:profile"),
        task("first-lesson", 1, "lesson_completed",
             t("Read your first lesson", "Пройдите первый урок", "Пройдіть перший урок"),
             t("“Welcome to Downline Naturals” takes five minutes.",
               "«Добро пожаловать в Downline Naturals» — пять минут.",
               "«Ласкаво просимо до Downline Naturals» — п'ять хвилин."),
             action="cabinet:learning", lesson="welcome-to-downline-naturals"),
        task("meet-your-sponsor", 1, "manual",
             t("Call your sponsor", "Созвонитесь со спонсором", "Зателефонуйте спонсорові"),
             t("Agree on your first week together; their contacts are on your overview.",
               "Договоритесь о первой неделе; контакты спонсора — на главной кабинета.",
               "Домовтеся про перший тиждень; контакти спонсора — на головній кабінету."),
             action="cabinet:team"),
        task("publish-landing", 2, "landing_published",
             t("Publish your landing", "Опубликуйте лендинг", "Опублікуйте лендинг"),
             t("Start from a template: it takes about fifteen minutes.",
               "Начните с шаблона: это около пятнадцати минут.",
               "Почніть із шаблону: це близько п'ятнадцяти хвилин."),
             action="cabinet:landings"),
        task("understand-the-plan", 2, "stage_passed",
             t("Pass “The marketing plan explained”", "Пройдите этап «Маркетинг-план»",
               "Пройдіть етап «Маркетинг-план»"),
             t("Know how you are paid before you talk to anyone about it.",
               "Разберитесь, как вам платят, прежде чем рассказывать другим.",
               "Розберіться, як вам платять, перш ніж розповідати іншим."),
             action="cabinet:learning", lesson="the-marketing-plan"),
        task("share-link", 3, "link_shared",
             t("Share your link", "Поделитесь ссылкой", "Поділіться посиланням"),
             t("Send it personally to five people who know you; it ticks with the first "
               "visit.",
               "Отправьте лично пяти знакомым; задача отметится с первым переходом.",
               "Надішліть особисто п'ятьом знайомим; завдання позначиться з першим "
               "переходом."),
             action="cabinet:referrals"),
        task("list-of-30", 3, "manual",
             t("Write your list of 30 names", "Составьте список из 30 имён",
               "Складіть список із 30 імен"),
             t("Friends, family, colleagues, neighbours: everyone who might like the "
               "products.",
               "Друзья, родные, коллеги, соседи — все, кому продукты могут понравиться.",
               "Друзі, рідні, колеги, сусіди — усі, кому продукти можуть сподобатися.")),
        task("first-lead", 4, "first_lead",
             t("Get your first lead", "Получите первую заявку", "Отримайте першу заявку"),
             t("Someone leaves their contacts on your landing.",
               "Кто-то оставляет контакты на вашем лендинге.",
               "Хтось залишає контакти на вашому лендингу."),
             action="cabinet:leads"),
        task("first-order", 5, "first_order",
             t("Your first customer order", "Первый заказ клиента",
               "Перше замовлення клієнта"),
             t("Your first goal: one customer, one product they really need.",
               "Ваша первая цель: один клиент, один действительно нужный ему продукт.",
               "Ваша перша ціль: один клієнт, один справді потрібний йому продукт."),
             action="cabinet:orders", first_goal=True),
        task("finish-start-course", 7, "course_completed",
             t("Finish “Start in 7 days”", "Завершите «Старт за 7 дней»",
               "Завершіть «Старт за 7 днів»"),
             t("All five stages, and your certificate.",
               "Все пять этапов — и ваш сертификат.", "Усі п'ять етапів — і ваш сертифікат."),
             action="cabinet:learning", lesson="start-in-7-days"),
        task("know-the-products", 14, "course_completed",
             t("Finish “Know our products”", "Завершите «Знай наши продукты»",
               "Завершіть «Знай наші продукти»"),
             t("Every product, so you can answer any customer.",
               "Все продукты — чтобы ответить любому клиенту.",
               "Усі продукти — щоб відповісти будь-якому клієнтові."),
             action="cabinet:learning", lesson="know-our-products"),
        task("first-partner", 21, "first_partner",
             t("Welcome your first partner", "Пригласите первого партнёра",
               "Запросіть першого партнера"),
             t("A happy customer who wants to earn from what they recommend.",
               "Довольный клиент, который хочет зарабатывать на том, что советует.",
               "Задоволений клієнт, який хоче заробляти на тому, що радить."),
             action="cabinet:team"),
        task("first-bonus", 35, "first_bonus",
             t("Earn your first bonus", "Получите первый бонус", "Отримайте перший бонус"),
             t("Posted after your first month closes; see it on your earnings page.",
               "Начисляется после закрытия первого месяца; смотрите на странице доходов.",
               "Нараховується після закриття першого місяця; дивіться на сторінці "
               "доходів."),
             action="cabinet:earnings"),
        task("month-review", 30, "manual",
             t("Review your first month with your sponsor",
               "Подведите итоги месяца со спонсором",
               "Підбийте підсумки місяця зі спонсором"),
             t("What worked, what did not, and one goal for the next month.",
               "Что сработало, что нет, и одна цель на следующий месяц.",
               "Що спрацювало, що ні, і одна ціль на наступний місяць.")),
        task("partner-first-order", 60, "manual",
             t("Help your partner to their first order",
               "Помогите партнёру с первым заказом",
               "Допоможіть партнерові з першим замовленням"),
             t("Do for them what your sponsor did for you.",
               "Сделайте для него то, что спонсор сделал для вас.",
               "Зробіть для нього те, що спонсор зробив для вас."),
             action="cabinet:team"),
        task("plan-next-quarter", 90, "manual",
             t("Plan your next 90 days", "Спланируйте следующие 90 дней",
               "Сплануйте наступні 90 днів"),
             t("Choose the rank you are aiming for and what it needs.",
               "Выберите ранг, к которому идёте, и что для него нужно.",
               "Оберіть ранг, до якого йдете, і що для нього потрібно."),
             action="cabinet:rank"),
    ],
}

# --- demo learners -------------------------------------------------------------------

# Newcomers the demo partner personally sponsored, at different points of their first 90
# days: (email, first name, last name, phone, telegram, day, stuck). Their progress is
# what a partner on that day has typically done; the stuck one stopped five days ago.
NEWCOMERS = [
    ("marta.newcomer@downline.demo", "Marta", "Kravets", "+380 67 210 45 18",
     "marta_kravets", 2, False),
    ("oleh.newcomer@downline.demo", "Oleh", "Bondar", "+380 50 318 72 09",
     "oleh_bondar", 6, True),
    ("iryna.newcomer@downline.demo", "Iryna", "Savchuk", "+380 93 455 61 27",
     "iryna_savchuk", 20, False),
    ("andriy.newcomer@downline.demo", "Andriy", "Moroz", "+380 97 602 33 84",
     "andriy_moroz", 80, False),
]
