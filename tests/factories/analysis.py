import factory

from apps.analysis import services
from apps.analysis.models import Analysis
from apps.cases.services import start_mapping
from tests.factories.cases import CaseFactory

ANSWERS = {
    "has_all_information": "Nej, vi behöver höra vårdnadshavarna om hur det är hemma.",
    "obstacles": "Eleven sover dåligt och är ofta borta från skolan på måndagar.",
    "what_i_can_do": "Jag bokar ett samtal med eleven och mentorn den här veckan.",
    "what_agency_can_do": "Elevhälsan kan erbjuda samtal hos kuratorn varje vecka.",
    "help_needed": "Vi behöver stöd från socialtjänsten kring familjens situation.",
}

DETAILS = "Kuratorn har samtal med eleven varje vecka under terminen."


def form_data(**overrides) -> dict:
    """What the analysis form posts: the five answers and a decision within the own unit."""
    return {**ANSWERS, "decision": "own_unit", "decision_details": DETAILS, **overrides}


class AnalysisFactory(factory.django.DjangoModelFactory):
    """An analysis decided through the service, on a case brought into mapping first."""

    class Meta:
        model = Analysis

    case = factory.SubFactory(CaseFactory)
    decision = Analysis.Decision.OWN_UNIT
    decision_details = DETAILS

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case, by = kwargs.pop("case"), kwargs.pop("decided_by")
        start_mapping(case, by=by)
        return services.decide(case, by=by, **{**ANSWERS, **kwargs})
