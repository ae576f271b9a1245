"""The access policy: the one place that decides who may see or do what to which object.

One policy object per kind of record, all built on ``Policy`` and all answering the same three
questions with the same arguments, in the manner of Wagtail's permission policies:

* ``visible(user, action)`` — which of these may the user ``action`` (a queryset);
* ``may(user, action, obj)`` — may the user ``action`` this one;
* ``get_or_404(user, action, queryset=None, **lookup)`` — this one, or 404 whether it is missing
  or denied, so ids leak nothing.

The indicators' figures (aggregates, no child) have a policy of the same shape, ``indicators``,
answered from the steering-group seats in force rather than from grants: a seat gives nothing
else, so a steering group reaches no record.

The kinds are: the case itself (``cases``); records reached through a case (``children``,
``transitions``, ``concerns``, ``assessments``, ``analyses``, ``consents``); records shared
under consent with people outside the case's agency (``meetings``, ``plans``, ``referrals``,
``handovers``); a placed child's Skolfam cohort membership and its mappings (``skolfam``); and
the agency itself (``agencies``, for membership management and log review). Each policy's
``rules`` say, per action, which permission on the owning case and which on the object itself
let the user in; its grant table says who is given what, so no other module names a permission
or a group.

The permission data is django-guardian's: direct foreign-key group permission tables, one per
model, granted only to groups. Every agency has a group per role (the BBAs of a school see every
case the school owns) and every membership a personal group (the cases delegated to a handler,
the concerns a reporter logged). Whose groups count is read at query time from the memberships
in force today, and a grant made under a consent carries the consent's last day, so an ended
membership or an expired consent lets nothing through without anything being written when it is
read. Reads compose their own indexed ``IN``/``UNION`` subqueries over those tables rather than
guardian's ``get_objects_for_user``, whose ``OR`` of two ``IN`` subqueries scans the whole table.

Reads use object permissions only: no global permission, superuser flag or administrator role
ever reveals child data.
"""

import operator
from functools import reduce
from types import SimpleNamespace
from uuid import uuid4

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone
from guardian.utils import get_group_obj_perms_model

from apps.agencies.models import Agency, Membership, Municipality, SteeringSeat
from apps.audit.history import delete_as, save_as

# Actions: what a user asks to do.
VIEW = "view"
CHANGE = "change"
WORK = "work"  # change an open case, or something of one
ASSIGN = "assign"
PRINT = "print"
DECIDE = "decide"
MANAGE_MEMBERS = "manage_members"
REVIEW_LOG = "review_log"

# Global permission: administrators manage municipalities, agencies and people.
ADMINISTER = "agencies.administer"

# Object permissions: what a group is granted on one object.
VIEW_CASE = "cases.view_case"
CHANGE_CASE = "cases.change_case"
ASSIGN_CASE = "cases.assign_case"
VIEW_CONCERN = "cases.view_concern"
VIEW_MEETING = "meetings.view_meeting"
VIEW_REFERRAL = "referrals.view_referral"
DECIDE_REFERRAL = "referrals.decide_referral"
VIEW_PLAN = "sip.view_plan"
CHANGE_PLAN = "sip.change_plan"
PRINT_PLAN = "sip.print_plan"
VIEW_HANDOVER = "handovers.view_handover"
DECIDE_HANDOVER = "handovers.decide_handover"
WITHDRAW_HANDOVER = "handovers.withdraw_handover"
VIEW_COHORT_MEMBER = "skolfam.view_cohortmember"
MAP_COHORT_MEMBER = "skolfam.map_cohortmember"
MANAGE_AGENCY_MEMBERS = "agencies.manage_members"
REVIEW_AGENCY_LOG = "agencies.review_log"


# Whose groups count: read from the memberships in force, never synced on a read.


def _memberships_in_force(user) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(user=user)
        # With the municipality's Skolfam participation: whether the header shows Skolfam.
        .select_related("agency", "agency__municipality", "agency__municipality__skolfam")
        .order_by("agency__name", "role")
    )


def _group_ids_of(memberships) -> frozenset[int]:
    return frozenset({m.group_id for m in memberships} | {m.role_group_id for m in memberships})


def current_memberships(user) -> list[Membership]:
    """The user's memberships in force today, for the request (see the middleware).

    Remembers the groups they give on ``user`` (the request's own user object, which lives as
    long as the request) so that no policy question after it looks them up again, and the
    answers of ``may``, which a page asks several times (may the user change this case?).
    """
    memberships = _memberships_in_force(user)
    user._access_group_ids = _group_ids_of(memberships)
    user._access_answers = {}
    return memberships


