"""The access log records the agency owning what was read, beside the agency the reader acted
for, and log review reads the reads of an agency's records as one (owner_agency_id, at, id)
index range, like the reads made for it (see 0004).

A nullable column without a default: on SQLite it is added by ALTER TABLE, not by rebuilding
the table, so the append-only triggers of 0003 stay. Rows logged before are not filled in, as
the log cannot be changed: a review lists them among the reads made for the unit, and finds the
earlier reads of one of its children by anyone through the child's personnummer."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_log_review_indexes")]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="owner_agency_id",
            field=models.BigIntegerField(null=True, verbose_name="ägande verksamhetens id"),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(
                fields=["owner_agency_id", "at", "id"], name="audit_log_owner_at_id"
            ),
        ),
    ]
