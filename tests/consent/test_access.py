"""Who may record, read and withdraw a case's consent: the owning unit's BBA and the assigned
handler. Everyone else gets 404, so not even the consent's existence leaks."""

import pytest
from django.urls import reverse

from apps.cases import services as case_services
from apps.consent.models import Consent
from tests.factories.consent import active_consent, consent_form_data

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "other_bba",
    "social_worker",
    "administrator",
    "reporter",
    "handler",
    "steering_group",
]


@pytest.fixture
def consent(teen_case, social_services):
    return active_consent(teen_case, [social_services], ["meeting"])


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_consent_page(
    client, teen_case, consent, social_services, outsider, request
):
    client.force_login(request.getfixturevalue(outsider))
    pages = [
        ("get", reverse("consent:consent_create", args=[teen_case.pk]), {}),
        (
            "post",
            reverse("consent:consent_create", args=[teen_case.pk]),
            consent_form_data(teen_case, [social_services]),
        ),
        ("get", reverse("consent:consent_detail", args=[consent.pk]), {}),
        ("get", reverse("consent:consent_withdraw", args=[consent.pk]), {}),
        (
            "post",
            reverse("consent:consent_withdraw", args=[consent.pk]),
            {"withdrawn_by_party": "Lena Berg"},
        ),
    ]
    for method, url, data in pages:
        assert getattr(client, method)(url, data).status_code == 404, (outsider, method, url)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("insider", ["bba", "handler"])
def test_the_bba_and_the_assigned_handler_reach_every_consent_page(
    client, teen_case, consent, bba, insider, request
):
    user = request.getfixturevalue(insider)
    if insider == "handler":
        case_services.assign_handler(teen_case, user, by=bba)
    client.force_login(user)
    for url in [
        reverse("consent:consent_create", args=[teen_case.pk]),
        reverse("consent:consent_detail", args=[consent.pk]),
        reverse("consent:consent_withdraw", args=[consent.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_a_handler_taken_off_the_case_loses_its_consents(client, teen_case, consent, bba, handler):
    case_services.assign_handler(teen_case, handler, by=bba)
    case_services.assign_handler(teen_case, None, by=bba)
    client.force_login(handler)
    assert client.get(reverse("consent:consent_detail", args=[consent.pk])).status_code == 404
