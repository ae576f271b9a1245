"""The consent page: what it covers, who answered what, whether it holds, what was shared."""

import pytest
from django.urls import reverse

from apps.agencies import policy
from apps.audit.models import AccessLog
from apps.consent import sharing, tasks
from apps.consent.models import ConsentParty
from tests.factories.consent import active_consent, after_last_day

pytestmark = pytest.mark.django_db


def detail_url(consent):
    return reverse("consent:consent_detail", args=[consent.pk])


def test_page_shows_scope_answers_status_and_shares(client, teen_case, bba, social_services, bup):
    consent = active_consent(teen_case, [social_services, bup], ["meeting", "sip"])
    child_party = consent.parties.get(kind="child")
    child_party.view = "Jag vill inte att alla vet allt."
    child_party.save()
    sharing.share(
        teen_case,
        case=teen_case,
        agency=social_services,
        purpose="meeting",
        groups=[policy.role_group(social_services, "handler")],
        perms=[policy.VIEW_CASE],
        by=bba,
    )
    client.force_login(bba)

    content = client.get(detail_url(consent)).content.decode()

    for text in [
        "Socialtjänsten Nyköping",
        "BUP Nyköping",
        "Samverkansmöte, Samordnad individuell plan (SIP)",
        f"från {consent.valid_from:%Y-%m-%d} till och med {consent.valid_until:%Y-%m-%d}",
        "Skriftligt",
        "Lena Berg",
        "Omar Berg",
        "Samtycker",
        "Jag vill inte att alla vet allt.",
        "Gäller",
        f"Ärende: Ärende {teen_case.pk}, Alva Berg",
        "alla med rollen Handläggare",
        "Delas fortfarande",
        "Återkalla samtycket",
    ]:
        assert text in content, text
    assert "Gäller inte" not in content
    log = AccessLog.objects.get(object_type="consent.consent")
    assert (log.user, log.child_id) == (bba, teen_case.child_id)

    sharing.withdraw_consent(consent, by=bba, withdrawn_by_party="Omar Berg")
    content = client.get(detail_url(consent)).content.decode()
    assert "Gäller inte" in content
    assert "Samtycket är återkallat." in content
    assert "Tomas Ekström: Samtycket återkallades" in content
    assert "Återkalla samtycket" not in content


def test_page_lists_every_reason_it_does_not_hold(client, teen_case, bba, social_services):
    consent = active_consent(
        teen_case, [social_services], ["meeting"], child_answer=ConsentParty.Answer.REFUSED
    )
    consent.parties.filter(guardian__name="Omar Berg").update(answer=ConsentParty.Answer.REFUSED)
    client.force_login(bba)

    content = client.get(detail_url(consent)).content.decode()

    assert "Gäller inte" in content
    assert "Omar Berg har inte samtyckt." in content
    assert "Barnet är 15 år och måste själv samtycka." in content
    assert "Inget har delats under samtycket." in content


def test_shares_of_a_lapsed_consent_show_as_ended(client, teen_case, bba, social_services):
    consent = active_consent(teen_case, [social_services], ["meeting"])
    sharing.share(
        teen_case,
        case=teen_case,
        agency=social_services,
        purpose="meeting",
        groups=[policy.role_group(social_services, "handler")],
        perms=[policy.VIEW_CASE],
        by=bba,
    )
    last_day = consent.valid_until
    with after_last_day(consent):
        client.force_login(bba)
        content = client.get(detail_url(consent)).content.decode()
        assert "Delas fortfarande" not in content
        assert f"Samtycket gällde till och med {last_day:%Y-%m-%d}" in content

        tasks.end_lapsed_shares.delay().get()
        content = client.get(detail_url(consent)).content.decode()

    assert "Samtycket upphörde att gälla" in content
    assert "Delas fortfarande" not in content
