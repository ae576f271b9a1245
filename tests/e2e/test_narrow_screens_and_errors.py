"""Reflow at 320 CSS px and the error summary, each on one page of its own; the journey test
checks every other page the same way."""

import pytest

from tests.e2e.browsing import BBA, NARROW, TEACHER, Browsing, cells_without_heading, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_stacked_tables_keep_their_column_headings(browsing: Browsing):
    bba = browsing.as_(BBA)
    submit(bba, bba.get_by_role("link", name="Ärenden och ny oro i din verksamhet"))
    bba.set_viewport_size(NARROW)
    assert bba.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    first_case = bba.locator("main table tbody tr").first
    assert first_case.evaluate("row => getComputedStyle(row).display") == "block"
    status = first_case.locator("td").first
    assert status.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Status: "'
    assert cells_without_heading(bba) == []


def test_the_error_summary_takes_the_focus_after_a_failed_submit(browsing: Browsing):
    teacher = browsing.as_(TEACHER)
    submit(teacher, teacher.get_by_role("link", name="Registrera oro för ett barn"))
    submit(teacher, teacher.get_by_role("button", name="Skicka till barnets bästa-ansvarig"))
    summary = teacher.locator(".error-summary")
    assert summary.is_visible()
    assert teacher.evaluate("document.activeElement.classList.contains('error-summary')"), (
        "the focus is on "
        + teacher.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        + ", not on the error summary"
    )
    browsing.check(teacher)
    browsing.assert_no_problems()
