"""Settings for Tillsammans: one module, configured only through environment variables.

With DEBUG=true the defaults are the embedded setup for a fresh machine (SQLite, Celery tasks
run eagerly, e-mail printed to the console). With DEBUG off (the default) this is production:
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must come from the environment or the app refuses
to start, and it is served over HTTPS only (see README, Production).
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Production has no defaults for these: a key anyone can read in this file, hosts of a
# developer's machine or an SQLite file next to the code would start an app that seems to
# work. Rather than that, it does not start, and says what is missing.
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
if not DEBUG:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so Tillsammans runs as in production and needs "
            f"{', '.join(missing)} from the environment (see README, Production). "
            "On a development machine set DEBUG=true for the embedded defaults."
        )

SECRET_KEY = env("SECRET_KEY", default="django-insecure-tillsammans-embedded-default-only")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "apps.accounts.csrf.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "apps.audit",
    "apps.accounts",
    "apps.agencies",
    "apps.cases",
    "apps.wheel",
    "apps.analysis",
    "apps.consent",
    "apps.meetings",
    "apps.referrals",
    "apps.sip",
    "apps.handovers",
    "apps.skolfam",
    "apps.indicators",
    "apps.county",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.accounts.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.OTPMiddleware",
    "apps.accounts.sessions.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.accounts.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.agencies.middleware.ActingMembershipMiddleware",
    "apps.agencies.middleware.SecondFactorMiddleware",
    "apps.accounts.submissions.OnceOnlySubmissionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.agencies.context_processors.acting_membership",
                "apps.skolfam.context_processors.skolfam_menu",
            ],
        },
    },
]

# Forms are drawn with the project's templates, so templates/django/forms/ replaces Django's
# own field templates, which print help texts with |safe: a help text naming a child is text.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

SQLITE_DEFAULT_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# SQLite for several writers at once (the embedded default serves a whole unit): in WAL mode
# readers go on while one writes (synchronous=NORMAL is safe there); IMMEDIATE takes the
# write lock at the start of every transaction, so a second writer waits up to the timeout
# (seconds) instead of failing with "database is locked" when its read turns into a write.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


# Seconds a process keeps its database connection between requests (0: a new one every
# request). Opening a PostgreSQL connection costs a page several milliseconds (a server
# process, authentication, the time zone set); kept, it is checked before each request that
# reuses it (CONN_HEALTH_CHECKS), so a restarted server costs an error to no one.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=600)


def database(url: str) -> dict:
    """The Django database of ``url``: every request one transaction, the connection kept
    between requests, and SQLite set up for concurrent use."""
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **SQLITE_OPTIONS}
    config["ATOMIC_REQUESTS"] = True
    config["CONN_MAX_AGE"] = CONN_MAX_AGE
    config["CONN_HEALTH_CHECKS"] = True
    # A form's choices of records (a ModelChoiceField) are read with QuerySet.iterator(),
    # which on PostgreSQL is a server-side cursor: DECLARE, FETCH and CLOSE, three round trips
    # for a few dozen rows. Nothing here streams more than a page holds, so one query it is.
    config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


DATABASES = {"default": database(env("DATABASE_URL", default=SQLITE_DEFAULT_URL))}
# PostgreSQL: the role the application runs as, granted by `manage.py grant_app_role`, which the
# deploy runs as the owner after migrate (README, "Two database roles"). Empty on SQLite.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions are read from Redis, kept in the database too: finding who is signed in costs a
    # page no query. Only with a cache every process shares: with each process's own memory a
    # sign-out in one would not reach the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: eager on the embedded default; a real broker when REDIS_URL is set.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_BEAT_SCHEDULE = {
    "end-lapsed-consent-shares": {
        "task": "apps.consent.tasks.end_lapsed_shares",
        # Seconds between sweeps; .ci/production-start shortens it to see beat reach the worker.
        "schedule": env.int("CONSENT_SWEEP_SECONDS", default=60 * 60),
    },
    "forget-old-form-submissions": {
        "task": "apps.accounts.tasks.forget_old_submissions",
        "schedule": crontab(hour=3, minute=15),
    },
    "sip-follow-up-reminders": {
        "task": "apps.sip.tasks.scan_follow_ups",
        "schedule": crontab(hour=6, minute=30),
    },
    "cases-coming-transitions": {
        "task": "apps.cases.tasks.scan_transitions",
        "schedule": crontab(hour=6, minute=45),
    },
    "sip-follow-up-invitations": {
        "task": "apps.sip.tasks.sync_follow_up_invitations",
        "schedule": crontab(hour=6, minute=15),
    },
    # At night, when nobody is recording: the steering groups' figures as of the day before.
    "refresh-indicators": {
        "task": "apps.indicators.tasks.refresh_indicators",
        "schedule": crontab(hour=2, minute=30),
    },
}

# Consent: the young person is asked from this age and must agree from that age.
CONSENT_CHILD_ASKED_FROM_AGE = env.int("CONSENT_CHILD_ASKED_FROM_AGE", default=12)
CONSENT_CHILD_REQUIRED_FROM_AGE = env.int("CONSENT_CHILD_REQUIRED_FROM_AGE", default=15)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.agencies.backends.PersonBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in through the municipality's identity provider (OpenID Connect, mozilla-django-oidc;
# README, "Inloggning via kommunens identitetsleverantör"). On when OIDC_RP_CLIENT_ID is set,
# and then every endpoint must be too: a half-configured provider would send people to an
# address that does not answer. People are matched by one claim (OIDC_MATCH_CLAIM: "email",
# or the name of the claim with the HSA-id) and never created from it: who may use
# Tillsammans, and in which role, is decided here by the municipality's administrators.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
# The provider's end_session_endpoint: signing out here ends the provider's session too.
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email")
OIDC_MATCH_CLAIM = env("OIDC_MATCH_CLAIM", default="email")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_OP_LOGOUT_URL_METHOD = "apps.accounts.identity_provider.logout_url"
if OIDC_ENABLED:
    _oidc_missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _oidc_missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so sign-in through the identity provider is on and "
            f"needs {', '.join(_oidc_missing)} from the environment (see README)."
        )
    AUTHENTICATION_BACKENDS.insert(1, "apps.agencies.identity_provider.IdentityProviderBackend")

# django-axes: five wrong passwords for the same e-mail from the same address lock that pair
# out for a quarter of an hour (child data: no unlimited password guessing). The e-mail is
# counted as the sign-in matches it (any case, surrounding spaces), so no way of writing it
# gets five more tries.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The sign-in form posts the e-mail as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "apps.accounts.signin.normalised_username"
AXES_WHITELIST_CALLABLE = "apps.accounts.signin.not_a_password_guess"

# Second factor (apps/accounts/second_factor.py): a password sign-in of someone whose role opens
# children's records is finished with a code from an authenticator app (TOTP) or a recovery
# code (policy.needs_second_factor says who). Required in production; the demo and a
# developer's machine (DEBUG on) may leave it off. django-otp slows guessing at every device
# (each wrong code doubles the wait before the next is tried), and every wrong code counts
# toward the lockout above as a wrong password does.
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Tillsammans"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# django-guardian: no anonymous user; access is never granted to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# A session ends after this long without a request and this long after signing in, however
# busy (apps/accounts/sessions.py decides at every request). The database keeps a session no
# longer than the longest it may last.
SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_MAXIMUM_AGE = datetime.timedelta(hours=env.int("SESSION_MAXIMUM_HOURS", default=10))
SESSION_COOKIE_AGE = int(SESSION_MAXIMUM_AGE.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Production is HTTPS only: cookies are never sent in clear, plain HTTP is redirected, and
# browsers are told for a year to use nothing else, on every subdomain. Preloading only asks
# browsers to know that before the first visit; it takes effect once the domain's owner
# submits it. /healthz answers plain HTTP too, for the health checks of a platform that
# calls the app directly. Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER names the
# header the proxy sets and its value (e.g. HTTP_X_FORWARDED_PROTO,https); the proxy must
# overwrite that header from clients, or anyone could claim HTTPS.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER is the header and its value for HTTPS, separated by a comma, "
        "e.g. HTTP_X_FORWARDED_PROTO,https."
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Only our own files, no inline script or style and no plugins: a name that slipped through
# as markup still could not run. Templates keep to it (tests/security/test_headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Tillsammans <noreply@tillsammans.example>")
# Where the accessibility statement asks people to report what they cannot use.
ACCESSIBILITY_CONTACT_EMAIL = env(
    "ACCESSIBILITY_CONTACT_EMAIL", default="tillganglighet@tillsammans.example"
)

# Every handler masks personnummer-like numbers (apps/audit/masking.py): a request line of
# runserver (django.server) or a 404 or an error of django.request may carry one typed into an
# address. Django's own handlers for these loggers (DEFAULT_LOGGING) are replaced by ours, as
# they would write the numbers as they are.
LOG_LEVEL = env("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_numbers": {"()": "apps.audit.masking.MaskPersonalNumbers"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_numbers"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_personal_numbers"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