def access_group_ids(user) -> frozenset[int]:
    """The groups the user acts through today: each current membership's own group and the
    group of its agency and role. Nothing for someone signed out or deactivated."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    remembered = getattr(user, "_access_group_ids", None)
    if remembered is not None:
        return remembered
    return _group_ids_of(_memberships_in_force(user))


# Grants: the only writes of permission data, each one in the history with who did it.


def _grants_model(model):
    return get_group_obj_perms_model(model)


def _permission(perm: str, model) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(model), codename=perm.split(".", 1)[1]
    )


def grant(perm: str, group: Group, obj: Model, *, by=None, until=None) -> None:
    """Give a group ``perm`` on ``obj``, for good or (under a consent) through ``until``.

    Granting again sets the new last day, so the grant always ends with the consent that
    still holds longest (see apps/consent/sharing.py). Saved one row at a time so the history
    records who did it.
    """
    model = _grants_model(obj)
    permission = _permission(perm, obj)
    row = model.objects.filter(group=group, permission=permission, content_object=obj).first()
    if row is None:
        row = model(group=group, permission=permission, content_object=obj)
    elif row.valid_until == until:
        return
    row.valid_until = until
    save_as(row, by)


def revoke(perm: str, group: Group, obj: Model, *, by=None) -> None:
    """Take ``perm`` on ``obj`` away from a group, recording who did it in the history."""
    model = _grants_model(obj)
    for row in model.objects.filter(
        group=group, permission=_permission(perm, obj), content_object=obj
    ):
        delete_as(row, by)


def role_group(agency: Agency, role: str) -> Group:
    """The group through which everyone with ``role`` in ``agency`` is given access."""
    group, _ = Group.objects.get_or_create(name=f"agency-{agency.pk}-{role}")
    return group


def personal_group_name() -> str:
    """A new name for a membership's own group (see services.add_membership)."""
    return f"membership-{uuid4().hex}"


def role_of_group(group: Group) -> str | None:
    """The role whose group this is; None for a membership's own group (one person)."""
    prefix, _, role = group.name.rpartition("-")
    is_role_group = prefix.startswith("agency-") and role in Membership.Role.values
    return role if is_role_group else None


def grants_to_people(obj: Model) -> QuerySet:
    """The grants on ``obj`` made to people (their memberships' own groups), not to roles."""
    return _grants_model(obj).objects.filter(content_object=obj, group__membership__isnull=False)


def membership_group(user, agency: Agency) -> Group:
    """The personal group of the user's current membership in the agency (handler first)."""
    memberships = Membership.objects.current().filter(user=user, agency=agency)
    membership = memberships.filter(role=Membership.Role.HANDLER).first() or memberships.first()
    if membership is None:
        raise PermissionError(f"{user} has no current membership in {agency}.")
    return membership.group


def grant_to_roles(obj: Model, agency: Agency, role_perms: dict, *, by=None, until=None) -> None:
    """Give each role group of ``agency`` its permissions on ``obj`` (a grant table's row)."""
    for role, perms in role_perms.items():
        for perm in perms:
            grant(perm, role_group(agency, role), obj, by=by, until=until)


def grant_to_person(obj: Model, user, agency: Agency, perms, *, by=None) -> None:
    """Give the user, through their membership in ``agency``, ``perms`` on ``obj``."""
    group = membership_group(user, agency)
    for perm in perms:
        grant(perm, group, obj, by=by)


def grant_new_agency(agency: Agency, *, by=None) -> None:
    grant_to_roles(agency, agency, agencies.grants.roles, by=by)


def grant_new_case(case, *, by=None) -> None:
    grant_to_roles(case, case.agency, cases.grants.owning_roles, by=by)


def grant_case_handler(case, handler, *, by=None) -> None:
    grant_to_person(case, handler, case.agency, cases.grants.handler, by=by)


def revoke_case_handler(case, handler, *, by=None) -> None:
    """Takes the case away from the handler in every membership they hold in the agency."""
    for membership in Membership.objects.filter(user=handler, agency=case.agency):
        for perm in cases.grants.handler:
            revoke(perm, membership.group, case, by=by)


