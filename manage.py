#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# What production always sets. On a machine with none of it, manage.py is a developer's tool
# and runs with the embedded defaults (DEBUG on), as make run does; with any of it, DEBUG must
# be said, and the settings refuse to start on what is missing (config/settings.py).
PRODUCTION_ENVIRONMENT = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not any(name in os.environ for name in PRODUCTION_ENVIRONMENT):
        os.environ["DEBUG"] = "true"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
