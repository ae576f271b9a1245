"""A handover in a real browser, by the demo personas, every new page audited in Swedish and
English: a preschool teacher worries about a six-year-old, the preschool's BBA maps her and
hands her over to the school she will start at (refused first, for want of a consent for
handover, then sent under one); the school's BBA accepts and continues the mapping from the
handed-over wheel; the preschool's case is closed as handed over and still theirs to read.
And the same move started by the coordinator of the child's SIP, from the plan page.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.agencies.models import Agency
from apps.analysis.models import Analysis
from apps.cases.models import Case
from apps.sip import services as sip_services
from tests.e2e.browsing import BBA, CLINICIAN, Browsing, submit
from tests.factories.analysis import AnalysisFactory
from tests.factories.cases import personal_number
from tests.factories.consent import active_consent
from tests.factories.sip import agency_action, appointed_meeting, contact, write

pytestmark = pytest.mark.django_db(transaction=True)

PRESCHOOL_TEACHER = "frida.sandberg@nykoping.demo"
PRESCHOOL_BBA = "magnus.mattsson@nykoping.demo"
SCHOOL = "Ekbackens skola"
CHILD = "Siri Holm"
HOME_NOTES = "Siri säger att pappa ofta är borta och att hon är rädd på kvällarna."


def test_a_preschool_hands_a_six_year_old_over_to_her_school(browsing: Browsing):
    case_url = preschool_maps_siri(browsing)
    pre_bba = browsing.as_(PRESCHOOL_BBA)

    submit(pre_bba, pre_bba.get_by_role("link", name="Lämna över ärendet"))
    browsing.audit(pre_bba)
    fill_handover(pre_bba)
    main = pre_bba.inner_text("main")
    assert "Det finns inget samtycke som omfattar Ekbackens skola för överlämning" in main
    assert pre_bba.locator("#id_message").input_value().startswith("Siri börjar")
    # The refused form in Swedish only: switching language reloads the page without it.
    browsing.check(pre_bba)

    submit(pre_bba, pre_bba.get_by_role("link", name="Anteckna samtycke för överlämning"))
    pre_bba.get_by_role("checkbox", name=SCHOOL).check()
    pre_bba.get_by_label("Överlämning", exact=True).check()
    pre_bba.get_by_label("Skriftligt").check()
    pre_bba.check("input[name^='guardian-'][value='agreed']")
    submit(pre_bba, pre_bba.get_by_role("button", name="Anteckna samtycket"))
    assert "Samtycket är antecknat" in pre_bba.inner_text("main")

    pre_bba.goto(case_url)
    submit(pre_bba, pre_bba.get_by_role("link", name="Lämna över ärendet"))
    fill_handover(pre_bba)
    assert "Ärendet är skickat till Ekbackens skola" in pre_bba.inner_text("main")
    browsing.audit(pre_bba)
    submit(pre_bba, pre_bba.get_by_role("link", name="Överlämning skickad till Ekbackens skola"))
    browsing.audit(pre_bba)

    bba = browsing.as_(BBA)
    assert "Överlämningar att ta emot" in bba.inner_text("main")
    browsing.audit(bba)
    submit(bba, bba.get_by_role("link", name="Se alla inkommande överlämningar"))
    browsing.audit(bba)
    submit(bba, bba.get_by_role("link", name=CHILD))
    summary = bba.inner_text("main")
    for shown in (HOME_NOTES, "Jag vill ha en kompis i skolan.", "Johan Holm"):
        assert shown in summary
    browsing.audit(bba)
    assert bba.goto(case_url).status == 404, "the school reads the summary, not the case"
    bba.go_back()

    submit(bba, bba.get_by_role("button", name="Ta emot överlämningen"))
    assert "Överlämningen är mottagen" in bba.inner_text("main")
    browsing.audit(bba)
    submit(
        bba,
        bba.get_by_role("link", name="Fortsätt kartläggningen från det överlämnade hjulet").first,
    )
    assert bba.is_checked("#id_home-rating_2"), "the handed-over rating is filled in"
    assert bba.locator("#id_home-notes").input_value() == HOME_NOTES
    browsing.audit(bba)
    bba.fill("#id_child_view", "Jag ser fram emot att börja skolan.")
    bba.check("#id_home-rating_1")
    submit(bba, bba.get_by_role("button", name="Spara kartläggningen"))
    assert "Kartläggningen är sparad" in bba.inner_text("main")
    assert bba.locator("svg").count() >= 1, "the wheel is drawn"
    browsing.audit(bba)

    pre_bba.goto(case_url)
    closed = pre_bba.inner_text("main")
    assert "Överlämnat till Ekbackens skola" in closed
    assert "Överlämningen togs emot av Ekbackens skola" in closed
    browsing.audit(pre_bba)

    assert len(browsing.audited) >= 21
    browsing.assert_no_problems()


def preschool_maps_siri(browsing: Browsing) -> str:
    """The teacher's concern, the BBA's mapping and the guardian; the case's address, with
    the preschool's BBA left on the case page."""
    today = timezone.localdate()
    birth_date = datetime.date(today.year - 6, 2, 14)

    teacher = browsing.as_(PRESCHOOL_TEACHER)
    submit(teacher, teacher.get_by_role("link", name="Registrera oro för ett barn"))
    teacher.fill("#id_personal_number", personal_number(birth_date, serial=482))
    teacher.fill("#id_first_name", "Siri")
    teacher.fill("#id_last_name", "Holm")
    teacher.get_by_label("Hemmet").check()
    teacher.fill("#id_observation", "Siri gråter när hon ska hem och vill inte bli hämtad.")
    teacher.fill("#id_child_words", "Jag vill ha en kompis i skolan.")
    teacher.get_by_label("Egen verksamhet").check()
    submit(teacher, teacher.get_by_role("button", name="Skicka till barnets bästa-ansvarig"))
    assert "Oron är skickad" in teacher.inner_text("main")

    pre_bba = browsing.as_(PRESCHOOL_BBA)
    submit(pre_bba, pre_bba.get_by_role("link", name="Ärenden och ny oro i din verksamhet"))
    submit(pre_bba, pre_bba.get_by_role("link", name=CHILD))
    case_url = pre_bba.url

    submit(pre_bba, pre_bba.get_by_role("link", name="Ny kartläggning"))
    for area in ("health", "development", "learning", "care", "relationships", "safety"):
        pre_bba.check(f"#id_{area}-rating_0")
    pre_bba.check("#id_home-rating_2")
    pre_bba.fill("#id_home-notes", HOME_NOTES)
    pre_bba.fill("#id_child_view", "Jag tycker om att rita.")
    pre_bba.fill("#id_summary", "Allvarlig oro för hemmet.")
    submit(pre_bba, pre_bba.get_by_role("button", name="Spara kartläggningen"))

    pre_bba.goto(case_url)
    submit(pre_bba, pre_bba.get_by_role("link", name="Ändra barnets uppgifter och vårdnadshavare"))
    submit(pre_bba, pre_bba.get_by_role("link", name="Lägg till vårdnadshavare"))
    pre_bba.fill("#id_name", "Johan Holm")
    pre_bba.select_option("#id_relation", "parent")
    pre_bba.check("#id_has_custody")
    pre_bba.fill("#id_phone", "070-123 45 67")
    submit(pre_bba, pre_bba.get_by_role("button", name="Spara"))
    pre_bba.goto(case_url)
    return case_url


