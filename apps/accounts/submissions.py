"""A form posted twice stores once.

A double click, Back and send again, or the same form open in two tabs would otherwise log
the same concern twice, register the same child twice or call the same meeting twice. Every
form that creates something carries a one-time token (``{% submission_token %}``, next to the
CSRF token). The first posting of a token claims it before the view runs, in a committed row
with a unique key, so a second posting, even one arriving while the first is still being
saved, cannot claim it too: it waits for the first to finish and is sent where the first was
sent, told that the form had already been saved. A posting the view refuses (a form with
errors) gives its token back, so correcting the form and sending it again works.
"""

import datetime
import time
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Submission

TOKEN_FIELD = "submission_token"
# How long a second posting waits for the first to be saved before it is refused.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.1
KEPT_FOR = datetime.timedelta(days=1)


def new_token() -> str:
    return str(uuid.uuid4())


def _token_of(request) -> uuid.UUID | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def _claim(token: uuid.UUID, user) -> Submission | None:
    try:
        with transaction.atomic():
            return Submission.objects.create(token=token, user=user)
    except IntegrityError:
        return None


class OnceOnlySubmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _token_of(request)
        if token is None:
            return self.get_response(request)
        submission = _claim(token, request.user)
        if submission is None:
            return self._posted_again(request, token)
        try:
            response = self.get_response(request)
        except BaseException:
            submission.delete()
            raise
        location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if location:
            Submission.objects.filter(pk=submission.pk).update(location=location[:500])
        else:
            submission.delete()
        return response

    def _posted_again(self, request, token):
        """Where the first posting led, once it has been saved; a clear refusal if it is
        still being saved after a few seconds. If the first was refused, this one runs."""
        waited = 0.0
        while True:
            first = Submission.objects.filter(token=token).values("user_id", "location").first()
            if first is None:
                return self(request)
            if first["user_id"] != request.user.pk:
                break
            if first["location"]:
                messages.info(request, _("Formuläret var redan skickat. Det sparades en gång."))
                return redirect(first["location"])
            if waited >= WAIT_SECONDS:
                break
            time.sleep(POLL_SECONDS)
            waited += POLL_SECONDS
        return render(request, "posted_again.html", status=409)


def forget_old_submissions(*, now=None) -> int:
    """Tokens older than a day can no longer come back from a double click or a resend."""
    now = now or timezone.now()
    deleted, _ = Submission.objects.filter(posted_at__lt=now - KEPT_FOR).delete()
    return deleted