def end_delegations(membership: Membership, *, by=None) -> None:
    """A case is delegated to a person through one membership, for the work of its role: when
    the membership ends, or its role becomes one that takes no delegations, the delegation
    ends with it. The grants are revoked (the history says who changed the membership) and the
    case goes back to its unit's BBAs without a handler, unless another membership of the
    person in the unit still holds it."""
    Case = apps.get_model("cases", "Case")
    if membership.is_current() and membership.role in cases.grants.delegated_to_roles:
        return
    delegated = list(
        Case.objects.filter(
            pk__in=granted_ids(Case, cases.grants.handler[0], {membership.group_id})
        )
    )
    for case in delegated:
        for perm in cases.grants.handler:
            revoke(perm, membership.group, case, by=by)
    other_groups = (
        Membership.objects.current()
        .filter(user=membership.user, agency=membership.agency)
        .exclude(pk=membership.pk)
        .values("group_id")
    )
    still_held = {
        row["content_object_id"] for row in granted_ids(Case, cases.grants.handler[0], other_groups)
    }
    for case in delegated:
        if case.handler_id == membership.user_id and case.pk not in still_held:
            case.handler = None
            save_as(case, by)


def grant_skolfam_team(member, *, by=None) -> None:
    """The school named in a Skolfam team reads and maps the child it was named for."""
    grant_to_roles(member, member.school, skolfam.grants.team_school_roles, by=by)


def revoke_skolfam_team(member, *, by=None) -> None:
    """A withdrawn consent ends the school's part at once; the marking unit keeps its case."""
    for role, perms in skolfam.grants.team_school_roles.items():
        for perm in perms:
            revoke(perm, role_group(member.school, role), member, by=by)


def grant_concern_reporter(concern, reporter, agency: Agency, *, by=None) -> None:
    grant_to_person(concern, reporter, agency, concerns.grants.reporter, by=by)


# The policies.


def _queryset(model, queryset) -> QuerySet:
    return model._default_manager.all() if queryset is None else queryset


class Policy:
    """Answers who may do what to one kind of record, from its ``rules``.

    ``rules`` maps each action to a pair: the permission on the owning case that allows it
    (reached through ``case_field``) and the permission on the object itself that allows it
    (because it was granted, or shared, to one of the user's groups). Either may be None.
    """

    case_field: str | None = None

    def __init__(self, model_label: str, rules: dict, *, case_field: str | None = None, **grants):
        self.model_label = model_label
        self.rules = rules
        if case_field is not None:
            self.case_field = case_field
        self.grants = SimpleNamespace(**grants)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def visible(self, user, action: str, queryset: QuerySet | None = None) -> QuerySet:
        """Which of these (all of the model, or ``queryset``) the user may ``action``."""
        queryset = _queryset(self.model, queryset)
        group_ids = access_group_ids(user)
        if not group_ids:
            return queryset.none()
        return queryset.filter(pk__in=self._allowed_ids(group_ids, action))

    def may(self, user, action: str, obj: Model) -> bool:
        answers = getattr(user, "_access_answers", None)
        if answers is None:
            return self.visible(user, action).filter(pk=obj.pk).exists()
        key = (self.model_label, action, obj.pk)
        if key not in answers:
            answers[key] = self.visible(user, action).filter(pk=obj.pk).exists()
        return answers[key]

    def get_or_404(self, user, action: str, queryset: QuerySet | None = None, **lookup):
        """One object the user may ``action``, or 404 whether it is missing or denied."""
        try:
            obj = self.visible(user, action, queryset).get(**lookup)
        except self.model.DoesNotExist as missing:
            raise Http404 from missing
        answers = getattr(user, "_access_answers", None)
        if answers is not None:
            answers[(self.model_label, action, obj.pk)] = True
        return obj

    def with_answer(self, user, action: str, queryset: QuerySet, name: str) -> QuerySet:
        """``queryset`` with ``name`` saying, row by row in the same query, whether the user may
        ``action`` it: for a list that shows records the user may not open (a case page's
        referrals it was opened from) and links only those they may."""
        group_ids = access_group_ids(user)
        if not group_ids:
            return queryset.annotate(**{name: Value(False)})
        # Asked of each row with EXISTS on the grant tables' (group, permission, object) key:
        # a handful of index probes per row, where ``pk IN (everything the user may see)``
        # would gather every record of the user's unit first.
        case_perm, own_perm = self.rules[action]
        ways_in = []
        if own_perm:
            own = granted_ids(self.model, own_perm, group_ids)
            ways_in.append(Exists(own.filter(content_object_id=OuterRef("pk"))))
        if case_perm:
            Case = apps.get_model("cases", "Case")
            through_case = granted_ids(Case, case_perm, group_ids)
            ways_in.append(Exists(through_case.filter(content_object_id=OuterRef(self.case_field))))
        answer = reduce(operator.or_, ways_in)
        return queryset.annotate(**{name: ExpressionWrapper(answer, output_field=BooleanField())})

    def of_case(self, user, action: str, case, queryset: QuerySet | None = None) -> QuerySet:
        """The records of one case the user may ``action``, for the case's own page.

        The same answer as ``visible``, cheaper: when the case's permission lets the user in
        (asked once a request), that is every record of the case, a plain read by case;
        otherwise only those granted to the user on their own."""
        records = _queryset(self.model, queryset).filter(**{self.case_field: case})
        case_perm, own_perm = self.rules[action]
        if case_perm and cases.may(user, CASE_ACTION_OF[case_perm], case):
            return records
        group_ids = access_group_ids(user)
        if own_perm is None or not group_ids:
            return records.none()
        return records.filter(pk__in=granted_ids(self.model, own_perm, group_ids))

    def _allowed_ids(self, group_ids, action: str) -> QuerySet:
        """The ids the user may ``action``: one indexed subquery per way in, as a UNION."""
        case_perm, own_perm = self.rules[action]
        ways_in = []
        if own_perm:
            ways_in.append(granted_ids(self.model, own_perm, group_ids))
        if case_perm:
            cases = granted_ids(apps.get_model("cases", "Case"), case_perm, group_ids)
            ways_in.append(self._through_case(cases))
        first, *others = ways_in
        return first.union(*others) if others else first

    def _through_case(self, case_ids: QuerySet) -> QuerySet:
        return (
            self.model._base_manager.filter(**{f"{self.case_field}__in": case_ids})
            .order_by()
            .values("pk")
        )


