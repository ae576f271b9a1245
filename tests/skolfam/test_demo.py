import datetime

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.agencies import policy
from apps.agencies.models import Municipality
from apps.skolfam.indicators import cohort_movement

pytestmark = pytest.mark.django_db


def test_the_demo_cohort_gives_the_indicators_figures_above_the_threshold(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo_skolfam")
    call_command("load_demo_skolfam")

    katrineholm = Municipality.objects.get(name="Katrineholm")
    movement = cohort_movement(
        [katrineholm.pk], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    )
    assert movement == {
        "cognitive": {"better": 0, "same": 6, "worse": 0},
        "reading": {"better": 4, "same": 2, "worse": 0},
        "writing": {"better": 3, "same": 3, "worse": 0},
        "mathematics": {"better": 2, "same": 3, "worse": 1},
        "wellbeing": {"better": 3, "same": 2, "worse": 1},
    }
    school_bba = User.objects.get(email="emma.berg@katrineholm.demo")
    assert policy.skolfam.visible(school_bba, policy.VIEW).count() == 7
    elsewhere = User.objects.get(email="tomas.ekstrom@nykoping.demo")
    assert not policy.skolfam.visible(elsewhere, policy.VIEW).exists()
