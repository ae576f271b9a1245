"""Log review reads two index ranges over a period, (agency_id, at, id) for reads made for the
agency and (child_id, at, id) for reads of its children, and takes the ids from the indexes alone.
The (child_id, ...) index serves every lookup by child, so child_id loses its own index.

The new indexes are built before the old ones go, so the log can still be read meanwhile. The
child_id index is dropped by name rather than by AlterField: on SQLite AlterField rebuilds the
table, which would silently drop the append-only triggers of 0003."""

from django.db import migrations, models

CHILD_ID_INDEX = "audit_accesslog_child_id_f4188954"


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]

    operations = [
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(
                fields=["agency_id", "at", "id"], name="audit_acces_agency__3c1b8a_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(
                fields=["child_id", "at", "id"], name="audit_acces_child_i_0a6d5b_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="accesslog", name="audit_acces_agency__5805a4_idx"),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX "{CHILD_ID_INDEX}"',
                    f'CREATE INDEX "{CHILD_ID_INDEX}" ON "audit_accesslog" ("child_id")',
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog",
                    name="child_id",
                    field=models.BigIntegerField(null=True, verbose_name="barnets id"),
                )
            ],
        ),
    ]
