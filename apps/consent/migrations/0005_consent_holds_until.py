"""A consent holds until its end date, or until the child reaches an age at which an answer
they have not given is needed; what is shared under it carries that day (see
rules.last_day_held). Existing consents and the live grants under them get it here; their
history rows keep the end date as it stood."""

from django.db import migrations, models
from django.db.models import F, Max

from apps.consent.rules import last_day_held


def consents_hold_until(apps, schema_editor):
    Consent = apps.get_model("consent", "Consent")
    ConsentParty = apps.get_model("consent", "ConsentParty")
    Share = apps.get_model("consent", "Share")
    answers = dict(ConsentParty.objects.filter(kind="child").values_list("consent_id", "answer"))
    for consent in Consent.objects.select_related("case__child").iterator():
        consent.holds_until = last_day_held(
            consent.valid_until, consent.case.child.birth_date, answers.get(consent.pk)
        )
        consent.save(update_fields=["holds_until"])
    apps.get_model("consent", "HistoricalConsent").objects.update(holds_until=F("valid_until"))
    live = (
        Share.objects.filter(ended_at__isnull=True)
        .values("content_type__app_label", "content_type__model", "group_id", "perm", "object_id")
        .annotate(last_day=Max("consent__holds_until"))
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
        ('consent', '0004_grants_end_with_their_consent'),
        ("cases", "0003_grant_valid_until"),
        ("meetings", "0002_grant_valid_until"),
        ("referrals", "0002_grant_valid_until"),
        ("sip", "0002_grant_valid_until"),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='holds_until',
            field=models.DateField(editable=False, null=True, verbose_name='håller till och med'),
        ),
        migrations.AddField(
            model_name='historicalconsent',
            name='holds_until',
            field=models.DateField(editable=False, null=True, verbose_name='håller till och med'),
        ),
        migrations.AlterField(
            model_name='historicalshare',
            name='ended_reason',
            field=models.CharField(blank=True, choices=[('withdrawn', 'Samtycket återkallades'), ('expired', 'Samtycket upphörde att gälla'), ('removed', 'Delningen togs bort'), ('uncovered', 'Samtycket omfattar inte längre alla som måste samtycka')], max_length=10, verbose_name='varför delningen upphörde'),
        ),
        migrations.AlterField(
            model_name='share',
            name='ended_reason',
            field=models.CharField(blank=True, choices=[('withdrawn', 'Samtycket återkallades'), ('expired', 'Samtycket upphörde att gälla'), ('removed', 'Delningen togs bort'), ('uncovered', 'Samtycket omfattar inte längre alla som måste samtycka')], max_length=10, verbose_name='varför delningen upphörde'),
        ),
        migrations.RunPython(consents_hold_until, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consent",
            name="holds_until",
            field=models.DateField(editable=False, verbose_name="håller till och med"),
        ),
        migrations.AlterField(
            model_name="historicalconsent",
            name="holds_until",
            field=models.DateField(editable=False, verbose_name="håller till och med"),
        ),
    ]
