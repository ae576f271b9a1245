import datetime

import factory

from apps.cases.wheel_areas import WheelArea
from apps.wheel import services
from apps.wheel.models import Assessment, Rating
from tests.factories.agencies import UserFactory
from tests.factories.cases import CaseFactory


def rated(**ratings) -> dict[str, dict]:
    """Ratings for all seven areas: "Fungerar bra" unless given, e.g. ``rated(home="not_known")``."""
    return {
        area.value: {
            "rating": ratings.get(area.value, Rating.WORKS_WELL),
            "notes": "",
            "strengths": "",
            "risks": "",
        }
        for area in WheelArea
    }


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment made through the service by ``created_by``, with every area rated."""

    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    created_by = factory.SubFactory(UserFactory)
    assessed_on = datetime.date(2025, 9, 15)
    child_view = "Jag tycker om min klass men jag sover dåligt."
    ratings = factory.LazyFunction(rated)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case, by = kwargs.pop("case"), kwargs.pop("created_by")
        return services.create_assessment(case, by=by, **kwargs)


def form_data(ratings: dict | None = None, **fields) -> dict:
    """What the mapping form posts: every area rated ("Fungerar bra" unless given)."""
    data = {
        "assessed_on": "2025-09-15",
        "child_took_part": "on",
        "others_present": "Mentor Anna Berg",
        "child_view": "Jag vill ha en lugnare plats att plugga på.",
        "summary": "Oro för sömn och hemmet.",
    }
    for area in WheelArea:
        data[f"{area.value}-rating"] = (ratings or {}).get(area.value, "works_well")
        data[f"{area.value}-notes"] = f"Anteckning om {area.label.lower()}"
        data[f"{area.value}-strengths"] = ""
        data[f"{area.value}-risks"] = ""
    data.update(fields)
    return data
