"""E-mails about who may sign in and with which role. They name staff and units, never a child:
the reader signs in to see more."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies.models import Membership


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _who(user) -> str:
    return f"{user.full_name} ({user.email})"


@shared_task
def notify_access_granted(history_id: int) -> int:
    """Tell a unit's agency admins and BBAs that an administrator gave someone, or changed, a
    role that opens the unit's children's records, so that a grant nobody at the unit asked
    for is noticed. Neither the administrator nor the person given the role is told: they
    know already, and a notice to them checks nothing."""
    change = Membership.history.select_related("agency", "user", "history_user").get(
        history_id=history_id
    )
    recipients = (
        Membership.objects.current()
        .filter(
            agency_id=change.agency_id,
            role__in=[Membership.Role.AGENCY_ADMIN, Membership.Role.BBA],
        )
        .exclude(user_id__in=[change.user_id, change.history_user_id])
        .values_list("user__email", flat=True)
    )
    facts = {
        "by": _who(change.history_user),
        "person": _who(change.user),
        "role": change.get_role_display(),
        "agency": change.agency.name,
        "when": _when(change.history_date),
    }
    if change.history_type == "+":
        what = _("%(by)s gav %(when)s %(person)s rollen %(role)s i %(agency)s.")
    else:
        what = _(
            "%(by)s ändrade %(when)s medlemskapet för %(person)s i %(agency)s. "
            "Rollen är nu %(role)s."
        )
    lines = [what % facts]
    if change.ends_on:
        lines.append(
            _("Medlemskapet gäller från och med %(starts_on)s till och med %(ends_on)s.")
            % {"starts_on": change.starts_on, "ends_on": change.ends_on}
        )
    else:
        lines.append(
            _("Medlemskapet gäller från och med %(starts_on)s.") % {"starts_on": change.starts_on}
        )
    lines += [
        _("Rollen ger tillgång till uppgifter om barn hos %(agency)s.") % facts,
        "",
        _(
            "Känner ni inte till ändringen? Hör av er till den som gjorde den. "
            "Verksamhetsadministratören ser alla ändringar av behörigheter här: %(url)s"
        )
        % {"url": settings.SITE_URL + reverse("agencies:access_changes", args=[change.agency_id])},
    ]
    subject = _("Ny behörighet i Tillsammans för %(agency)s") % facts
    body = "\n".join(lines) + "\n"
    messages = [(subject, body, None, [email]) for email in sorted(set(recipients))]
    return send_mass_mail(messages) if messages else 0


@shared_task
def notify_email_changed(history_id: int, old_email: str) -> int:
    """Tell both the old and the new address that a person's e-mail address was changed, and
    by whom: someone whose address was taken over hears of it where they still read mail."""
    change = get_user_model().history.select_related("history_user").get(history_id=history_id)
    subject = _("Din e-postadress i Tillsammans har ändrats")
    lines = [
        _(
            "E-postadressen för %(name)s i Tillsammans ändrades %(when)s av %(by)s, "
            "från %(old)s till %(new)s."
        )
        % {
            "name": change.full_name,
            "when": _when(change.history_date),
            "by": _who(change.history_user),
            "old": old_email,
            "new": change.email,
        },
        _("Alla inloggningar med kontot har avslutats. Logga in igen med den nya adressen."),
        "",
        _("Känner du inte till ändringen? Hör av dig till din verksamhetsadministratör."),
    ]
    body = "\n".join(lines) + "\n"
    return send_mass_mail([(subject, body, None, [email]) for email in (old_email, change.email)])


@shared_task
def notify_second_factor_reset(history_id: int) -> int:
    """Tell the person that their second factor was reset, by whom and why: someone who did not
    ask for it hears of it before whoever asked for it in their name has signed in."""
    change = Membership.history.select_related("agency", "user", "history_user").get(
        history_id=history_id
    )
    subject = _("Din andra faktor i Tillsammans har återställts")
    lines = [
        _("%(by)s återställde %(when)s den andra faktorn för %(name)s i Tillsammans (%(agency)s).")
        % {
            "by": _who(change.history_user),
            "when": _when(change.history_date),
            "name": change.user.full_name,
            "agency": change.agency.name,
        },
        _("Skäl: %(reason)s") % {"reason": change.history_change_reason},
        _(
            "Nästa gång du loggar in med lösenord får du ställa in appen för inloggningskoder "
            "igen. Dina gamla reservkoder gäller inte längre."
        ),
        "",
        _("Känner du inte till ändringen? Hör av dig till din verksamhetsadministratör."),
    ]
    body = "\n".join(lines) + "\n"
    return send_mass_mail([(subject, body, None, [change.user.email])])
