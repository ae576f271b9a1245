"""The key pages of Tillsammans, timed as their real users see them, on whatever county the
database holds.

Every page is requested through Django's test ``Client`` against the configured database (not
a test database), signed in with ``force_login``, so each request passes the whole middleware
stack: session, sign-in, the memberships in force, the acting agency and the access policy.
Who asks for which page, and about which object, is chosen by query (``Choices``), so the same
benchmark runs on a county of any size; where it matters the object with the most data is
taken, to measure the worst realistic case, with ties broken by pk so reruns measure the same.

Reads write the access log (and signing in writes a session and the last sign-in), so ``run``
measures inside one transaction that it always rolls back: the benchmark leaves the database as
it found it, and reruns on the same county stay comparable. Inside it, each
request's ``ATOMIC_REQUESTS`` transaction is a savepoint; the savepoint statements are left out
of the query counts, so the counts are what a served request runs. The commit is not timed.
"""

import cProfile
import datetime
import io
import pstats
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.second_factor import DEVICE_NAME, authenticator
from apps.agencies import policy
from apps.agencies.management.commands.load_demo import administrators_group
from apps.agencies.models import Agency, Membership, SteeringSeat
from apps.agencies.services import ACTING_AGENCY_SESSION_KEY, add_steering_seat, create_person
from apps.analysis.models import Analysis
from apps.audit.models import AccessLog
from apps.cases.forms import LogReviewForm
from apps.cases.models import Case, Child, Concern
from apps.county.generate import children_in_county
from apps.indicators.models import Figure
from apps.meetings.models import Meeting, Participant
from apps.referrals.models import Referral
from apps.sip.models import Plan
from apps.sip.selectors import current_version
from apps.wheel.models import Assessment

# force_login needs a backend that loads the user back from the session; axes' does not.
SIGN_IN_BACKEND = "apps.agencies.backends.PersonBackend"

# Tables that grow with the county: a sequential scan of one of them makes a page's cost grow
# with the county too. Small fixed tables (municipalities, permissions) are scanned cheaply.
GROWING_TABLES = frozenset(
    {
        "accounts_user",
        "agencies_agency",
        "agencies_membership",
        "analysis_analysis",
        "audit_accesslog",
        "auth_group",
        "cases_case",
        "cases_child",
        "cases_concern",
        "cases_guardian",
        "consent_consent",
        "consent_consentparty",
        "consent_share",
        "meetings_meeting",
        "meetings_participant",
        "referrals_referral",
        "sip_action",
        "sip_plan",
        "sip_planversion",
        "wheel_arearating",
        "wheel_assessment",
    }
)
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
SELECT = re.compile(r"^[\s(]*SELECT\b", re.IGNORECASE)
SAVEPOINT = re.compile(r"^\s*(RELEASE\s+|ROLLBACK\s+TO\s+)?SAVEPOINT\b", re.IGNORECASE)

# How many candidates, busiest first, are tried for a page that needs access under consent:
# an expired or withdrawn consent may have taken the busiest ones away.
CANDIDATES = 50


def grows_with_county(table: str) -> bool:
    """One of ``GROWING_TABLES``, or any grant table (``*groupobjectpermission``) or history
    table (an app's ``historical*`` model): they grow with what they record."""
    model = table.partition("_")[2]
    return (
        table in GROWING_TABLES
        or table.endswith("groupobjectpermission")
        or model.startswith("historical")
    )


class NotInCounty(Exception):
    """The county holds nothing this page can be measured with; the message says what."""


@dataclass(frozen=True)
class Page:
    """One page to measure: its address, who asks for it and for which agency they act."""

    url: str
    user: AbstractBaseUser
    agency: Agency | None
    chosen: str  # who and what, in words, for the printout
    heavy: bool = False  # measured over fewer runs (the PDF)
    session: dict = field(default_factory=dict)  # what a POST put there before (a search)


