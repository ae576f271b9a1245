"""The family may say no to a SIP, before it is agreed or after. Who said it and why is
recorded, with history, shown on the plan and in the case's chronology, and the plan is
changed no more."""

import pytest
from django.urls import reverse

from apps.sip import services
from apps.sip.models import Plan

pytestmark = pytest.mark.django_db


def decline_url(plan):
    return reverse("sip:plan_decline", args=[plan.pk])


def test_a_refusal_before_the_plan_is_agreed_is_recorded_with_why(
    client, case, draft, bba, clinician
):
    plan = draft.plan
    client.force_login(clinician)

    response = client.post(
        decline_url(plan),
        {
            "declined_by_party": "Lena Berg, mamma",
            "reason": "Vi vill inte att <b>fler</b> inblandas just nu.",
        },
    )

    assert response["Location"] == reverse("sip:plan_detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.declined == Plan.Declined.REFUSED
    assert (plan.declined_by_party, plan.declined_recorded_by) == ("Lena Berg, mamma", clinician)
    recorded = plan.history.first()
    assert (recorded.declined, recorded.history_user) == ("refused", clinician)
    page = client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
    assert "Familjen tackade nej till en SIP" in page
    assert "Vi vill inte att &lt;b&gt;fler&lt;/b&gt; inblandas just nu." in page
    assert reverse("sip:version_edit", args=[draft.pk]) not in page

    client.force_login(bba)
    case_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Familjen tackade nej till en SIP" in case_page
    assert (
        "Familjen tackade nej till en SIP (Lena Berg, mamma): Vi vill inte att "
        "&lt;b&gt;fler&lt;/b&gt; inblandas just nu."
    ) in case_page


def test_declining_after_agreement_ends_the_plan_and_stops_changes(agreed, clinician):
    plan = agreed.plan

    services.record_declined(
        plan, by=clinician, declined_by_party="Alva", reason="Alva vill klara sig själv nu."
    )

    plan.refresh_from_db()
    assert plan.declined == Plan.Declined.ENDED
    assert services.not_followable_reason(agreed) == "Familjen har tackat nej till planen."
    with pytest.raises(services.PlanRefused, match="redan antecknat"):
        services.record_declined(plan, by=clinician, declined_by_party="Alva", reason="Igen")


def test_the_reason_must_be_written_and_nothing_typed_is_lost(client, draft, clinician):
    client.force_login(clinician)

    response = client.post(
        decline_url(draft.plan), {"declined_by_party": "Lena Berg", "reason": "  "}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv varför familjen tackade nej." in page
    assert 'value="Lena Berg"' in page
    draft.plan.refresh_from_db()
    assert draft.plan.declined == ""


def test_a_declined_draft_cannot_be_written_in(draft, clinician):
    services.record_declined(draft.plan, by=clinician, declined_by_party="Lena", reason="Nej.")
    draft.refresh_from_db()
    with pytest.raises(services.PlanRefused, match="tackat nej"):
        services.update_version(
            draft,
            by=clinician,
            expected_revision=draft.revision,
            fields={"child_needs": "Något"},
            actions=[],
            contacts=[],
        )


def test_others_get_404_and_nothing_is_recorded(client, draft, other_bba, teacher):
    for outsider in (other_bba, teacher):
        client.force_login(outsider)
        response = client.post(
            decline_url(draft.plan), {"declined_by_party": "Lena", "reason": "Nej."}
        )
        assert response.status_code == 404
    draft.plan.refresh_from_db()
    assert draft.plan.declined == ""
