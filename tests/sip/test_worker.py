"""The reminder scan through a real broker and a real Celery worker, as in production.

Runs only when REDIS_URL is set. The worker runs in a thread of this process, so it uses this
process's test database (it sees what the test committed, hence ``transaction=True``) and the
same in-memory e-mail outbox. Each run has its own queue, so parallel test processes (xdist)
sharing one Redis never take each other's tasks.
"""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from apps.sip import tasks
from apps.sip.models import PlanVersion
from config.celery import app
from tests.factories.sip_print import agreed_plan, in_days

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real broker)")


@pytest.fixture
def queue(settings):
    """A queue of this test's own, deleted afterwards; tasks run through the broker."""
    name = f"test-sip-{uuid.uuid4().hex}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # leave pytest's logging alone
    yield name
    with app.connection_for_write() as connection:
        # Declared again on this channel so that deleting it also removes its bindings.
        declared = app.amqp.queues[name].bind(connection.default_channel)
        declared.declare()
        declared.delete()


def wait_for_mail(seconds: float = 20.0) -> list:
    deadline = time.monotonic() + seconds
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    return mail.outbox


@pytest.mark.django_db(transaction=True)
def test_the_worker_reminds_the_coordinator_through_redis(
    queue, school, bba, social_services, social_worker
):
    version = agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(3))
    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
        tasks.scan_follow_ups.apply_async(queue=queue)
        outbox = wait_for_mail()
    [message] = outbox
    assert message.to == [social_worker.email]
    assert message.subject.startswith("Påminnelse: uppföljning av SIP")
    assert "Alva" not in message.body
    version = PlanVersion.objects.get(pk=version.pk)
    assert version.reminder_sent_at is not None
