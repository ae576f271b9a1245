from django import forms
from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Agency
from apps.handovers.models import Handover, Part

SCHOOLS = {
    Agency.Kind.PRESCHOOL,
    Agency.Kind.SCHOOL,
    Agency.Kind.UPPER_SECONDARY,
    Agency.Kind.FOLLOW_UP,
}


class HandoverForm(forms.Form):
    to_agency = forms.TypedChoiceField(
        label=_("Vilken verksamhet ska ta över ansvaret för barnet?"),
        coerce=int,
        error_messages={
            "required": _("Välj vilken verksamhet ärendet ska lämnas över till."),
            "invalid_choice": _(
                "Verksamheten går inte att lämna över till: den är den egna eller inte längre "
                "aktiv. Välj en annan."
            ),
        },
    )
    message = forms.CharField(
        label=_("Meddelande till mottagaren"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv varför ärendet lämnas över och vad mottagaren behöver veta först."),
        error_messages={"required": _("Skriv ett meddelande till den mottagande verksamheten.")},
    )
    parts = forms.MultipleChoiceField(
        label=_("Vad ska följa med i sammanfattningen?"),
        choices=Part.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bara det du väljer här lämnas över, som det ser ut i dag. Resten av ärendet "
            "stannar hos er."
        ),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}
        schools = [a for a in self.agencies.values() if a.kind in SCHOOLS]
        others = [a for a in self.agencies.values() if a.kind not in SCHOOLS]
        groups = [
            (_("Förskolor och skolor"), schools),
            (_("Andra verksamheter"), others),
        ]
        self.fields["to_agency"].choices = [
            ("", _("Välj verksamhet")),
            *[
                (label, [(a.pk, f"{a.name} ({a.municipality.name})") for a in members])
                for label, members in groups
                if members
            ],
        ]

    def clean_to_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["to_agency"]]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför avböjer ni överlämningen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Avsändaren läser skälet i sitt ärende. Skriv gärna vilken verksamhet som i stället "
            "ska ta över."
        ),
        error_messages={"required": _("Skriv varför överlämningen avböjs.")},
    )


class IncomingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[
            (Handover.Status.SENT, _("Väntar på svar")),
            (Handover.Status.ACCEPTED, _("Mottagna")),
            (Handover.Status.DECLINED, _("Avböjda")),
        ],
    )
