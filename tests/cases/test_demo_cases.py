import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.agencies import policy
from apps.cases.models import Case

pytestmark = pytest.mark.django_db


def test_demo_concerns_reach_the_bba_inbox_and_nobody_elses(settings, capsys):
    settings.DEBUG = True
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


def test_with_debug_off_the_demo_cases_refuse_and_say_why():
    call_command("load_demo", "--allow-production")

    with pytest.raises(CommandError, match=r"DEBUG is off.*--allow-production"):
        call_command("load_demo_cases")

    assert not Case.objects.exists()
    call_command("load_demo_cases", "--allow-production")
    assert Case.objects.exists()
