"""Resets the second factor of an administrator who has lost their phone.

Members of a unit are reset in the application by their unit's agency admin (or an
administrator); an administrator who belongs to no unit has nobody there to ask, so the
operators do it here, with a reason that the person's history keeps. The person's sessions
end, and at their next sign-in they set up the app anew.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.agencies import services


class Command(BaseCommand):
    help = "Resets an administrator's second factor (authenticator app and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The administrator's e-mail.")
        parser.add_argument("--reason", required=True, help="Why, as the history keeps it.")

    def handle(self, *args, email, reason, **options):
        try:
            person = get_user_model().objects.get_by_natural_key(email)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"Nobody signs in as {email}.") from error
        try:
            services.reset_administrators_second_factor(person, by=None, reason=reason)
        except services.MembershipRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"The second factor of {person.email} is reset; their sessions ended.")
