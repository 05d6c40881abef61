"""Creates the demo company: its site in three languages, news, blog and demo accounts.

Idempotent: run it again and it fills in what is missing, changing nothing that exists.
"""

import io
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage, NewsIndexPage, NewsPage
from website.demo import content
from website.demo.images import draw_picture
from website.models import ContentPage, Footer, HomePage, NavigationMenu, SiteSettings

DEMO_CONTENT_DIR = Path(settings.BASE_DIR) / "blog" / "demo_content"

# Known demo credentials: printed at the end, never used outside the demo.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDOWNLINE"
DEMO_ACCOUNTS = [
    # email, password, first, last, role
    ("admin@downline.demo", "demo-admin-2026", "Ada", "Admin", "admin"),
    ("editor@downline.demo", "demo-editor-2026", "Erin", "Editor", "editor"),
    ("partner@downline.demo", "demo-partner-2026", "Pavlo", "Partner", "partner"),
]


class Command(BaseCommand):
    help = "Create (or complete) the demo company site, its content and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true",
                            help="Do not print the demo logins at the end.")

    def handle(self, *args, **options):
        with transaction.atomic():
            self.locales = {code: Locale.objects.get_or_create(language_code=code)[0]
                            for code in content.LANGUAGES}
            self.images = {}
            home = self.create_home()
            about = self.create_content_page(home, "about")
            contact = self.create_content_page(home, "contact")
            news_index = self.create_index(home, "news", NewsIndexPage)
            blog_index = self.create_index(home, "blog", BlogIndexPage)
            self.create_news(news_index)
            self.create_blog(blog_index)
            self.create_chrome(home, [about, news_index, blog_index, contact])
            self.fill_home_body(home, about)
            logins = self.create_accounts()
        if not options["quiet_logins"]:
            self.print_logins(logins)

    # --- images -------------------------------------------------------------------
    def image(self, key, label):
        if key in self.images:
            return self.images[key]
        image_model = get_image_model()
        title = f"demo: {key}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            picture = ImageFile(io.BytesIO(draw_picture(key, label)), name=f"demo-{key}.jpg")
            image = image_model(title=title, file=picture)
            image.save()
        self.images[key] = image
        return image

    # --- pages --------------------------------------------------------------------
    def translate(self, source, language, **fields):
        """The page's translation in `language`, created and published if missing."""
        locale = self.locales[language]
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        translation = source.copy_for_translation(locale, copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        translation.refresh_from_db()
        return translation.specific

    def create_home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=self.locales["en"], depth=2).first()
        if home is None:
            # Wagtail's migrations leave a "Welcome to your new Wagtail site!" page holding
            # the slug "home"; it steps aside for the real home page.
            for welcome in Page.objects.filter(depth=2, slug="home"):
                welcome.slug = f"welcome-{welcome.pk}"
                welcome.save(update_fields=["slug"])
            text = content.HOME["en"]
            home = HomePage(title=text["title"], slug="home", locale=self.locales["en"],
                            share_image=self.image("home", content.COMPANY["name"]))
            root.add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, root_page=home,
                                       is_default_site=True, site_name=content.COMPANY["name"])
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = content.COMPANY["name"]
            site.save()
            if type(old_root.specific) is Page and old_root.depth == 2:
                old_root.delete()
        for language in ("ru", "uk"):
            self.translate(home, language, title=content.HOME[language]["title"])
        return home

    def fill_home_body(self, home, about):
        for language in content.LANGUAGES:
            page = home if language == "en" else home.get_translation(self.locales[language])
            page = page.specific
            if page.body:
                continue
            text = content.HOME[language]
            page.body = [
                ("hero", {
                    "headline": text["hero"], "subline": text["subline"],
                    "image": self.image("home-hero", ""),
                    "button_label": text["button"], "button_page": about,
                }),
                ("features", {
                    "heading": text["features_heading"],
                    "features": [{"title": t, "text": d} for t, d in text["features"]],
                }),
            ]
            page.search_description = text["subline"]
            page.save_revision().publish()

    def create_content_page(self, home, key):
        texts = content.PAGES[key]
        page = ContentPage.objects.filter(locale=self.locales["en"], slug=key).first()
        if page is None:
            title, intro, paragraphs = texts["en"]
            page = ContentPage(title=title, slug=key, intro=intro, body=self.body(paragraphs),
                               share_image=self.image(key, title))
            home.add_child(instance=page)
            page.save_revision().publish()
        for language in ("ru", "uk"):
            title, intro, paragraphs = texts[language]
            self.translate(page, language, title=title, intro=intro, body=self.body(paragraphs))
        return page

    def body(self, paragraphs):
        return [("paragraph", f"<p>{text}</p>") for text in paragraphs]

    def create_index(self, home, key, model):
        texts = content.INDEXES[key]
        index = model.objects.filter(locale=self.locales["en"], slug=key).first()
        if index is None:
            title, intro = texts["en"]
            index = model(title=title, slug=key, intro=intro)
            home.add_child(instance=index)
            index.save_revision().publish()
        for language in ("ru", "uk"):
            title, intro = texts[language]
            self.translate(index, language, title=title, intro=intro)
        return index

    def create_news(self, news_index):
        now = timezone.now()
        for number, (slug, texts) in enumerate(content.NEWS):
            article = NewsPage.objects.filter(locale=self.locales["en"], slug=slug).first()
            title, intro, paragraph = texts["en"]
            if article is None:
                article = NewsPage(
                    title=title, slug=slug, intro=intro, body=self.body([paragraph]),
                    date=now - timedelta(days=3 + number * 9),
                    image=self.image(f"news-{slug}", ""),
                )
                news_index.add_child(instance=article)
                article.save_revision().publish()
            for language in ("ru", "uk"):
                title, intro, paragraph = texts[language]
                self.translate(article, language, title=title, intro=intro,
                               body=self.body([paragraph]), search_description="")

    def create_taxonomy(self):
        categories, authors = {}, {}
        for slug, names in content.CATEGORIES.items():
            category = BlogCategory.objects.filter(slug=slug, locale=self.locales["en"]).first()
            if category is None:
                category = BlogCategory.objects.create(
                    slug=slug, name=names["en"], locale=self.locales["en"]
                )
            categories[slug] = {"en": category}
            for language in ("ru", "uk"):
                translated = category.get_translation_or_none(self.locales[language])
                if translated is None:
                    translated = category.copy_for_translation(self.locales[language])
                    translated.name = names[language]
                    translated.save()
                categories[slug][language] = translated
        for key, names in content.AUTHORS.items():
            name, role = names["en"]
            author = Author.objects.filter(name=name, locale=self.locales["en"]).first()
            if author is None:
                author = Author.objects.create(name=name, role=role, locale=self.locales["en"],
                                               photo=self.image(f"author-{key}", ""))
            authors[key] = {"en": author}
            for language in ("ru", "uk"):
                translated = author.get_translation_or_none(self.locales[language])
                if translated is None:
                    translated = author.copy_for_translation(self.locales[language])
                    translated.name, translated.role = names[language]
                    translated.save()
                authors[key][language] = translated
        return categories, authors

    def create_blog(self, blog_index):
        categories, authors = self.create_taxonomy()
        now = timezone.now()
        for number, (slug, category, author, tags, texts) in enumerate(content.POSTS):
            post = BlogPage.objects.filter(locale=self.locales["en"], slug=slug).first()
            title, intro, paragraph = texts["en"]
            if post is None:
                post = BlogPage(
                    title=title, slug=slug, intro=intro, body=self.body([paragraph]),
                    date=now - timedelta(days=1 + number * 11),
                    image=self.image(f"blog-{slug}", ""),
                )
                post.categories = [categories[category]["en"]]
                post.authors = [authors[author]["en"]]
                post.tags.add(*tags)
                blog_index.add_child(instance=post)
                post.save_revision().publish()
            for language in ("ru", "uk"):
                title, intro, paragraph = texts[language]
                if post.get_translation_or_none(self.locales[language]) is not None:
                    continue
                translation = post.copy_for_translation(self.locales[language], copy_parents=True)
                translation.title, translation.intro = title, intro
                translation.body = self.body([paragraph])
                translation.categories = [categories[category][language]]
                translation.authors = [authors[author][language]]
                translation.tags.set(tags)
                translation.save_revision().publish()
        for number, (slug, language, filename, category, title) in enumerate(
            content.SOURCE_ARTICLES
        ):
            index = blog_index.get_translation(self.locales[language])
            if BlogPage.objects.filter(locale=self.locales[language], slug=slug).exists():
                continue
            intro, paragraphs = self.read_source_article(DEMO_CONTENT_DIR / filename, title)
            post = BlogPage(
                title=title, slug=slug, intro=intro, locale=self.locales[language],
                body=self.body(paragraphs), date=now - timedelta(days=20 + number * 7),
                image=self.image(f"blog-{slug}", ""),
            )
            post.categories = [categories[category][language]]
            post.authors = [authors["olena"][language]]
            index.add_child(instance=post)
            post.save_revision().publish()

    @staticmethod
    def read_source_article(path, title):
        text = path.read_text(encoding="utf-8")
        lines = [line.strip(" \t•").strip() for line in text.splitlines()]
        body = [line for line in lines if line and line != title]
        if body and body[0].count(",") >= 2 and len(body[0]) < 120:
            body = body[1:]  # the original blog's list of categories
        return body[0][:480], body[1:]

    # --- site chrome ----------------------------------------------------------------
    def create_chrome(self, home, menu_pages):
        site = Site.objects.get(root_page=home)
        site_settings = SiteSettings.for_site(site)
        if not site_settings.email:
            site_settings.company_name = content.COMPANY["name"]
            site_settings.email = content.COMPANY["email"]
            site_settings.phone = content.COMPANY["phone"]
            site_settings.address = content.COMPANY["address"]
            site_settings.social_links = [
                ("link", {"network": "telegram", "url": "https://t.me/downline_demo"}),
                ("link", {"network": "instagram", "url": "https://instagram.com/downline_demo"}),
                ("link", {"network": "youtube", "url": "https://youtube.com/@downline_demo"}),
            ]
            site_settings.save()
        for language in content.LANGUAGES:
            locale = self.locales[language]
            if not NavigationMenu.objects.filter(locale=locale).exists():
                NavigationMenu.objects.create(
                    locale=locale, name=content.MENU[language],
                    items=[("item", {"page": page, "url": "", "title": ""}) for page in menu_pages],
                )
            if not Footer.objects.filter(locale=locale).exists():
                text, copyright_line = content.FOOTER[language]
                Footer.objects.create(locale=locale, text=text, copyright=copyright_line)

    # --- accounts -------------------------------------------------------------------
    def create_accounts(self):
        user_model = get_user_model()
        logins = []
        for email, password, first, last, role in DEMO_ACCOUNTS:
            user = user_model.objects.filter(email=email).first()
            if user is None:
                user = user_model.objects.create_user(
                    email=email, password=password, first_name=first, last_name=last,
                    is_staff=role == "admin", is_superuser=role == "admin",
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            codes = []
            if role == "editor":
                editors = Group.objects.filter(name__in=["Editors", "Moderators"])
                user.groups.add(*editors)
                translate = Permission.objects.filter(
                    content_type__app_label="wagtail_localize", codename="submit_translation"
                )
                for group in editors:
                    group.permissions.add(*translate)
            if role in ("admin", "editor"):
                if not Authenticator.objects.filter(user=user, type="totp").exists():
                    TOTP.activate(user, DEMO_TOTP_SECRET)
                recovery = Authenticator.objects.filter(user=user, type="recovery_codes").first()
                if recovery is None:
                    recovery = RecoveryCodes.activate(user).instance
                codes = RecoveryCodes(recovery).get_unused_codes()
            logins.append((role, email, password, codes))
        return logins

    def print_logins(self, logins):
        self.stdout.write(self.style.SUCCESS("Demo ready: http://127.0.0.1:8000/"))
        self.stdout.write("Demo logins (sign in at http://127.0.0.1:8000/en/accounts/login/):")
        for role, email, password, codes in logins:
            self.stdout.write(f"  {role:8} {email:26} password: {password}")
            if codes:
                self.stdout.write(f"           two-factor: TOTP secret {DEMO_TOTP_SECRET} "
                                  f"(add it to an authenticator app) or a recovery code: "
                                  f"{', '.join(codes[:3])}")
        self.stdout.write("Wagtail admin: http://127.0.0.1:8000/admin/ (admin or editor)")
