"""The access policy: the one place that decides who may see or do what to which object.

Built on django-guardian with direct foreign-key permission models. Permissions are only ever
granted to groups, and a person is only in a group while a membership is current:

* every agency has one group per role (``agency-<id>-<role>``): what the whole role may see,
  e.g. the BBA group of a school sees every case the school owns;
* every membership has a personal group (``membership-<id>``): what this person may see in
  this agency, e.g. the cases a handler is assigned to, or the concerns a reporter logged.

Reads always go through ``visible`` / ``get_visible_or_404`` / ``may``. They use object
permissions only (``with_superuser=False``, so ``accept_global_perms`` is off too): no global
permission, no superuser flag and no administrator role ever reveals child data.
Denied objects answer 404, so ids leak nothing.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from guardian.models import GroupObjectPermissionBase
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_group_obj_perms_model

from apps.agencies.models import Agency, Membership
from apps.audit.history import delete_as, save_as

ADMINISTER = "agencies.administer"
MANAGE_MEMBERS = "agencies.manage_members"
REVIEW_LOG = "agencies.review_log"
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

# What each role of an agency may do to the agency object itself.
ROLE_PERMISSIONS_ON_AGENCY = {
    Membership.Role.AGENCY_ADMIN: [MANAGE_MEMBERS, REVIEW_LOG],
}
# When a case is opened, the owning agency's BBAs see, work on and delegate it.
ROLE_PERMISSIONS_ON_NEW_CASE = {
    Membership.Role.BBA: [VIEW_CASE, CHANGE_CASE, ASSIGN_CASE],
}
# A handler the case is delegated to works on it (but does not re-delegate it).
HANDLER_PERMISSIONS_ON_CASE = [VIEW_CASE, CHANGE_CASE]
# Whoever logged a concern follows it (and its case's status), nothing more.
REPORTER_PERMISSIONS_ON_CONCERN = [VIEW_CONCERN]


def visible(user, perm: str, klass) -> QuerySet:
    """The objects of ``klass`` (model, manager or queryset) the user holds ``perm`` on."""
    if not user.is_authenticated or not user.is_active:
        qs = klass if isinstance(klass, QuerySet) else klass._default_manager.all()
        return qs.none()
    return get_objects_for_user(
        user, perm, klass, use_groups=True, with_superuser=False, accept_global_perms=False
    )


def may(user, perm: str, obj: Model) -> bool:
    """Whether the user holds ``perm`` on ``obj``: the same rule as ``visible``, for one object."""
    return visible(user, perm, type(obj)).filter(pk=obj.pk).exists()


def get_visible_or_404(user, perm: str, klass, **lookup):
    """One object the user may see, or 404 whether it is missing or denied."""
    return get_object_or_404(visible(user, perm, klass), **lookup)


def _permission(perm: str, obj: Model) -> Permission:
    codename = perm.split(".", 1)[1]
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(obj), codename=codename
    )


def _direct_model(obj: Model) -> type[GroupObjectPermissionBase]:
    model = get_group_obj_perms_model(obj)
    if not any(f.name == "content_object" and f.is_relation for f in model._meta.fields):
        raise TypeError(f"{type(obj).__name__} needs a direct group object permission model.")
    return model


def grant(perm: str, group: Group, obj: Model, *, by=None) -> None:
    """Give a group ``perm`` on ``obj``. Saved one row at a time so history records who did it."""
    model = _direct_model(obj)
    permission = _permission(perm, obj)
    if model.objects.filter(group=group, permission=permission, content_object=obj).exists():
        return
    save_as(model(group=group, permission=permission, content_object=obj), by)


def revoke(perm: str, group: Group, obj: Model, *, by=None) -> None:
    """Take ``perm`` on ``obj`` away from a group, recording who did it in the history."""
    model = _direct_model(obj)
    for row in model.objects.filter(
        group=group, permission=_permission(perm, obj), content_object=obj
    ):
        delete_as(row, by)


def role_group(agency: Agency, role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=f"agency-{agency.pk}-{role}")
    return group


def grant_to_role(perm: str, agency: Agency, role: str, obj: Model, *, by=None) -> None:
    grant(perm, role_group(agency, role), obj, by=by)


def grant_agency_role_permissions(agency: Agency, *, by=None) -> None:
    """Give each role of a new agency its permissions on the agency itself."""
    for role, perms in ROLE_PERMISSIONS_ON_AGENCY.items():
        for perm in perms:
            grant_to_role(perm, agency, role, agency, by=by)


def sync_role_groups(user) -> None:
    """Put the user in exactly the groups of their current memberships.

    Called whenever a membership changes, on every request (so an end date that has passed
    takes effect at once) and hourly by Celery beat for people who are not signed in.
    """
    current = list(
        Membership.objects.current().filter(user=user).values_list("group_id", "agency_id", "role")
    )
    wanted_names = {f"agency-{agency_id}-{role}" for _, agency_id, role in current}
    Group.objects.bulk_create([Group(name=name) for name in wanted_names], ignore_conflicts=True)
    wanted = {group_id for group_id, _, _ in current}
    wanted |= set(Group.objects.filter(name__in=wanted_names).values_list("pk", flat=True))
    held = set(
        user.groups.filter(
            Q(name__startswith="agency-") | Q(name__startswith="membership-")
        ).values_list("pk", flat=True)
    )
    if held - wanted:
        user.groups.remove(*(held - wanted))
    if wanted - held:
        user.groups.add(*(wanted - held))


def is_administrator(user) -> bool:
    """Administrators manage municipalities, agencies and people; they see no child data."""
    return user.is_authenticated and user.has_perm(ADMINISTER)


def may_manage_members(user, agency: Agency) -> bool:
    return is_administrator(user) or may(user, MANAGE_MEMBERS, agency)


def manageable_agencies(user) -> QuerySet:
    """Agencies whose memberships the user may manage: all for administrators, else their own."""
    if is_administrator(user):
        return Agency.objects.all()
    return visible(user, MANAGE_MEMBERS, Agency)


def membership_group(user, agency: Agency) -> Group:
    """The personal group of the user's current membership in the agency (handler first)."""
    memberships = Membership.objects.current().filter(user=user, agency=agency)
    membership = memberships.filter(role=Membership.Role.HANDLER).first() or memberships.first()
    if membership is None:
        raise PermissionError(f"{user} has no current membership in {agency}.")
    return membership.group