@dataclass
class Figures:
    """What was measured of one page; ``error`` says why it failed, if it did."""

    p50_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    ratio_to_baseline: float | None = None
    kb: float | None = None
    status: int | None = None
    seq_scans: list[str] = field(default_factory=list)
    scanning_queries: dict[str, list[str]] = field(default_factory=dict)  # SQL: its tables
    error: str = ""

    def as_json(self) -> dict:
        return {
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "queries": self.queries,
            "ratio_to_baseline": self.ratio_to_baseline,
            "kb": self.kb,
            "status": self.status,
            "seq_scans": self.seq_scans,
        }


# Choosing who and what.


def _current(role: str | None = None, **lookup) -> QuerySet:
    memberships = Membership.objects.current().filter(**lookup).select_related("user", "agency")
    return memberships.filter(role=role) if role else memberships


def _first(memberships: QuerySet) -> Membership | None:
    return memberships.order_by("pk").first()


def _who(membership: Membership) -> str:
    return f"{membership.user.email} ({membership.role}, {membership.agency.name})"


def _count_per_case(model) -> Coalesce:
    """How many ``model`` rows a case has: a correlated count, so that several can be added
    up without the row multiplication of joining them all."""
    counts = (
        model.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


class Choices:
    """Who and what the pages are measured with, chosen by query on the county in the
    database; what several pages share is chosen once. Raises ``NotInCounty`` when the county
    has nothing to choose."""

    @cached_property
    def bba(self) -> Membership:
        """A BBA of the agency with the most open cases: theirs is the longest inbox."""
        open_cases = Count("cases", filter=~Q(cases__status=Case.Status.CLOSED))
        agency = (
            Agency.objects.filter(Exists(_current(Membership.Role.BBA, agency=OuterRef("pk"))))
            .annotate(open_cases=open_cases)
            .order_by("-open_cases", "pk")
            .first()
        )
        if agency is None:
            raise NotInCounty("no agency has a BBA")
        return _first(_current(Membership.Role.BBA, agency=agency))

    @cached_property
    def bba_cases(self) -> QuerySet:
        """The cases of the BBA's agency, as the access policy lets the BBA see them."""
        return policy.cases.visible(self.bba.user, policy.VIEW).filter(agency=self.bba.agency)

    @cached_property
    def busiest_case(self) -> Case:
        """The BBA's case with the most concerns, assessments and meetings together."""
        records = _count_per_case(Concern) + _count_per_case(Assessment)
        records += _count_per_case(Meeting)
        case = self.bba_cases.annotate(records=records).order_by("-records", "pk").first()
        if case is None:
            raise NotInCounty(f"the BBA's agency {self.bba.agency} has no case")
        return case

    def latest_in_busiest_case(self, model):
        """The latest ``model`` record (as the model orders them) of the BBA's case with the
        most of them: an assessment there has a previous one to be compared with."""
        busiest = (
            model.objects.filter(case__in=self.bba_cases.values("pk"))
            .values("case")
            .annotate(n=Count("pk"))
            .order_by("-n", "case")
            .first()
        )
        if busiest is None:
            name = model._meta.verbose_name
            raise NotInCounty(f"no case of the BBA's agency {self.bba.agency} has a {name}")
        return model.objects.filter(case=busiest["case"]).first()

    @cached_property
    def busiest_plan(self) -> tuple[Plan, Membership]:
        """The plan with the most actions over its versions that its coordinator may still
        see (one of another agency sees it only while the consent holds), and the
        coordinator's membership in the agency they coordinate for."""
        in_force = Membership.objects.current().filter(
            user=OuterRef("coordinator"), agency=OuterRef("coordinator_agency")
        )
        candidates = (
            Plan.objects.filter(Exists(in_force))
            .annotate(actions=Count("versions__actions"))
            .select_related("coordinator")
            .order_by("-actions", "pk")
        )
        for plan in candidates[:CANDIDATES]:
            if policy.plans.may(plan.coordinator, policy.VIEW, plan):
                coordinator = _current(user=plan.coordinator, agency=plan.coordinator_agency_id)
                return plan, _first(coordinator)
        raise NotInCounty("no plan that its coordinator may see")

    @cached_property
    def agency_admin(self) -> Membership:
        """An agency admin of the agency with the most cases."""
        agency = (
            Agency.objects.filter(
                Exists(_current(Membership.Role.AGENCY_ADMIN, agency=OuterRef("pk")))
            )
            .annotate(case_count=Count("cases"))
            .order_by("-case_count", "pk")
            .first()
        )
        if agency is None:
            raise NotInCounty("no agency has an agency admin")
        return _first(_current(Membership.Role.AGENCY_ADMIN, agency=agency))

    @cached_property
    def administrator(self):
        """A person with the global permission to administer, or a stand-in made for the run
        (rolled back with everything else) when the county has none."""
        administer = Permission.objects.get(
            content_type__app_label="agencies", codename="administer"
        )
        found = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(user_permissions=administer)
                | Q(groups__permissions=administer)
            )
            .order_by("pk")
            .first()
        )
        if found:
            return found
        stand_in = create_person(
            by=None, email="bench-administrator@example.invalid", full_name="Bänkadministratör"
        )
        stand_in.groups.add(administrators_group())
        return stand_in

    @cached_property
    def county_steering_group(self):
        """A member of the county's steering group, who sees the most figures, or a stand-in
        made for the run (rolled back with everything else) when the county has none."""
        seat = (
            SteeringSeat.objects.current()
            .filter(municipality__isnull=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if seat:
            return seat.user
        stand_in = create_person(
            by=None, email="bench-styrgrupp@example.invalid", full_name="Bänkstyrgrupp"
        )
        add_steering_seat(by=None, user=stand_in)
        return stand_in


# The pages: each takes the choices and says what to request, as whom.


def _baseline(choices: Choices) -> Page:
    """The cheapest page that renders the layout for a signed-in user: static text in the
    base template, so its time is the floor every page pays (middleware, session, sign-in,
    memberships, the header), and a page's ratio to it is what the page itself costs."""
    bba = choices.bba
    url = reverse("accounts:password_reset_done")
    return Page(url, bba.user, bba.agency, f"static page in the layout, {_who(bba)}")


def _inbox(choices: Choices) -> Page:
    bba = choices.bba
    count = choices.bba_cases.exclude(status=Case.Status.CLOSED).count()
    return Page(reverse("cases:inbox"), bba.user, bba.agency, f"{_who(bba)}, {count} open cases")


def _my_concerns(choices: Choices) -> Page:
    """The person who logged the most concerns (and still has a membership in force)."""
    busiest = (
        Concern.objects.filter(reported_by__in=Membership.objects.current().values("user"))
        .values("reported_by")
        .annotate(n=Count("pk"))
        .order_by("-n", "reported_by")
        .first()
    )
    if busiest is None:
        raise NotInCounty("nobody with a membership in force has logged a concern")
    reporter = _first(_current(user=busiest["reported_by"]))
    return Page(
        reverse("cases:my_concerns"),
        reporter.user,
        reporter.agency,
        f"{_who(reporter)}, {busiest['n']} concerns logged",
    )


def _case(choices: Choices) -> Page:
    bba, case = choices.bba, choices.busiest_case
    return Page(
        reverse("cases:case_detail", args=[case.pk]),
        bba.user,
        bba.agency,
        f"{_who(bba)}, case {case.pk} with {case.records} concerns, assessments and meetings",
    )


def _wheel(choices: Choices) -> Page:
    bba, assessment = choices.bba, choices.latest_in_busiest_case(Assessment)
    return Page(
        reverse("wheel:assessment_detail", args=[assessment.pk]),
        bba.user,
        bba.agency,
        f"{_who(bba)}, assessment {assessment.pk}, the latest of case {assessment.case_id}",
    )


def _analysis(choices: Choices) -> Page:
    bba, analysis = choices.bba, choices.latest_in_busiest_case(Analysis)
    return Page(
        reverse("analysis:analysis_detail", args=[analysis.pk]),
        bba.user,
        bba.agency,
        f"{_who(bba)}, analysis {analysis.pk}, the latest of case {analysis.case_id}",
    )


def _meeting(choices: Choices) -> Page:
    """A participant from another agency, who sees the meeting only because it was shared
    with them under consent, of the largest meeting where such a share is in force."""
    in_force = Membership.objects.current().filter(user=OuterRef("user"), agency=OuterRef("agency"))
    size = (
        Participant.objects.filter(meeting=OuterRef("meeting"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    candidates = (
        Participant.objects.exclude(agency=F("meeting__case__agency"))
        .filter(Exists(in_force))
        .annotate(size=Subquery(size))
        .select_related("user", "meeting__case")
        .order_by("-size", "meeting", "pk")
    )
    for participant in candidates[:CANDIDATES]:
        user, meeting = participant.user, participant.meeting
        shared = policy.meetings.may(user, policy.VIEW, meeting)
        if shared and not policy.cases.may(user, policy.VIEW, meeting.case):
            membership = _first(_current(user=user, agency=participant.agency_id))
            return Page(
                reverse("meetings:meeting_detail", args=[meeting.pk]),
                user,
                membership.agency,
                f"{_who(membership)}, meeting {meeting.pk} with {participant.size} participants",
            )
    raise NotInCounty("no meeting is shared under consent with a participant of another agency")


def _plan(choices: Choices) -> Page:
    plan, coordinator = choices.busiest_plan
    return Page(
        reverse("sip:plan_detail", args=[plan.pk]),
        coordinator.user,
        coordinator.agency,
        f"{_who(coordinator)}, plan {plan.pk} with {plan.actions} actions",
    )


def _plan_pdf(choices: Choices) -> Page:
    plan, coordinator = choices.busiest_plan
    version = current_version(plan)
    if version is None:
        raise NotInCounty(f"plan {plan.pk} has no current version")
    return Page(
        reverse("sip:print_plan", args=[version.pk]),
        coordinator.user,
        coordinator.agency,
        f"{_who(coordinator)}, version {version.number} of plan {plan.pk}",
        heavy=True,
    )


def _home(choices: Choices) -> Page:
    """The start page of the person who coordinates the most of the plans it lists (those in
    open cases), acting for the agency of their first membership in force."""
    busiest = (
        Plan.objects.exclude(case__status=Case.Status.CLOSED)
        .filter(coordinator__in=Membership.objects.current().values("user"))
        .values("coordinator")
        .annotate(n=Count("pk"))
        .order_by("-n", "coordinator")
        .first()
    )
    if busiest is None:
        raise NotInCounty("nobody with a membership in force coordinates a plan")
    coordinator = _first(_current(user=busiest["coordinator"]))
    return Page(
        reverse("home"),
        coordinator.user,
        coordinator.agency,
        f"{_who(coordinator)}, coordinator of {busiest['n']} plans in open cases",
    )


def _incoming_referrals(choices: Choices) -> Page:
    agency = (
        Agency.objects.filter(
            Exists(_current(Membership.Role.HANDLER, agency=OuterRef("pk"))),
            kind=Agency.Kind.SOCIAL_SERVICES,
        )
        .annotate(received=Count("referrals_received"))
        .order_by("-received", "pk")
        .first()
    )
    if agency is None:
        raise NotInCounty("no social-services agency has a handler")
    handler = _first(_current(Membership.Role.HANDLER, agency=agency))
    waiting = Referral.objects.filter(to_agency=agency, status=Referral.Status.SENT).count()
    return Page(
        reverse("referrals:incoming"),
        handler.user,
        handler.agency,
        f"{_who(handler)}, {agency.received} referrals received, {waiting} waiting",
    )


def _log_review_child(choices: Choices) -> Page:
    """One child over twelve months, by personnummer as the form asks: the agency's child
    read most often in that time (the first one when none was read)."""
    admin = choices.agency_admin
    until = timezone.localdate()
    since = until - datetime.timedelta(days=365)
    children = Child.objects.filter(agency=admin.agency, personal_number__isnull=False)
    most_read = (
        AccessLog.objects.during(since, until)
        .filter(child_id__in=children.values("pk"))
        .values("child_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "child_id")
        .first()
    )
    if most_read:
        child, reads = children.get(pk=most_read["child_id"]), most_read["n"]
    else:
        child, reads = children.order_by("pk").first(), 0
    if child is None:
        raise NotInCounty(f"{admin.agency} has no child with a personnummer")
    search = {"since": since, "until": until, "personal_number": child.personal_number}
    return _log_review(
        admin, search, f"{_who(admin)}, child {child.pk} read {reads} times in a year"
    )


def _log_review_unit(choices: Choices) -> Page:
    admin = choices.agency_admin
    until = timezone.localdate()
    search = {"since": until - datetime.timedelta(days=30), "until": until}
    return _log_review(admin, search, f"{_who(admin)}, the whole unit over 30 days")


def _log_review(admin, search: dict, chosen: str) -> Page:
    """The review's result page as after its search was posted (kept in the session)."""
    form = LogReviewForm(search)
    if not form.is_valid():
        raise ValueError(f"log review search {search}: {form.errors.as_text()}")
    return Page(
        reverse("cases:log_review", args=[admin.agency.pk]),
        admin.user,
        admin.agency,
        chosen,
        session={LogReviewForm.session_key(admin.agency): form.to_session()},
    )


def _directory(choices: Choices) -> Page:
    bba = choices.bba
    return Page(reverse("agencies:directory"), bba.user, bba.agency, f"first page, {_who(bba)}")


def _agency_list(choices: Choices) -> Page:
    administrator = choices.administrator
    url = reverse("agencies:agency_list")
    return Page(url, administrator, None, f"{administrator.email}, first page")


def _person_list(choices: Choices) -> Page:
    administrator = choices.administrator
    url = reverse("agencies:person_list")
    return Page(url, administrator, None, f"{administrator.email}, first page")


def _membership_list(choices: Choices) -> Page:
    administrator = choices.administrator
    agency = Agency.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    return Page(
        reverse("agencies:membership_list", args=[agency.pk]),
        administrator,
        None,
        f"{administrator.email}, {agency.name} with {agency.n} memberships",
    )


def _indicators(choices: Choices) -> Page:
    """The county's steering group's first view: the whole county, the latest period."""
    person = choices.county_steering_group
    latest = Figure.objects.order_by("-period_start").values_list("period_start", flat=True)
    start = latest.first()
    figures = Figure.objects.filter(period_start=start).count() if start else 0
    return Page(
        reverse("indicators:overview"),
        person,
        None,
        f"{person.email}, the county's steering group, {figures} figures from {start}",
    )


PAGES: dict[str, Callable[[Choices], Page]] = {
    "baseline": _baseline,
    "inbox": _inbox,
    "my_concerns": _my_concerns,
    "case": _case,
    "wheel": _wheel,
    "analysis": _analysis,
    "meeting": _meeting,
    "plan": _plan,
    "plan_pdf": _plan_pdf,
    "home": _home,
    "incoming_referrals": _incoming_referrals,
    "log_review_child": _log_review_child,
    "log_review_unit": _log_review_unit,
    "directory": _directory,
    "admin_agencies": _agency_list,
    "admin_people": _person_list,
    "admin_memberships": _membership_list,
    "indicators": _indicators,
}


# Measuring.


def _percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks, as numpy's default does."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def second_factor_device(user) -> TOTPDevice:
    """The person's authenticator app, made for them if they have none. In production (DEBUG
    off) a password sign-in of a role that opens children's records must give a second factor
    before any page (SECOND_FACTOR_REQUIRED), so the pages are measured as a session verified
    with it, paying what such a session pays (django-otp reads the device every request)."""
    return authenticator(user) or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=True
    )


def _signed_in_client(page: Page) -> Client:
    """A client signed in as the page's user with their second factor, acting for the page's
    agency, with what the page's session holds. Its requests ask over HTTPS (``secure=True``), as production
    answers nothing else (with DEBUG off, plain HTTP is redirected). A failing view
    answers 500 (and is logged) instead of stopping the benchmark."""
    client = Client(raise_request_exception=False)
    client.force_login(page.user, backend=SIGN_IN_BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_device(page.user).persistent_id
    if page.agency is not None:
        session[ACTING_AGENCY_SESSION_KEY] = page.agency.pk
    session.update(page.session)
    session.save()
    return client


def _seq_scans(queries: list[dict]) -> dict[str, list[str]]:
    """The SELECTs whose plans scan a growing table sequentially, each with those tables:
    plain EXPLAIN, the planner's choice without running the query again."""
    scans = {}
    with connection.cursor() as cursor:
        for query in queries:
            if SELECT.match(query["sql"]):
                cursor.execute(f"EXPLAIN {query['sql']}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                tables = sorted({t for t in SEQ_SCAN.findall(plan) if grows_with_county(t)})
                if tables:
                    scans[query["sql"]] = tables
    return scans


def measure(page: Page, *, runs: int, warmups: int) -> Figures:
    """Times ``runs`` requests after ``warmups``. One more request, untimed, between the two
    is the one whose queries are counted and explained and whose size is reported."""
    client = _signed_in_client(page)
    for _ in range(warmups):
        client.get(page.url, secure=True)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url, secure=True)
    # Read now: the next request empties the log that captured_queries reads from.
    queries = [query for query in captured.captured_queries if not SAVEPOINT.match(query["sql"])]
    scans = _seq_scans(queries) if connection.vendor == "postgresql" else {}
    statuses = [response.status_code]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        statuses.append(client.get(page.url, secure=True).status_code)
        timings.append((time.perf_counter() - started) * 1000)
    status = next((code for code in statuses if code != 200), 200)
    return Figures(
        p50_ms=round(_percentile(timings, 0.5), 2),
        p95_ms=round(_percentile(timings, 0.95), 2),
        queries=len(queries),
        kb=round(len(response.content) / 1024, 1),
        status=status,
        seq_scans=sorted({table for tables in scans.values() for table in tables}),
        scanning_queries=scans,
        error="" if status == 200 else f"answered {status}, not 200",
    )


def _choose_all(on_chosen) -> dict[str, Page | NotInCounty]:
    """Every page with what it is measured with, or why the county has nothing for it."""
    choices = Choices()
    chosen = {}
    for name, choose in PAGES.items():
        try:
            chosen[name] = choose(choices)
        except NotInCounty as missing:
            chosen[name] = missing
            on_chosen(name, None, str(missing))
        else:
            on_chosen(name, chosen[name], "")
    return chosen


@dataclass(frozen=True)
class Result:
    size: int  # children in the county
    pages: dict[str, Figures]

    def as_json(self) -> dict:
        return {
            "size": self.size,
            "pages": {name: figures.as_json() for name, figures in self.pages.items()},
        }

    @property
    def errors(self) -> dict[str, str]:
        return {name: figures.error for name, figures in self.pages.items() if figures.error}


def run(
    *,
    runs: int,
    heavy_runs: int,
    warmups: int,
    on_chosen: Callable[[str, Page | None, str], None],
) -> Result:
    """Chooses every key page, then measures each, inside a transaction that is rolled back.

    Each page is measured in a savepoint of its own, rolled back after it, so that no page
    (the log review above all) sees the access log that the pages before it wrote.
    ``on_chosen(name, page, missing)`` is told each choice before any page is measured; the
    page is None, and ``missing`` says why, when the county has nothing for it."""
    pages = {}
    with transaction.atomic():
        size = children_in_county()
        for name, page in _choose_all(on_chosen).items():
            if isinstance(page, NotInCounty):
                pages[name] = Figures(error=f"nothing to measure: {page}")
                continue
            count = min(runs, heavy_runs) if page.heavy else runs
            with transaction.atomic():
                pages[name] = measure(page, runs=count, warmups=warmups)
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    baseline = pages["baseline"].p95_ms
    for figures in pages.values():
        if baseline and figures.p95_ms is not None:
            figures.ratio_to_baseline = round(figures.p95_ms / baseline, 2)
    return Result(size, pages)


def profile(name: str, *, runs: int, warmups: int, sort: str, lines: int) -> str:
    """cProfile's table of ``runs`` requests of one page (after ``warmups``), sorted by
    ``sort`` and cut at ``lines`` rows: where a page spends its Python time, counted in calls,
    which unlike a timing does not move with what else runs on the machine. Rolled back like
    ``run``."""
    with transaction.atomic():
        page = PAGES[name](Choices())
        client = _signed_in_client(page)
        for _ in range(warmups):
            client.get(page.url, secure=True)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(page.url, secure=True)
        profiler.disable()
        transaction.set_rollback(True)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(lines)
    return f"{name}: {page.url}, {page.chosen}\n{out.getvalue()}"
