from django import forms
from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Agency
from apps.referrals.models import Referral

SOCIAL_SERVICES = {Agency.Kind.SOCIAL_SERVICES}
HEALTH_CARE = {Agency.Kind.CHILD_HEALTH, Agency.Kind.BUP, Agency.Kind.HEALTH_CARE}


def _grouped(agencies) -> list:
    """The agencies as choices, social services first, then health care, then the rest."""
    groups = [
        (_("Socialtjänst"), [a for a in agencies if a.kind in SOCIAL_SERVICES]),
        (_("Hälso- och sjukvård"), [a for a in agencies if a.kind in HEALTH_CARE]),
        (
            _("Andra verksamheter"),
            [a for a in agencies if a.kind not in SOCIAL_SERVICES | HEALTH_CARE],
        ),
    ]
    return [
        (label, [(a.pk, f"{a.name} ({a.municipality.name})") for a in members])
        for label, members in groups
        if members
    ]


class ReferralForm(forms.Form):
    to_agency = forms.TypedChoiceField(
        label=_("Vilken verksamhet ska remissen gå till?"),
        coerce=int,
        error_messages={"required": _("Välj vilken verksamhet remissen ska gå till.")},
    )
    question = forms.CharField(
        label=_("Vad vill ni ha hjälp med?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv frågan så att mottagaren förstår vad ni ber om."),
        error_messages={"required": _("Skriv vad ni vill ha hjälp med.")},
    )
    summary = forms.CharField(
        label=_("Sammanfattning till mottagaren"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Skriv bara det mottagaren behöver för att kunna ta ställning till remissen. "
            "Inget annat ur ärendet skickas."
        ),
        error_messages={"required": _("Skriv en sammanfattning till mottagaren.")},
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}
        self.fields["to_agency"].choices = [
            ("", _("Välj verksamhet")),
            *_grouped(list(self.agencies.values())),
        ]

    def clean_to_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["to_agency"]]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför avböjer ni remissen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Avsändaren läser skälet i sitt ärende. Skriv gärna vart de kan vända sig i stället."
        ),
        error_messages={"required": _("Skriv varför remissen avböjs.")},
    )


class IncomingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[
            (Referral.Status.SENT, _("Väntar på svar")),
            (Referral.Status.ACCEPTED, _("Mottagna")),
        ],
    )
