"""Writes for the analysis. Each takes the acting user as ``by``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.analysis.models import Analysis
from apps.audit.history import save_as
from apps.cases import services as case_services
from apps.cases.models import Case

S = Case.Status
D = Analysis.Decision

# The model analyses after mapping; an analysed case may be analysed again as the picture
# changes. Once collaboration has started, the meetings and the plan take over.
ANALYSABLE = {S.MAPPING, S.ANALYSED}


def not_analysable_reason(case: Case) -> str | None:
    """Why the case cannot be analysed now, in words for the user; None when it can."""
    if case.status in ANALYSABLE:
        return None
    if case.status == S.DETECTED:
        return _("Kartlägg barnets situation innan analysen.")
    if case.status == S.CLOSED:
        return _("Ärendet är avslutat och kan inte analyseras.")
    return _(
        "Ärendet har status %(status)s. En analys görs efter kartläggningen, innan samarbetet."
    ) % {"status": case.get_status_display()}


@transaction.atomic
def decide(
    case: Case,
    *,
    by,
    decision: str,
    decision_details: str = "",
    collaboration_kinds=(),
    **answers: str,
) -> Analysis:
    """Record the answers to the five questions and act on the decision they end in.

    Own unit and collaboration leave the case analysed (collaboration then waits for consent
    and a meeting); close closes the case with the decision's details as the reason. Raises
    ValidationError with messages for the user, keyed by field where there is one.
    """
    reason = not_analysable_reason(case)
    if reason:
        raise ValidationError(reason, code="not_analysable")
    analysis = Analysis(
        case=case,
        decided_by=by,
        decision=decision,
        decision_details=decision_details.strip(),
        collaboration_kinds=list(collaboration_kinds) if decision == D.COLLABORATION else [],
        **{question: text.strip() for question, text in answers.items()},
    )
    analysis.full_clean()
    save_as(analysis, by)
    if decision == D.CLOSE:
        case_services.close_case(case, by=by, reason=analysis.decision_details)
    else:
        case_services.change_status(case, S.ANALYSED, by=by)
    return analysis
