import factory

from apps.referrals import services
from apps.referrals.models import Referral
from tests.factories.cases import CaseFactory

QUESTION = "Vi behöver stöd kring familjens situation och vill veta vilka insatser som finns."
SUMMARY = "Eleven är ofta frånvarande på måndagar och säger att det är stökigt hemma."


def form_data(to_agency, **overrides) -> dict:
    """What the referral form posts."""
    return {"to_agency": to_agency.pk, "question": QUESTION, "summary": SUMMARY, **overrides}


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral sent through the service by ``sent_by``: the case needs a covering consent."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    question = QUESTION
    summary = SUMMARY

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case, by = kwargs.pop("case"), kwargs.pop("sent_by")
        return services.send_referral(case, by=by, **kwargs)
