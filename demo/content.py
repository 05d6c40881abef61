"""The demo company's texts in English, Russian and Ukrainian."""

LANGUAGES = ["en", "ru", "uk"]

COMPANY = {
    "name": "Downline Naturals",
    "email": "hello@downline.demo",
    "phone": "+380 44 123 45 67",
    "address": "12 Khreshchatyk St, Kyiv 01001, Ukraine",
}
# The site settings in the other languages (the brand name stays as it is).
COMPANY_ADDRESS = {
    "ru": "ул. Крещатик, 12, Киев 01001, Украина",
    "uk": "вул. Хрещатик, 12, Київ 01001, Україна",
}

HOME = {
    "en": {
        "title": "Home",
        "intro": "",
        "hero": "Build a business you are proud of",
        "subline": "Natural products, honest rewards and a team that grows with you.",
        "button": "About the company",
        "features_heading": "Why partners choose us",
        "features": [
            ("Your own page", "Every partner gets a landing page and a referral link in minutes."),
            ("Training from day one", "Step-by-step lessons for your first 90 days."),
            ("Transparent bonuses", "See every bonus, its source and your next rank."),
        ],
    },
    "ru": {
        "title": "Главная",
        "intro": "",
        "hero": "Постройте бизнес, которым гордитесь",
        "subline": "Натуральные продукты, честное вознаграждение и команда, которая растёт вместе с вами.",
        "button": "О компании",
        "features_heading": "Почему партнёры выбирают нас",
        "features": [
            ("Своя страница", "Каждый партнёр за минуты получает лендинг и реферальную ссылку."),
            ("Обучение с первого дня", "Пошаговые уроки на первые 90 дней."),
            ("Прозрачные бонусы", "Видно каждый бонус, его источник и следующий ранг."),
        ],
    },
    "uk": {
        "title": "Головна",
        "intro": "",
        "hero": "Побудуйте бізнес, яким пишаєтеся",
        "subline": "Натуральні продукти, чесна винагорода і команда, що зростає разом із вами.",
        "button": "Про компанію",
        "features_heading": "Чому партнери обирають нас",
        "features": [
            ("Власна сторінка", "Кожен партнер за хвилини отримує лендинг і реферальне посилання."),
            ("Навчання з першого дня", "Покрокові уроки на перші 90 днів."),
            ("Прозорі бонуси", "Видно кожен бонус, його джерело і наступний ранг."),
        ],
    },
}

PAGES = {
    "about": {
        "en": ("About us", "Downline Naturals has made plant-based wellness products since 2012.",
               ["We work with farms in the Carpathians and process every harvest in our own "
                "laboratory.", "Our partners in 14 countries recommend the products they use "
                "themselves, and we pay them fairly and on time."]),
        "ru": ("О нас", "Downline Naturals выпускает растительные продукты для здоровья с 2012 года.",
               ["Мы работаем с фермами в Карпатах и перерабатываем каждый урожай в собственной "
                "лаборатории.", "Наши партнёры в 14 странах рекомендуют продукты, которыми "
                "пользуются сами, а мы платим им честно и вовремя."]),
        "uk": ("Про нас", "Downline Naturals виробляє рослинні продукти для здоров'я з 2012 року.",
               ["Ми працюємо з фермами в Карпатах і переробляємо кожен урожай у власній "
                "лабораторії.", "Наші партнери в 14 країнах рекомендують продукти, якими "
                "користуються самі, а ми платимо їм чесно і вчасно."]),
    },
    "contact": {
        "en": ("Contact", "Write or call us: we answer on working days within a few hours.",
               ["Partner support: support@downline.demo.", "Press and partnerships: "
                "press@downline.demo."]),
        "ru": ("Контакты", "Пишите или звоните: в рабочие дни отвечаем за несколько часов.",
               ["Поддержка партнёров: support@downline.demo.", "Пресса и сотрудничество: "
                "press@downline.demo."]),
        "uk": ("Контакти", "Пишіть або телефонуйте: у робочі дні відповідаємо за кілька годин.",
               ["Підтримка партнерів: support@downline.demo.", "Преса та співпраця: "
                "press@downline.demo."]),
    },
}

INDEXES = {
    "news": {
        "en": ("News", "What is new at the company."),
        "ru": ("Новости", "Что нового в компании."),
        "uk": ("Новини", "Що нового в компанії."),
    },
    "blog": {
        "en": ("Blog", "Ideas, stories and advice for partners."),
        "ru": ("Блог", "Идеи, истории и советы для партнёров."),
        "uk": ("Блог", "Ідеї, історії та поради для партнерів."),
    },
}