# The action on the case that a permission on the case stands for.
CASE_ACTION_OF = {VIEW_CASE: VIEW, CHANGE_CASE: CHANGE}


def granted_ids(model, perm: str | None, group_ids) -> QuerySet:
    """Ids of ``model`` on which one of ``group_ids`` holds ``perm`` (any permission when None)
    today: an index range on the direct permission table's (group, permission, object) key,
    nothing else."""
    today = timezone.localdate()
    grants = _grants_model(model).objects.filter(group_id__in=group_ids)
    if perm is not None:
        grants = grants.filter(permission__codename=perm.split(".", 1)[1])
    return (
        grants.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by()
        .values("content_object_id")
    )


class CasePolicy(Policy):
    """The case is the unit of access: its owning agency's BBAs, the handler it is delegated
    to, and anyone it was shared with under consent."""

    def __init__(self, **grants):
        super().__init__(
            "cases.Case",
            {
                VIEW: (None, VIEW_CASE),
                CHANGE: (None, CHANGE_CASE),
                WORK: (None, CHANGE_CASE),
                ASSIGN: (None, ASSIGN_CASE),
            },
            **grants,
        )

    def visible(self, user, action, queryset=None):
        cases = super().visible(user, action, queryset)
        if action == WORK:
            return cases.exclude(status=self.model.Status.CLOSED)
        return cases

    def may(self, user, action: str, case) -> bool:
        """Whether the user may ``action`` the case: every action on one case is answered from
        one read of the permissions the user's groups hold on it, remembered for the request
        (a case page asks whether the user may see, change, work on and delegate it)."""
        answers = getattr(user, "_access_answers", None)
        key = (self.model_label, action, case.pk)
        if answers is not None and key in answers:
            return answers[key]
        group_ids = access_group_ids(user)
        held = set()
        if group_ids:
            held = set(
                self._grants_on(case.pk, group_ids).values_list("permission__codename", flat=True)
            )
        return self._answer(user, case, held)[action]

    def get_or_404(self, user, action, queryset=None, **lookup):
        """The case, or 404; read with every permission the user's groups hold on it (one
        ``EXISTS`` each, in the same query), so that ``may`` asks nothing more about it."""
        group_ids = access_group_ids(user)
        flags = {perm: "_holds_" + perm.split(".", 1)[1] for _, perm in self.rules.values()}
        holds = {
            name: Exists(self._grants_on(OuterRef("pk"), group_ids, perm))
            for perm, name in flags.items()
        }
        try:
            case = self.visible(user, action, queryset).annotate(**holds).get(**lookup)
        except self.model.DoesNotExist as missing:
            raise Http404 from missing
        held = {name.removeprefix("_holds_") for name in holds if getattr(case, name)}
        self._answer(user, case, held)
        return case

    def _grants_on(self, case_id, group_ids, perm: str | None = None) -> QuerySet:
        """The grants in force today to one of ``group_ids`` on one case (of ``perm``)."""
        return granted_ids(self.model, perm, group_ids).filter(content_object_id=case_id)

    def _answer(self, user, case, held: set[str]) -> dict[str, bool]:
        """Every action's answer on the case from the codenames held on it, remembered on the
        request's user when there is one (see ``current_memberships``)."""
        answers = {
            action: perm.split(".", 1)[1] in held
            and (action != WORK or case.status != self.model.Status.CLOSED)
            for action, (_, perm) in self.rules.items()
        }
        remembered = getattr(user, "_access_answers", None)
        if remembered is not None:
            for action, answer in answers.items():
                remembered[(self.model_label, action, case.pk)] = answer
        return answers


