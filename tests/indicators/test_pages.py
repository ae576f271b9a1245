"""The indicator page: a steering group sees the aggregates of its municipality (the county's
group, every municipality's and the county's), each with its definition, a chart and a table,
suppressed cells as a dash with the rule stated; nobody else sees the page at all."""

import datetime
import re

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from apps.agencies import policy
from apps.agencies.models import Membership, SteeringSeat
from apps.agencies.services import end_steering_seat
from apps.indicators.models import Figure
from tests.factories.agencies import member
from tests.factories.cases import ChildFactory, ConcernFactory
from tests.factories.indicators import FigureFactory, steering_member

pytestmark = pytest.mark.django_db

URLS = [
    "indicators:overview",
    "indicators:export_csv",
    "indicators:export_xlsx",
    "indicators:report_pdf",
]


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("indicators:overview"), params)


def test_the_steering_group_sees_its_municipality_s_figures(client, steering_group, autumn):
    response = page(client, steering_group)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Höstterminen 2026" in body
    assert "Oro per område i hjulet" in body
    assert "Antal barn med minst en registrerad oro under perioden" in body
    # The chart: an image with a name and a description, each bar labelled in text.
    assert 'role="img"' in body
    assert '<title id="chart-concerns-by-area-title">Oro per område i hjulet</title>' in body
    assert "Hälsa: 12; Lärande: –; Hemmet: 9; Trygghet: –" in body
    # The table alternative.
    assert "<caption>Oro per område i hjulet, tabell</caption>" in body
    assert '<th scope="row" data-label="Kategori">Trygghet</th>' in body
    assert '–<span class="visually-hidden"> (undertryckt)</span>' in body
    assert "färre än 5 barn, eller en cell som annars kunde räknas fram ur en summa" in body
    assert "14,5" in body and "41" in body
    assert "63\u00a0%" in body
    # Only its municipality: neither Flen's nor the county's figures, nor a choice of them.
    assert "777" not in body and "4242" not in body
    assert response.context["selection"].scopes[0].label == "Nyköping"
    assert len(response.context["selection"].scopes) == 1


def test_asking_for_the_county_or_another_municipality_shows_its_own(
    client, steering_group, autumn, flen
):
    for scope in ("lan", str(flen.pk)):
        body = page(client, steering_group, omrade=scope).content.decode()
        assert "777" not in body and "4242" not in body
        assert "Hälsa: 12" in body


def test_the_county_s_group_sees_the_county_and_every_municipality(
    client, county_group, autumn, flen
):
    county = page(client, county_group).content.decode()
    assert "Hälsa: 4242" in county
    assert "Hela länet" in county
    assert "Hälsa: 777" in page(client, county_group, omrade=flen.pk).content.decode()


def test_an_agency_kind_is_a_figure_set_of_its_own(client, steering_group, nykoping, autumn):
    FigureFactory(municipality=nykoping, agency_kind="preschool", category="care", value=6)

    body = page(client, steering_group, typ="preschool").content.decode()

    assert "Omsorg: 6" in body
    assert "Hälsa: 12" not in body
    assert "Förskola" in body


def test_before_anything_is_computed_the_page_says_so(client, steering_group):
    body = page(client, steering_group).content.decode()
    assert "Inga indikatorer är beräknade ännu." in body


def test_the_page_names_no_child_and_links_to_no_record(
    client, steering_group, school, bba, autumn
):
    child = ChildFactory(agency=school, first_name="Alva", last_name="Berg")
    ConcernFactory(case__child=child, reported_by=bba)

    body = page(client, steering_group).content.decode()

    assert "Alva" not in body
    hrefs = set(re.findall(r'href="([^"]+)"', body))
    assert all(not re.search(r"/\d+/", href) for href in hrefs), hrefs


@pytest.mark.parametrize("url_name", URLS)
@pytest.mark.parametrize("who", ["bba", "administrator", "agency_admin", "reporter"])
def test_no_one_without_a_seat_sees_them(client, request, autumn, url_name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(url_name)).status_code == 404


def test_an_ended_seat_shows_nothing_from_that_moment(
    client, steering_group, autumn, administrator
):
    end_steering_seat(SteeringSeat.objects.get(user=steering_group), by=administrator)
    client.force_login(steering_group)
    for url_name in URLS:
        assert client.get(reverse(url_name)).status_code == 404
    assert "Indikatorer</a>" not in client.get(reverse("home")).content.decode()


