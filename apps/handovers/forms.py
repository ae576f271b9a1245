from django import forms
from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Agency
from apps.handovers.models import Handover, Part
from apps.sip.models import CoordinatorChange

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

    def __init__(self, *args, agencies, parts, **kwargs):
        """``parts``: those the sender may read, the only ones offered (see
        selectors.readable_parts)."""
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(p, label) for p, label in Part.choices if p in parts]
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


KEEP = "current"


class AcceptForm(forms.Form):
    """Accepting a handover. For a child with an open SIP it also asks whom the child wished
    as coordinator and who coordinates from now on, as the meeting that appointed the first
    one did: the current coordinator, or one of the receiving unit's people (``people``)."""

    child_wish = forms.CharField(
        label=_("Vem önskar barnet som samordningsperson?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=CoordinatorChange._meta.get_field("child_wish").help_text,
        error_messages={
            "required": _("Fråga barnet först och skriv vem barnet önskar vända sig till.")
        },
    )
    child_wished = forms.ChoiceField(
        label=_("Är barnets önskemål en av dessa?"),
        required=False,
        error_messages={"invalid_choice": _("Välj bland de personer som visas.")},
    )
    coordinator = forms.ChoiceField(
        label=_("Vem ska vara samordningsperson från och med nu?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj om samordningspersonen ska vara kvar eller vem som tar över."),
            "invalid_choice": _(
                "Den du valde arbetar inte på er verksamhet. Välj den nuvarande "
                "samordningspersonen eller någon som arbetar hos er."
            ),
        },
    )
    special_reason = forms.CharField(
        label=_("Särskilda skäl"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=CoordinatorChange._meta.get_field("special_reason").help_text,
    )

    def __init__(self, *args, plan, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan is None:
            for name in list(self.fields):
                del self.fields[name]
            return
        self.people = {str(person.pk): person for person in people}
        current = (
            KEEP,
            _("%(name)s, %(agency)s (nuvarande samordningsperson, är kvar)")
            % {"name": plan.coordinator.full_name, "agency": plan.coordinator_agency.name},
        )
        others = [
            (key, person.full_name)
            for key, person in self.people.items()
            if person.pk != plan.coordinator_id
        ]
        self.fields["coordinator"].choices = [current, *others]
        self.fields["child_wished"].choices = [
            ("", _("Någon annan, eller ingen särskild")),
            current,
            *others,
        ]

    def _person(self, key):
        if key == KEEP:
            return self.plan.coordinator
        return self.people.get(key)

    def choice(self) -> dict | None:
        """What the service takes (services.CoordinatorChoice's fields); None without a plan."""
        if self.plan is None:
            return None
        data = self.cleaned_data
        coordinator = data["coordinator"]
        return {
            "child_wish": data["child_wish"],
            "child_wished": self._person(data["child_wished"]) if data["child_wished"] else None,
            "coordinator": None if coordinator == KEEP else self._person(coordinator),
            "special_reason": data["special_reason"],
        }


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
