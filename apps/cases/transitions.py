"""The daily scan of the moves the app sees coming: the children of open cases whose stage
changes within the coming term, and the BBA's reminder a set time before.

Called from a Celery task (tasks.scan_transitions), never from a request. The scan keeps one
``ComingTransition`` row per case and change foreseen; the BBAs' page reads those rows through
the access policy (selectors.coming_transitions). The reminder is claimed row by row with a
conditional UPDATE, like the SIP follow-up reminders (apps/sip/reminders.py), so running the
scan twice, or twice at once, e-mails nobody twice. Like every e-mail of the app it names no
child and says nothing about one: how many of the unit's children are about to move, and a
link to log in, where the policy decides what the reader sees.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies.models import Agency, Membership
from apps.audit.history import delete_as, save_as
from apps.cases import stages
from apps.cases.models import Case, ComingTransition


def _open_cases():
    return (
        Case.objects.exclude(status=Case.Status.CLOSED)
        .select_related("child")
        .prefetch_related("child__recorded_stages", "coming_transitions")
        .order_by("pk")
    )


def _foresee(case: Case, today: datetime.date) -> int:
    """Bring the case's coming transitions up to date with what its child's stage says today;
    1 when a new one was found."""
    change = stages.coming_change(case.child, today)
    expected = (change.on, change.stage) if change is not None else None
    known = False
    for row in case.coming_transitions.all():
        if (row.changes_on, row.to_stage) == expected:
            known = True
        elif row.changes_on >= today:
            delete_as(row, None)
    if expected is None or known:
        return 0
    _, created = ComingTransition.objects.get_or_create(
        case=case,
        changes_on=change.on,
        to_stage=change.stage,
        defaults={"from_stage": stages.stage_of(case.child, today)},
    )
    return int(created)


def due_reminders(today: datetime.date):
    """Transitions of open cases not yet reminded whose day is at most the reminder's time away
    (and not passed: a reminder after the move is of no use)."""
    return ComingTransition.objects.filter(
        reminded_at__isnull=True,
        changes_on__gte=today,
        changes_on__lte=today + datetime.timedelta(days=stages.REMIND_DAYS_BEFORE),
    ).exclude(case__status=Case.Status.CLOSED)


def _claim(row: ComingTransition, now) -> bool:
    """Claim the reminder with a conditional UPDATE; the winner records it in the history."""
    claimed = ComingTransition.objects.filter(pk=row.pk, reminded_at__isnull=True)
    if claimed.update(reminded_at=now) != 1:
        return False
    row.reminded_at = now
    save_as(row, None)
    return True


def _reminder(agency: Agency, count: int, email: str):
    subject = _("Kommande övergångar i Tillsammans")
    body = _(
        "Barn i ärenden hos %(agency)s byter snart stadium, och ansvaret som barnets "
        "bästa-ansvarig kan då gå över till en annan verksamhet. Antal barn som byter stadium "
        "inom %(days)s dagar: %(count)s.\n\n"
        "Logga in i Tillsammans och se kommande övergångar: %(url)s\n"
    ) % {
        "agency": agency.name,
        "days": stages.REMIND_DAYS_BEFORE,
        "count": count,
        "url": settings.SITE_URL + reverse("cases:transitions"),
    }
    return (subject, body, None, [email])


def _remind_unit(agency: Agency, rows: list[ComingTransition], now) -> int:
    """Claim the unit's due reminders and e-mail its BBAs one message for all it won; how many
    were claimed. Claims and e-mail share a transaction: if the e-mail fails the claims are
    undone, and the next scan tries again."""
    with transaction.atomic():
        won = sum(_claim(row, now) for row in rows)
        if won:
            recipients = (
                Membership.objects.current()
                .filter(agency=agency, role=Membership.Role.BBA, user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
                .distinct()
            )
            messages = [_reminder(agency, won, email) for email in recipients]
            if messages:
                send_mass_mail(messages)
    return won


def scan(today: datetime.date | None = None, now=None) -> dict:
    """The daily scan. Idempotent: running it again the same day finds and e-mails nothing new.

    Finds, for every open case, the change of its child's stage within the coming term, and
    reminds the units' BBAs of those due within ``stages.REMIND_DAYS_BEFORE`` days, once per
    case and change.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    found = sum(_foresee(case, today) for case in _open_cases().iterator(chunk_size=500))
    by_agency = defaultdict(list)
    for row in due_reminders(today).select_related("case__agency").order_by("pk"):
        by_agency[row.case.agency].append(row)
    reminded = sum(_remind_unit(agency, rows, now) for agency, rows in by_agency.items())
    return {"found": found, "reminded": reminded}
