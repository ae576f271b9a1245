"""A form posted twice stores once; the second posting is told so, never a second record."""

import datetime
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.accounts import submissions
from apps.accounts.models import Submission
from apps.cases.models import Child, Concern
from tests.cases.test_concerns import concern_data

pytestmark = pytest.mark.django_db


def token_of(response) -> str:
    return re.search(r'name="submission_token" value="([0-9a-f-]+)"', response.content.decode())[1]


def test_the_concern_form_posted_twice_logs_one_concern(client, reporter):
    client.force_login(reporter)
    token = token_of(client.get(reverse("cases:concern_create")))
    first = client.post(reverse("cases:concern_create"), concern_data(submission_token=token))
    again = client.post(
        reverse("cases:concern_create"), concern_data(submission_token=token), follow=True
    )

    concern = Concern.objects.get()
    assert Child.objects.count() == 1
    assert first["Location"] == reverse("cases:concern_detail", args=[concern.pk])
    assert again.redirect_chain == [(first["Location"], 302)]
    assert "Formuläret var redan skickat. Det sparades en gång." in again.content.decode()


def test_a_refused_posting_gives_its_token_back(client, reporter):
    client.force_login(reporter)
    token = str(uuid.uuid4())
    refused = client.post(
        reverse("cases:concern_create"), concern_data(submission_token=token, observation="")
    )
    assert refused.status_code == 200
    assert not Submission.objects.exists()

    client.post(reverse("cases:concern_create"), concern_data(submission_token=token))
    assert Concern.objects.count() == 1


def test_a_second_posting_while_the_first_is_being_saved_is_refused_clearly(
    client, reporter, monkeypatch
):
    monkeypatch.setattr(submissions, "WAIT_SECONDS", 0.2)
    token = uuid.uuid4()
    Submission.objects.create(token=token, user=reporter)  # the first, still being saved
    client.force_login(reporter)

    response = client.post(reverse("cases:concern_create"), concern_data(submission_token=token))

    assert response.status_code == 409
    assert "det första sparas fortfarande" in response.content.decode()
    assert not Concern.objects.exists()


def test_someone_elses_token_is_refused(client, reporter, bba):
    token = uuid.uuid4()
    Submission.objects.create(token=token, user=bba, location="/arenden/1/")
    client.force_login(reporter)

    response = client.post(reverse("cases:concern_create"), concern_data(submission_token=token))

    assert response.status_code == 409
    assert not Concern.objects.exists()


def test_tokens_are_forgotten_after_a_day(reporter):
    now = timezone.now()
    old = Submission.objects.create(
        token=uuid.uuid4(), user=reporter, posted_at=now - datetime.timedelta(days=2)
    )
    fresh = Submission.objects.create(token=uuid.uuid4(), user=reporter, posted_at=now)
    assert submissions.forget_old_submissions(now=now) == 1
    assert list(Submission.objects.all()) == [fresh]
    assert not Submission.objects.filter(pk=old.pk).exists()


# Forms that store nothing: signing in, the password pages, the header's own forms, and the
# searches (posted so that no personnummer is in an address, not to store anything).
WITHOUT_TOKEN = {"base.html", "registration", "cases/child_search.html", "cases/log_review.html"}


def test_every_form_that_posts_carries_a_one_time_token():
    templates = Path(settings.BASE_DIR, "templates")
    missing = []
    for path in templates.rglob("*.html"):
        name = path.relative_to(templates)
        if str(name) in WITHOUT_TOKEN or name.parts[0] in WITHOUT_TOKEN:
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("{% csrf_token %}") != text.count("{% submission_token %}"):
            missing.append(str(name))
    assert missing == []