def fill_handover(page) -> None:
    page.select_option("#id_to_agency", label=f"{SCHOOL} (Nyköping)")
    page.fill("#id_message", "Siri börjar förskoleklass hos er i augusti.")
    for part in ("wheel", "child_words", "contacts"):
        page.check(f"input[name=parts][value={part}]")
    submit(page, page.get_by_role("button", name="Skicka överlämningen"))


def test_the_coordinator_hands_over_and_the_school_appoints_its_own(browsing: Browsing):
    """Siri's SIP is coordinated by a BUP clinician, who hands her case over from the plan
    page with what she reads herself; the school's BBA asks Siri first, is refused without her
    wish, and then appoints the school's counsellor as she wished."""
    case_url = preschool_maps_siri(browsing)
    plan = siri_has_a_plan_coordinated_by_bup()

    clinician = browsing.as_(CLINICIAN)
    clinician.goto(reverse("sip:plan_detail", args=[plan.pk]))
    submit(clinician, clinician.get_by_role("link", name="Lämna över ärendet"))
    offered = clinician.inner_text("main")
    assert "Den senaste kartläggningen med hjulet" not in offered
    browsing.audit(clinician)
    clinician.select_option("#id_to_agency", label=f"{SCHOOL} (Nyköping)")
    clinician.fill("#id_message", "Siri börjar förskoleklass hos er i augusti.")
    for part in ("actions", "child_words", "contacts"):
        clinician.check(f"input[name=parts][value={part}]")
    submit(clinician, clinician.get_by_role("button", name="Skicka överlämningen"))
    assert "Ärendet är skickat till Ekbackens skola" in clinician.inner_text("main")
    browsing.audit(clinician)

    bba = browsing.as_(BBA)
    submit(bba, bba.get_by_role("link", name="Se alla inkommande överlämningar"))
    submit(bba, bba.get_by_role("link", name=CHILD))
    summary = bba.inner_text("main")
    assert PLAN_WORDS in summary and HOME_NOTES not in summary
    browsing.audit(bba)
    bba.check("input[name=coordinator][value='current']")
    submit(bba, bba.get_by_role("button", name="Ta emot överlämningen"))
    assert "Fråga barnet först" in bba.inner_text("main")
    browsing.check(bba)

    bba.fill("#id_child_wish", "Siri vill prata med Sara, kuratorn.")
    bba.select_option("#id_child_wished", label="Sara Karimi")
    bba.get_by_label("Sara Karimi").check()
    submit(bba, bba.get_by_role("button", name="Ta emot överlämningen"))
    assert "Överlämningen är mottagen" in bba.inner_text("main")
    submit(bba, bba.get_by_role("link", name="Läs barnets SIP"))
    assert "Sara Karimi (Ekbackens skola) tog över som samordningsperson" in bba.inner_text("main")
    browsing.audit(bba)

    pre_bba = browsing.as_(PRESCHOOL_BBA)
    pre_bba.goto(case_url)
    assert "Överlämnat till Ekbackens skola" in pre_bba.inner_text("main")
    browsing.assert_no_problems()


