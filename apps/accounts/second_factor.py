"""A second factor after the password: a code from an authenticator app (TOTP, RFC 6238), or
one of ten recovery codes, each good once, for the day the phone is lost.

django-otp keeps the devices and checks the codes: a code is taken once (a TOTP code not again
in its time step, a recovery code is deleted), and every wrong code doubles the wait before the
device tries the next (OTP_*_THROTTLE_FACTOR). Every wrong code also counts toward the sign-in
lockout as a wrong password does (``count_failure``), so a stolen password gives a handful of
guesses, not a million. Who must use it is the access policy's rule
(apps.agencies.policy.needs_second_factor), enforced by apps.agencies.middleware.

Enrolment keeps the new key in the session until the person has typed a first code from their
app: a page only looked at writes nothing, and no device is confirmed that the person cannot
use. The QR code is drawn on the server as SVG, so the key never leaves for a third party.
"""

import time
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

PENDING_KEY = "second_factor_pending_key"
NEW_RECOVERY_CODES = "second_factor_new_recovery_codes"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Tillsammans"


def authenticator_id() -> Subquery:
    """The id of the person's confirmed authenticator app (the one ``authenticator`` gives),
    to load with the person on every request: OTPMiddleware then need not read the device
    that verified the session (see that class)."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk")
    return Subquery(confirmed.values("pk")[:1])


def authenticator(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(request) -> TOTPDevice:
    """The device being enrolled, unsaved: its key is kept in the session until confirmed."""
    key = request.session.get(PENDING_KEY)
    if key is None:
        key = random_hex(20)
        request.session[PENDING_KEY] = key
    return TOTPDevice(user=request.user, name=DEVICE_NAME, key=key, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, label: str) -> SafeString:
    """The app's set-up address as a QR code in inline SVG, named for screen readers.

    The SVG is made by qrcode from the address alone (rectangles, no text), so it is safe to
    put in the page as it is; only the label is text of ours, and it is escaped."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4
    )
    svg = image.to_string(encoding="unicode")
    named = format_html('<svg role="img" aria-label="{}" class="qr-code" ', label)
    return mark_safe(svg.replace("<svg ", named, 1))


@transaction.atomic
def confirm_enrolment(request, code: str) -> bool:
    """Saves the pending device if ``code`` is its current code, with ten new recovery codes
    (kept in the session to be shown once), and counts the sign-in as verified. Refused for
    someone who already has an authenticator: replacing it takes a reset by an agency admin,
    or whoever had the password alone could swap in their own."""
    key = request.session.get(PENDING_KEY)
    # The person's row is locked, so two confirmations sent at once save one device.
    get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
    if key is None or has_second_factor(request.user):
        return False
    device = TOTPDevice(user=request.user, name=DEVICE_NAME, key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance):
        return False
    device.last_t = totp.t()
    device.save()
    StaticDevice.objects.filter(user=request.user).delete()
    recovery = StaticDevice.objects.create(user=request.user, name=DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    del request.session[PENDING_KEY]
    request.session[NEW_RECOVERY_CODES] = codes
    _signed_in_with(request, device)
    return True


def new_recovery_codes(request) -> list[str]:
    """The recovery codes made at enrolment, once: they are not shown again."""
    return request.session.pop(NEW_RECOVERY_CODES, [])


def verify(request, code: str) -> bool:
    """Whether ``code`` is the person's current app code; the sign-in is then verified."""
    return _verify_with(request, authenticator(request.user), code)


def use_recovery_code(request, code: str) -> bool:
    """Whether ``code`` is one of the person's unused recovery codes; it is used up."""
    return _verify_with(request, StaticDevice.objects.filter(user=request.user).first(), code)


def _verify_with(request, device, code: str) -> bool:
    verified = device and django_otp.verify_token(request.user, device.persistent_id, code)
    if verified:
        _signed_in_with(request, verified)
        return True
    return False


def _signed_in_with(request, device) -> None:
    """The session is now verified: it gets a new key, as at signing in, so a key seen before
    (while only the password was given) does not carry the new right."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _credentials(request) -> dict:
    return {"username": request.user.get_username()}


def lockout(request):
    """The lockout page, the person signed out, while the person is locked out (None when
    not): a session signed in with the password before the lockout guesses no further."""
    credentials = _credentials(request)
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    logout(request)
    return get_lockout_response(request, None, credentials)


def count_failure(request) -> bool:
    """Counts a wrong code toward the sign-in lockout of the person (django-axes, by the
    normalised address and the client's address), as a wrong password. At the limit the
    person is signed out, and the lockout page answers (axes.middleware.AxesMiddleware):
    returns True then."""
    user_login_failed.send(sender=__name__, credentials=_credentials(request), request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


def forget_devices(user) -> None:
    """Removes the person's authenticator and recovery codes: they enrol anew."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
