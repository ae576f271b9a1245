"""Who reaches a handover: the sender through their case, the receiving unit's BBAs through
the share made under the consent, nobody else. Denied answers 404 and writes nothing, and
withdrawing the consent before the receiver answers ends their access at once."""

import pytest
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.consent.models import Share
from apps.consent.sharing import withdraw_consent
from apps.handovers import services
from apps.handovers.models import Handover
from tests.factories.consent import active_consent, after_last_day
from tests.factories.handovers import hand_over

pytestmark = pytest.mark.django_db


def handover_pages(handover):
    return [
        ("get", handover.get_absolute_url()),
        ("get", reverse("handovers:decline", args=[handover.pk])),
        ("post", reverse("handovers:decline", args=[handover.pk])),
        ("post", reverse("handovers:accept", args=[handover.pk])),
        ("post", reverse("handovers:withdraw", args=[handover.pk])),
        ("get", reverse("handovers:continue_mapping", args=[handover.pk])),
    ]


def assert_no_access(client, handover):
    for method, url in handover_pages(handover):
        response = getattr(client, method)(url, {"reason": "Vi avböjer."})
        assert response.status_code == 404, url
    handover.refresh_from_db()
    assert handover.status == Handover.Status.SENT


# Another school's BBA, the receiving school's reporter and handler (only its BBAs take a
# child on), an administrator, and the preschool's own reporter.
OUTSIDERS = ["other_bba", "school_reporter", "handler", "administrator", "pre_reporter"]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_handover_page(client, handover, outsider, request):
    user = request.getfixturevalue(outsider)
    client.force_login(user)
    assert_no_access(client, handover)
    assert not AccessLog.objects.filter(user=user, object_type="handovers.handover").exists()
    inbox = client.get(reverse("handovers:incoming"))
    assert inbox.status_code == (404 if outsider == "administrator" else 200)
    if inbox.status_code == 200:
        assert "Alva Berg" not in inbox.content.decode()


@pytest.mark.parametrize("outsider", [*OUTSIDERS, "bba"])
def test_only_the_owning_unit_hands_the_case_over(client, case, consent, outsider, request):
    client.force_login(request.getfixturevalue(outsider))
    create = reverse("handovers:handover_create", args=[case.pk])
    assert client.get(create).status_code == 404
    assert client.post(create, {"message": "x"}).status_code == 404
    assert not Handover.objects.exists()


def test_the_sender_does_not_decide_and_the_receiver_does_not_withdraw(
    client, handover, pre_bba, bba
):
    client.force_login(pre_bba)
    assert client.post(reverse("handovers:accept", args=[handover.pk])).status_code == 404
    assert client.get(reverse("handovers:decline", args=[handover.pk])).status_code == 404
    client.force_login(bba)
    assert client.post(reverse("handovers:withdraw", args=[handover.pk])).status_code == 404
    handover.refresh_from_db()
    assert handover.status == Handover.Status.SENT


def test_withdrawing_the_consent_before_acceptance_ends_the_receivers_access_at_once(
    client, handover, consent, case, pre_bba, bba
):
    withdraw_consent(consent, by=pre_bba, withdrawn_by_party="Lena Berg")
    assert set(Share.objects.values_list("ended_reason", flat=True)) == {Share.Ended.WITHDRAWN}
    client.force_login(bba)
    assert_no_access(client, handover)
    home = client.get(reverse("home")).content.decode()
    assert "Alva Berg" not in home
    assert not Handover.objects.filter(status=Handover.Status.ACCEPTED).exists()
    # The sender still sees it, waiting, and may withdraw it to hand over again later.
    client.force_login(pre_bba)
    assert client.get(handover.get_absolute_url()).status_code == 200


def test_withdrawn_for_the_receiving_unit_only_ends_its_access(
    client, case, school, other_school, pre_bba, bba
):
    consent = active_consent(case, [school, other_school], ["handover"], by=pre_bba)
    handover = hand_over(case, pre_bba, school)
    withdraw_consent(consent, by=pre_bba, withdrawn_by_party="Omar Berg", agencies=[school])
    client.force_login(bba)
    assert client.get(handover.get_absolute_url()).status_code == 404


def test_an_expired_consent_ends_the_access_without_a_write_on_the_read(
    client, handover, consent, bba
):
    with after_last_day(consent):
        client.force_login(bba)
        history_before = Share.history.count()
        assert client.get(handover.get_absolute_url()).status_code == 404
        assert client.post(reverse("handovers:accept", args=[handover.pk])).status_code == 404
        assert Share.history.count() == history_before
    handover.refresh_from_db()
    assert handover.status == Handover.Status.SENT


def test_after_acceptance_the_sending_case_stays_readable_to_those_who_had_it(
    client, handover, case, pre_bba, pre_reporter, bba
):
    services.accept_handover(handover, by=bba)
    client.force_login(pre_bba)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    assessment = case.assessments.get()
    assert client.get(assessment.get_absolute_url()).status_code == 200
    client.force_login(pre_reporter)
    assert (
        client.get(reverse("cases:concern_detail", args=[case.concerns.get().pk])).status_code
        == 200
    )
    # The receiver: the summary and their own case, nothing of the sending case.
    client.force_login(bba)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(handover.get_absolute_url()).status_code == 200


def test_reads_of_the_summary_are_in_the_access_log(client, handover, case, bba):
    client.force_login(bba)
    client.get(handover.get_absolute_url())
    client.get(handover.get_absolute_url())
    rows = AccessLog.objects.filter(
        user=bba, object_type="handovers.handover", path=handover.get_absolute_url()
    )
    assert rows.count() == 2
    assert {(row.child_id, row.owner_agency_id) for row in rows} == {
        (case.child_id, case.agency_id)
    }
