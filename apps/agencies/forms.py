import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from apps.accounts.fields import ModelIdChoiceField
from apps.accounts.models import normalised_hsa_id
from apps.agencies.models import Agency, Membership, Municipality


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "code"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "kind",
            "municipality",
            "principal_kind",
            "principal_name",
            "phone",
            "email",
            "address",
            "is_active",
        ]


# What an HSA-id is made of: a country code, the organisation's number, a hyphen and its own
# part, in letters A-Z and digits.
HSA_ID = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")


class PersonForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = [
            "email",
            "full_name",
            "phone",
            "title",
            "is_active",
            "signs_in_with_idp",
            "hsa_id",
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_hsa_id(self):
        hsa_id = normalised_hsa_id(self.cleaned_data["hsa_id"])
        if hsa_id and not HSA_ID.fullmatch(hsa_id):
            raise forms.ValidationError(
                _(
                    "Ett HSA-id består av bokstäver A–Z, siffror och bindestreck, till exempel "
                    "SE2321000032-AB12."
                )
            )
        return hsa_id


class DirectoryFilterForm(forms.Form):
    municipality = ModelIdChoiceField(
        Municipality.objects.all(),
        required=False,
        label=_("Kommun"),
        empty_label=_("Alla kommuner"),
    )
    kind = forms.ChoiceField(
        choices=[("", _("Alla typer")), *Agency.Kind.choices], required=False, label=_("Typ")
    )
    q = forms.CharField(required=False, label=_("Sök enhet eller namn"), max_length=100)


class _MembershipPeriodMixin:
    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned


class MembershipAddForm(_MembershipPeriodMixin, forms.Form):
    email = forms.EmailField(label=_("E-post"))
    full_name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        help_text=_("Används bara om personen inte redan finns i Tillsammans."),
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Membership.Role.choices)
    starts_on = forms.DateField(
        label=_("Gäller från"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Gäller till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SteeringSeatAddForm(_MembershipPeriodMixin, forms.Form):
    email = forms.EmailField(label=_("E-post"))
    full_name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        help_text=_("Används bara om personen inte redan finns i Tillsammans."),
    )
    municipality = ModelIdChoiceField(
        Municipality.objects.all(),
        required=False,
        label=_("Styrgrupp"),
        empty_label=_("Länets styrgrupp (alla kommuner och hela länet)"),
        help_text=_("Välj en kommun för kommunens styrgrupp."),
    )
    starts_on = forms.DateField(
        label=_("Gäller från"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Gäller till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MembershipForm(_MembershipPeriodMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Till exempel: tappad telefon, kontrollerat i telefon med personen. Skälet sparas "
            "och skickas till personen."
        ),
        error_messages={"required": _("Skriv varför den andra faktorn återställs.")},
    )
