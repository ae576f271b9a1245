from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.concurrent_edits import RevisionForm
from apps.agencies.models import Membership
from apps.cases.wheel_areas import WheelArea
from apps.meetings.models import CoordinatorAppointment, Meeting

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def invitee_value(membership: Membership) -> str:
    """How one person of one agency is posted: a person may work in more than one agency."""
    return f"{membership.agency_id}:{membership.user_id}"


class InviteesField(forms.Field):
    """The people to invite, each as "<agency id>:<user id>".

    The page offers the candidates grouped by agency (see selectors.invitee_candidates). The
    field only checks that each is a current member of that agency; whether the agency may
    take part is the consent's question, which the service answers with a message that names
    the agency.
    """

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {"invalid": _("Välj bland personerna i listan.")}

    def to_python(self, value):
        pairs = []
        for item in value or []:
            agency_id, _sep, user_id = str(item).partition(":")
            if not (agency_id.isdigit() and user_id.isdigit()):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            pairs.append((int(agency_id), int(user_id)))
        return pairs

    def clean(self, value):
        pairs = super().clean(value)
        memberships = []
        for agency_id, user_id in pairs:
            membership = (
                Membership.objects.current()
                .filter(agency_id=agency_id, user_id=user_id)
                .select_related("user", "agency")
                .first()
            )
            if membership is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            memberships.append(membership)
        return [(membership.user, membership.agency) for membership in memberships]


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Datum och tid"),
        widget=DATETIME_INPUT,
        error_messages={"invalid": _("Skriv datum och tid, till exempel 2025-10-01 13:00.")},
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Vilka områden i hjulet ska mötet utgå från?"),
        help_text=_("Förvalda utifrån områdena med oro i den senaste kartläggningen."),
        choices=WheelArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett område i hjulet.")},
    )
    video_link = forms.URLField(
        label=_("Länk till videomöte"),
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _("Skriv hela länken, till exempel https://möte.example.se/123.")
        },
    )
    invitees = InviteesField(
        label=_("Vilka bjuds in?"),
        error_messages={
            "required": _("Välj minst en person att bjuda in."),
            "invalid": _(
                "Någon av de valda personerna arbetar inte längre i verksamheten. Välj igen."
            ),
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "starts_at",
            "place",
            "video_link",
            "focus_areas",
            "guardians_invited",
            "child_invited",
            "message",
            "shared_summary",
        ]
        help_texts = {
            "place": _("Skickas med e-post. Skriv inget om barnet här."),
            "message": _(
                "Skickas inte med e-post. De inbjudna läser inbjudan när de har loggat in."
            ),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4}),
            "shared_summary": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if timezone.localtime(starts_at).date() < timezone.localdate():
            raise forms.ValidationError(_("Välj ett datum som inte har passerat."))
        return starts_at

    def selected_invitees(self) -> set[str]:
        """The posted (or initial) choices, so a rejected form keeps every tick."""
        value = self["invitees"].value() or []
        return {str(item) for item in value}

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MinutesForm(RevisionForm):
    attended = forms.MultipleChoiceField(
        label=_("Vilka deltog?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    child_view = forms.CharField(
        label=_("Barnets syn"),
        help_text=_(
            "Vad barnet själv tycker, gärna med barnets egna ord. Deltog inte barnet, skriv "
            "hur barnets syn kom fram."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv barnets syn.")},
    )
    guardians_view = forms.CharField(
        label=_("Vårdnadshavarnas syn"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agreed = forms.CharField(
        label=_("Det här kom vi överens om"),
        help_text=_("Vem gör vad, och när."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv vad ni kom överens om.")},
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(p.user_id), f"{p.user.full_name}, {p.agency.name}") for p in participants
        ]

    def attended_user_ids(self) -> list[int]:
        return [int(user_id) for user_id in self.cleaned_data["attended"]]


class AppointmentForm(forms.ModelForm):
    """The model's clean() holds the rules, so this form shows what the service enforces."""

    class Meta:
        model = CoordinatorAppointment
        fields = ["child_wish", "child_wished_participant", "coordinator", "special_reason"]
        widgets = {
            "child_wish": forms.Textarea(attrs={"rows": 3}),
            "coordinator": forms.RadioSelect,
            "special_reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "child_wish": {
                "required": _("Fråga barnet först och skriv vem barnet önskar vända sig till.")
            },
            "coordinator": {"required": _("Välj vem som blir samordningsperson.")},
        }

    def __init__(self, *args, meeting, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.instance.case = meeting.case
        for name in ("child_wished_participant", "coordinator"):
            self.fields[name].queryset = participants
            self.fields[name].label_from_instance = _participant_label
        self.fields["child_wished_participant"].empty_label = _(
            "Nej, barnet önskade någon annan eller hade ingen önskan"
        )
        self.fields["coordinator"].empty_label = None

    def appointment_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _participant_label(participant) -> str:
    return f"{participant.user.full_name}, {participant.agency.name}"
