"""The whole journey in a real browser, by the demo personas, every page audited.

A teacher logs a concern; the school's BBA maps the child with the wheel, analyses, records the
family's consent, calls a meeting and sends a referral; social services accepts it; the BBA
writes the minutes and appoints social services' handler as coordinator, who writes and agrees
the plan and prints both PDFs; then the family withdraws consent for BUP only, and BUP's
clinician loses the plan and the meeting while social services keeps them.
"""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.e2e.browsing import BBA, CLINICIAN, SOCIAL_WORKER, TEACHER, Browsing, submit

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = "Ester Lundqvist"
SOCIAL_SERVICES = "Socialtjänsten Nyköping, barn och unga"
BUP = "BUP Sörmland, Nyköping"


def test_the_whole_journey_in_chromium(browsing: Browsing):
    plan_url = journey_to_an_agreed_plan(browsing)
    meeting_url = browsing.as_(BBA).url

    pdf_texts = print_both_pdfs(browsing, plan_url)
    assert "Samordnad individuell plan" in pdf_texts["planen"]
    assert CHILD in pdf_texts["planen"]
    assert "Familjestöd varje vecka." in pdf_texts["planen"]
    assert "Hej Ester!" in pdf_texts["barnversionen"]
    assert "Samtal om sömn." in pdf_texts["barnversionen"]

    clinician = browsing.as_(CLINICIAN)
    assert clinician.goto(plan_url).status == 200

    withdraw_consent_for(browsing, BUP)

    for url in (plan_url, meeting_url):
        assert clinician.goto(url).status == 404, f"BUP still reads {url}"
        assert "inte delad med dig" in clinician.inner_text("main")
        browsing.audit(clinician)
        assert browsing.as_(SOCIAL_WORKER).goto(url).status == 200, f"{url} lost for all"

    assert len(browsing.audited) >= 60
    browsing.assert_no_problems()


