import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.concurrent_edits import RevisionForm
from apps.accounts.fields import ModelIdChoiceField
from apps.cases.models import Case, Child, Concern, Guardian, IssuingRegion
from apps.cases.personal_numbers import (
    PersonalNumber,
    normalise_reserve_number,
    parse_personal_number,
)
from apps.cases.stages import Stage
from apps.cases.wheel_areas import WheelArea

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Room for a number typed with spaces anywhere ("2015 03 12-1236") or pasted with the
# invisible direction marks that come along with Arabic digits; the parser says what is wrong.
TYPED_NUMBER_MAX_LENGTH = 40


class PersonalNumberField(forms.CharField):
    """Accepts 10 or 12 digits in any script, with or without separator and spaces; cleans
    to a PersonalNumber."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Personnummer eller samordningsnummer"))
        kwargs.setdefault("max_length", TYPED_NUMBER_MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return parse_personal_number(value) if value else None


class ReserveNumberField(forms.CharField):
    """A region's reserve number, free format: cleans to its normalised form, or ""."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TYPED_NUMBER_MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return normalise_reserve_number(value) if value else ""


class RegionReserveNumberMixin:
    """The two fields of a region's reserve number: the number and the region that gave it,
    one meaningless without the other."""

    def clean_region_reserve(self, cleaned: dict) -> None:
        number, region = cleaned.get("region_reserve_number"), cleaned.get("reserve_number_region")
        if number and not region:
            self.add_error("reserve_number_region", _("Välj vilken region som gav reservnumret."))
        if region and not number and "region_reserve_number" not in self.errors:
            self.add_error(
                "region_reserve_number",
                _("Skriv reservnumret, eller välj ingen region om barnet inte har något."),
            )


