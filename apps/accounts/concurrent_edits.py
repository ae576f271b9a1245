"""Forms for editing a record two people may have open at once (see history.claim_revision)."""

from django import forms


class RevisionForm(forms.Form):
    """Carries the revision the user opened; told of a colleague's save, it keeps everything
    typed, says what happened and bases the next save on the colleague's revision, so saving
    again is a deliberate choice."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def concurrent_edit(self, error) -> None:
        self.add_error(None, str(error))
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = error.current