def test_a_seat_past_its_last_day_shows_nothing(client, nykoping, autumn):
    person = steering_member(nykoping)
    SteeringSeat.objects.filter(user=person).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1)
    )
    client.force_login(person)
    assert client.get(reverse("indicators:overview")).status_code == 404


def test_the_header_links_the_steering_group_to_its_indicators(client, steering_group, bba):
    client.force_login(steering_group)
    assert reverse("indicators:overview") in client.get(reverse("home")).content.decode()
    client.force_login(bba)
    assert reverse("indicators:overview") not in client.get(reverse("home")).content.decode()


def test_a_member_who_also_has_a_seat_sees_both(client, school, nykoping, autumn):
    person = member(school, Membership.Role.BBA)
    steering = steering_member(nykoping)
    client.force_login(person)
    assert client.get(reverse("indicators:overview")).status_code == 404
    client.force_login(steering)
    assert client.get(reverse("indicators:overview")).status_code == 200


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("indicators:overview")).status_code == 200
    return len(queries)


def test_the_page_s_queries_do_not_grow_with_its_figures(client, county_group, nykoping):
    FigureFactory(municipality=None)
    few = _queries(client, county_group)
    for area in ("development", "learning", "care", "home", "relationships", "safety"):
        FigureFactory(municipality=None, category=area)
    for source in ("own_unit", "other_agency", "guardian", "child"):
        FigureFactory(municipality=None, indicator="concerns_by_source", category=source)
    for area in ("health", "home"):
        for movement in ("better", "same", "worse"):
            FigureFactory(
                municipality=None, indicator="wheel_movement", category=f"{area}:{movement}"
            )
    FigureFactory(municipality=nykoping, period_start="2026-01-01", period_end="2026-06-30")

    assert _queries(client, county_group) == few


def test_a_category_it_does_not_know_is_shown_as_text(client, steering_group, nykoping):
    FigureFactory(municipality=nykoping, category='<img src=x onerror="alert(1)">', value=7)

    body = page(client, steering_group).content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


def test_the_policy_answers_the_same_three_questions(steering_group, county_group, nykoping, flen):
    ours = FigureFactory(municipality=nykoping)
    theirs = FigureFactory(municipality=flen)
    county = FigureFactory(municipality=None)

    assert set(policy.indicators.visible(steering_group, policy.VIEW)) == {ours}
    assert policy.indicators.may(steering_group, policy.VIEW, ours)
    assert not policy.indicators.may(steering_group, policy.VIEW, theirs)
    assert not policy.indicators.may(steering_group, policy.VIEW, county)
    assert not policy.indicators.may(steering_group, policy.CHANGE, ours)
    with pytest.raises(Http404):
        policy.indicators.get_or_404(steering_group, policy.VIEW, pk=theirs.pk)
    everything = {ours, theirs, county}
    assert set(policy.indicators.visible(county_group, policy.VIEW)) == everything


def test_the_group_has_the_figures_recomputed_now(
    client, county_group, county, django_capture_on_commit_callbacks
):
    """After a correction in the records, before a committee meeting: the button queues the
    computation (run at once here, Celery eager) and leads back to the same choice."""
    assert "Inga indikatorer är beräknade ännu." in page(client, county_group).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{reverse('indicators:refresh')}?{urlencode({'typ': 'school'})}")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("indicators:overview") + "?")
    assert "typ=school" in response["Location"]
    assert Figure.objects.exists()
    shown = client.get(response["Location"]).content.decode()
    assert "Indikatorerna räknas om nu." in shown
    assert "Beräknade " in shown


@pytest.mark.parametrize("who", ["bba", "administrator", "agency_admin", "reporter"])
def test_no_one_without_a_seat_has_them_recomputed(
    client, request, who, autumn, django_capture_on_commit_callbacks
):
    stored = set(Figure.objects.values_list("pk", flat=True))
    client.force_login(request.getfixturevalue(who))

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("indicators:refresh")).status_code == 404

    assert set(Figure.objects.values_list("pk", flat=True)) == stored
    assert client.get(reverse("indicators:refresh")).status_code == 405