class ConcernForm(RegionReserveNumberMixin, forms.Form):
    personal_number = PersonalNumberField(
        required=False,
        help_text=_(
            "ÅÅÅÅMMDD-NNNN. Lämna tomt om barnet saknar personnummer, till exempel nyanlända."
        ),
    )
    region_reserve_number = ReserveNumberField(
        label=_("Reservnummer från regionen"),
        required=False,
        help_text=_(
            "Om barnet saknar personnummer men har fått ett reservnummer i vården, till exempel "
            "ett som börjar med 99 i Region Stockholm."
        ),
    )
    reserve_number_region = forms.ChoiceField(
        label=_("Region som gav reservnumret"),
        required=False,
        choices=[("", _("Ingen")), *IssuingRegion.choices],
    )
    first_name = forms.CharField(label=_("Barnets förnamn"), max_length=100)
    last_name = forms.CharField(label=_("Barnets efternamn"), max_length=100)
    birth_date = forms.DateField(
        label=_("Födelsedatum"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Behövs bara om barnet saknar personnummer."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Vilka områden i hjulet gäller oron?"),
        choices=WheelArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett område i hjulet.")},
    )
    observation = forms.CharField(
        label=_("Vad har du sett eller hört?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beskriv vad som har hänt, inte vad du tror att det beror på."),
    )
    child_words = forms.CharField(
        label=_("Barnets egna ord, om barnet har sagt något"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    source = forms.ChoiceField(
        label=_("Var kommer oron ifrån?"),
        choices=Concern.Source.choices,
        initial=Concern.Source.OWN_UNIT,
        widget=forms.RadioSelect,
    )
    social_services_report_made = forms.BooleanField(
        label=_("Jag har gjort en orosanmälan till socialtjänsten"), required=False
    )
    social_services_report_date = forms.DateField(
        label=_("Datum för orosanmälan"), required=False, widget=DATE_INPUT
    )

    def clean(self):
        cleaned = super().clean()
        self.clean_region_reserve(cleaned)
        no_identity = not cleaned.get("personal_number") and not cleaned.get("birth_date")
        if no_identity and "personal_number" not in self.errors:
            self.add_error(
                "birth_date", _("Skriv barnets födelsedatum när barnet saknar personnummer.")
            )
        report_date = cleaned.get("social_services_report_date")
        if cleaned.get("social_services_report_made") and not report_date:
            self.add_error(
                "social_services_report_date", _("Skriv vilket datum orosanmälan gjordes.")
            )
        if report_date and report_date > timezone.localdate():
            self.add_error(
                "social_services_report_date",
                _("Datumet för orosanmälan kan inte vara i framtiden."),
            )
        return cleaned

    def child_fields(self) -> dict:
        data = self.cleaned_data
        fields = {"first_name": data["first_name"], "last_name": data["last_name"]}
        if not data.get("personal_number"):
            fields["birth_date"] = data["birth_date"]
        if data.get("region_reserve_number"):
            fields["region_reserve_number"] = data["region_reserve_number"]
            fields["reserve_number_region"] = data["reserve_number_region"]
        return fields


class SocialServicesReportForm(forms.Form):
    made_on = forms.DateField(label=_("Datum för orosanmälan"), widget=DATE_INPUT)

    def clean_made_on(self):
        made_on = self.cleaned_data["made_on"]
        if made_on > timezone.localdate():
            raise forms.ValidationError(_("Datumet för orosanmälan kan inte vara i framtiden."))
        return made_on


@dataclass(frozen=True)
class IdentityLookup:
    """What the child search looks for: a personnummer when what was typed is one, and the
    same text as a reserve number (ours or a region's) either way; ``problem`` says why what
    was typed is not a valid personnummer, for when no reserve number matches either."""

    personal_number: PersonalNumber | None
    reserve_number: str
    problem: ValidationError | None = None


class IdentityLookupField(forms.CharField):
    """One box for any number a child is known by, as the searcher may not know which kind
    they hold; refused only when it can be neither a personnummer nor a reserve number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TYPED_NUMBER_MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        try:
            number = parse_personal_number(value)
        except ValidationError as problem:
            try:
                return IdentityLookup(None, normalise_reserve_number(value), problem)
            except ValidationError:
                raise problem from None
        return IdentityLookup(number, normalise_reserve_number(value))


class ChildSearchForm(forms.Form):
    """Posted, never a GET: a personnummer in the address would be in the browser's history,
    the server's request log and the access log."""

    personal_number = IdentityLookupField(
        label=_("Sök på personnummer eller reservnummer"),
        help_text=_("Personnummer, samordningsnummer, reservnummer från regionen eller vårt eget."),
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla pågående")), *Case.Status.choices],
    )


class AssignHandlerForm(forms.Form):
    handler = ModelIdChoiceField(
        queryset=None, label=_("Handläggare"), required=False, empty_label=_("Ingen handläggare")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = candidates


class CloseCaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför avslutas ärendet?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel att målen är nådda eller att familjen har tackat nej."),
    )


class RecordStageForm(forms.Form):
    """The child's stage where it differs from what the birth date says."""

    stage = forms.ChoiceField(
        label=_("Barnets stadium"), choices=[c for c in Stage.choices if c[0] != Stage.ADULT]
    )
    starts_on = forms.DateField(label=_("Gäller från"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("Gäller till och med"),
        widget=DATE_INPUT,
        required=False,
        help_text=_(
            "Lämna tomt om det gäller tills ansvaret upphör, första halvåret barnet fyller 20."
        ),
    )
    reason = forms.CharField(
        label=_("Varför avviker stadiet?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Till exempel uppskjuten skolstart, gymnasium i en annan region eller avbrott."
        ),
    )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatumet kan inte vara före startdatumet."))
        return data


def _hide_address_fields(form, protected: bool, names) -> None:
    """Protected identity: the address is never put on the screen, not even in a form."""
    if protected:
        for name in names:
            form.fields.pop(name)


class ChildForm(RevisionForm, forms.ModelForm):
    ADDRESS_FIELDS = ("address", "postal_code", "city")

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "protected_identity", "address", "postal_code", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _hide_address_fields(self, self.instance.protected_identity, self.ADDRESS_FIELDS)


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["name", "relation", "has_custody", "phone", "email", "address"]

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        _hide_address_fields(self, child.protected_identity, ("address",))


class LogReviewForm(forms.Form):
    """Posted, as it may hold a personnummer, and then kept in the session (on the server,
    gone with it) so that the result's pages are plain GETs of ``?sida=N``: see
    views.log_review."""

    since = forms.DateField(label=_("Från och med"), widget=DATE_INPUT)
    until = forms.DateField(label=_("Till och med"), widget=DATE_INPUT)
    person_email = forms.EmailField(label=_("Person (e-post)"), required=False)
    personal_number = PersonalNumberField(label=_("Barnets personnummer"), required=False)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned

    @staticmethod
    def session_key(agency) -> str:
        return f"log_review:{agency.pk}"

    @staticmethod
    def last_30_days() -> dict:
        """The search before the reviewer has made one."""
        today = timezone.localdate()
        return {"since": today - datetime.timedelta(days=30), "until": today}

    def to_session(self) -> dict:
        """The valid search as the session keeps it: strings the form takes back as data."""
        data = self.cleaned_data
        number = data["personal_number"]
        return {
            "since": data["since"].isoformat(),
            "until": data["until"].isoformat(),
            "person_email": data["person_email"],
            "personal_number": number.normalised if number else "",
        }
