"""The first administrator of a new installation, made with `manage.py create_administrator`
(README, "Run in production"): an administrator and nothing more, with a password that passes
the application's checks, and only while there is none unless forced."""

import getpass

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.agencies import policy
from apps.agencies.management.commands import create_administrator

pytestmark = pytest.mark.django_db

EMAIL = "karin.lind@nykoping.se"
PASSWORD = "Sörmland-väntar-2026"


def create(*args):
    call_command("create_administrator", "--email", EMAIL, "--name", "Karin Lind", *args)


def test_the_first_administrator_administers_and_sees_no_child_data(monkeypatch):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", PASSWORD)

    create()

    karin = User.objects.get(email=EMAIL)
    assert karin.full_name == "Karin Lind"
    assert karin.check_password(PASSWORD)
    assert policy.is_administrator(karin)
    assert not karin.is_superuser
    assert not karin.memberships.exists()
    assert karin.history.count() == 1


def test_the_address_is_stored_as_the_sign_in_finds_it(monkeypatch):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", PASSWORD)

    call_command("create_administrator", "--email", " Karin.Lind@Nykoping.se ", "--name", "K L")

    assert User.objects.get_by_natural_key("KARIN.LIND@nykoping.se").email == EMAIL


def test_refused_once_an_administrator_exists_unless_forced(monkeypatch, administrator):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match="An administrator exists already"):
        create()
    assert not User.objects.filter(email=EMAIL).exists()

    create("--force")
    assert policy.is_administrator(User.objects.get(email=EMAIL))


def test_a_weak_password_is_refused_and_no_one_is_made(monkeypatch):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", "12345678")

    with pytest.raises(CommandError):
        create()
    assert not User.objects.exists()


def test_an_existing_person_is_not_taken_over(monkeypatch, bba):
    monkeypatch.setenv("ADMINISTRATOR_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match="already exists"):
        call_command("create_administrator", "--email", bba.email, "--name", "Someone")
    bba.refresh_from_db()
    assert not policy.is_administrator(bba)


def test_without_the_variable_the_password_is_typed_twice_at_a_terminal(monkeypatch):
    monkeypatch.delenv("ADMINISTRATOR_PASSWORD", raising=False)
    monkeypatch.setattr(create_administrator.Command, "stdin_is_interactive", lambda self: True)
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))

    create()

    assert User.objects.get(email=EMAIL).check_password(PASSWORD)


def test_two_different_passwords_make_no_one(monkeypatch):
    monkeypatch.delenv("ADMINISTRATOR_PASSWORD", raising=False)
    monkeypatch.setattr(create_administrator.Command, "stdin_is_interactive", lambda self: True)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))

    with pytest.raises(CommandError, match="differ"):
        create()
    assert not User.objects.exists()


def test_without_the_variable_and_no_terminal_it_stops(monkeypatch):
    monkeypatch.delenv("ADMINISTRATOR_PASSWORD", raising=False)
    monkeypatch.setattr(create_administrator.Command, "stdin_is_interactive", lambda self: False)

    with pytest.raises(CommandError, match="ADMINISTRATOR_PASSWORD"):
        create()
    assert not User.objects.exists()
