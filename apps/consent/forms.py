"""The consent forms: what the consent covers, and one answer per person asked.

The forms never write: they hand clean data to apps.consent.services.record_consent and
apps.consent.sharing.withdraw_consent.
"""

import datetime
from itertools import groupby

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.fields import ModelIdMultipleChoiceField
from apps.accounts.form_errors import error_items
from apps.cases.models import Child, Guardian
from apps.consent import rules
from apps.consent.models import Consent, ConsentParty

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class AgencyChoiceField(ModelIdMultipleChoiceField):
    def label_from_instance(self, agency):
        return f"{agency.name} ({agency.get_kind_display()})"


class ConsentForm(forms.Form):
    agencies = AgencyChoiceField(
        queryset=None,
        label=_("Vilka verksamheter gäller samtycket?"),
        help_text=_(
            "Bara de verksamheter du markerar får ta del av uppgifter om barnet. "
            "Den egna verksamheten behöver inget samtycke."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en verksamhet som samtycket gäller.")},
    )
    purposes = forms.MultipleChoiceField(
        label=_("Vad får uppgifterna delas för?"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett syfte.")},
    )
    method = forms.ChoiceField(
        label=_("Hur gavs samtycket?"),
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur samtycket gavs.")},
    )
    valid_from = forms.DateField(
        label=_("Gäller från"),
        widget=DATE_INPUT,
        error_messages={**DATE_ERRORS, "required": _("Skriv från vilket datum samtycket gäller.")},
    )
    valid_until = forms.DateField(
        label=_("Gäller till och med"),
        widget=DATE_INPUT,
        help_text=_("Samtycke ges alltid för en begränsad tid. Ofta ett år."),
        error_messages={
            **DATE_ERRORS,
            "required": _("Skriv till och med vilket datum samtycket gäller."),
        },
    )
    notes = forms.CharField(
        label=_("Anteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vad familjen fick veta om vad samtycket innebär."),
    )

    def __init__(self, *args, case, agencies, suggested=(), **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "valid_from": today,
                "valid_until": one_year_after(today),
                "agencies": list(suggested),
            },
        )
        super().__init__(*args, **kwargs)
        self.case = case
        self.suggested = list(suggested)
        self.fields["agencies"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("Slutdatumet kan inte vara före startdatumet."))
        return cleaned

    def agency_groups(self) -> list[tuple[str, list]]:
        """The agency checkboxes by municipality, the case's own municipality first."""
        own = self.case.agency.municipality_id

        def municipality(option):
            return option.data["value"].instance.municipality

        options = sorted(
            self["agencies"],
            key=lambda option: (municipality(option).pk != own, municipality(option).name),
        )
        return [
            (name, list(group))
            for name, group in groupby(options, key=lambda option: municipality(option).name)
        ]


class GuardianAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=ConsentParty.Answer.choices, widget=forms.RadioSelect)

    def __init__(self, *args, guardian: Guardian, **kwargs):
        super().__init__(*args, prefix=f"guardian-{guardian.pk}", **kwargs)
        self.guardian = guardian
        field = self.fields["answer"]
        field.label = _("Vad svarade %(name)s (%(relation)s)?") % {
            "name": guardian.name,
            "relation": guardian.get_relation_display().lower(),
        }
        field.error_messages["required"] = _("Välj vad %(name)s svarade.") % {"name": guardian.name}

    def party(self) -> dict:
        return {
            "kind": "guardian",
            "guardian": self.guardian,
            "answer": self.cleaned_data["answer"],
        }


class ChildAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=ConsentParty.Answer.choices, widget=forms.RadioSelect)
    view = forms.CharField(
        label=_("Barnets egen syn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Med barnets egna ord, om barnet har sagt något om samtycket."),
    )

    def __init__(self, *args, child: Child, **kwargs):
        if not rules.child_must_be_asked(child):
            kwargs.setdefault("initial", {"answer": ConsentParty.Answer.NOT_ASKED})
        super().__init__(*args, prefix="child", **kwargs)
        field = self.fields["answer"]
        field.label = _("Vad svarade %(name)s?") % {"name": child.first_name}
        field.help_text = _(
            "Barn tillfrågas från %(asked)s års ålder och måste själva samtycka från "
            "%(required)s år. %(name)s är %(age)s år."
        ) % {
            "asked": settings.CONSENT_CHILD_ASKED_FROM_AGE,
            "required": settings.CONSENT_CHILD_REQUIRED_FROM_AGE,
            "name": child.first_name,
            "age": child.age(),
        }
        field.error_messages["required"] = _("Välj vad %(name)s svarade.") % {
            "name": child.first_name
        }

    def party(self) -> dict:
        data = self.cleaned_data
        return {"kind": "child", "guardian": None, "answer": data["answer"], "view": data["view"]}


class RecordConsentForm:
    """What the consent covers, each guardian's answer and the child's, shown and validated
    together so that every mistake shows at once and nothing typed is lost."""

    def __init__(self, data=None, *, case, guardians, agencies, suggested=()):
        self.main = ConsentForm(data, case=case, agencies=agencies, suggested=suggested)
        self.guardians = [GuardianAnswerForm(data, guardian=guardian) for guardian in guardians]
        self.child = ChildAnswerForm(data, child=case.child)

    @property
    def forms(self) -> list[forms.Form]:
        return [self.main, *self.guardians, self.child]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]  # every form, so all errors show
        return all(results)

    def error_items(self) -> list[tuple[str, str]]:
        return [item for form in self.forms for item in error_items(form)]

    def refuse(self, error) -> None:
        self.main.add_error(None, error)

    @property
    def cleaned_data(self) -> dict:
        """The keyword arguments for services.record_consent."""
        return {
            **self.main.cleaned_data,
            "parties": [form.party() for form in [*self.guardians, self.child]],
        }


class WithdrawForm(forms.Form):
    agencies = ModelIdMultipleChoiceField(
        queryset=None,
        label=_("För vilka verksamheter återkallas samtycket?"),
        help_text=_(
            "Återkallas det för alla verksamheter gäller samtycket inte längre alls. "
            "Återkallas det för några, gäller det fortfarande för de andra."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en verksamhet.")},
    )
    withdrawn_by_party = forms.CharField(
        label=_("Vem återkallade samtycket?"),
        max_length=200,
        help_text=_("Till exempel en av vårdnadshavarna eller den unga själv."),
        error_messages={"required": _("Skriv vem som återkallade samtycket.")},
        widget=forms.TextInput(attrs={"list": "withdrawn-by-suggestions", "autocomplete": "off"}),
    )

    def __init__(self, *args, covered, **kwargs):
        """Nothing is ticked: a withdrawal for one agency submitted as shown must not take
        the plan and the meetings from all the others too."""
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = covered
