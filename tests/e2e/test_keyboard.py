"""The core steps again with the keyboard alone: Tab to move, typing, Space to tick, arrow keys
in a radio group and Enter to follow a link or send a form. No mouse click anywhere, so a person
who cannot use a mouse can log a concern, map, record consent and call a meeting."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from apps.agencies.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.browsing import (
    BBA,
    TEACHER,
    Browsing,
    press_to_load,
    tab_to,
    tab_to_control,
    tab_to_link,
    tick,
    type_into,
)

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = "Ester Lundqvist"
SOCIAL_SERVICES = "Socialtjänsten Nyköping, barn och unga"
SEND = "main form button[type=submit]"


def test_the_core_steps_with_the_keyboard_alone(browsing: Browsing):
    teacher = sign_in_by_keyboard(browsing, TEACHER)
    tab_to_link(teacher, "Registrera oro för ett barn")
    press_to_load(teacher)
    type_into(teacher, "#id_personal_number", "20120312-2385")
    type_into(teacher, "#id_first_name", "Ester")
    type_into(teacher, "#id_last_name", "Lundqvist")
    tick(teacher, teacher.locator("#id_areas_4"))
    tick(teacher, teacher.locator("#id_areas_6"))
    type_into(teacher, "#id_observation", "Ester kommer hungrig till skolan.")
    tick(teacher, teacher.locator("#id_source_0"))
    tab_to(teacher, SEND)
    press_to_load(teacher)
    assert "Oron är skickad" in teacher.inner_text("main")

    bba = sign_in_by_keyboard(browsing, BBA)
    tab_to_link(bba, "Ärenden och ny oro i din verksamhet")
    press_to_load(bba)
    tab_to_link(bba, CHILD)
    press_to_load(bba)
    case_url = bba.url

    tab_to_link(bba, "Ny kartläggning")
    press_to_load(bba)
    type_into(bba, "#id_child_view", "Jag vill inte gå hem.")
    type_into(bba, "#id_summary", "Oro för hemmet.")
    for area in ("health", "development", "learning", "care", "home", "relationships", "safety"):
        tick(bba, bba.locator(f"#id_{area}-rating_0"))
        if area == "home":
            bba.keyboard.press("ArrowDown")
            bba.keyboard.press("ArrowDown")
    assert bba.locator("#id_home-rating_2").is_checked()
    tab_to(bba, SEND)
    press_to_load(bba)
    assert "Kartläggningen är sparad" in bba.inner_text("main")

    bba.goto(case_url)
    add_guardian_by_keyboard(bba)

    bba.goto(case_url)
    tab_to_link(bba, "Gör analys")
    press_to_load(bba)
    for field in ("has_all_information", "obstacles", "what_i_can_do", "what_agency_can_do"):
        type_into(bba, f"#id_{field}", "Vi vet för lite om hemmet.")
    type_into(bba, "#id_help_needed", "Stöd från socialtjänsten.")
    tick(bba, bba.locator("#id_decision_0"))
    bba.keyboard.press("ArrowDown")
    assert bba.get_by_label("Samverkan behövs").is_checked()
    type_into(bba, "#id_decision_details", "Samverkansmöte med socialtjänsten.")
    tick(bba, bba.get_by_label("Socialtjänst", exact=True))
    tab_to(bba, SEND)
    press_to_load(bba)
    assert "Samverkan behövs" in bba.inner_text("main")

    bba.goto(case_url)
    tab_to_link(bba, "Anteckna samtycke")
    press_to_load(bba)
    tick(bba, bba.get_by_role("checkbox", name=SOCIAL_SERVICES))
    tick(bba, bba.get_by_label("Samverkansmöte"))
    tick(bba, bba.get_by_label("Skriftligt"))
    tick(bba, bba.locator("input[name^='guardian-'][value='agreed']"))
    tick(bba, bba.locator("#id_child-answer_0"))
    tab_to(bba, SEND)
    press_to_load(bba)
    assert "Samtycket är antecknat" in bba.inner_text("main")

    bba.goto(case_url)
    tab_to_link(bba, "Kalla till samverkansmöte")
    press_to_load(bba)
    type_date_and_time(bba, "#id_starts_at", timezone.localdate() + datetime.timedelta(days=7))
    type_into(bba, "#id_place", "Ekbackens skola, rum 12")
    tick(bba, bba.locator("fieldset", has_text=SOCIAL_SERVICES).get_by_label("Maja Forsberg"))
    type_into(bba, "#id_shared_summary", "Ester behöver stöd hemma.")
    tab_to(bba, SEND)
    press_to_load(bba)
    assert "Mötet är bokat" in bba.inner_text("main")
    assert "Maja Forsberg" in bba.inner_text("main")


def sign_in_by_keyboard(browsing: Browsing, email: str) -> Page:
    page = browsing.new_page()
    page.goto("/konto/logga-in/")
    type_into(page, "#id_username", email)
    type_into(page, "#id_password", DEMO_PASSWORD)
    tab_to(page, "form:has(#id_username) button[type=submit]")
    press_to_load(page)
    assert "/konto/logga-in/" not in page.url
    return page


def add_guardian_by_keyboard(page: Page) -> None:
    tab_to_link(page, "Ändra barnets uppgifter och vårdnadshavare")
    press_to_load(page)
    tab_to_link(page, "Lägg till vårdnadshavare eller närstående")
    press_to_load(page)
    type_into(page, "#id_name", "Maria Lundqvist")
    tab_to_control(page, page.locator("#id_relation"))
    page.keyboard.type("Förälder")
    assert page.locator("#id_relation").input_value() == "parent"
    tick(page, page.locator("#id_has_custody"))
    tab_to(page, SEND)
    press_to_load(page)


def type_date_and_time(page: Page, selector: str, day: datetime.date) -> None:
    """Chromium's date-and-time field takes month, day and year as digits, then the time."""
    tab_to(page, selector)
    page.keyboard.type(f"{day:%m%d%Y}")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("1000A")
    assert page.locator(selector).input_value() == f"{day:%Y-%m-%d}T10:00"
