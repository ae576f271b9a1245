from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Personer")

    def ready(self):
        """Every text field of every form refuses control characters (see fields.py): one
        rule for all the forms, the model forms' generated fields included."""
        from django import forms
        from django.contrib.auth.signals import user_logged_in

        from apps.accounts.fields import refuse_untypeable_characters
        from apps.accounts.sessions import on_sign_in

        forms.CharField.default_validators = [refuse_untypeable_characters]
        # A session's clocks start when its person signs in (see sessions.py).
        user_logged_in.connect(on_sign_in, dispatch_uid="accounts.on_sign_in")
