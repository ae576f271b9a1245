"""What the law says about a coordinated individual plan, in one small pure module so that the
form, the completeness check, the plan page and the PDF all cite and judge it the same way.

The plan the law demands (16 kap. 4 § hälso- och sjukvårdslagen (2017:30) and its counterpart
in the social services act: 2 kap. 7 § socialtjänstlagen (2001:453) until 30 June 2025, the
socialtjänstlag (2025:400) from 1 July 2025) is made by the municipality together with the
region, and one of those two principals has the overall responsibility for it. A private school
company or a state agency can take part in a plan but can never hold that responsibility.

Sörmland's model uses the same plan more widely (school and health care, or school and social
services, around one child); such a plan is a collaboration plan of the model, not the statutory
SIP, and the family and the agencies should be able to see which one they have.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Agency

Kind = Agency.Kind
Principal = Agency.PrincipalKind

LAW_REFERENCE = _(
    "16 kap. 4 § hälso- och sjukvårdslagen (2017:30) och socialtjänstlagen (2025:400), "
    "tidigare 2 kap. 7 § socialtjänstlagen (2001:453)"
)

# The principals the law lets hold the overall responsibility.
LEADING_PRINCIPALS = {Principal.MUNICIPALITY, Principal.REGION}

# A municipality's part in the plan: its social services, and, as Sörmland reads the law, its
# preschools and schools (the municipality is one principal whichever board runs the unit).
MUNICIPAL_KINDS = {
    Kind.SOCIAL_SERVICES,
    Kind.PRESCHOOL,
    Kind.SCHOOL,
    Kind.UPPER_SECONDARY,
    Kind.KAA,
    Kind.FOLLOW_UP,
}
HEALTH_CARE_KINDS = {Kind.CHILD_HEALTH, Kind.HEALTH_CARE, Kind.BUP}

LEAD_REFUSED = _(
    "Huvudmannen med övergripande ansvar för en SIP måste vara kommunen eller regionen "
    "(%(law)s). %(agency)s har %(principal)s som huvudman. Välj en verksamhet som drivs av "
    "kommunen eller regionen; %(agency)s kan ändå ha insatser i planen."
)


def may_lead(agency: Agency) -> bool:
    """Whether the agency's principal may hold the overall responsibility for a plan."""
    return agency.principal_kind in LEADING_PRINCIPALS


def lead_refused_reason(agency: Agency) -> str:
    """Why the agency cannot hold the overall responsibility, for the user."""
    return LEAD_REFUSED % {
        "law": LAW_REFERENCE,
        "agency": agency.name,
        "principal": agency.principal_name or agency.get_principal_kind_display(),
    }


def is_municipal_party(agency: Agency) -> bool:
    return agency.principal_kind == Principal.MUNICIPALITY and agency.kind in MUNICIPAL_KINDS


def is_regional_health_care(agency: Agency) -> bool:
    return agency.principal_kind == Principal.REGION and agency.kind in HEALTH_CARE_KINDS


@dataclass(frozen=True)
class PlanKind:
    """Whether the plan is the statutory SIP: a municipal party and the region's health care
    both take part. If not, it is a collaboration plan of Sörmland's model."""

    municipal_party: bool
    regional_health_care: bool

    @property
    def statutory(self) -> bool:
        return self.municipal_party and self.regional_health_care

    @property
    def label(self) -> str:
        if self.statutory:
            return str(_("Lagstadgad SIP"))
        return str(_("Bredare samverkansplan enligt Tillsammans för barnens bästa i Sörmland"))

    @property
    def explanation(self) -> str:
        law = {"law": LAW_REFERENCE}
        if self.statutory:
            return str(
                _(
                    "Både kommunen och regionens hälso- och sjukvård deltar, så planen är en "
                    "samordnad individuell plan enligt %(law)s."
                )
                % law
            )
        if self.municipal_party:
            return str(
                _(
                    "Planen är inte en lagstadgad SIP enligt %(law)s, eftersom regionens "
                    "hälso- och sjukvård inte deltar. Den följer samma modell och följs upp på "
                    "samma sätt."
                )
                % law
            )
        if self.regional_health_care:
            return str(
                _(
                    "Planen är inte en lagstadgad SIP enligt %(law)s, eftersom ingen av "
                    "kommunens verksamheter (socialtjänst, förskola eller skola) deltar. Den "
                    "följer samma modell och följs upp på samma sätt."
                )
                % law
            )
        return str(
            _(
                "Planen är inte en lagstadgad SIP enligt %(law)s, eftersom varken kommunens "
                "verksamheter (socialtjänst, förskola eller skola) eller regionens hälso- och "
                "sjukvård deltar. Den följer samma modell och följs upp på samma sätt."
            )
            % law
        )


def participating_agencies(coordinator_agency, lead_agency, actions, contacts) -> list[Agency]:
    """The agencies taking part in a plan version: the coordinator's, the lead, and every
    agency with an action or a contact person in it."""
    agencies = {coordinator_agency.pk: coordinator_agency}
    if lead_agency is not None:
        agencies[lead_agency.pk] = lead_agency
    for action in actions:
        if action.agency_id:
            agencies[action.agency_id] = action.agency
    for contact in contacts:
        agencies[contact.agency_id] = contact.agency
    return sorted(agencies.values(), key=lambda agency: agency.name)


def plan_kind(agencies: Iterable[Agency]) -> PlanKind:
    """The kind of plan the agencies taking part in it make."""
    agencies = list(agencies)
    return PlanKind(
        municipal_party=any(is_municipal_party(agency) for agency in agencies),
        regional_health_care=any(is_regional_health_care(agency) for agency in agencies),
    )
