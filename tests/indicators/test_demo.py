"""The demo gives the steering groups something to see: two steering-group logins, and
children in Nyköping enough for every cell the demo municipality shows to count at least the
suppression threshold of children, counted here by hand from the records; and once computed,
every indicator shows a figure on the page's default selection, for the county and for
Nyköping."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.agencies import policy
from apps.agencies.models import Municipality
from apps.cases.models import Concern
from apps.indicators.compute import term
from apps.indicators.definitions import INDICATORS, SUPPRESSION_THRESHOLD
from apps.indicators.models import Figure, PeriodKind
from apps.wheel.models import AreaRating, Rating

pytestmark = pytest.mark.django_db

ORDER = {Rating.WORKS_WELL: 0, Rating.SOME_CONCERN: 1, Rating.SERIOUS_CONCERN: 2}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo_cases")
    call_command("load_demo_skolfam")
    call_command("load_demo_results")


def test_the_steering_groups_sign_in_and_see_indicators_only(demo, capsys):
    county = User.objects.get(email="birgitta.lundqvist@regionsormland.demo")
    nykoping = User.objects.get(email="anders.holm@nykoping.demo")

    assert county.check_password("demo-tillsammans")
    assert policy.indicators.scopes(county).county
    assert [m.name for m in policy.indicators.municipalities(nykoping)] == ["Nyköping"]
    assert not county.memberships.exists() and not nykoping.memberships.exists()
    call_command("load_demo")
    assert "birgitta.lundqvist@regionsormland.demo" in capsys.readouterr().out


def test_every_area_and_source_has_enough_children_in_nykoping(demo):
    concerns = Concern.objects.filter(case__agency__municipality__name="Nyköping")
    by_area, by_source = Counter(), Counter()
    for child, areas, source in concerns.values_list("case__child", "areas", "source"):
        by_area.update({(child, area) for area in areas})
        by_source[(child, source)] = 1
    children_per_area = Counter(area for _, area in by_area)
    children_per_source = Counter(source for _, source in by_source)
    assert len(children_per_area) == 7
    assert min(children_per_area.values()) >= SUPPRESSION_THRESHOLD
    assert len(children_per_source) == len(Concern.Source)
    assert min(children_per_source.values()) >= SUPPRESSION_THRESHOLD


def test_the_wheel_moves_every_way_in_every_area_for_enough_children(demo):
    ratings = AreaRating.objects.filter(
        assessment__case__agency__municipality__name="Nyköping"
    ).order_by("assessment__assessed_on", "assessment__pk")
    first, latest = {}, {}
    for case, area, rating in ratings.values_list("assessment__case", "area", "rating"):
        first.setdefault((case, area), rating)
        latest[(case, area)] = rating
    moved = Counter()
    for key, before in first.items():
        after = latest[key]
        way = (ORDER[after] > ORDER[before]) - (ORDER[after] < ORDER[before])
        moved[(key[1], way)] += 1
    assert len(moved) == 7 * 3
    assert min(moved.values()) >= SUPPRESSION_THRESHOLD


def test_loading_the_demo_again_adds_nothing(demo):
    concerns = Concern.objects.count()
    call_command("load_demo_results")
    call_command("load_demo")
    assert Concern.objects.count() == concerns


@pytest.fixture
def computed(settings):
    """The whole demo as ``make run`` loads it, with its figures computed."""
    settings.DEBUG = True
    for command in (
        "load_demo",
        "load_demo_cases",
        "load_demo_skolfam",
        "load_demo_results",
        "refresh_indicators",
    ):
        call_command(command)


def shown_figures(client, user, **params) -> dict:
    """Per indicator, the figures the page shows unsuppressed, on the default period."""
    client.force_login(user)
    response = client.get(reverse("indicators:overview"), params)
    selection = response.context["selection"]
    current = term(timezone.localdate())
    assert (selection.period.kind, selection.period.start) == (current.kind, current.start)
    return {
        table.indicator.key: [row.text for row in table.rows if not row.suppressed]
        for table, _chart in response.context["tables"]
    }


def test_every_indicator_shows_a_figure_for_the_county(computed, client):
    shown = shown_figures(client, User.objects.get(email="birgitta.lundqvist@regionsormland.demo"))
    assert set(shown) == {indicator.key for indicator in INDICATORS}
    assert [key for key, texts in shown.items() if not texts] == []


def test_every_indicator_shows_a_figure_for_a_municipality(computed, client):
    """Nyköping shows every figure but Skolfam's, which it does not take part in and so
    sees nothing of; Katrineholm's cohort shows there."""
    shown = shown_figures(client, User.objects.get(email="anders.holm@nykoping.demo"))
    assert [key for key, texts in shown.items() if not texts] == ["skolfam_movement"]
    katrineholm = Municipality.objects.get(name="Katrineholm")
    county = User.objects.get(email="birgitta.lundqvist@regionsormland.demo")
    assert shown_figures(client, county, omrade=katrineholm.pk)["skolfam_movement"]


def test_the_collaborations_give_both_answers_of_every_share(computed):
    """Each share needs five children either way to be shown: five of each answer."""
    figures = {
        (figure.indicator, figure.category): figure
        for figure in Figure.objects.filter(
            period_start=term(timezone.localdate()).start,
            period_kind=PeriodKind.TERM,
            municipality__name="Nyköping",
            agency_kind="",
        )
    }
    for key in (
        "agreed_sip_share",
        "follow_ups_on_time_share",
        "coordinator_child_wish_share",
        "handovers_accepted_share",
    ):
        assert 0 < figures[(key, "")].value < 1, key
    for category in ("accepted", "declined"):
        assert figures[("handovers", category)].value >= SUPPRESSION_THRESHOLD
    assert figures[("consents_withdrawn", "")].value >= SUPPRESSION_THRESHOLD
    loaded = Figure.objects.count()
    call_command("load_demo_results")
    call_command("refresh_indicators")
    assert Figure.objects.count() == loaded
