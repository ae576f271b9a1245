"""Prints what bench/load.sh puts under load: the case page that bench_pages measures (the
busiest case of the BBA of the agency with the most open cases) and a cookie of a new session
of that BBA, acting for their agency, as one line: ``<path> <cookie>``.

The session, verified by the BBA's authenticator app as after a sign-in with the second factor
production asks for (one is made for them if they have none), is saved in the database of
DATABASE_URL, signed with the SECRET_KEY of this environment: the server under load must run
with the same two. The session and that device are the only things the command writes; the
session ends like any session (SESSION_IDLE_TIMEOUT, SESSION_MAXIMUM_AGE): its clocks start
now, as at a sign-in.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from apps.accounts.sessions import record_sign_in
from apps.agencies.services import ACTING_AGENCY_SESSION_KEY
from apps.county.bench import SIGN_IN_BACKEND, Choices, NotInCounty, second_factor_device


class Command(BaseCommand):
    help = "Print the case page of the load test and a session cookie of its BBA."

    def handle(self, *args, **options):
        choices = Choices()
        try:
            bba, case = choices.bba, choices.busiest_case
        except NotInCounty as missing:
            raise CommandError(f"Nothing to put under load: {missing}.") from missing
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(bba.user.pk)
        session[BACKEND_SESSION_KEY] = SIGN_IN_BACKEND
        session[HASH_SESSION_KEY] = bba.user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = second_factor_device(bba.user).persistent_id
        session[ACTING_AGENCY_SESSION_KEY] = bba.agency.pk
        record_sign_in(session)
        session.create()
        path = reverse("cases:case_detail", args=[case.pk])
        self.stdout.write(f"{path} {settings.SESSION_COOKIE_NAME}={session.session_key}")
        self.stderr.write(f"{path} as {bba.user.email} ({bba.agency.name})")
