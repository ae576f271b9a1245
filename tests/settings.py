"""Settings of the test run: config/settings.py as on a developer's machine.

With DEBUG off the settings take the app for production and refuse to load without its
environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL). The suite needs none of it: it loads
them with DEBUG on, as `make run` does, unless the environment says otherwise (CI sets
DATABASE_URL and REDIS_URL for its PostgreSQL pass). pytest-django still runs every test with
DEBUG off. The production shape is tested in subprocesses with an environment of their own
(tests/test_production_settings.py).
"""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403

# Most tests sign people in with force_login, which knows nothing of a second factor; the
# tests of the second factor switch it on (tests/accounts/test_second_factor.py).
SECOND_FACTOR_REQUIRED = False
