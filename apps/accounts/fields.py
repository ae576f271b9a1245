"""Form input that cannot be what a person meant: ids that cannot be ids, and text with
characters nobody types.

Django's model choice fields ask the database about any value posted: an id bigger than any
id column (``99999999999999999999``) overflows SQLite's integer and makes PostgreSQL refuse
the query, a 500 instead of a message. What is not an id of ours (ASCII digits that fit in a
bigint) is refused here as the invalid choice it is, before the database is asked.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID = re.compile(r"[0-9]{1,19}")
_LARGEST_ID = 2**63 - 1


def is_id(value) -> bool:
    text = str(value).strip()
    return bool(_ID.fullmatch(text)) and int(text) <= _LARGEST_ID


class ModelIdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelIdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for one in value:
            if not is_id(one):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": one},
                )
        return super()._check_values(value)


# Characters nobody types into a form: control characters (but tab and line breaks) and the
# bidirectional overrides that make a text display as something else than it is.
_UNTYPEABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def refuse_untypeable_characters(value) -> None:
    """Text with control characters is refused with a message rather than stored: pasted from
    a binary file or sent on purpose, they would travel into PDFs, e-mails and calendar files,
    where they break the format or, like a right-to-left override in a name, mislead."""
    if isinstance(value, str) and _UNTYPEABLE.search(value):
        raise ValidationError(
            _(
                "Texten innehåller osynliga styrtecken, till exempel från en inklistrad text. "
                "Skriv in den igen eller ta bort tecknen."
            ),
            code="control_characters",
        )