class ThroughCasePolicy(Policy):
    """Records of a case (concerns, assessments, analyses, consents): whoever may see the
    case may see them, whoever may change it may change them. ``own`` adds actions allowed by a
    permission on the record itself (a reporter follows the concern they logged)."""

    case_field = "case"

    def __init__(self, model_label, *, case_field=None, own=None, **grants):
        rules = {
            VIEW: (VIEW_CASE, None),
            CHANGE: (CHANGE_CASE, None),
            WORK: (CHANGE_CASE, None),
        }
        for action, perm in (own or {}).items():
            rules[action] = (rules.get(action, (None, None))[0], perm)
        super().__init__(model_label, rules, case_field=case_field, **grants)

    def visible(self, user, action, queryset=None):
        records = super().visible(user, action, queryset)
        if action == WORK:
            closed = apps.get_model("cases", "Case").Status.CLOSED
            return records.exclude(**{f"{self.case_field}__status": closed})
        return records


class SharedPolicy(Policy):
    """Records shared across agency lines under consent (meetings, plans, referrals,
    handovers): the
    people of the owning case reach them through it; everyone else only through a permission
    on the record itself, which sharing grants until the consent's last day."""

    case_field = "case"


class PlanPolicy(SharedPolicy):
    """The coordinated individual plan (SIP): the case's own people through the case, the
    coordinator and everyone named in it through grants on the plan (under a consent for SIP
    when of another agency), and a unit the child was handed over to through its roles: the
    plan stays on the sending case, and the unit that took the child on holds it with it."""

    def hand_over_to(self, plan, agency: Agency, *, by=None) -> None:
        """Give the roles of the unit the child was handed over to the plan, for good: it is
        theirs now as the case is (see handovers.services.accept_handover)."""
        grant_to_roles(plan, agency, self.grants.taken_over, by=by)

    def handed_over_to(self, plan, agency: Agency) -> bool:
        """Whether the plan was handed over to the unit, which then lets its people in
        directly, as the case's own agency does."""
        role, perms = next(iter(self.grants.taken_over.items()))
        return (
            _grants_model(plan)
            .objects.filter(
                content_object=plan,
                group=role_group(agency, role),
                permission=_permission(perms[0], plan),
                valid_until__isnull=True,
            )
            .exists()
        )


class HandoverPolicy(SharedPolicy):
    """Handovers of a case to the unit of the child's next stage. The case's own people send
    them; so does the coordinator of the child's plan (SIP), who may work in another unit and
    holds the plan, not the case: the family's contact may be the one who sees the move
    coming. What such a sender hands over is limited to what they read themselves (see
    apps/handovers/selectors.readable_parts)."""

    def may_send(self, user, case, *, plan=None) -> bool:
        """Whether the user may hand ``case`` over: whoever may change it, or the coordinator
        of an open plan of it while their plan rights hold (a replaced coordinator, or one
        who has left the unit, may not). On a plan's own page, ``plan`` is the plan asked
        about: whether its coordinator may change it is already known there."""
        if cases.may(user, CHANGE, case):
            return True
        if plan is not None:
            return (
                plan.coordinator_id == user.pk
                and not plan.declined
                and plans.may(user, CHANGE, plan)
            )
        return self.coordinated_plan(user, case) is not None

    def coordinated_plan(self, user, case):
        """The open plan (SIP) of ``case`` the user coordinates and may change, or None."""
        Plan = apps.get_model("sip", "Plan")
        coordinated = Plan.objects.filter(case=case, declined="", coordinator_id=user.pk)
        return plans.visible(user, CHANGE, coordinated).order_by("-created_at").first()


