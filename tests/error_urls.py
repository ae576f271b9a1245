"""The project's URLs and three that fail on purpose, for tests/test_error_pages.py only: the
production URLs have no page that refuses with a 403 or a 400, or breaks with a 500, on
request."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def refuse(request):
    raise PermissionDenied


@login_not_required
def bad_request(request):
    raise SuspiciousOperation("A test of the 400 page.")


@login_not_required
def break_down(request):
    raise RuntimeError("A test of the 500 page.")


urlpatterns = [
    *project_urlpatterns,
    path("test-403/", refuse),
    path("test-400/", bad_request),
    path("test-500/", break_down),
]
