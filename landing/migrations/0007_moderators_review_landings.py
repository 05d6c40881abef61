"""The Moderators group (Wagtail's own, made by its first migrations) reviews landings: the
demo's editor is a moderator, and a company's moderators are who approve what partners
publish. Without this the group could not see the review queue."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def moderators_review_landings(apps, schema_editor):
    # Permissions are otherwise made after every migration has run: make them now.
    app_config = apps.get_app_config("landing")
    app_config.models_module = True  # a historical app has none; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    review = Permission.objects.filter(
        content_type__app_label="landing", codename="review_landing"
    ).first()
    moderators = Group.objects.filter(name="Moderators").first()
    if review is not None and moderators is not None:
        moderators.permissions.add(review)


def moderators_stop_reviewing(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for moderators in Group.objects.filter(name="Moderators"):
        moderators.permissions.remove(
            *moderators.permissions.filter(
                content_type__app_label="landing", codename="review_landing"
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ("landing", "0006_landing_choosers_ask_only_when_chosen"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
    ]

    operations = [
        migrations.RunPython(moderators_review_landings, moderators_stop_reviewing),
    ]
