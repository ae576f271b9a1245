import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.agencies import policy
from apps.agencies.models import Agency, Membership, Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def development(settings):
    """The demo is for a development machine, where DEBUG is on (make run)."""
    settings.DEBUG = True


def test_demo_setup_loads_sormland_and_is_idempotent(development, capsys):
    call_command("load_demo")
    call_command("load_demo")

    assert Municipality.objects.count() == 9
    for municipality in ("Nyköping", "Eskilstuna", "Katrineholm"):
        kinds = set(
            Agency.objects.filter(municipality__name=municipality).values_list("kind", flat=True)
        )
        assert {
            "school",
            "preschool",
            "upper_secondary",
            "child_health",
            "social_services",
            "kaa",
            "followup",
        } <= kinds
    for agency in Agency.objects.all():
        assert agency.memberships.filter(role=Membership.Role.BBA).exists(), agency
    assert Agency.objects.filter(principal_name="Region Sörmland").exists()
    # A privately run school, which may take part in a plan but never lead it.
    assert Agency.objects.filter(principal_kind=Agency.PrincipalKind.PRIVATE).exists()
    admin = User.objects.get(email="admin@regionsormland.demo")
    assert policy.is_administrator(admin)
    assert admin.check_password("demo-tillsammans")
    assert "tomas.ekstrom@nykoping.demo" in capsys.readouterr().out


def test_with_debug_off_the_demo_refuses_and_says_why():
    with pytest.raises(CommandError, match=r"DEBUG is off.*--allow-production"):
        call_command("load_demo")

    assert not User.objects.exists()
    assert not Municipality.objects.exists()


def test_a_demonstration_server_may_load_the_demo_with_debug_off():
    call_command("load_demo", "--allow-production")

    assert User.objects.filter(email="admin@regionsormland.demo").exists()
