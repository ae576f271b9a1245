from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Personer")

    def ready(self):
        """Every text field of every form refuses control characters (see fields.py): one
        rule for all the forms, the model forms' generated fields included."""
        from django import forms

        from apps.accounts.fields import refuse_untypeable_characters

        forms.CharField.default_validators = [refuse_untypeable_characters]
