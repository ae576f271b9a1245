from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


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
