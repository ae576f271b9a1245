"""The plan's forms. They never write: they hand clean data to apps.sip.services, and are
bound without model instances, so a rejected form never touches the version being edited.

People are chosen as "<agency id>:<user id>" from the candidates of
``selectors.people_for_plan``: one person may work in more than one agency, and the agency is
what decides whether the plan may be shared with them.
"""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from apps.accounts.fields import ModelIdChoiceField
from apps.accounts.form_errors import error_items
from apps.agencies.models import Agency
from apps.cases.wheel_areas import WheelArea
from apps.sip import law, services
from apps.sip.models import Action, PlanVersion

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_ERROR = _("Skriv datumet som åååå-mm-dd, till exempel 2025-10-01.")


def person_value(agency_id, user_id) -> str:
    return f"{agency_id}:{user_id}"


class People:
    """The candidates as form choices (one group per agency) and back to (user, agency)."""

    def __init__(self, groups):
        self.agencies = [group.agency for group in groups]
        self.uncovered = [group.agency for group in groups if not group.covered]
        self.by_value = {
            person_value(m.agency_id, m.user_id): (m.user, m.agency)
            for group in groups
            for m in group.memberships
        }
        self.choices = [("", _("Ingen vald"))] + [
            (
                _group_label(group),
                [
                    (person_value(m.agency_id, m.user_id), m.user.full_name)
                    for m in group.memberships
                ],
            )
            for group in groups
            if group.memberships
        ]

    def agency_queryset(self):
        return Agency.objects.filter(pk__in=[agency.pk for agency in self.agencies]).order_by(
            "name"
        )


def _group_label(group) -> str:
    if group.covered:
        return group.agency.name
    return _("%(agency)s (samtycke för SIP saknas)") % {"agency": group.agency.name}


