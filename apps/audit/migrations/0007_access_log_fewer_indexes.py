"""The access log keeps no index of its own on ``at`` or ``user``: the log review's indexes and
(user, at) answer every read, and every page that names a child pays each index on insert.

The indexes are dropped by name rather than by AlterField, which on SQLite rebuilds the table
and would drop the append-only triggers with it (migrations 0003 and 0006)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_log_cannot_be_emptied_or_replaced"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "audit_accesslog_at_210015f3";',
                    'CREATE INDEX "audit_accesslog_at_210015f3" ON "audit_accesslog" ("at");',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "audit_accesslog_user_id_7f87e501";',
                    'CREATE INDEX "audit_accesslog_user_id_7f87e501" '
                    'ON "audit_accesslog" ("user_id");',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="accesslog",
                    name="at",
                    field=models.DateTimeField(auto_now_add=True, verbose_name="tidpunkt"),
                ),
                migrations.AlterField(
                    model_name="accesslog",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
        ),
    ]
