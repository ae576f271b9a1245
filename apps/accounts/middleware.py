from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware
from django_otp.plugins.otp_totp.models import TOTPDevice


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the person picked another language with the switch in the header.

    The browser's Accept-Language is ignored on purpose: many staff work in English-language
    browsers, and the service is Swedish first.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForSignedInMiddleware:
    """Nothing answered to a signed-in person is kept by the browser or a proxy, so Back after
    signing out (or the next person at a shared computer) cannot bring a child's page, plan or
    PDF out of the cache. Static files are answered by WhiteNoise before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware, without its read of the device on every request when the
    session was verified by the person's authenticator app.

    django-otp reads the device named in the session and accepts it if it is the person's and
    confirmed. The person's load (apps.agencies.backends.PersonBackend) already carries the
    id of their confirmed authenticator, read in the same request: when the session names
    that very device, both conditions hold, and the device itself is read only if something
    asks for more than whether the session is verified. Any other session (a recovery code,
    a person loaded another way) is checked by django-otp as before."""

    def _verify_user_sync(self, request, user):
        known = getattr(user, "authenticator_id", None)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if known is None or persistent_id != TOTPDevice(pk=known).persistent_id:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = SimpleLazyObject(lambda: TOTPDevice.objects.get(pk=known))
        return user