# (slug, {lang: (title, intro, paragraph)})
NEWS = [
    ("new-vitamin-line", {
        "en": ("A new vitamin line arrives in spring", "Six new products made from Carpathian berries.",
               "The line was tested for two years in our laboratory and goes on sale in March."),
        "ru": ("Весной выходит новая линия витаминов", "Шесть новых продуктов из карпатских ягод.",
               "Линию два года испытывали в нашей лаборатории, продажи начнутся в марте."),
        "uk": ("Навесні виходить нова лінія вітамінів", "Шість нових продуктів із карпатських ягід.",
               "Лінію два роки випробовували в нашій лабораторії, продаж почнеться в березні."),
    }),
    ("leadership-forum-2026", {
        "en": ("Leadership forum in Kyiv", "Two days of training for team leaders in December.",
               "Top leaders share how they built teams; registration is open in the cabinet."),
        "ru": ("Лидерский форум в Киеве", "Два дня обучения для лидеров команд в декабре.",
               "Топ-лидеры расскажут, как строили команды; регистрация открыта в кабинете."),
        "uk": ("Лідерський форум у Києві", "Два дні навчання для лідерів команд у грудні.",
               "Топ-лідери розкажуть, як будували команди; реєстрація відкрита в кабінеті."),
    }),
    ("new-warehouse-lviv", {
        "en": ("A new warehouse in Lviv", "Orders in western regions now arrive in one day.",
               "The warehouse holds the whole catalogue and ships six days a week."),
        "ru": ("Новый склад во Львове", "Заказы в западных регионах теперь приходят за день.",
               "На складе весь каталог, отгрузка шесть дней в неделю."),
        "uk": ("Новий склад у Львові", "Замовлення в західних регіонах тепер приходять за день.",
               "На складі весь каталог, відвантаження шість днів на тиждень."),
    }),
    ("mobile-cabinet", {
        "en": ("The cabinet on your phone", "The partner cabinet now works well on any phone.",
               "Check your team, orders and bonuses on the way, without a laptop."),
        "ru": ("Кабинет в вашем телефоне", "Кабинет партнёра теперь удобен на любом телефоне.",
               "Команда, заказы и бонусы под рукой в дороге, без ноутбука."),
        "uk": ("Кабінет у вашому телефоні", "Кабінет партнера тепер зручний на будь-якому телефоні.",
               "Команда, замовлення і бонуси під рукою в дорозі, без ноутбука."),
    }),
    ("eco-packaging", {
        "en": ("Fully recyclable packaging", "From January every box and bottle can be recycled.",
               "We replaced plastic inserts with paper and cut packaging weight by a third."),
        "ru": ("Полностью перерабатываемая упаковка", "С января каждую коробку и флакон можно сдать в переработку.",
               "Мы заменили пластиковые вставки бумагой и на треть снизили вес упаковки."),
        "uk": ("Повністю перероблювана упаковка", "Із січня кожну коробку і флакон можна здати на переробку.",
               "Ми замінили пластикові вставки папером і на третину зменшили вагу упаковки."),
    }),
    ("charity-run", {
        "en": ("Partners ran for children's hospitals", "240 partners joined the autumn charity run.",
               "Together we raised money for equipment for two children's hospitals."),
        "ru": ("Партнёры пробежали для детских больниц", "240 партнёров вышли на осенний благотворительный забег.",
               "Вместе мы собрали средства на оборудование для двух детских больниц."),
        "uk": ("Партнери пробігли для дитячих лікарень", "240 партнерів вийшли на осінній благодійний забіг.",
               "Разом ми зібрали кошти на обладнання для двох дитячих лікарень."),
    }),
    ("q3-results", {
        "en": ("Third quarter results", "Sales grew 18% and 3,400 new partners joined.",
               "Thank you to every partner: the growth came from teams in all regions."),
        "ru": ("Итоги третьего квартала", "Продажи выросли на 18%, к нам присоединились 3400 партнёров.",
               "Спасибо каждому партнёру: рост дали команды во всех регионах."),
        "uk": ("Підсумки третього кварталу", "Продажі зросли на 18%, до нас приєдналися 3400 партнерів.",
               "Дякуємо кожному партнеру: зростання дали команди в усіх регіонах."),
    }),
]

CATEGORIES = {
    "business": {"en": "Business", "ru": "Бизнес", "uk": "Бізнес"},
    "products": {"en": "Products", "ru": "Продукты", "uk": "Продукти"},
    "team-achievements": {
        "en": "Team achievements", "ru": "Достижения команды", "uk": "Досягнення команди",
    },
}

AUTHORS = {
    "olena": {"en": ("Olena Kovalenko", "Head of partner training"),
              "ru": ("Елена Коваленко", "Руководитель обучения партнёров"),
              "uk": ("Олена Коваленко", "Керівниця навчання партнерів")},
    "maxim": {"en": ("Maxim Petrenko", "Product expert"),
              "ru": ("Максим Петренко", "Эксперт по продуктам"),
              "uk": ("Максим Петренко", "Експерт із продуктів")},
}