PLAN_WORDS = "Jag vill prata med någon i skolan."


def siri_has_a_plan_coordinated_by_bup():
    """The collaboration before the move, made through the services: a consent for meetings,
    SIP and handover, a meeting that appointed the BUP clinician, and the plan's draft."""
    case = Case.objects.get(child__first_name="Siri", child__last_name="Holm")
    pre_bba = User.objects.get(email=PRESCHOOL_BBA)
    clinician = User.objects.get(email=CLINICIAN)
    bup = Agency.objects.get(name="BUP Sörmland, Nyköping")
    school = Agency.objects.get(name=SCHOOL)
    AnalysisFactory(
        case=case,
        decided_by=pre_bba,
        decision=Analysis.Decision.COLLABORATION,
        decision_details="BUP behövs kring Siris oro.",
        collaboration_kinds=["bup"],
    )
    active_consent(case, [bup, school], ["meeting", "sip", "handover"], by=pre_bba)
    meeting = appointed_meeting(case, pre_bba, clinician, bup)
    plan = sip_services.create_plan(meeting, by=clinician)
    write(
        plan.versions.get(),
        clinician,
        actions=[agency_action("Samtal på BUP.", bup, clinician, status="ongoing")],
        contacts=[contact(clinician, bup)],
        child_view=PLAN_WORDS,
    )
    return plan
