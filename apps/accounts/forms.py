import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, sending nothing to people who sign in through the identity provider.

    Their password is not ours to give out: a link to one would let whoever reads the mailbox
    (or changed the address) in past the identity provider's strong sign-in. They are answered
    exactly as an unknown address is, so the form tells no one who signs in how."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if not user.signs_in_with_idp)


class AppCodeForm(forms.Form):
    """The six digits the authenticator app shows; spaces as the app groups them are fine."""

    code = forms.CharField(
        label=_("Kod från appen"),
        max_length=20,
        help_text=_("Sex siffror, som appen visar just nu."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(
                _("Skriv de sex siffror som appen visar, till exempel 123456.")
            )
        return code


class RecoveryCodeForm(forms.Form):
    """One of the ten recovery codes shown at enrolment."""

    code = forms.CharField(
        label=_("Reservkod"),
        max_length=40,
        help_text=_("En av de tio reservkoder du fick när du ställde in appen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 12}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError(
                _("En reservkod är åtta tecken, bokstäver och siffror, till exempel abcd2345.")
            )
        return code
