"""Reads for consent, already filtered by the access policy.

A consent is reached through its case: whoever may see the case may read its consents, and
whoever may change the case may record or withdraw them. Functions that take a ``case``
expect one the caller has already fetched through the policy.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.cases.models import Case, Guardian
from apps.cases.panels import Section
from apps.consent import rules, sharing
from apps.consent.chronology import consent_events
from apps.consent.models import AgencyWithdrawal, Consent, Share


@dataclass(frozen=True)
class ConsentStatus:
    """A consent with the reasons, in plain Swedish, why it does not allow sharing today."""

    consent: Consent
    reasons: list[str]

    @property
    def is_active(self) -> bool:
        return not self.reasons

    @property
    def first_reason(self) -> str:
        return self.reasons[0] if self.reasons else ""

    @property
    def purpose_labels(self) -> list[str]:
        return [Consent.Purpose(purpose).label for purpose in self.consent.purposes]


@dataclass(frozen=True)
class ShareRow:
    """One share as the consent page lists it: what, with whom, and whether it still holds."""

    share: Share

    @cached_property
    def shared_object(self):
        return self.share.shared_object

    @property
    def lapsed(self) -> bool:
        """Its consent has passed its last day: nothing is shared any more, though the hourly
        task may not yet have recorded the end."""
        return self.share.ended_at is None and self.share.consent.holds_until < timezone.localdate()

    @property
    def object_label(self) -> str:
        kind = self.share.content_type.model_class()._meta.verbose_name
        return f"{kind.capitalize()}: {self.shared_object}" if self.shared_object else kind

    @property
    def object_url(self) -> str:
        get_url = getattr(self.shared_object, "get_absolute_url", None)
        return get_url() if get_url else ""

    @property
    def recipients(self) -> str:
        """Whom in the agency: a person (a membership's group) or everyone in a role."""
        group = self.share.group
        membership = getattr(group, "membership", None)
        if membership is not None:
            return membership.user.full_name
        role = policy.role_of_group(group)
        if role is not None:
            return _("alla med rollen %(role)s") % {"role": Membership.Role(role).label}
        return group.name


def _consents() -> QuerySet:
    return Consent.objects.select_related(
        "case__child", "case__agency", "recorded_by", "withdrawal_recorded_by"
    ).prefetch_related(
        Prefetch("agencies", queryset=Agency.objects.select_related("municipality")),
        "parties__guardian",
        "agency_withdrawals__agency",
        "agency_withdrawals__recorded_by",
    )


def consent_for_viewing(user, pk: int) -> Consent:
    return policy.consents.get_or_404(user, policy.VIEW, _consents(), pk=pk)


def consent_for_withdrawing(user, pk: int) -> Consent:
    """Withdrawing is work on the case, so it takes the right to change the case."""
    return policy.consents.get_or_404(user, policy.CHANGE, _consents(), pk=pk)


def case_for_recording(user, case_pk: int) -> Case:
    return policy.cases.get_or_404(
        user,
        policy.CHANGE,
        Case.objects.select_related("child", "agency__municipality"),
        pk=case_pk,
    )


def may_record(user, case: Case) -> bool:
    """Whether to offer recording a consent: the user may change the case and it is open."""
    return policy.cases.may(user, policy.WORK, case)


def may_withdraw(user, consent: Consent) -> bool:
    """A consent can be withdrawn as long as it is not, even when the case is closed."""
    return not consent.withdrawn_at and policy.consents.may(user, policy.CHANGE, consent)


def guardians_to_ask(case: Case) -> list[Guardian]:
    """Every guardian with custody must answer; others close to the child are not asked."""
    return list(case.child.guardians.filter(has_custody=True))


def agencies_to_name(case: Case) -> QuerySet:
    """The agencies a consent may cover: every active one except the case's own, which needs
    no consent to work on its own case."""
    return (
        Agency.objects.filter(is_active=True)
        .exclude(pk=case.agency_id)
        .select_related("municipality")
    )


def agencies_the_analysis_named(case: Case) -> list[int]:
    """The agencies to tick at first on the consent form: those in the case's municipality of
    the kinds the case's latest analysis said the collaboration needs (the analysis names
    kinds, not units; the BBA ticks a unit elsewhere by hand). Read through the case, with the
    decision's plain value, so that consent does not depend on the analysis app."""
    latest = case.analyses.order_by("-decided_at", "-pk").values("decision", "collaboration_kinds")
    analysis = latest.first()
    if analysis is None or analysis["decision"] != "collaboration":
        return []
    return list(
        agencies_to_name(case)
        .filter(
            kind__in=analysis["collaboration_kinds"],
            municipality_id=case.agency.municipality_id,
        )
        .values_list("pk", flat=True)
    )


def status_of(consent: Consent) -> ConsentStatus:
    return ConsentStatus(consent, rules.why_not_active(consent))


ENDED_SHARES = Share.objects.filter(ended_at__isnull=False)


def case_consents(user, case: Case) -> list[ConsentStatus]:
    """The case's consents, newest first, each with its status, in a fixed number of queries
    however many there are (the case page shows them all), with what their part of the
    chronology needs: who recorded and withdrew them, and the shares that ended.

    Most consents have ended no share (one ends with a withdrawal, its last day, or a share
    taken back): whether a consent has is asked in the consents' own query, and the ended
    shares are read only of those that have, so the case page pays no query for nothing."""
    # Through the case's own manager, so every consent carries this very case (and child).
    consents = list(
        policy.consents.of_case(user, policy.VIEW, case, case.consents.all())
        .select_related("recorded_by", "withdrawal_recorded_by")
        .annotate(has_ended_shares=Exists(ENDED_SHARES.filter(consent=OuterRef("pk"))))
        .prefetch_related(
            "agencies",
            "parties",
            "case__child__guardians",
            Prefetch(
                "agency_withdrawals",
                AgencyWithdrawal.objects.select_related("agency", "recorded_by"),
            ),
        )
    )
    prefetch_related_objects(
        [consent for consent in consents if consent.has_ended_shares],
        Prefetch(
            "shares",
            ENDED_SHARES.select_related("agency", "ended_by"),
            to_attr="ended_shares",
        ),
    )
    for consent in consents:
        if not consent.has_ended_shares:
            consent.ended_shares = []
    return [status_of(consent) for consent in consents]


# What each right lets the agency do, as the consent page and the withdrawal name it.
RIGHTS = {
    "view": gettext_lazy("läsa"),
    "change": gettext_lazy("ändra"),
    "print": gettext_lazy("skriva ut"),
}


@dataclass(frozen=True)
class ObjectAccess:
    """Everything one agency was given on one meeting, plan, referral or case under a consent:
    one line however many people and rights the grants went to."""

    rows: tuple

    @cached_property
    def first(self) -> ShareRow:
        return min(self.rows, key=lambda row: (row.share.granted_at, row.share.pk))

    @property
    def object_label(self) -> str:
        return self.first.object_label

    @property
    def object_url(self) -> str:
        return self.first.object_url

    @property
    def since(self):
        return self.first.share.granted_at

    @property
    def granted_by(self):
        return self.first.share.granted_by

    @property
    def live(self) -> bool:
        return any(row.share.ended_at is None for row in self.rows)

    @property
    def lapsed(self) -> bool:
        return self.live and all(row.lapsed for row in self.rows if row.share.ended_at is None)

    @property
    def ended(self) -> Share | None:
        """The share that ended last, once none is left."""
        if self.live:
            return None
        return max(self.rows, key=lambda row: row.share.ended_at).share

    @property
    def recipients(self) -> list[str]:
        return sorted({row.recipients for row in self.rows})

    @property
    def rights(self) -> list[str]:
        codenames = {row.share.perm.split(".", 1)[-1] for row in self.rows}
        verbs = [
            str(verb)
            for prefix, verb in RIGHTS.items()
            if any(codename.startswith(f"{prefix}_") for codename in codenames)
        ]
        return verbs or sorted(codenames)


@dataclass(frozen=True)
class AgencyAccess:
    """What one agency was given under a consent, object by object."""

    agency: Agency
    objects: tuple

    @property
    def since(self):
        return min(item.since for item in self.objects)


def by_agency(shares) -> list[AgencyAccess]:
    """Shares grouped once per agency, and within it once per shared object, in the order of
    agency name and of time: a share is a (group, right) pair, so one meeting shared with one
    agency is several shares, and listing them one by one repeats the meeting."""
    objects = defaultdict(list)
    for share in shares:
        key = (share.agency_id, share.content_type_id, share.object_id)
        objects[key].append(ShareRow(share))
    agencies = defaultdict(list)
    for rows in objects.values():
        agencies[rows[0].share.agency].append(ObjectAccess(tuple(rows)))
    return [
        AgencyAccess(
            agency, tuple(sorted(items, key=lambda item: (item.since, item.first.share.pk)))
        )
        for agency, items in sorted(agencies.items(), key=lambda pair: (pair[0].name, pair[0].pk))
    ]


def _shares_for_listing(shares: QuerySet) -> QuerySet:
    return shares.select_related(
        "agency", "consent", "content_type", "group__membership__user", "granted_by", "ended_by"
    ).prefetch_related("shared_object")


def agency_access(consent: Consent) -> list[AgencyAccess]:
    """What the consent page lists: each agency once, with what it was given and since when."""
    return by_agency(_shares_for_listing(consent.shares.order_by("granted_at", "pk")))


@dataclass(frozen=True)
class WithdrawalEffect:
    """The confirmation page of a withdrawal: who loses what, and what stays."""

    withdrawal: sharing.Withdrawal
    losing: list
    staying: list
    kept_elsewhere: list
    agencies: list

    @property
    def whole(self) -> bool:
        return self.withdrawal.whole


def withdrawal_effect(consent: Consent, agencies) -> WithdrawalEffect:
    """Worked out by the very code that withdraws (``sharing.plan_withdrawal``), as a read
    that writes nothing. Raises ValidationError as the withdrawal would."""
    withdrawal = sharing.plan_withdrawal(consent, agencies)
    ending = {row.pk for row in withdrawal.ending}
    listed = _shares_for_listing(Share.objects.all())
    # A share of a consent past its last day gives nothing any more, so ending it loses none.
    losing = listed.filter(
        pk__in=[row.pk for row in withdrawal.losing],
        consent__holds_until__gte=timezone.localdate(),
    )
    kept = listed.filter(pk__in=list(withdrawal.kept_elsewhere))
    staying = _shares_for_listing(
        consent.shares.filter(ended_at__isnull=True, consent__holds_until__gte=timezone.localdate())
    ).exclude(pk__in=ending)
    return WithdrawalEffect(
        withdrawal=withdrawal,
        losing=by_agency(losing.order_by("granted_at", "pk")),
        staying=by_agency(staying.order_by("granted_at", "pk")),
        kept_elsewhere=[
            (access, withdrawal.kept_elsewhere[access.first.share.pk].consent)
            for group in by_agency(kept.order_by("granted_at", "pk"))
            for access in group.objects
        ],
        agencies=list(Agency.objects.filter(pk__in=withdrawal.agency_ids).order_by("name")),
    )


def covered_agencies(consent: Consent) -> QuerySet:
    """The agencies a withdrawal can still be for: those the consent covers today."""
    return Agency.objects.filter(
        pk__in=[agency.pk for agency in rules.covered_agencies(consent)]
    ).order_by("name")


def withdrawal_suggestions(consent: Consent) -> list[str]:
    """Who may have withdrawn it: the guardians who were asked, and the child."""
    guardians = [party.guardian.name for party in consent.parties.all() if party.guardian]
    return [*guardians, consent.case.child.full_name]


def case_section(user, case: Case, reads) -> Section:
    """The consent section of the case page: the consents with their status, whether to offer
    recording a new one, and when each was recorded, withdrawn and what ended with it."""
    statuses = case_consents(user, case)
    return Section(
        data={"consents": statuses, "may_record": may_record(user, case)},
        events=list(consent_events([status.consent for status in statuses])),
    )