class VersionForm(forms.ModelForm):
    """The plan's own text. Carries the revision the user opened, so a colleague's later
    save is detected."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next_follow_up_at = forms.DateTimeField(
        label=_("Nästa uppföljning"),
        required=False,
        widget=DATETIME_INPUT,
        error_messages={"invalid": _("Skriv datum och tid, till exempel 2025-10-01 13:00.")},
    )

    class Meta:
        model = PlanVersion
        fields = services.VERSION_FIELDS
        labels = {
            "child_needs": _("Barnets behov"),
            "child_goals": _("Barnets egna mål och det som är viktigt för barnet"),
            "overall_goal": _("Övergripande mål"),
            "lead_agency": _("Huvudman med övergripande ansvar"),
            "child_view": _("Barnets syn på planen"),
            "guardians_view": _("Vårdnadshavarnas syn på planen"),
            "views_language": _("Språk som barnets och vårdnadshavarnas syn är skriven på"),
            "disagreements": _("Det här är vi inte överens om"),
            "other_participants": _("Övriga som var inbjudna eller deltog"),
            "follow_up_how": _("Så här följs planen upp"),
            "next_follow_up_place": _("Plats för uppföljningen"),
        }
        help_texts = {
            "child_goals": _("Gärna med barnets egna ord."),
            "lead_agency": _(
                "Den verksamhet vars huvudman har det övergripande ansvaret: kommunen eller "
                "regionen, aldrig en enskild eller statlig huvudman."
            ),
            "views_language": _(
                "Om familjen skrev med egna ord på sitt språk: utskriften märks med språket "
                "och får rätt skrift och skrivriktning."
            ),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in [
                "child_needs",
                "child_goals",
                "overall_goal",
                "child_view",
                "guardians_view",
                "disagreements",
                "other_participants",
                "follow_up_how",
            ]
        }

    def __init__(self, *args, people: People, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = people.agency_queryset()
        self.fields["lead_agency"].empty_label = _("Ingen vald")

    def clean_lead_agency(self):
        lead = self.cleaned_data["lead_agency"]
        if lead is not None and not law.may_lead(lead):
            raise forms.ValidationError(law.lead_refused_reason(lead))
        return lead

    def clean_next_follow_up_at(self):
        when = self.cleaned_data["next_follow_up_at"]
        if when and when < timezone.now() and "next_follow_up_at" in self.changed_data:
            raise forms.ValidationError(_("Välj en tid som inte har passerat."))
        return when


class ActionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    what = forms.CharField(
        label=_("Vad ska göras?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv vad som ska göras.")},
    )
    area = forms.ChoiceField(
        label=_("Område i hjulet"),
        choices=[("", _("Välj område")), *WheelArea.choices],
        error_messages={"required": _("Välj ett område i hjulet.")},
    )
    kind = forms.ChoiceField(
        label=_("Vem gör det?"),
        choices=Action.Kind.choices,
        initial=Action.Kind.AGENCY,
        error_messages={"required": _("Välj vem som gör insatsen.")},
    )
    agency = ModelIdChoiceField(
        label=_("Ansvarig verksamhet"), queryset=None, required=False, empty_label=_("Ingen vald")
    )
    responsible = forms.ChoiceField(label=_("Ansvarig person"), required=False)
    responsible_name = forms.CharField(
        label=_("Ansvarig, om det inte är personal"),
        help_text=_("Till exempel en närstående, barnet självt eller en förening."),
        required=False,
        max_length=200,
    )
    starts_on = forms.DateField(
        label=_("Från"), required=False, widget=DATE_INPUT, error_messages={"invalid": DATE_ERROR}
    )
    ends_on = forms.DateField(
        label=_("Till"), required=False, widget=DATE_INPUT, error_messages={"invalid": DATE_ERROR}
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Action.Status.choices,
        initial=Action.Status.PLANNED,
        error_messages={"required": _("Välj insatsens status.")},
    )

    def __init__(self, *args, people: People, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["agency"].queryset = people.agency_queryset()
        self.fields["responsible"].choices = people.choices

    def clean(self):
        data = super().clean()
        person = self.people.by_value.get(data.get("responsible") or "")
        agency = data.get("agency")
        if data.get("kind") == Action.Kind.AGENCY:
            if data.get("responsible_name"):
                self.add_error(
                    "responsible_name",
                    _("Välj den ansvariga personen i listan när en verksamhet gör insatsen."),
                )
            if person and agency and person[1] != agency:
                self.add_error(
                    "responsible",
                    _("%(name)s arbetar inte på %(agency)s. Välj en person från den verksamheten.")
                    % {"name": person[0].full_name, "agency": agency.name},
                )
            if person and not agency:
                agency = person[1]
        elif person or agency:
            self.add_error(
                "agency",
                _("Välj verksamhet och ansvarig person bara för insatser från en verksamhet."),
            )
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatumet kan inte vara före startdatumet."))
        data["agency"] = agency
        data["responsible"] = person[0] if person else None
        return data

    def action_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["id", *services.ACTION_FIELDS]}


def action_initial(action: Action) -> dict:
    return {
        "id": action.pk,
        "what": action.what,
        "area": action.area,
        "kind": action.kind,
        "agency": action.agency_id,
        "responsible": person_value(action.agency_id, action.responsible_id)
        if action.responsible_id
        else "",
        "responsible_name": action.responsible_name,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "status": action.status,
    }


class ContactForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Kontaktperson"), error_messages={"required": _("Välj en kontaktperson.")}
    )

    def __init__(self, *args, people: People, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["person"].choices = people.choices

    def contact_values(self) -> dict:
        user, agency = self.people.by_value[self.cleaned_data["person"]]
        return {"agency": agency, "person": user}


def kept_forms(formset) -> list:
    """The rows to save: every row that was there already and every new row filled in,
    except those ticked for removal."""
    return [
        form
        for index, form in enumerate(formset.forms)
        if (index < formset.initial_form_count() or form.has_changed())
        and not form.cleaned_data.get("DELETE")
    ]


class BaseContactFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in kept_forms(self):
            if form.errors:
                continue
            agency = form.contact_values()["agency"]
            if agency.pk in seen:
                raise forms.ValidationError(
                    _("Välj bara en kontaktperson för %(agency)s.") % {"agency": agency.name}
                )
            seen.add(agency.pk)


ActionFormSet = formset_factory(ActionForm, extra=3, can_delete=True, can_delete_extra=False)
ContactFormSet = formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=2, can_delete=True, can_delete_extra=False
)


class PlanEditForm:
    """The version's text, its actions and its contact persons, validated and shown together."""

    def __init__(self, data=None, *, version: PlanVersion, people: People):
        initial = {name: getattr(version, name) for name in services.VERSION_FIELDS}
        initial["lead_agency"] = version.lead_agency_id
        self.main = VersionForm(
            data, people=people, initial={**initial, "revision": version.revision}
        )
        self.actions = ActionFormSet(
            data,
            prefix="actions",
            initial=[action_initial(action) for action in version.actions.all()],
            form_kwargs={"people": people},
        )
        self.contacts = ContactFormSet(
            data,
            prefix="contacts",
            initial=[
                {"person": person_value(c.agency_id, c.person_id)} for c in version.contacts.all()
            ],
            form_kwargs={"people": people},
        )
        self.conflict = False

    def is_valid(self) -> bool:
        results = [self.main.is_valid(), self.actions.is_valid(), self.contacts.is_valid()]
        return all(results)  # every part validated, so all errors show at once

    def error_items(self) -> list[tuple[str, str]]:
        """Each error of the page, the rows of actions and contacts named by their number."""
        items = error_items(self.main)
        for formset, row_label in (
            (self.actions, _("Insats %(number)s")),
            (self.contacts, _("Kontaktperson %(number)s")),
        ):
            items.extend(("", str(error)) for error in formset.non_form_errors())
            for number, row in enumerate(formset.forms, 1):
                if not getattr(row, "cleaned_data", {}).get("DELETE"):
                    items += error_items(row, prefix=row_label % {"number": number})
        return items

    def service_arguments(self) -> dict:
        """The keyword arguments of services.update_version."""
        fields = dict(self.main.cleaned_data)
        expected_revision = fields.pop("revision")
        return {
            "expected_revision": expected_revision,
            "fields": fields,
            "actions": [form.action_values() for form in kept_forms(self.actions)],
            "contacts": [form.contact_values() for form in kept_forms(self.contacts)],
        }

    def refuse(self, message: str) -> None:
        self.main.add_error(None, message)

    def concurrent_edit(self, message: str, current_revision: int) -> None:
        """Keep everything typed, say what happened, and base a new save on the colleague's
        revision: the user has been told, so saving again is a deliberate choice."""
        self.refuse(message)
        self.conflict = True
        self.main.data = self.main.data.copy()
        self.main.data[self.main.add_prefix("revision")] = current_revision