class SkolfamPolicy(SharedPolicy):
    """A placed child in its municipality's Skolfam cohort, and the team's mappings of it.

    The social-services unit that marked the child reaches it through its own case (whoever
    may see the case sees the marking and the mappings; whoever may change it maps and records
    a withdrawal); the school named in the team through a grant on the marking, which the
    withdrawal of the consent revokes. Nothing of it is visible while the municipality does
    not take part in Skolfam, and a withdrawn marking is only read, never mapped again.
    """

    def __init__(self, **grants):
        super().__init__(
            "skolfam.CohortMember",
            {
                VIEW: (VIEW_CASE, VIEW_COHORT_MEMBER),
                # Recording a mapping: the team, both its school and its social services.
                WORK: (CHANGE_CASE, MAP_COHORT_MEMBER),
                # Recording the withdrawal of the consent: the marking unit only.
                CHANGE: (CHANGE_CASE, None),
            },
            **grants,
        )

    def visible(self, user, action, queryset=None):
        members = (
            super()
            .visible(user, action, queryset)
            .filter(agency__municipality__skolfam__takes_part=True)
        )
        if action == VIEW:
            return members
        return members.filter(withdrawn_on__isnull=True)

    def takes_part(self, agency: Agency, user=None) -> bool:
        """Whether the agency's municipality takes part in Skolfam today: read from the
        participation loaded with the memberships when it was (the header asks it of the
        acting agency on every page, see ``_memberships_in_force``), otherwise asked once per
        municipality and remembered for the request on ``user``."""
        if Agency.municipality.is_cached(agency):
            municipality = agency.municipality
            if type(municipality).skolfam.is_cached(municipality):
                participation = getattr(municipality, "skolfam", None)
                return participation is not None and participation.takes_part
        answers = getattr(user, "_access_answers", None)
        key = ("skolfam.takes_part", agency.municipality_id)
        if answers is not None and key in answers:
            return answers[key]
        Participation = apps.get_model("skolfam", "Participation")
        answer = Participation.objects.filter(
            municipality_id=agency.municipality_id, takes_part=True
        ).exists()
        if answers is not None:
            answers[key] = answer
        return answer

    def may_mark(self, user, case) -> bool:
        """Whether the user may mark the child of ``case`` for the cohort: someone who works
        on an open case of a social-services unit whose municipality takes part."""
        return (
            case.agency.kind in self.grants.marking_kinds
            and self.takes_part(case.agency, user)
            and cases.may(user, WORK, case)
        )

    def in_team(self, user, agency: Agency | None, roles) -> bool:
        """Whether someone acting for ``agency`` with ``roles`` has the Skolfam pages at all
        (the menu item, the cohort and the due list): a team unit's BBAs and handlers in a
        municipality that takes part. Anyone else, administrators too, gets 404."""
        return (
            agency is not None
            and agency.kind in {*self.grants.marking_kinds, *self.grants.team_school_kinds}
            and bool(set(roles) & set(self.grants.team_roles))
            and self.takes_part(agency, user)
        )


class AgencyPolicy(Policy):
    """An agency's own administration: managing its memberships, reviewing its log. An
    administrator manages every agency's memberships (see ``manageable``)."""

    def __init__(self, **grants):
        super().__init__(
            "agencies.Agency",
            {
                MANAGE_MEMBERS: (None, MANAGE_AGENCY_MEMBERS),
                REVIEW_LOG: (None, REVIEW_AGENCY_LOG),
            },
            **grants,
        )

    def manageable(self, user) -> QuerySet:
        """Agencies whose memberships the user may manage: all for administrators."""
        if is_administrator(user):
            return Agency.objects.all()
        return self.visible(user, MANAGE_MEMBERS)


def holds_administer() -> Exists:
    """Whether the person (the outer row) holds the administrators' permission, themselves or
    through a group: asked in the query that loads the signed-in person on every request (see
    backends.PersonBackend), so the header's question costs no query of its own."""
    app_label, codename = ADMINISTER.split(".")
    return Exists(
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).filter(
            Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))
        )
    )


def gives_child_data(role: str) -> bool:
    """Whether a membership of ``role`` opens children's records of others to its holder: a
    role a grant table gives the cases its unit owns or the referrals it receives, or one
    that cases are delegated to. (A reporter follows only the concerns they logged.) Such a
    membership, made by an administrator, is told to the unit (see services.add_membership)."""
    return role in {
        *cases.grants.owning_roles,
        *cases.grants.delegated_to_roles,
        *referrals.grants.receiving_roles,
    }


def sees_child_data(role: str) -> bool:
    """Whether a membership of ``role`` shows its holder children's records they did not write
    themselves: a role that opens them (``gives_child_data``) or one that reviews the unit's
    access log, which names the children read about."""
    reviews_log = {
        role for role, perms in agencies.grants.roles.items() if REVIEW_AGENCY_LOG in perms
    }
    return gives_child_data(role) or role in reviews_log


