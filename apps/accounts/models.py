"""People who sign in. E-mail is the login; roles live in agencies.Membership, not here."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, email):
        """People type their address as they like; it is stored in lower case."""
        return self.get(email__iexact=email.strip())

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


def normalised_hsa_id(value: str | None) -> str | None:
    """An HSA-id as it is stored and matched: without surrounding spaces and in upper case
    (``SE2321000032-abc1`` and ``se2321000032-ABC1`` are one person), or None for none, so
    that the unique column holds any number of people without one."""
    value = (value or "").strip().upper()
    return value or None


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-post"), unique=True)
    full_name = models.CharField(_("namn"), max_length=200)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("skapad"), default=timezone.now)
    signs_in_with_idp = models.BooleanField(
        _("loggar in via identitetsleverantör"),
        default=False,
        help_text=_(
            "Personen loggar in genom kommunens eller regionens identitetsleverantör (till "
            "exempel SITHS eller Freja eID+) och kan inte få ett lösenord återställt här."
        ),
    )

    hsa_id = models.CharField(
        _("HSA-id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Personens HSA-id, om kommunens identitetsleverantör känner igen personer på det "
            "i stället för på e-postadressen."
        ),
    )

    # Raised to end every session of the person at once, whatever the session engine (see
    # get_session_auth_hash): after their second factor is reset, a session verified with the
    # lost phone must not go on.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_generation"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_session_auth_hash(self):
        """What each of the person's sessions was signed in with: an HMAC of the password, the
        e-mail address and the session generation, not of the password alone as Django's.

        Django compares it with the session's copy on every request and ends (flushes) a
        session that no longer matches, as after a password change. Taking the address in
        makes a change of address end every session of the person on the server, whatever
        the session engine, without looking the sessions up (see
        agencies.services.update_person); raising the generation does the same when nothing
        else changes (see end_every_session)."""
        return self._session_auth_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret)

    def _session_auth_hash(self, secret: str) -> str:
        return salted_hmac(
            "apps.accounts.models.User.get_session_auth_hash",
            f"{self.password}\n{self.email}\n{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_every_session(self) -> None:
        """Signs the person out everywhere: each of their sessions fails its next check."""
        type(self).objects.filter(pk=self.pk).update(
            session_generation=models.F("session_generation") + 1
        )
        self.refresh_from_db(fields=["session_generation"])

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Submission(models.Model):
    """One posting of a form, by its one-time token (see apps/accounts/submissions.py).

    Only bookkeeping of the request, never child data: the token, who posted it and where the
    first posting led. Kept for a day, then forgotten by a daily task."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    posted_at = models.DateTimeField(default=timezone.now, db_index=True)
    location = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("inskickat formulär")
        verbose_name_plural = _("inskickade formulär")

    def __str__(self):
        return str(self.token)
