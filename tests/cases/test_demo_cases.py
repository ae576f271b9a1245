import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.agencies import policy
from apps.cases.models import Case

pytestmark = pytest.mark.django_db


def test_demo_concerns_reach_the_bba_inbox_and_nobody_elses(capsys):
    call_command("load_demo")
    call_command("load_demo_cases")
    call_command("load_demo_cases")

    tomas = User.objects.get(email="tomas.ekstrom@nykoping.demo")
    ebba = User.objects.get(email="ebba.strand@nykoping.demo")
    assert sorted(c.child.first_name for c in policy.cases.visible(tomas, policy.VIEW)) == [
        "Alva",
        "Noah",
    ]
    assert [c.child.first_name for c in policy.cases.visible(ebba, policy.VIEW)] == ["Elsa"]
    assert Case.objects.count() == 3
