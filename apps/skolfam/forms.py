"""The Skolfam forms. They never write: they hand clean data to apps.skolfam.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.consent.forms import DATE_ERRORS, DATE_INPUT
from apps.skolfam.models import BANDS_OF_AREA, Area, CohortMember, Participation


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["takes_part", "interval_months"]
        error_messages = {
            "interval_months": {
                "required": _("Skriv hur många månader det ska gå mellan kartläggningarna."),
                "invalid": _("Skriv antalet månader med siffror."),
                "min_value": _("Det ska gå minst 6 månader mellan kartläggningarna."),
                "max_value": _("Det får gå högst 48 månader mellan kartläggningarna."),
            }
        }


class MarkForm(forms.Form):
    school = forms.TypedChoiceField(
        label=_("Vilken skola ingår i Skolfam-teamet?"),
        coerce=int,
        error_messages={"required": _("Välj skolan i Skolfam-teamet.")},
    )
    placement_basis = forms.ChoiceField(
        label=_("Hur är barnet placerat?"),
        choices=CohortMember.PlacementBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur barnet är placerat.")},
    )
    consent_basis = forms.ChoiceField(
        label=_("Vad grundar sig deltagandet på?"),
        choices=CohortMember.ConsentBasis.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Vid placering enligt SoL krävs vårdnadshavarnas informerade samtycke. Vid placering "
            "enligt LVU kan socialnämnden besluta."
        ),
        error_messages={"required": _("Välj vad deltagandet grundar sig på.")},
    )
    consented_by = forms.CharField(
        label=_("Vem samtyckte eller beslutade?"),
        max_length=200,
        help_text=_("Vårdnadshavarnas namn, eller vem som fattade beslutet."),
        error_messages={
            "required": _("Skriv vem som samtyckte eller fattade beslutet."),
            "max_length": _("Skriv högst 200 tecken."),
        },
    )
    consented_on = forms.DateField(
        label=_("Datum för samtycket eller beslutet"),
        widget=DATE_INPUT,
        error_messages={
            **DATE_ERRORS,
            "required": _("Skriv datumet för samtycket eller beslutet."),
        },
    )
    consent_method = forms.ChoiceField(
        label=_("Hur gavs samtycket?"),
        choices=CohortMember.ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur samtycket gavs.")},
    )
    information_given = forms.BooleanField(
        label=_(
            "Vårdnadshavarna, och barnet efter ålder och mognad, har fått information om Skolfam: "
            "att barnet kartläggs återkommande och att resultaten redovisas utan namn."
        ),
        error_messages={"required": _("Barnet kan bara markeras när informationen är lämnad.")},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {school.pk: school for school in schools}
        self.fields["school"].choices = [
            ("", _("Välj skola")),
            *((school.pk, school.name) for school in self.schools.values()),
        ]

    def clean_school(self):
        return self.schools[self.cleaned_data["school"]]


BAND_REQUIRED = {
    Area.COGNITIVE: _("Välj en nivå för kognitiv förmåga."),
    Area.READING: _("Välj en nivå för läsning."),
    Area.WRITING: _("Välj en nivå för skrivning."),
    Area.MATHEMATICS: _("Välj en nivå för matematik."),
    Area.WELLBEING: _("Välj en nivå för välbefinnande."),
}


def _band_field(area: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=Area(area).label,
        choices=BANDS_OF_AREA[area].choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": BAND_REQUIRED[area],
            "invalid_choice": _("Välj en av nivåerna."),
        },
    )


class MappingForm(forms.Form):
    """The team's rating bands, never test material or notes about tests."""

    mapped_on = forms.DateField(
        label=_("Kartläggningsdatum"),
        widget=DATE_INPUT,
        error_messages={**DATE_ERRORS, "required": _("Skriv datumet för kartläggningen.")},
    )
    cognitive = _band_field(Area.COGNITIVE)
    reading = _band_field(Area.READING)
    writing = _band_field(Area.WRITING)
    mathematics = _band_field(Area.MATHEMATICS)
    wellbeing = _band_field(Area.WELLBEING)

    def bands(self) -> dict[str, str]:
        return {area: self.cleaned_data[area] for area in Area.values}


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Datum då samtycket återkallades"),
        widget=DATE_INPUT,
        initial=timezone.localdate,
        error_messages={**DATE_ERRORS, "required": _("Skriv när samtycket återkallades.")},
    )
    withdrawn_by_party = forms.CharField(
        label=_("Vem återkallade samtycket?"),
        max_length=200,
        error_messages={
            "required": _("Skriv vem som återkallade samtycket."),
            "max_length": _("Skriv högst 200 tecken."),
        },
    )