# (slug, category, author, tags, {lang: (title, intro, paragraph)})
POSTS = [
    ("first-week-plan", "business", "olena", ["onboarding", "planning"], {
        "en": ("Your first week: a simple plan", "Five steps that make the first week count.",
               "Set a goal, list 20 people you know, share your page, place your first order and "
               "book a call with your sponsor."),
        "ru": ("Ваша первая неделя: простой план", "Пять шагов, чтобы первая неделя не прошла зря.",
               "Поставьте цель, составьте список из 20 знакомых, поделитесь страницей, сделайте "
               "первый заказ и договоритесь о звонке со спонсором."),
        "uk": ("Ваш перший тиждень: простий план", "П'ять кроків, щоб перший тиждень не минув даремно.",
               "Поставте мету, складіть список із 20 знайомих, поділіться сторінкою, зробіть перше "
               "замовлення і домовтеся про дзвінок зі спонсором."),
    }),
    ("talk-about-products", "products", "maxim", ["products", "sales"], {
        "en": ("How to talk about products honestly", "Share your experience, not promises.",
               "Tell what you noticed yourself and let people try; never promise cures or income."),
        "ru": ("Как честно рассказывать о продуктах", "Делитесь опытом, а не обещаниями.",
               "Рассказывайте, что заметили сами, и давайте попробовать; не обещайте исцеления и доходов."),
        "uk": ("Як чесно розповідати про продукти", "Діліться досвідом, а не обіцянками.",
               "Розповідайте, що помітили самі, і давайте спробувати; не обіцяйте зцілення і доходів."),
    }),
    ("team-diamond-anna", "team-achievements", "olena", ["ranks", "leaders"], {
        "en": ("Anna Shevchuk reaches Diamond", "From first order to Diamond in three years.",
               "Anna built a team of 1,200 partners by training every newcomer personally."),
        "ru": ("Анна Шевчук достигла ранга «Бриллиант»", "От первого заказа до «Бриллианта» за три года.",
               "Анна построила команду из 1200 партнёров, лично обучая каждого новичка."),
        "uk": ("Анна Шевчук досягла рангу «Діамант»", "Від першого замовлення до «Діаманта» за три роки.",
               "Анна побудувала команду з 1200 партнерів, особисто навчаючи кожного новачка."),
    }),
    ("team-top-newcomers", "team-achievements", "olena", ["ranks", "newcomers"], {
        "en": ("The best newcomers of the quarter", "Ten partners who reached Silver in 90 days.",
               "They followed the first-90-days plan step by step; here is what they say about it."),
        "ru": ("Лучшие новички квартала", "Десять партнёров, получивших «Серебро» за 90 дней.",
               "Они шаг за шагом шли по плану первых 90 дней; вот что они о нём говорят."),
        "uk": ("Найкращі новачки кварталу", "Десять партнерів, які отримали «Срібло» за 90 днів.",
               "Вони крок за кроком ішли планом перших 90 днів; ось що вони про нього кажуть."),
    }),
    ("social-media-basics", "business", "maxim", ["social media", "marketing"], {
        "en": ("Social media without spam", "Three rules for posts people want to read.",
               "Show real life, answer questions and share your landing page only when asked."),
        "ru": ("Соцсети без спама", "Три правила постов, которые хочется читать.",
               "Показывайте настоящую жизнь, отвечайте на вопросы и давайте ссылку на страницу по запросу."),
        "uk": ("Соцмережі без спаму", "Три правила дописів, які хочеться читати.",
               "Показуйте справжнє життя, відповідайте на запитання і давайте посилання на сторінку на прохання."),
    }),
    ("winter-immunity-set", "products", "maxim", ["products", "winter"], {
        "en": ("The winter set, explained", "What is inside and who it suits.",
               "Elderberry syrup, vitamin D drops and herbal tea: a simple routine for cold months."),
        "ru": ("Зимний набор: что внутри", "Состав набора и кому он подходит.",
               "Сироп бузины, капли витамина D и травяной чай: простая привычка на холодные месяцы."),
        "uk": ("Зимовий набір: що всередині", "Склад набору і кому він підходить.",
               "Сироп бузини, краплі вітаміну D і трав'яний чай: проста звичка на холодні місяці."),
    }),
]

# The two articles the product was started from, each in its own language only.
SOURCE_ARTICLES = [
    ("partner-cabinet", "ru", "partner-cabinet.ru.txt", "business",
     "Личный кабинет партнёра МЛМ: каким он должен быть"),
    ("first-90-days", "uk", "first-90-days.uk.txt", "business",
     "Як утримати дистриб'юторів в MLM в перші 90 днів"),
]

MENU = {"en": "Main menu", "ru": "Главное меню", "uk": "Головне меню"}

FOOTER = {
    "en": ("<p>Natural products and a fair partner programme.</p>",
           "© 2026 Downline Naturals. All rights reserved."),
    "ru": ("<p>Натуральные продукты и честная партнёрская программа.</p>",
           "© 2026 Downline Naturals. Все права защищены."),
    "uk": ("<p>Натуральні продукти і чесна партнерська програма.</p>",
           "© 2026 Downline Naturals. Усі права захищено."),
}
