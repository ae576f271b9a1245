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

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.audit.history import save_as

User = get_user_model()

ACTING_AGENCY_SESSION_KEY = "acting_agency_id"


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
    *, by, email, full_name, phone="", title="", is_active=True, password=None
) -> User:
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        phone=phone,
        title=title,
        is_active=is_active,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return save_as(user, by)


def send_welcome_email(user, *, request) -> None:
    """A new person chooses their own password through a password-reset link.

    Django's PasswordResetForm skips people without a usable password, which is exactly
    what a new person has, so the link is made here with the same token generator.
    """
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


@transaction.atomic
def add_membership(*, by, user, agency, role, starts_on=None, ends_on=None) -> Membership:
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
    return membership


@transaction.atomic
def update_membership(membership: Membership, *, by, **fields) -> Membership:
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.role_group = policy.role_group(membership.agency, membership.role)
    save_as(membership, by)
    policy.end_delegations(membership, by=by)
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, by) -> Membership:
    """Ends a membership now: the person loses every access that came with it at once."""
    membership.deactivated_at = timezone.now()
    membership.deactivated_by = by
    save_as(membership, by)
    policy.end_delegations(membership, by=by)
    return membership


def choose_acting_agency(request, agency_id) -> Agency | None:
    """Remember which of the user's agencies they act for; None if they are not a member."""
    for membership in request.memberships:
        if membership.agency_id == agency_id:
            request.session[ACTING_AGENCY_SESSION_KEY] = agency_id
            return membership.agency
    return None
