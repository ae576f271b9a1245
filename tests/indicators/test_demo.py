"""The demo gives the steering groups something to see: two steering-group logins, and
children in Nyköping enough for every cell the demo municipality shows to count at least the
suppression threshold of children, counted here by hand from the records."""

from collections import Counter

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.agencies import policy
from apps.cases.models import Concern
from apps.indicators.definitions import SUPPRESSION_THRESHOLD
from apps.wheel.models import AreaRating, Rating

pytestmark = pytest.mark.django_db

ORDER = {Rating.WORKS_WELL: 0, Rating.SOME_CONCERN: 1, Rating.SERIOUS_CONCERN: 2}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo_cases")
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
