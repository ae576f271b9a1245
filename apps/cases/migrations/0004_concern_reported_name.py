"""A concern keeps the child's name as the reporter wrote it, the only name their own pages show.

Concerns logged before stay blank: what their reporters typed was never stored, and filling in
the registered child's name would show them exactly what this hides."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_grant_valid_until")]

    operations = [
        migrations.AddField(
            model_name="concern",
            name="reported_name",
            field=models.CharField(
                blank=True, max_length=201, verbose_name="barnets namn enligt uppgiftslämnaren"
            ),
        ),
        migrations.AddField(
            model_name="historicalconcern",
            name="reported_name",
            field=models.CharField(
                blank=True, max_length=201, verbose_name="barnets namn enligt uppgiftslämnaren"
            ),
        ),
    ]
