"""The steering group in a browser: Nyköping's steering group opens its indicators, in Swedish
and in English with no axe finding and no sideways scroll at 320 CSS px, downloads them as CSV,
and is answered 404 on a child's case page."""

import pytest
from django.urls import reverse

from apps.agencies.models import Municipality
from apps.cases.models import Case
from tests.e2e.browsing import Browsing, submit
from tests.factories.indicators import FigureFactory, suppressed

pytestmark = pytest.mark.django_db(transaction=True)

STEERING_GROUP = "anders.holm@nykoping.demo"


def test_the_steering_group_sees_downloads_and_reaches_no_record(browsing: Browsing):
    nykoping = Municipality.objects.get(name="Nyköping")
    for area, children in (("health", 11), ("home", 8), ("safety", 6)):
        FigureFactory(municipality=nykoping, category=area, value=children, children=children)
    suppressed(municipality=nykoping, category="care")
    FigureFactory(
        municipality=nykoping, indicator="agreed_sip_share", category="", value=0.7, children=10
    )
    steering = browsing.as_(STEERING_GROUP)

    submit(steering, steering.get_by_role("link", name="Indikatorer", exact=True))
    assert steering.get_by_role("img", name="Oro per område i hjulet").is_visible()
    assert steering.get_by_role("table", name="Oro per område i hjulet, tabell").is_visible()
    browsing.audit(steering, "indikatorer")

    with steering.expect_download() as download:
        steering.get_by_role("link", name="Ladda ner som CSV").click()
    content = download.value.path().read_bytes()
    assert content.startswith("\ufeff".encode())
    assert "Oro per område i hjulet;Hälsa;11;Antal barn;11" in content.decode("utf-8-sig")

    case = Case.objects.order_by("pk").first()
    response = steering.goto(reverse("cases:case_detail", args=[case.pk]))
    assert response.status == 404
    browsing.assert_no_problems()
