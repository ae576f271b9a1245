"""Writes for agencies, people and memberships. Every function takes the acting user as ``by``
so the history names who did it, in a request or in a Celery task alike."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.accounts import second_factor
from apps.agencies import policy, tasks
from apps.agencies.models import Agency, Membership, SteeringSeat
from apps.audit.history import save_as

User = get_user_model()

ACTING_AGENCY_SESSION_KEY = "acting_agency_id"


class MembershipRefused(Exception):
    """A membership change the separation of duties does not allow; the message is for the
    user."""


@transaction.atomic
def create_agency(*, by, **fields) -> Agency:
    agency = save_as(Agency(**fields), by)
    policy.grant_new_agency(agency, by=by)
    return agency


def update_agency(agency: Agency, *, by, **fields) -> Agency:
    for name, value in fields.items():
        setattr(agency, name, value)
    return save_as(agency, by)


def create_person(
    *,
    by,
    email,
    full_name,
    phone="",
    title="",
    is_active=True,
    signs_in_with_idp=False,
    hsa_id=None,
    password=None,
) -> User:
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        phone=phone,
        title=title,
        is_active=is_active,
        signs_in_with_idp=signs_in_with_idp,
        hsa_id=hsa_id,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return save_as(user, by)


@transaction.atomic
def update_person(person: User, *, by, **fields) -> User:
    """Saves an administrator's edit of a person.

    A new e-mail address is where password links go from now on, so a change of it is told to
    both addresses (the person hears of it at the old one if someone else took it over) and
    ends every session of the person: a session is checked against a hash of the address on
    every request (see accounts.models.User.get_session_auth_hash), as a deactivated person's
    is checked against ``is_active``, so nothing has to look the sessions up. A reset link
    sent before stops working too (Django's token covers the address).
    """
    old_email = User.objects.values_list("email", flat=True).get(pk=person.pk)
    for name, value in fields.items():
        setattr(person, name, value)
    save_as(person, by)
    if person.email != old_email:
        change = person.history.latest()
        transaction.on_commit(
            lambda: tasks.notify_email_changed.delay(change.history_id, old_email)
        )
    return person


def send_welcome_email(user, *, request) -> None:
    """A new person chooses their own password through a password-reset link.

    Django's PasswordResetForm skips people without a usable password, which is exactly
    what a new person has, so the link is made here with the same token generator. Someone
    who signs in through the identity provider gets no such link, as the reset form sends
    them none (accounts.forms.PasswordResetForm): whoever reads their mailbox would otherwise
    get in past the identity provider.
    """
    if user.signs_in_with_idp:
        return
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
    }
    subject = render_to_string("registration/welcome_subject.txt", context).strip()
    body = render_to_string("registration/welcome_email.txt", context)
    send_mail(subject, body, None, [user.email])


def find_or_create_person(*, by, email, full_name) -> User:
    user = User.objects.filter(email__iexact=email.strip()).first()
    return user or create_person(by=by, email=email, full_name=full_name)


def _refuse_own(user, by, refusal: str) -> None:
    """Nobody gives themselves access or changes their own: that takes a second person."""
    if by is not None and user.pk == by.pk:
        raise MembershipRefused(refusal)


def _tell_the_unit(membership: Membership, by) -> None:
    """A role that opens children's records, given or changed by an administrator (who
    belongs to no unit and is checked by no one there), is told to the unit's agency admins
    and BBAs, who know whether it is right; the log review lists it with every other change
    (selectors.access_changes). Told from the history row, so the e-mail says what was saved."""
    if by is None or not policy.is_administrator(by):
        return
    if not policy.gives_child_data(membership.role):
        return
    change = membership.history.latest()
    transaction.on_commit(lambda: tasks.notify_access_granted.delay(change.history_id))


@transaction.atomic
def add_membership(*, by, user, agency, role, starts_on=None, ends_on=None) -> Membership:
    _refuse_own(
        user,
        by,
        _("Du kan inte ge dig själv ett medlemskap. Be en annan administratör att lägga till det."),
    )
    membership = Membership(
        user=user,
        agency=agency,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        group=Group.objects.create(name=policy.personal_group_name()),
        role_group=policy.role_group(agency, role),
    )
    save_as(membership, by)
    _tell_the_unit(membership, by)
    return membership


@transaction.atomic
def update_membership(membership: Membership, *, by, **fields) -> Membership:
    """Changes a membership's role or period. The unit is told when the change by an
    administrator leaves a role that opens children's records with a new role or period (read
    from the stored row: a form has already set the new values on ``membership``)."""
    _refuse_own(
        membership.user,
        by,
        _("Du kan inte ändra ditt eget medlemskap. Be en annan administratör att ändra det."),
    )
    stored = Membership.objects.values_list("role", "starts_on", "ends_on").get(pk=membership.pk)
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.role_group = policy.role_group(membership.agency, membership.role)
    save_as(membership, by)
    policy.end_delegations(membership, by=by)
    if (membership.role, membership.starts_on, membership.ends_on) != stored:
        _tell_the_unit(membership, by)
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, by) -> Membership:
    """Ends a membership now: the person loses every access that came with it at once."""
    membership.deactivated_at = timezone.now()
    membership.deactivated_by = by
    save_as(membership, by)
    policy.end_delegations(membership, by=by)
    return membership


@transaction.atomic
def reset_second_factor(membership: Membership, *, by, reason: str) -> Membership:
    """Removes the second factor of the person of ``membership`` (their authenticator app and
    recovery codes) and ends every session of theirs, so they sign in anew and set up a new
    one; for a lost phone, whose finder may hold a session it verified.

    It lets whoever has the person's password in with a device of their own, so it takes
    another person, who manages the unit's memberships, and a reason: recorded as the reason
    of a change in the membership's history (the one change of a membership saved with a
    reason), so the unit's log review lists it among its changes of access, and told to the
    person by e-mail, who hears of a reset they did not ask for."""
    _refuse_own(
        membership.user,
        by,
        _(
            "Du kan inte återställa din egen andra faktor. Be en annan "
            "verksamhetsadministratör eller en administratör att göra det."
        ),
    )
    reason = reason.strip()
    if not reason:
        raise MembershipRefused(_("Skriv varför den andra faktorn återställs."))
    second_factor.forget_devices(membership.user)
    membership.user.end_every_session()
    membership._change_reason = reason
    save_as(membership, by)
    change = membership.history.latest()
    transaction.on_commit(lambda: tasks.notify_second_factor_reset.delay(change.history_id))
    return membership


@transaction.atomic
def reset_administrators_second_factor(person, *, by, reason: str):
    """Removes an administrator's second factor and ends their sessions, as
    ``reset_second_factor`` does for a member of a unit.

    An administrator who belongs to no unit has no agency admin to ask: the operators do it
    with ``manage.py reset_second_factor`` (``by`` None), and the reason is kept as the reason
    of a change in the person's own history."""
    if not policy.is_administrator(person):
        raise MembershipRefused(
            _(
                "Bara administratörers andra faktor återställs här; en medlem av en verksamhet "
                "återställs av verksamhetens administratör."
            )
        )
    reason = reason.strip()
    if not reason:
        raise MembershipRefused(_("Skriv varför den andra faktorn återställs."))
    second_factor.forget_devices(person)
    person.end_every_session()
    person._change_reason = reason
    save_as(person, by)
    return person


def add_steering_seat(*, by, user, municipality=None, starts_on=None, ends_on=None) -> SteeringSeat:
    """Gives ``user`` a seat in the steering group of ``municipality`` (None: the county's).
    It shows indicators only, yet it is given by a second person like every access."""
    _refuse_own(
        user,
        by,
        _("Du kan inte ge dig själv en plats i en styrgrupp. Be en annan administratör."),
    )
    seat = SteeringSeat(
        user=user,
        municipality=municipality,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
    )
    return save_as(seat, by)


@transaction.atomic
def end_steering_seat(seat: SteeringSeat, *, by) -> SteeringSeat:
    """Ends a seat now: the indicators close to the person at once."""
    seat.deactivated_at = timezone.now()
    seat.deactivated_by = by
    return save_as(seat, by)


def choose_acting_agency(request, agency_id) -> Agency | None:
    """Remember which of the user's agencies they act for; None if they are not a member."""
    for membership in request.memberships:
        if membership.agency_id == agency_id:
            request.session[ACTING_AGENCY_SESSION_KEY] = agency_id
            return membership.agency
    return None
