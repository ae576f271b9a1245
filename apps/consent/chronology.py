"""Consent's part of the case chronology (see apps.cases.chronology): when consent was
recorded and withdrawn, and when access that crossed agency lines under it ended."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.cases.chronology import Event


def consent_events(consents) -> Iterable[Event]:
    """``consents`` with their withdrawals for an agency and their ended shares
    (``ended_shares``) loaded (see selectors.case_section)."""
    for consent in consents:
        url = reverse("consent:consent_detail", args=[consent.pk])
        yield Event(
            consent.recorded_at,
            _("Samtycke antecknat"),
            consent.recorded_by,
            url=url,
            kind="consent",
        )
        if consent.withdrawn_at:
            yield Event(
                consent.withdrawn_at,
                _("Samtycke återkallat (av %(party)s)") % {"party": consent.withdrawn_by_party},
                consent.withdrawal_recorded_by,
                url=url,
                kind="consent",
            )
        for withdrawal in consent.agency_withdrawals.all():
            yield Event(
                withdrawal.withdrawn_at,
                _("Samtycke återkallat för %(agency)s (av %(party)s)")
                % {"agency": withdrawal.agency.name, "party": withdrawal.withdrawn_by_party},
                withdrawal.recorded_by,
                url=url,
                kind="consent",
            )
    ended = (share for consent in consents for share in consent.ended_shares)
    yield from _ended_share_events(sorted(ended, key=lambda share: (share.ended_at, share.pk)))


def _ended_share_events(ended) -> Iterable[Event]:
    """One event per object and agency: a share is a row per group and permission, but the
    family and the staff think of it as "the meeting was shared with social services"."""
    seen = set()
    for share in ended:
        key = (
            share.consent_id,
            share.content_type_id,
            share.object_id,
            share.agency_id,
            share.ended_reason,
        )
        if key in seen:
            continue
        seen.add(key)
        yield Event(
            share.ended_at,
            _("Delning upphörde: %(agency)s (%(reason)s)")
            % {"agency": share.agency, "reason": share.get_ended_reason_display().lower()},
            share.ended_by,
            url=reverse("consent:consent_detail", args=[share.consent_id]),
            kind="share",
        )
