import pytest

from apps.audit.models import AccessLog, AppendOnlyError
from tests.factories.agencies import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return AccessLog.objects.create(
        user=UserFactory(), action=AccessLog.Action.VIEW, object_type="cases.case", description="x"
    )


def test_an_entry_cannot_be_changed(entry):
    entry.description = "ändrad"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(description="ändrad")
    entry.refresh_from_db()
    assert entry.description == "x"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_changes_too(entry):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_accesslog SET description = 'ändrad' WHERE id = %s", [entry.pk]
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.description == "x"
