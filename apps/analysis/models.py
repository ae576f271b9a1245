"""The analysis after mapping: the five questions of the model and the decision they end in.

An analysis is written for others to read (colleagues, the next BBA, the agencies called in),
so the answers are kept as full sentences and every decision says what and why. A case may be
analysed again; the latest analysis is the one in force, the earlier ones stay as history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency
from apps.cases.models import Case

# The five questions of the model, in order (see the Sörmland model, "Kartlägga").
QUESTIONS = (
    "has_all_information",
    "obstacles",
    "what_i_can_do",
    "what_agency_can_do",
    "help_needed",
)
MIN_WORDS = 3
MIN_CHARACTERS = 15


def validate_full_sentence(value: str) -> None:
    """Refuse one-word answers: someone who never met the child must understand the reasoning."""
    if len(value.split()) < MIN_WORDS or len(value.strip()) < MIN_CHARACTERS:
        raise ValidationError(
            _(
                "Svara med hela meningar så att andra kan förstå hur du har tänkt "
                "(minst %(words)d ord)."
            ),
            code="not_full_sentence",
            params={"words": MIN_WORDS},
        )


class Analysis(models.Model):
    class Decision(models.TextChoices):
        OWN_UNIT = "own_unit", _("Hanteras inom den egna verksamheten")
        COLLABORATION = "collaboration", _("Samverkan behövs")
        CLOSE = "close", _("Avsluta")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="analyses", verbose_name=_("ärende")
    )
    has_all_information = models.TextField(
        _("1. Har jag all information som jag behöver för att hjälpa barnet?"),
        validators=[validate_full_sentence],
    )
    obstacles = models.TextField(
        _("2. Vad står i vägen för barnets välmående?"), validators=[validate_full_sentence]
    )
    what_i_can_do = models.TextField(
        _("3. Vad kan jag göra nu för att hjälpa det här barnet?"),
        validators=[validate_full_sentence],
    )
    what_agency_can_do = models.TextField(
        _("4. Vad kan min verksamhet göra för att hjälpa barnet?"),
        validators=[validate_full_sentence],
    )
    help_needed = models.TextField(
        _("5. Vilken ytterligare hjälp behöver jag från andra?"),
        validators=[validate_full_sentence],
    )
    decision = models.CharField(_("beslut"), max_length=20, choices=Decision.choices)
    decision_details = models.TextField(
        _("vad ska göras, och varför?"),
        blank=True,
        help_text=_(
            "Vad ska göras och varför? Om ärendet avslutas blir detta skälet till avslutet."
        ),
    )
    collaboration_kinds = models.JSONField(
        _("verksamheter att samverka med"), default=list, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beslutat av"),
    )
    decided_at = models.DateTimeField(_("beslutat"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("analys")
        verbose_name_plural = _("analyser")
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return _("Analys för %(child)s, %(date)s") % {
            "child": self.case.child,
            "date": timezone.localtime(self.decided_at).date(),
        }

    def get_absolute_url(self):
        return reverse("analysis:analysis_detail", args=[self.pk])

    def clean(self):
        """What each decision needs, checked here so the form shows it and the service obeys it.

        ``decision_details`` is blank=True on purpose: its message depends on the decision."""
        errors = {}
        if self.decision in DETAILS_REQUIRED and not self.decision_details.strip():
            errors["decision_details"] = DETAILS_REQUIRED[self.decision]
        unknown = set(self.collaboration_kinds or []) - set(Agency.Kind.values)
        if unknown:
            errors["collaboration_kinds"] = _("Välj bland verksamheterna i listan.")
        elif self.decision == self.Decision.COLLABORATION and not self.collaboration_kinds:
            errors["collaboration_kinds"] = _(
                "Välj minst en typ av verksamhet som behövs i samverkan kring barnet."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def answers(self) -> list[tuple[str, str]]:
        """Each question with its answer, in the order they are asked."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in QUESTIONS
        ]

    @property
    def collaboration_kind_labels(self) -> list[str]:
        """Display names of the chosen kinds of agency, in the order of Agency.Kind."""
        return [kind.label for kind in Agency.Kind if kind.value in set(self.collaboration_kinds)]


DETAILS_REQUIRED = {
    Analysis.Decision.OWN_UNIT: _(
        "Skriv vad den egna verksamheten ska göra för barnet och varför."
    ),
    Analysis.Decision.COLLABORATION: _("Skriv vad samverkan ska handla om och varför."),
    Analysis.Decision.CLOSE: _("Skriv varför ärendet avslutas."),
}
