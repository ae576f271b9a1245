"""Form fields for choosing records by id that refuse what cannot be an id.

Django's model choice fields ask the database about any value posted: an id bigger than any
id column (``99999999999999999999``) overflows SQLite's integer and makes PostgreSQL refuse
the query, a 500 instead of a message. What is not an id of ours (ASCII digits that fit in a
bigint) is refused here as the invalid choice it is, before the database is asked.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

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
