from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FollowUpBookingForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Datum och tid"),
        widget=DATETIME_INPUT,
        error_messages={
            "required": _("Skriv datum och tid för uppföljningen."),
            "invalid": _("Skriv datum och tid, till exempel 2025-10-01 13:00."),
        },
    )
    place = forms.CharField(
        label=_("Plats"),
        max_length=200,
        help_text=_("Till exempel skolans konferensrum eller en länk till ett videomöte."),
        error_messages={
            "required": _("Skriv var uppföljningen hålls."),
            "max_length": _("Skriv platsen med högst 200 tecken."),
        },
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError(
                _("Tiden har redan passerat. Välj en tid framåt."), code="past"
            )
        return at