def journey_to_an_agreed_plan(browsing: Browsing) -> str:
    """Every step up to the agreed plan; the address of the plan. Leaves the BBA on the
    meeting page."""
    today = timezone.localdate()

    teacher = browsing.as_(TEACHER)
    browsing.audit(teacher)
    submit(teacher, teacher.get_by_role("link", name="Registrera oro för ett barn"))
    browsing.audit(teacher)
    teacher.fill("#id_personal_number", "20120312-2385")
    teacher.fill("#id_first_name", "Ester")
    teacher.fill("#id_last_name", "Lundqvist")
    teacher.get_by_label("Hemmet").check()
    teacher.get_by_label("Trygghet").check()
    teacher.fill("#id_observation", "Ester kommer hungrig till skolan och somnar på lektionerna.")
    teacher.get_by_label("Egen verksamhet").check()
    submit(teacher, teacher.get_by_role("button", name="Skicka till barnets bästa-ansvarig"))
    assert "Oron är skickad" in teacher.inner_text("main")
    browsing.audit(teacher)

    bba = browsing.as_(BBA)
    browsing.audit(bba, shot="start")
    submit(bba, bba.get_by_role("link", name="Ärenden och ny oro i din verksamhet"))
    browsing.audit(bba)
    submit(bba, bba.get_by_role("link", name=CHILD))
    case_url = bba.url
    browsing.audit(bba)
    # Who changed what, and the choice of handler, are pages of their own.
    submit(bba, bba.get_by_role("link", name="Vem ändrade vad i ärendet"))
    assert "Vem ändrade vad" in bba.inner_text("h1")
    browsing.audit(bba, shot="case-changes")
    bba.goto(case_url)
    submit(bba, bba.get_by_role("link", name="Välj handläggare"))
    assert bba.get_by_label("Handläggare").is_visible()
    browsing.audit(bba, shot="assign-handler")
    bba.goto(case_url)

    submit(bba, bba.get_by_role("link", name="Ny kartläggning"))
    browsing.audit(bba)
    for area in ("health", "development", "learning", "care", "relationships"):
        bba.check(f"#id_{area}-rating_0")
    bba.check("#id_home-rating_2")
    bba.check("#id_safety-rating_1")
    bba.fill("#id_home-notes", "Ester säger att det ofta inte finns mat hemma.")
    bba.fill("#id_home-risks", "Hunger och sömnbrist.")
    bba.fill("#id_safety-notes", "Ester vill inte gå hem efter skolan.")
    bba.fill("#id_child_view", "Jag vill inte gå hem efter skolan.")
    bba.fill("#id_summary", "Allvarlig oro för hemmet, viss oro för tryggheten.")
    submit(bba, bba.get_by_role("button", name="Spara kartläggningen"))
    assert bba.locator("svg").count() >= 1, "the wheel is drawn"
    browsing.audit(bba, shot="wheel")

    bba.goto(case_url)
    submit(bba, bba.get_by_role("link", name="Ändra barnets uppgifter och vårdnadshavare"))
    browsing.audit(bba)
    submit(bba, bba.get_by_role("link", name="Lägg till vårdnadshavare"))
    browsing.audit(bba)
    bba.fill("#id_name", "Maria Lundqvist")
    bba.select_option("#id_relation", "parent")
    bba.check("#id_has_custody")
    bba.fill("#id_email", "maria.lundqvist@example.se")
    submit(bba, bba.get_by_role("button", name="Spara"))

    bba.goto(case_url)
    submit(bba, bba.get_by_role("link", name="Gör analys"))
    browsing.audit(bba)
    for field in ("has_all_information", "obstacles", "what_i_can_do", "what_agency_can_do"):
        bba.fill(f"#id_{field}", "Vi behöver veta mer om hur Ester har det hemma.")
    bba.fill("#id_help_needed", "Stöd till familjen från socialtjänsten.")
    bba.get_by_label("Samverkan behövs").check()
    bba.fill("#id_decision_details", "Vi kallar till samverkansmöte med socialtjänsten och BUP.")
    bba.get_by_label("Socialtjänst", exact=True).check()
    submit(bba, bba.get_by_role("button", name="Spara analys och beslut"))
    browsing.audit(bba)

    bba.goto(case_url)
    submit(bba, bba.get_by_role("link", name="Anteckna samtycke"))
    browsing.audit(bba)
    bba.get_by_role("checkbox", name=SOCIAL_SERVICES).check()
    bba.get_by_role("checkbox", name=BUP).check()
    for purpose in ("Samverkansmöte", "Samordnad individuell plan (SIP)", "Remiss till annan"):
        bba.get_by_label(purpose).check()
    bba.get_by_label("Skriftligt").check()
    bba.check("input[name^='guardian-'][value='agreed']")
    bba.check("#id_child-answer_0")
    submit(bba, bba.get_by_role("button", name="Anteckna samtycket"))
    assert "Samtycket är antecknat" in bba.inner_text("main")
    browsing.audit(bba)

    bba.goto(case_url)
    submit(bba, bba.get_by_role("link", name="Kalla till samverkansmöte"))
    browsing.audit(bba)
    # Today at midnight: it has begun, so the minutes can be written in the same run.
    bba.fill("#id_starts_at", f"{today:%Y-%m-%d}T00:00")
    bba.fill("#id_place", "Ekbackens skola, rum 12")
    bba.locator("fieldset", has_text=SOCIAL_SERVICES).get_by_label("Maja Forsberg").check()
    bba.locator("fieldset", has_text=BUP).get_by_label("Linnea Virtanen").check()
    bba.fill("#id_shared_summary", "Ester behöver stöd hemma och hjälp att sova.")
    submit(bba, bba.get_by_role("button", name="Kalla till mötet"))
    meeting_url = bba.url
    browsing.audit(bba)

    bba.goto(case_url)
    submit(bba, bba.get_by_role("link", name="Skicka remiss"))
    browsing.audit(bba)
    bba.select_option("#id_to_agency", label=f"{SOCIAL_SERVICES} (Nyköping)")
    bba.fill("#id_question", "Kan ni erbjuda familjen stöd i hemmet?")
    bba.fill("#id_summary", "Ester kommer hungrig till skolan.")
    submit(bba, bba.get_by_role("button", name="Skicka remissen"))
    browsing.audit(bba)

    social_worker = browsing.as_(SOCIAL_WORKER)
    browsing.audit(social_worker)
    submit(social_worker, social_worker.get_by_role("link", name="Inkommande remisser", exact=True))
    browsing.audit(social_worker)
    submit(social_worker, social_worker.get_by_role("link", name=CHILD))
    browsing.audit(social_worker)
    submit(social_worker, social_worker.get_by_role("button", name="Ta emot remissen"))
    assert "Remissen är mottagen" in social_worker.inner_text("main")
    browsing.audit(social_worker)

    bba.goto(meeting_url)
    submit(bba, bba.get_by_role("link", name="Skriv protokoll"))
    browsing.audit(bba)
    for person in ("Linnea Virtanen", "Tomas Ekström", "Maja Forsberg"):
        bba.get_by_label(person).check()
    bba.fill("#id_child_view", "Ester vill ha hjälp att sova och någon att prata med.")
    bba.fill("#id_guardians_view", "Maria vill ha stöd hemma.")
    bba.fill("#id_agreed", "Socialtjänsten erbjuder familjestöd, BUP samtal om sömn.")
    submit(bba, bba.get_by_role("button", name="Spara protokollet"))
    browsing.audit(bba)
    submit(bba, bba.get_by_role("link", name="Utse samordningsperson"))
    browsing.audit(bba)
    bba.fill("#id_child_wish", "Ester vill helst prata med Maja.")
    bba.select_option("#id_child_wished_participant", label=f"Maja Forsberg, {SOCIAL_SERVICES}")
    bba.get_by_role("radio", name="Maja Forsberg").check()
    submit(bba, bba.get_by_role("button", name="Utse samordningsperson"))
    browsing.audit(bba)

    social_worker.goto("/")
    browsing.audit(social_worker)
    submit(social_worker, social_worker.get_by_role("link", name=f"Skriv SIP för {CHILD}"))
    browsing.audit(social_worker)
    submit(social_worker, social_worker.get_by_role("button", name="Påbörja planen"))
    plan_url = social_worker.url
    submit(social_worker, social_worker.get_by_role("link", name="Skriv i planen"))
    browsing.audit(social_worker)
    write_the_plan(social_worker, today)
    submit(social_worker, social_worker.get_by_role("button", name="Spara planen"))
    submit(social_worker, social_worker.get_by_role("link", name="Anteckna att planen är"))
    browsing.audit(social_worker)
    social_worker.fill("#id_agreed_parties", "Ester, Maria Lundqvist, skolan, BUP, socialtjänsten.")
    submit(social_worker, social_worker.get_by_role("button", name="Planen är överenskommen"))
    assert "är överenskommen" in social_worker.inner_text("main")
    browsing.audit(social_worker, shot="sip")
    return plan_url


