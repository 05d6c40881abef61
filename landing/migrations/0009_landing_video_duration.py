from django.db import migrations, models


class Migration(migrations.Migration):
    """Each uploaded video keeps its length, read from its container (landing/videos.py)."""

    dependencies = [
        ("landing", "0008_landing_own_address_and_ad_pixels"),
    ]

    operations = [
        migrations.AddField(
            model_name="landingvideo",
            name="duration",
            field=models.DecimalField(
                blank=True, decimal_places=3, max_digits=10, null=True,
                verbose_name="length in seconds",
            ),
        ),
    ]
