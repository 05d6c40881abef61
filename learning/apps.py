from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from learning import courses, files, journey_checks, roster

        courses.connect()
        files.connect()
        journey_checks.connect()
        roster.connect()
