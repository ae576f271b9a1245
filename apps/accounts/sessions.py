"""Sessions that end: after SESSION_IDLE_TIMEOUT without a request, and SESSION_MAXIMUM_AGE
after signing in however busy the person is, decided on the server at every request.

A classroom or reception computer is shared: a session left open there must not keep a
child's case a click away for the next person. The session holds when its person signed in
and when they were last active; a session without them (made before this rule, or not by
signing in) is taken as ended.
"""

import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVE_AT = "last_active_at"
# Activity is written to the session at most this often, so a burst of requests does not
# rewrite the session row each time; the idle timeout is kept to within this, ending early
# rather than late.
ACTIVITY_STEP = datetime.timedelta(minutes=1)


def record_sign_in(session, *, at: datetime.datetime | None = None) -> None:
    """Starts both clocks of a session: at sign-in, and for sessions made without it."""
    stamp = int((at or timezone.now()).timestamp())
    session[SIGNED_IN_AT] = stamp
    session[LAST_ACTIVE_AT] = stamp


def on_sign_in(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_in (connected in apps.py)."""
    record_sign_in(request.session)


def has_ended(session, now: datetime.datetime) -> bool:
    signed_in_at, last_active_at = session.get(SIGNED_IN_AT), session.get(LAST_ACTIVE_AT)
    if signed_in_at is None or last_active_at is None:
        return True
    moment = now.timestamp()
    return (
        moment - signed_in_at >= settings.SESSION_MAXIMUM_AGE.total_seconds()
        or moment - last_active_at >= settings.SESSION_IDLE_TIMEOUT.total_seconds()
    )


def where_they_were(request) -> str:
    """The page to come back to after signing in again: the page asked for, or for a form
    sent after the timeout the page it was sent from (what was typed is not kept). Only
    checked where it is used: the session-ended page takes local addresses alone."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return request.headers.get("Referer", "")


class SessionTimeoutMiddleware:
    """Signs out a session that has been idle or open too long and sends its person to the
    page saying so; otherwise moves the idle deadline (see ACTIVITY_STEP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            if has_ended(request.session, now):
                where = where_they_were(request)
                logout(request)
                ended = reverse("accounts:session_ended")
                return HttpResponseRedirect(f"{ended}?{urlencode({'next': where})}")
            if now.timestamp() - request.session[LAST_ACTIVE_AT] >= ACTIVITY_STEP.total_seconds():
                request.session[LAST_ACTIVE_AT] = int(now.timestamp())
        return self.get_response(request)
