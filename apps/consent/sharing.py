"""Sharing across agency lines, only under an active consent that names the agency.

Every share is a row (with history) beside the object permission it grants, so that
withdrawing a consent or its expiry can take back exactly what was given under it.
"""

from dataclasses import dataclass

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
    ).aggregate(last_day=Max("consent__holds_until"))["last_day"]
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


@dataclass(frozen=True)
class Withdrawal:
    """What withdrawing a consent for some agencies does, worked out before anything is
    written: the confirmation page shows it, and ``withdraw_consent`` carries out exactly it.

    ``ending`` are the live shares that end. A group whose grant on an object is also held
    under another consent keeps it: ``kept_elsewhere`` are those shares, by pk, with the
    share that keeps the grant.
    """

    consent: Consent
    agency_ids: frozenset
    whole: bool
    ending: tuple
    kept_elsewhere: dict

    @property
    def losing(self) -> tuple:
        """The shares whose ending takes the access away."""
        return tuple(row for row in self.ending if row.pk not in self.kept_elsewhere)


def plan_withdrawal(consent: Consent, agencies=None) -> Withdrawal:
    """What withdrawing ``consent`` for ``agencies`` (every agency it still covers when None)
    would end, read without writing. Refuses as ``withdraw_consent`` does."""
    if consent.withdrawn_at:
        raise ValidationError(_("Samtycket är redan återkallat."))
    remaining = {agency.pk for agency in rules.covered_agencies(consent)}
    chosen = remaining if agencies is None else {agency.pk for agency in agencies} & remaining
    if not chosen:
        raise ValidationError(_("Välj minst en verksamhet som samtycket fortfarande gäller."))
    whole = chosen == remaining
    live = consent.shares.filter(ended_at__isnull=True)
    if not whole:
        live = live.filter(agency_id__in=chosen)
    ending = tuple(
        live.select_related("agency", "content_type", "group__membership__user").order_by(
            "agency__name", "content_type_id", "object_id", "pk"
        )
    )
    return Withdrawal(
        consent=consent,
        agency_ids=frozenset(chosen),
        whole=whole,
        ending=ending,
        kept_elsewhere=_kept_under_other_consents(consent, ending),
    )


def _kept_under_other_consents(consent: Consent, ending) -> dict:
    """For each ending share whose group keeps the same right on the same object through a
    live share under another consent that still holds: that other share."""
    if not ending:
        return {}
    today = timezone.localdate()
    others = (
        Share.objects.filter(
            ended_at__isnull=True,
            consent__holds_until__gte=today,
            group_id__in={row.group_id for row in ending},
            object_id__in={row.object_id for row in ending},
        )
        .exclude(consent=consent)
        .select_related("consent")
    )
    by_key = {(o.group_id, o.perm, o.content_type_id, o.object_id): o for o in others}
    kept = {}
    for row in ending:
        other = by_key.get((row.group_id, row.perm, row.content_type_id, row.object_id))
        if other is not None:
            kept[row.pk] = other
    return kept


@transaction.atomic
def withdraw_consent(consent: Consent, *, by, withdrawn_by_party: str, agencies=None) -> Consent:
    """Withdrawal takes back, at once, everything shared under the consent.

    With ``agencies``, the consent is withdrawn for those agencies only (a guardian may say no
    to BUP and yes to social services): their shares end, the others' hold. Withdrawn for
    every agency it still covers, the consent as a whole is withdrawn. What ends is exactly
    what ``plan_withdrawal`` showed.
    """
    withdrawal = plan_withdrawal(consent, agencies)
    if withdrawal.whole:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by_party = withdrawn_by_party
        consent.withdrawal_recorded_by = by
        save_as(consent, by)
    else:
        for agency_id in sorted(withdrawal.agency_ids):
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
        Share.objects.filter(pk__in=[row.pk for row in withdrawal.ending]),
        by=by,
        reason=Share.Ended.WITHDRAWN,
    )
    return consent


@transaction.atomic
def end_lapsed_shares(*, by=None, on=None) -> int:
    """Ends the shares whose consent has passed the last day it holds and revokes their grants:
    its end date (expired), or the child reaching an age at which their missing answer is
    needed (no longer covered).

    Run hourly by Celery beat, never on a read: the policy already ignores a grant after its
    ``valid_until``, so this only records in the history when and why the sharing ended."""
    on = on or timezone.localdate()
    lapsed = Share.objects.filter(ended_at__isnull=True, consent__holds_until__lt=on)
    return _end(
        lapsed.filter(consent__valid_until__lt=on), by=by, reason=Share.Ended.EXPIRED
    ) + _end(lapsed, by=by, reason=Share.Ended.NOT_COVERED)


@transaction.atomic
def follow_the_parties(child, *, by) -> None:
    """A consent holds only while everyone who must agree has agreed. When the parties change
    (a guardian with custody is added who was never asked, the child's birth date is
    corrected), each of the child's consents is judged again: one that no longer holds ends
    what was shared under it now, with the reason in the history; one that holds carries its
    new last day to the grants made under it."""
    today = timezone.localdate()
    consents = (
        Consent.objects.filter(case__child=child, withdrawn_at__isnull=True)
        .select_related("case__child")
        .prefetch_related("parties", "case__child__guardians")
    )
    for consent in consents:
        last_day = rules.holds_until(consent)
        if last_day != consent.holds_until:
            consent.holds_until = last_day
            save_as(consent, by)
        live = consent.shares.filter(ended_at__isnull=True)
        if consent.valid_until < today:
            continue
        if not rules.is_active(consent):
            _end(live, by=by, reason=Share.Ended.NOT_COVERED)
            continue
        for row in live.select_related("content_type", "group"):
            if row.shared_object is not None:
                _follow_live_shares(row.shared_object, group=row.group, perm=row.perm, by=by)


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
def unshare_group(obj, group, *, by, perms=None) -> int:
    """Stop sharing ``obj`` with one group only (a person taken out of a plan), leaving what
    the rest of their agency was given; only ``perms`` of it, when given (a replaced
    coordinator keeps reading the plan but no longer changes it)."""
    shares = Share.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        group=group,
        ended_at__isnull=True,
    )
    if perms is not None:
        shares = shares.filter(perm__in=perms)
    return _end(shares, by=by, reason=Share.Ended.REMOVED)