# Cases: the case is the unit of access. A child, its guardians, concerns, assessments and
# analyses are reached through a case the user may see.


def grant_new_case(case, *, by=None) -> None:
    for role, perms in ROLE_PERMISSIONS_ON_NEW_CASE.items():
        for perm in perms:
            grant_to_role(perm, case.agency, role, case, by=by)


def grant_case_handler(case, handler, *, by=None) -> None:
    group = membership_group(handler, case.agency)
    for perm in HANDLER_PERMISSIONS_ON_CASE:
        grant(perm, group, case, by=by)


def revoke_case_handler(case, handler, *, by=None) -> None:
    """Takes the case away from the handler in every membership they hold in the agency."""
    for membership in Membership.objects.filter(user=handler, agency=case.agency):
        for perm in HANDLER_PERMISSIONS_ON_CASE:
            revoke(perm, membership.group, case, by=by)


def grant_concern_reporter(concern, reporter, agency: Agency, *, by=None) -> None:
    group = membership_group(reporter, agency)
    for perm in REPORTER_PERMISSIONS_ON_CONCERN:
        grant(perm, group, concern, by=by)


def visible_cases(user, perm: str = VIEW_CASE) -> QuerySet:
    return visible(user, perm, apps.get_model("cases", "Case"))


def through_visible_cases(user, klass, case_path: str = "case", perm: str = VIEW_CASE):
    """Objects of ``klass`` whose case (at ``case_path``) the user holds ``perm`` on."""
    qs = klass if isinstance(klass, QuerySet) else klass._default_manager.all()
    return qs.filter(**{f"{case_path}__in": visible_cases(user, perm)})


def get_through_case_or_404(user, klass, case_path="case", perm: str = VIEW_CASE, **lookup):
    """One object reached through a case the user may see (or change), or 404."""
    return get_object_or_404(
        through_visible_cases(user, klass, case_path, perm).distinct(), **lookup
    )


# Shared objects (meetings, referrals, plans): seen through the owning case, or because they
# were shared with the user's group under an active consent (apps/consent/sharing.py).


def visible_through_case_or_shared(
    user, klass, perm: str, case_path: str = "case", case_perm: str = VIEW_CASE
) -> QuerySet:
    """Objects the user holds ``case_perm`` on the case of, or ``perm`` on the object itself
    (because it was shared with them)."""
    qs = klass if isinstance(klass, QuerySet) else klass._default_manager.all()
    shared = visible(user, perm, qs.model).values("pk")
    by_case = visible_cases(user, case_perm)
    return qs.filter(Q(**{f"{case_path}__in": by_case}) | Q(pk__in=shared))


def get_through_case_or_shared_or_404(
    user, klass, perm: str, case_path="case", case_perm: str = VIEW_CASE, **lookup
):
    qs = visible_through_case_or_shared(user, klass, perm, case_path, case_perm)
    return get_object_or_404(qs, **lookup)