def needs_second_factor(user, memberships, *, through_identity_provider: bool) -> bool:
    """Whether ``user``, signed in with ``memberships`` in force, must prove a second factor
    before any page: the one rule of who does (apps.agencies.middleware enforces it).

    A password alone must not open children's records (issue 10): everyone whose role shows
    them needs one where SECOND_FACTOR_REQUIRED is on, and so does an administrator, who sees
    no record but decides who does (a taken-over administrator account could make a BBA of an
    address the taker reads). A session that came through the identity provider is not asked:
    the provider's sign-in is the strong one. It is how this session signed in that counts, not
    the person's ``signs_in_with_idp``: someone marked so who still has a password, and signs
    in with it, has given only the password."""
    if not settings.SECOND_FACTOR_REQUIRED or through_identity_provider:
        return False
    return any(sees_child_data(m.role) for m in memberships) or is_administrator(user)


def is_administrator(user) -> bool:
    """Administrators manage municipalities, agencies and people; they see no child data.

    The one global permission there is: answered by the person's own load when it came through
    PersonBackend, otherwise asked in one query (Django's has_perm loads every permission of
    the user and of their groups, two queries)."""
    if not user.is_authenticated or not user.is_active:
        return False
    answers = getattr(user, "_access_answers", {})
    if ADMINISTER not in answers:
        loaded = getattr(user, "holds_administer", None)
        if loaded is None:
            loaded = (
                get_user_model()
                ._default_manager.filter(pk=user.pk, is_active=True)
                .filter(holds_administer())
                .exists()
            )
        answers[ADMINISTER] = user.is_superuser or loaded
    return answers[ADMINISTER]


def holds_steering_seat() -> Exists:
    """Whether the person (the outer row) has a steering-group seat in force: asked in the
    query that loads the signed-in person (see backends.PersonBackend), so that the header's
    link to the indicators costs no query of its own."""
    return Exists(SteeringSeat.objects.current().filter(user=OuterRef("pk")))


class Scopes:
    """What a person's steering-group seats in force show: the county as a whole (and so
    every municipality), or some municipalities."""

    def __init__(self, seats):
        self.county = any(seat.municipality_id is None for seat in seats)
        self.municipality_ids = frozenset(s.municipality_id for s in seats if s.municipality_id)

    def __bool__(self):
        return self.county or bool(self.municipality_ids)

    def covers(self, municipality_id: int | None) -> bool:
        """Whether figures of ``municipality_id`` (None: the whole county) are shown."""
        return self.county or municipality_id in self.municipality_ids


class IndicatorPolicy:
    """The indicators' figures: a steering-group seat in force shows those of its
    municipality; the county's steering group's, those of every municipality and of the county
    as a whole. Nothing else shows them (neither a membership nor the administrators'
    permission), and a seat shows nothing else: it is no membership, gives no group and no
    grant, so every record page answers a steering group 404.

    The same three questions as the record policies, with the same arguments; the only
    action is ``VIEW``."""

    model_label = "indicators.Figure"

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def scopes(self, user) -> Scopes:
        """The user's seats in force, read once a request (remembered on the request's
        user like the memberships' groups)."""
        if not user.is_authenticated or not user.is_active:
            return Scopes([])
        remembered = getattr(user, "_indicator_scopes", None)
        if remembered is None:
            remembered = Scopes(list(SteeringSeat.objects.current().filter(user=user)))
            user._indicator_scopes = remembered
        return remembered

    def municipalities(self, user) -> QuerySet:
        """The municipalities whose figures the user sees, in name order."""
        scopes = self.scopes(user)
        if scopes.county:
            return Municipality.objects.order_by("name", "pk")
        return Municipality.objects.filter(pk__in=scopes.municipality_ids).order_by("name", "pk")

    def visible(self, user, action: str, queryset: QuerySet | None = None) -> QuerySet:
        figures = _queryset(self.model, queryset)
        scopes = self.scopes(user)
        if action != VIEW or not scopes:
            return figures.none()
        if scopes.county:
            return figures
        return figures.filter(municipality_id__in=scopes.municipality_ids)

    def may(self, user, action: str, obj: Model) -> bool:
        return action == VIEW and self.scopes(user).covers(obj.municipality_id)

    def get_or_404(self, user, action: str, queryset: QuerySet | None = None, **lookup):
        try:
            return self.visible(user, action, queryset).get(**lookup)
        except self.model.DoesNotExist as missing:
            raise Http404 from missing


def is_steering_group(user) -> bool:
    """Whether the user has a steering-group seat in force: answered by the person's own
    load when it came through PersonBackend, otherwise from the seats."""
    loaded = getattr(user, "holds_steering_seat", None)
    if loaded is not None:
        return loaded and user.is_active
    return bool(indicators.scopes(user))


