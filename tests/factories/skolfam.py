import datetime

from apps.agencies.models import Municipality
from apps.skolfam import services
from apps.skolfam.models import Participation
from tests.factories.cases import CaseFactory


def skolfam_municipality(name="Katrineholm", code="0483", *, interval_months=24):
    """A municipality that takes part in Skolfam (as Katrineholm does, seed 000)."""
    municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
    Participation.objects.update_or_create(
        municipality=municipality,
        defaults={"takes_part": True, "interval_months": interval_months},
    )
    return municipality


def placed_child_case(social_services, **child_fields):
    """A social-services case of a child placed in a foster home."""
    return CaseFactory(
        child__agency=social_services, **{f"child__{k}": v for k, v in child_fields.items()}
    )


CONSENT = {
    "placement_basis": "sol",
    "consent_basis": "guardians",
    "consent_method": "written",
    "consented_by": "Lena och Per Holm",
    "consented_on": datetime.date(2024, 8, 1),
    "information_given": True,
}


def mark(case, *, by, school, **overrides):
    return services.mark_child(case, by=by, school=school, **{**CONSENT, **overrides})


BANDS = {
    "cognitive": "within",
    "reading": "below",
    "writing": "below",
    "mathematics": "within",
    "wellbeing": "some",
}


def mapping(member, *, by, mapped_on, **bands):
    return services.record_mapping(member, by=by, mapped_on=mapped_on, bands={**BANDS, **bands})
