"""What the browser tests do on every page: sign in as a demo persona, and audit the page.

An audit runs axe-core (WCAG 2.1 A and AA) and checks reflow at 320 CSS px (WCAG 1.4.10), in
Swedish and then in English, switching with the page's own language control. Findings are
collected, not raised at once, so one run names every page that fails.
"""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page

from apps.agencies.management.commands.load_demo import DEMO_PASSWORD

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()

# The demo personas of the journey (fixtures/demo_setup.json).
TEACHER = "hanna.lindgren@nykoping.demo"
BBA = "tomas.ekstrom@nykoping.demo"
SOCIAL_WORKER = "maja.forsberg@nykoping.demo"
CLINICIAN = "linnea.virtanen@regionsormland.demo"


class Browsing:
    """One browser context per persona, signed in once and kept for the whole test."""

    def __init__(self, browser: Browser, base_url: str, screenshot_dir: Path):
        self.browser = browser
        self.base_url = base_url
        self.screenshot_dir = screenshot_dir
        self.pages: dict[str, Page] = {}
        self.contexts: list = []
        self.problems: list[str] = []
        self.audited: list[tuple[str, str]] = []

    def new_page(self) -> Page:
        context = self.browser.new_context(base_url=self.base_url, viewport=DESKTOP)
        self.contexts.append(context)
        return context.new_page()

    def as_(self, email: str) -> Page:
        """The persona's page; signed in through the sign-in form the first time. The test
        database is emptied after each test, sessions with it, so a context lives one test."""
        if email not in self.pages:
            page = self.new_page()
            page.goto("/konto/logga-in/")
            page.fill("#id_username", email)
            page.fill("#id_password", DEMO_PASSWORD)
            submit(page, page.locator("form:has(#id_username) button[type=submit]"))
            assert "/konto/logga-in/" not in page.url, f"{email} could not sign in"
            self.pages[email] = page
        return self.pages[email]

    def audit(self, page: Page, shot: str | None = None) -> None:
        """Axe and reflow on the page as it is, in Swedish and in English; a screenshot of the
        Swedish page under the name `shot`."""
        self.check(page)
        if shot:
            page.screenshot(path=self.screenshot_dir / f"{shot}.png", full_page=True)
        switch_language(page, "en")
        self.check(page)
        switch_language(page, "sv")

    def check(self, page: Page) -> None:
        language = page.evaluate("document.documentElement.lang")
        where = f"{page.url.removeprefix(self.base_url)} ({language})"
        results = AXE.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        if results.violations_count:
            self.problems.append(f"{where}: {results.generate_report()}")
        page.set_viewport_size(NARROW)
        width = page.evaluate("document.documentElement.scrollWidth")
        headless = page.evaluate(STACKED_CELLS_WITHOUT_HEADING)
        page.set_viewport_size(DESKTOP)
        if width > NARROW["width"]:
            self.problems.append(f"{where} is {width} CSS px wide at 320 CSS px")
        if headless:
            self.problems.append(f"{where} at 320 CSS px, cells without heading: {headless}")
        self.audited.append((where, language))

    def assert_no_problems(self) -> None:
        assert not self.problems, "\n\n".join(self.problems)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def submit(page: Page, control: Locator) -> None:
    """Click a control that loads a page, and wait for that page."""
    with page.expect_navigation():
        control.click()


def switch_language(page: Page, code: str) -> None:
    """With the language control in the page header ("Byt språk")."""
    switcher = page.locator("form:has(select[name=language])")
    switcher.locator("select").select_option(code)
    submit(page, switcher.locator("button[type=submit]"))
    assert page.evaluate("document.documentElement.lang") == code


STACKED_CELLS_WITHOUT_HEADING = """() => {
  const missing = [];
  for (const table of document.querySelectorAll("main table")) {
    const heads = [...table.querySelectorAll("thead th")].map(
      (th) => th.textContent.replace(/\\s+/g, " ").trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      if (getComputedStyle(row).display !== "block") continue;
      [...row.children].forEach((cell, column) => {
        if (cell.colSpan > 1 || !cell.textContent.trim()) return;
        const shown = getComputedStyle(cell, "::before").content;
        if (!heads[column] || !shown.includes(heads[column])) {
          missing.push(`${heads[column]} / ${cell.textContent.trim().slice(0, 40)}`);
        }
      });
    }
  }
  return missing;
}"""


def cells_without_heading(page: Page) -> list[str]:
    """The table cells that, stacked at 320 CSS px, do not show their column's heading."""
    page.set_viewport_size(NARROW)
    try:
        return page.evaluate(STACKED_CELLS_WITHOUT_HEADING)
    finally:
        page.set_viewport_size(DESKTOP)


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focus is on the element matching the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def tab_to_control(page: Page, control: Locator) -> None:
    """Press Tab until the focus is on that control (found by its id, read, not clicked)."""
    tab_to(page, f"#{control.get_attribute('id')}")


def tab_to_link(page: Page, name: str) -> None:
    tab_to(
        page, f"main a[href='{page.get_by_role('link', name=name).first.get_attribute('href')}']"
    )


def tick(page: Page, box: Locator) -> None:
    """Tab to a checkbox or radio and tick it with Space, unless it is ticked already."""
    tab_to_control(page, box)
    if not box.is_checked():
        page.keyboard.press("Space")
    assert box.is_checked()


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press_to_load(page: Page, key: str = "Enter") -> None:
    """Press a key on the focused link or button, and wait for the page it loads."""
    with page.expect_navigation():
        page.keyboard.press(key)
