"""Creates the first administrator of a new installation, who then adds municipalities,
agencies and people in the application (README, "Run in production").

Not the demo loader: no one else is made, and the password is the operator's, read from
ADMINISTRATOR_PASSWORD (for a deploy script) or typed twice at a prompt, never a command-line
argument that shell history and process lists keep. It checks it like every password of the
application. Once an administrator exists the command refuses, so a forgotten run in a deploy
script cannot add one; --force adds another (e.g. after the only one has left).

Administrators see no child data (DESIGN.md §4): the person made here has no membership of
any agency.
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from apps.agencies import policy, services
from apps.agencies.management.commands.load_demo import administrators_group

PASSWORD_VARIABLE = "ADMINISTRATOR_PASSWORD"


class Command(BaseCommand):
    help = "Creates an administrator (manages agencies and people, sees no child data)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The administrator's e-mail.")
        parser.add_argument("--name", required=True, help="The administrator's full name.")
        parser.add_argument(
            "--force", action="store_true", help="Create one even if an administrator exists."
        )

    def handle(self, *args, email, name, force, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}.") from error
        if not name.strip():
            raise CommandError("Give the administrator's name with --name.")
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"{email} already exists.")
        existing = User.objects.filter(is_active=True).filter(
            Q(is_superuser=True) | policy.holds_administer()
        )
        if existing and not force:
            raise CommandError(
                f"An administrator exists already ({', '.join(sorted(u.email for u in existing))}); "
                "add people in the application, or use --force to create another."
            )
        password = self._password(User(email=email, full_name=name.strip()))
        with transaction.atomic():
            user = services.create_person(
                by=None, email=email, full_name=name.strip(), password=password
            )
            user.groups.add(administrators_group())
        self.stdout.write(f"Administrator {user.email} created.")

    def _password(self, user) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not self.stdin_is_interactive():
                raise CommandError(f"Set {PASSWORD_VARIABLE} or run the command in a terminal.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password

    def stdin_is_interactive(self) -> bool:
        return os.isatty(0)
