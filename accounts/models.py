"""The user: signs in by email; everything else about a person hangs off it."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError(_("An email address is required."))
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError(_("A superuser must have is_staff and is_superuser set."))
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def display_name(self):
        return self.get_full_name() or self.email.split("@")[0]

    def can_enter_admin(self):
        """May enter the Wagtail admin. Asked on every API request (accounts.second_factor):
        one query for this permission, given to the user or a group of theirs, rather than
        loading all their permissions in two (as has_perm would)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        if hasattr(self, "_perm_cache"):  # already loaded this request
            return self.has_perm("wagtailadmin.access_admin")
        return Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin",
        ).filter(models.Q(user=self) | models.Q(group__user=self)).exists()
