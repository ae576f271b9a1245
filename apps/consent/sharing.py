"""Sharing across agency lines, only under an active consent that names the agency.

Every share is a row (with history) beside the object permission it grants, so that
withdrawing a consent or its expiry can take back exactly what was given under it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.audit.history import save_as
from apps.consent import rules
from apps.consent.models import AgencyWithdrawal, Consent, Share


class ConsentMissing(Exception):
    """Raised when no active consent covers the agency for the purpose; the message says so."""


@transaction.atomic
def share(obj, *, case, agency, purpose: str, groups, perms, by) -> Consent:
    """Let ``groups`` of ``agency`` hold ``perms`` on ``obj`` under the covering consent, until
    its last day (the policy stops reading the grant after it, the hourly task revokes it)."""
    consent = rules.covering_consent(case, agency, purpose)
    if consent is None:
        raise ConsentMissing(
            _(
                "Det finns inget gällande samtycke som omfattar %(agency)s för %(purpose)s. "
                "Anteckna samtycke från vårdnadshavarna (och barnet) först."
            )
            % {"agency": agency, "purpose": Consent.Purpose(purpose).label.lower()}
        )
    content_type = ContentType.objects.get_for_model(obj)
    for group in groups:
        for perm in perms:
            shares = _live(group=group, perm=perm, content_type=content_type, object_id=obj.pk)
            if not shares.filter(consent=consent).exists():
                row = Share(
                    consent=consent,
                    agency=agency,
                    group=group,
                    perm=perm,
                    content_type=content_type,
                    object_id=obj.pk,
                    granted_by=by,
                )
                save_as(row, by)
            _follow_live_shares(obj, group=group, perm=perm, by=by)
    return consent


def _live(**lookup):
    return Share.objects.filter(ended_at__isnull=True, **lookup)


def _follow_live_shares(obj, *, group, perm, by) -> None:
    """Make the group's grant on ``obj`` last as long as the longest consent it is still
    shared under, or revoke it when no share is left."""
    last_day = _live(
        group=group,
        perm=perm,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
    ).aggregate(last_day=Max("consent__valid_until"))["last_day"]
    if last_day is None:
        policy.revoke(perm, group, obj, by=by)
    else:
        policy.grant(perm, group, obj, by=by, until=last_day)


def _end(shares, *, by, reason) -> int:
    ended = 0
    for row in shares.select_related("content_type", "group"):
        row.ended_at = timezone.now()
        row.ended_by = by
        row.ended_reason = reason
        save_as(row, by)
        shared_object = row.shared_object
        if shared_object is not None:
            _follow_live_shares(shared_object, group=row.group, perm=row.perm, by=by)
        ended += 1
    return ended


@transaction.atomic
def withdraw_consent(consent: Consent, *, by, withdrawn_by_party: str, agencies=None) -> Consent:
    """Withdrawal takes back, at once, everything shared under the consent.

    With ``agencies``, the consent is withdrawn for those agencies only (a guardian may say no
    to BUP and yes to social services): their shares end, the others' hold. Withdrawn for
    every agency it still covers, the consent as a whole is withdrawn.
    """
    if consent.withdrawn_at:
        raise ValidationError(_("Samtycket är redan återkallat."))
    remaining = {agency.pk for agency in rules.covered_agencies(consent)}
    chosen = remaining if agencies is None else {agency.pk for agency in agencies} & remaining
    if not chosen:
        raise ValidationError(_("Välj minst en verksamhet som samtycket fortfarande gäller."))
    if chosen == remaining:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by_party = withdrawn_by_party
        consent.withdrawal_recorded_by = by
        save_as(consent, by)
        _end(consent.shares.filter(ended_at__isnull=True), by=by, reason=Share.Ended.WITHDRAWN)
        return consent
    for agency_id in sorted(chosen):
        save_as(
            AgencyWithdrawal(
                consent=consent,
                agency_id=agency_id,
                withdrawn_by_party=withdrawn_by_party,
                recorded_by=by,
            ),
            by,
        )
    _end(
        consent.shares.filter(ended_at__isnull=True, agency_id__in=chosen),
        by=by,
        reason=Share.Ended.WITHDRAWN,
    )
    return consent


@transaction.atomic
def end_lapsed_shares(*, by=None, on=None) -> int:
    """Ends the shares whose consent has passed its last day and revokes their grants.

    Run hourly by Celery beat, never on a read: the policy already ignores a grant after its
    ``valid_until``, so this only records in the history when and why the sharing ended."""
    on = on or timezone.localdate()
    lapsed = Share.objects.filter(ended_at__isnull=True, consent__valid_until__lt=on)
    return _end(lapsed, by=by, reason=Share.Ended.EXPIRED)


@transaction.atomic
def unshare(obj, agency, *, by) -> int:
    """Stop sharing ``obj`` with ``agency`` (for example when an invitation is withdrawn)."""
    shares = Share.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        agency=agency,
        ended_at__isnull=True,
    )
    return _end(shares, by=by, reason=Share.Ended.REMOVED)


@transaction.atomic
def unshare_group(obj, group, *, by) -> int:
    """Stop sharing ``obj`` with one group only (a person taken out of a plan), leaving what
    the rest of their agency was given."""
    shares = Share.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        group=group,
        ended_at__isnull=True,
    )
    return _end(shares, by=by, reason=Share.Ended.REMOVED)