agencies = AgencyPolicy(
    # What each role of an agency may do to the agency itself.
    roles={Membership.Role.AGENCY_ADMIN: [MANAGE_AGENCY_MEMBERS, REVIEW_AGENCY_LOG]},
)
cases = CasePolicy(
    # When a case is opened, the owning agency's BBAs see, work on and delegate it.
    owning_roles={Membership.Role.BBA: [VIEW_CASE, CHANGE_CASE, ASSIGN_CASE]},
    # A handler the case is delegated to works on it (but does not re-delegate it), while
    # their membership has a role that takes delegations (see end_delegations).
    handler=[VIEW_CASE, CHANGE_CASE],
    delegated_to_roles=[Membership.Role.HANDLER, Membership.Role.BBA],
)
children = ThroughCasePolicy("cases.Child", case_field="cases")
# The changes of stage the daily scan saw coming for a case's child (cases/transitions.py).
transitions = ThroughCasePolicy("cases.ComingTransition")
concerns = ThroughCasePolicy(
    "cases.Concern",
    own={VIEW: VIEW_CONCERN},
    # Whoever logged a concern reads what they reported, nothing of the unit's records.
    reporter=[VIEW_CONCERN],
)
assessments = ThroughCasePolicy("wheel.Assessment")
analyses = ThroughCasePolicy("analysis.Analysis")
consents = ThroughCasePolicy("consent.Consent")
meetings = SharedPolicy(
    "meetings.Meeting",
    {
        VIEW: (VIEW_CASE, VIEW_MEETING),
        # Minutes and the coordinator's appointment are work on the case.
        CHANGE: (CHANGE_CASE, None),
    },
    # Everyone invited reads the meeting (those of other agencies under consent).
    invited=[VIEW_MEETING],
)
plans = PlanPolicy(
    "sip.Plan",
    {
        VIEW: (VIEW_CASE, VIEW_PLAN),
        CHANGE: (CHANGE_CASE, CHANGE_PLAN),
        PRINT: (VIEW_CASE, PRINT_PLAN),
    },
    # The coordinator owns the plan; everyone else named in it reads and prints it.
    coordinator=[VIEW_PLAN, CHANGE_PLAN, PRINT_PLAN],
    named=[VIEW_PLAN, PRINT_PLAN],
    # The BBAs of a unit the child was handed over to hold the plan with the child: they
    # re-appoint its coordinator (the child asked first) and follow it.
    taken_over={Membership.Role.BBA: [VIEW_PLAN, CHANGE_PLAN, PRINT_PLAN]},
)
skolfam = SkolfamPolicy(
    # The school named in the team reads and maps the child through its BBAs.
    team_school_roles={Membership.Role.BBA: [VIEW_COHORT_MEMBER, MAP_COHORT_MEMBER]},
    # A placed child is marked by a social-services unit, through its own case ...
    marking_kinds=[Agency.Kind.SOCIAL_SERVICES],
    # ... and mapped with a school of the same municipality.
    team_school_kinds=[Agency.Kind.SCHOOL],
    # Who, in those units, has the Skolfam pages.
    team_roles=[Membership.Role.BBA, Membership.Role.HANDLER],
)
referrals = SharedPolicy(
    "referrals.Referral",
    {
        VIEW: (VIEW_CASE, VIEW_REFERRAL),
        # Only the receiving unit decides, and only through the share.
        DECIDE: (None, DECIDE_REFERRAL),
        # The sender withdraws: whoever may change the sending case.
        CHANGE: (CHANGE_CASE, None),
    },
    # The receiving unit's BBAs and handlers read and decide it (and are told it arrived).
    receiving_roles=[Membership.Role.BBA, Membership.Role.HANDLER],
    receiver=[VIEW_REFERRAL, DECIDE_REFERRAL],
)
handovers = HandoverPolicy(
    "handovers.Handover",
    {
        VIEW: (VIEW_CASE, VIEW_HANDOVER),
        # Only the receiving unit accepts or declines, and only through the share.
        DECIDE: (None, DECIDE_HANDOVER),
        # The sender withdraws: whoever may change the sending case, or the coordinator who
        # sent it.
        CHANGE: (CHANGE_CASE, WITHDRAW_HANDOVER),
    },
    # The receiving unit's BBAs take on the child: they read the summary and decide, under the
    # consent until they accept; then the summary is part of their own case for good.
    receiving_roles=[Membership.Role.BBA],
    receiver=[VIEW_HANDOVER, DECIDE_HANDOVER],
    accepted=[VIEW_HANDOVER],
    # A coordinator who sent it, through their membership in the plan's unit, follows and may
    # withdraw it (the case's own people do so through the case).
    coordinator_sender=[VIEW_HANDOVER, WITHDRAW_HANDOVER],
)

indicators = IndicatorPolicy()
