"""Grants made under a consent carry its last day, so the policy can ignore an expired one
without a write on the read. Grants shared before this get the last day of the longest
consent they are still shared under."""

from django.db import migrations
from django.db.models import Max


def grants_end_with_their_consent(apps, schema_editor):
    Share = apps.get_model("consent", "Share")
    live = (
        Share.objects.filter(ended_at__isnull=True)
        .values("content_type__app_label", "content_type__model", "group_id", "perm", "object_id")
        .annotate(last_day=Max("consent__valid_until"))
        .order_by()
    )
    for row in live:
        grants = apps.get_model(
            row["content_type__app_label"], f"{row['content_type__model']}groupobjectpermission"
        )
        grants.objects.filter(
            group_id=row["group_id"],
            permission__codename=row["perm"].split(".", 1)[1],
            content_object_id=row["object_id"],
        ).update(valid_until=row["last_day"])


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0003_live_shares_by_consent"),
        ("cases", "0003_grant_valid_until"),
        ("meetings", "0002_grant_valid_until"),
        ("referrals", "0002_grant_valid_until"),
        ("sip", "0002_grant_valid_until"),
        ("agencies", "0003_grant_valid_until"),
    ]

    operations = [
        migrations.RunPython(grants_end_with_their_consent, migrations.RunPython.noop),
    ]
