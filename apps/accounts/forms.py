from django.contrib.auth import forms as auth_forms


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, sending nothing to people who sign in through the identity provider.

    Their password is not ours to give out: a link to one would let whoever reads the mailbox
    (or changed the address) in past the identity provider's strong sign-in. They are answered
    exactly as an unknown address is, so the form tells no one who signs in how."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if not user.signs_in_with_idp)
