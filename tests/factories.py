"""factory_boy factories for users, images and pages (pages are added under a parent)."""

import io

import factory
from allauth.account.models import EmailAddress
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from accounts.models import User
from blog.models import BlogCategory, BlogIndexPage, BlogPage, NewsIndexPage, NewsPage
from website.models import ContentPage, HomePage

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


def make_image_file(name="test.png", size=(640, 360), colour=(15, 118, 110)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyFunction(make_image_file)


class PageFactory(factory.Factory):
    """Builds a page and publishes it under `parent`."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: None)

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        if not kwargs.get("slug"):
            kwargs.pop("slug", None)
        categories = kwargs.pop("categories", None)
        tags = kwargs.pop("tags", None)
        page = model_class(**kwargs)
        if categories is not None:
            page.categories = categories
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    intro = "Welcome"


class ContentPageFactory(PageFactory):
    class Meta:
        model = ContentPage

    intro = "About the company"


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage


class BlogIndexPageFactory(PageFactory):
    class Meta:
        model = BlogIndexPage


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    intro = factory.Sequence(lambda n: f"Intro of news {n}")
    date = factory.LazyFunction(timezone.now)


class BlogPageFactory(PageFactory):
    class Meta:
        model = BlogPage

    intro = factory.Sequence(lambda n: f"Intro of post {n}")
    date = factory.LazyFunction(timezone.now)


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
