"""No personnummer in an address, the access log's ``path`` or the server's request log."""

import io
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from apps.audit.masking import mask_personal_numbers
from apps.audit.models import AccessLog
from tests.factories.cases import CaseFactory, ChildFactory

NUMBERS = ["201503121236", "20150312-1236", "150312-1236", "1503121236", "20150312+1236"]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_way_of_writing_a_personnummer_is_masked(number):
    masked = mask_personal_numbers(f"GET /barn/?personal_number={number}&sida=2 HTTP/1.1")
    assert masked == "GET /barn/?personal_number=[personnummer]&sida=2 HTTP/1.1"


def test_url_encoded_plus_and_other_numbers():
    assert mask_personal_numbers("q=20150312%2B1236") == "q=[personnummer]"
    for kept in ("id=12345", "2026-11-29 16:01:02", "at=20261129160102", "ip 127.0.0.1"):
        assert mask_personal_numbers(kept) == kept


@pytest.mark.parametrize("logger", ["django.server", "django.request", "django", "tillsammans"])
def test_the_request_log_masks_personnummer(logger):
    """Whatever logger a line comes from, every handler it reaches writes it masked (a line of
    runserver's django.server, a 404 of django.request, anything that reaches the root)."""
    written = io.StringIO()
    record = logging.getLogger(logger).makeRecord(
        logger,
        logging.WARNING,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /barn/?personal_number=20150312-1236 HTTP/1.1", "404", "179"),
        None,
        extra={"status_code": 404, "server_time": "29/Nov/2026 16:01:02"},
    )
    handlers = _handlers_reached(logging.getLogger(logger))
    assert handlers
    for handler in handlers:
        stream = handler.setStream(written)
        try:
            handler.handle(logging.makeLogRecord(record.__dict__))
        finally:
            handler.setStream(stream)
    assert "1236" not in written.getvalue()
    assert "personal_number=[personnummer]" in written.getvalue()


def _handlers_reached(logger) -> list[logging.StreamHandler]:
    """The handlers of LOGGING a record of ``logger`` reaches (not pytest's own)."""
    handlers = []
    while logger:
        handlers += [h for h in logger.handlers if h.name in settings.LOGGING["handlers"]]
        logger = logger.parent if logger.propagate else None
    return handlers


@pytest.mark.django_db
def test_the_access_log_keeps_no_personnummer_of_an_address(client, school, bba):
    case = CaseFactory(child=ChildFactory(agency=school))
    client.force_login(bba)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url, {"personal_number": case.child.personal_number})
    assert AccessLog.objects.get(object_type="cases.case").path == (
        f"{url}?personal_number=[personnummer]"
    )