def write_the_plan(page, today) -> None:
    page.fill("#id_child_needs", "Ester behöver mat, sömn och trygghet hemma.")
    page.fill("#id_child_goals", "Att orka skolan och sova på nätterna.")
    page.fill("#id_overall_goal", "Ester är trygg hemma och går i skolan varje dag.")
    page.select_option("#id_lead_agency", label=SOCIAL_SERVICES)
    page.fill("#id_child_view", "Ester tycker att planen är bra.")
    page.fill("#id_guardians_view", "Maria håller med om planen.")
    page.fill("#id_follow_up_how", "Uppföljningsmöte med alla som deltog.")
    page.fill("#id_next_follow_up_at", f"{today.year + 1}-02-15T10:00")
    actions = [
        ("Familjestöd varje vecka.", "home", SOCIAL_SERVICES, "Maja Forsberg"),
        ("Samtal om sömn.", "health", BUP, "Linnea Virtanen"),
    ]
    for number, (what, area, agency, person) in enumerate(actions):
        page.fill(f"#id_actions-{number}-what", what)
        page.select_option(f"#id_actions-{number}-area", area)
        page.select_option(f"#id_actions-{number}-agency", label=agency)
        page.select_option(f"#id_actions-{number}-responsible", label=person)
        page.fill(f"#id_actions-{number}-starts_on", f"{today:%Y-%m-%d}")
        page.fill(f"#id_actions-{number}-ends_on", f"{today.year + 1}-02-15")
        page.select_option(f"#id_contacts-{number}-person", label=person)


def print_both_pdfs(browsing: Browsing, plan_url: str) -> dict[str, str]:
    """The coordinator downloads the plan and the child's version; their text by name."""
    page = browsing.as_(SOCIAL_WORKER)
    page.goto(plan_url)
    texts = {}
    for name in ("planen", "barnversionen"):
        link = page.get_by_role("link", name=f"Skriv ut {name} (PDF)")
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        texts[name] = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
    return texts


def withdraw_consent_for(browsing: Browsing, agency: str) -> None:
    """The BBA withdraws the consent for that one agency: the form starts with nothing
    ticked, and the withdrawal is recorded only from the page that lists what it ends."""
    bba = browsing.as_(BBA)
    submit(bba, bba.get_by_role("link", name="Till ärendet"))
    submit(bba, bba.get_by_role("link", name="Samtycke antecknat"))
    submit(bba, bba.get_by_role("link", name="Återkalla samtycket"))
    browsing.audit(bba)
    assert not [box for box in bba.locator("input[name=agencies]").all() if box.is_checked()]

    def choose():
        bba.get_by_role("checkbox", name=agency).check()
        bba.fill("#id_withdrawn_by_party", "Maria Lundqvist")
        submit(bba, bba.get_by_role("button", name="Visa vad återkallelsen innebär"))
        assert agency in bba.inner_text("main")

    choose()
    # The audit changes language, which reloads the address: the form again, not the
    # confirmation, which only a POST shows. So the choice is made once more after it.
    browsing.audit(bba)
    choose()
    submit(bba, bba.get_by_role("button", name="Återkalla samtycket"))
    assert f"Samtycket är återkallat för {agency}" in bba.inner_text("main")
    browsing.audit(bba)
