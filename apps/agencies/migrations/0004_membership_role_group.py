"""Each membership points to the group of its agency and role, so the memberships in force give
every group the policy counts in one plain read per request (before, the role's group was looked
up by a name built in SQL). Filled from the groups' names, created where missing."""

import django.db.models.deletion
from django.db import migrations, models


def point_to_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("agencies", "Membership")
    for membership in Membership.objects.all():
        group, _ = Group.objects.get_or_create(
            name=f"agency-{membership.agency_id}-{membership.role}"
        )
        membership.role_group = group
        membership.save(update_fields=["role_group"])
    HistoricalMembership = apps.get_model("agencies", "HistoricalMembership")
    for record in HistoricalMembership.objects.filter(role_group__isnull=True):
        group, _ = Group.objects.get_or_create(name=f"agency-{record.agency_id}-{record.role}")
        record.role_group = group
        record.save(update_fields=["role_group"])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_grant_valid_until"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="role_group",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_memberships",
                to="auth.group",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="role_group",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="auth.group",
            ),
        ),
        migrations.RunPython(point_to_role_groups, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="membership",
            name="role_group",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="role_memberships",
                to="auth.group",
            ),
        ),
    ]
