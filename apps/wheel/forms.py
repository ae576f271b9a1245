"""The mapping form: the assessment itself and one sub-form per area of the wheel.

The forms never write: they hand clean data to apps.wheel.services. They are bound without a
model instance, so validating a rejected form never touches the assessment being edited.
"""

from django import forms
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.form_errors import error_items
from apps.cases.wheel_areas import WheelArea
from apps.wheel.models import AreaRating, Assessment, Rating

ASSESSMENT_FIELDS = [
    "assessed_on",
    "child_took_part",
    "guardians_took_part",
    "others_present",
    "child_view",
    "summary",
]
RATING_FIELDS = ["rating", "notes", "strengths", "risks"]


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ASSESSMENT_FIELDS
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "others_present": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "assessed_on": {"required": _("Skriv datumet för kartläggningen.")},
            "child_view": {
                "required": _("Skriv barnets egen syn, eller varför den inte har gått att få fram.")
            },
        }

    def clean_assessed_on(self):
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte vara senare än i dag."))
        return assessed_on


class AssessmentEditForm(AssessmentForm):
    """Carries the version the user opened, so a colleague's later save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AreaRatingForm(forms.ModelForm):
    rating = forms.ChoiceField(
        label=_("Hur fungerar det?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj en bedömning för området.")},
    )

    class Meta:
        model = AreaRating
        fields = RATING_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in RATING_FIELDS[1:]}

    def __init__(self, *args, area: WheelArea, **kwargs):
        super().__init__(*args, prefix=area.value, **kwargs)
        self.area = area


def _initial_of(rating) -> dict | None:
    """An area form's values: from a saved rating, or from a dict of the same fields."""
    if rating is None or isinstance(rating, dict):
        return rating
    return model_to_dict(rating, fields=RATING_FIELDS)


class MappingForm:
    """The assessment form and the seven area forms, validated and shown together."""

    def __init__(self, data=None, *, assessment: Assessment | None = None, start_from=None):
        """``start_from``: a new mapping begun from an earlier one made elsewhere (a handed-over
        wheel): its summary and each area's rating and notes, as field values by area."""
        if assessment is None:
            start_from = start_from or {}
            self.main = AssessmentForm(data, initial={"summary": start_from.get("summary", "")})
            current = start_from.get("ratings", {})
        else:
            initial = model_to_dict(assessment, fields=ASSESSMENT_FIELDS)
            self.main = AssessmentEditForm(data, initial={**initial, "version": assessment.version})
            current = {rating.area: rating for rating in assessment.ratings.all()}
        self.areas = [
            AreaRatingForm(
                data,
                area=area,
                initial=_initial_of(current.get(area)),
            )
            for area in WheelArea
        ]
        self.conflict = False

    @property
    def all_forms(self) -> list[forms.Form]:
        return [self.main, *self.areas]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.all_forms]  # every form, so all errors show
        return all(results)

    def error_items(self) -> list[tuple[str, str]]:
        items = error_items(self.main)
        for area_form in self.areas:
            items += error_items(area_form, prefix=area_form.area.label)
        return items

    @property
    def cleaned_data(self) -> dict:
        """The keyword arguments for services.create_assessment / update_assessment."""
        data = dict(self.main.cleaned_data)
        if "version" in data:
            data["expected_version"] = data.pop("version")
        data["ratings"] = {form.area.value: form.cleaned_data for form in self.areas}
        return data

    def refuse(self, message: str) -> None:
        self.main.add_error(None, message)

    def concurrent_edit(self, message: str, current_version: int) -> None:
        """Keep everything typed, say what happened, and base a new save on the colleague's
        version: the user has been told, so saving again is a deliberate choice."""
        self.refuse(message)
        self.conflict = True
        self.main.data = self.main.data.copy()
        self.main.data[self.main.add_prefix("version")] = current_version