class AgreeForm(forms.Form):
    agreed_parties = forms.CharField(
        label=_("Vilka kom överens om planen?"),
        help_text=_("Till exempel barnet, vårdnadshavarna och de verksamheter som deltog."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv vilka som kom överens om planen.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FollowUpForm(forms.Form):
    held_on = forms.DateField(
        label=_("Datum för uppföljningen"),
        widget=DATE_INPUT,
        error_messages={"required": _("Skriv datumet för uppföljningen."), "invalid": DATE_ERROR},
    )
    notes = forms.CharField(
        label=_("Sammanfattning av uppföljningen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en sammanfattning av uppföljningen.")},
    )
    child_view = forms.CharField(
        label=_("Barnets syn"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    guardians_view = forms.CharField(
        label=_("Vårdnadshavarnas syn"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    revise = forms.BooleanField(
        label=_("Planen behöver ändras: gör en ny version"),
        help_text=_(
            "Den nya versionen blir ett utkast med allt från den här versionen. Den här "
            "versionen finns kvar att läsa."
        ),
        required=False,
    )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte vara senare än i dag."))
        return held_on


class OutcomeForm(forms.Form):
    what_happened = forms.CharField(
        label=_("Vad har hänt?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv vad som har hänt med insatsen.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(
            *args, prefix=f"action-{action.pk}", initial={"status": action.status}, **kwargs
        )
        self.action = action


class FollowUpForms:
    """The follow-up and one outcome per action of the version."""

    def __init__(self, data=None, *, version: PlanVersion):
        self.main = FollowUpForm(data, initial={"held_on": timezone.localdate()})
        self.outcomes = [OutcomeForm(data, action=action) for action in version.actions.all()]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in [self.main, *self.outcomes]]
        return all(results)

    def error_items(self) -> list[tuple[str, str]]:
        items = error_items(self.main)
        for form in self.outcomes:
            items += error_items(form, prefix=Truncator(form.action.what).chars(40))
        return items

    def service_arguments(self) -> dict:
        """The keyword arguments of services.record_follow_up."""
        return {
            **self.main.cleaned_data,
            "outcomes": {
                form.action.pk: (form.cleaned_data["what_happened"], form.cleaned_data["status"])
                for form in self.outcomes
            },
        }

    def refuse(self, message: str) -> None:
        self.main.add_error(None, message)


class CloseCaseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Varför avslutas ärendet?"),
        choices=services.ClosingGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj varför ärendet avslutas.")},
    )
    details = forms.CharField(
        label=_("Beskriv kort"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv kort varför ärendet avslutas.")},
    )


class DeclineForm(forms.Form):
    declined_by_party = forms.CharField(
        label=_("Vem i familjen tackade nej?"),
        max_length=200,
        help_text=_("Till exempel en av vårdnadshavarna eller den unga själv."),
        error_messages={"required": _("Skriv vem i familjen som tackade nej.")},
    )
    reason = forms.CharField(
        label=_("Varför tackade familjen nej?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Med familjens egna ord när det går."),
        error_messages={"required": _("Skriv varför familjen tackade nej.")},
    )
