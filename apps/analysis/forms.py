from django import forms
from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Agency
from apps.analysis.models import QUESTIONS, Analysis

DECISION = ("decision", "decision_details", "collaboration_kinds")


class AnalysisForm(forms.ModelForm):
    """The five questions and the decision. The rules live on the model, so the form shows
    the same messages that the service enforces."""

    decision = forms.ChoiceField(
        label=_("Vad blir beslutet?"), choices=Analysis.Decision.choices, widget=forms.RadioSelect
    )
    collaboration_kinds = forms.MultipleChoiceField(
        label=_("Vilka verksamheter behövs i samverkan?"),
        help_text=_(
            "Förvalda utifrån områdena med oro i kartläggningen. Gäller bara om samverkan behövs."
        ),
        choices=Agency.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Analysis
        fields = [*QUESTIONS, *DECISION]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in QUESTIONS}

    def question_fields(self):
        return [self[name] for name in QUESTIONS]

    def decision_fields(self):
        return [self[name] for name in DECISION]
