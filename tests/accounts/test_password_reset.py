"""Password reset is not offered to people who sign in through the identity provider (issue
10, point 4), and answers them exactly as it answers an unknown address."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.agencies import UserFactory

pytestmark = pytest.mark.django_db


def test_no_reset_link_for_someone_who_signs_in_through_the_identity_provider(client):
    person = UserFactory(signs_in_with_idp=True)
    unknown = client.post(reverse("accounts:password_reset"), {"email": "ingen@example.se"})

    response = client.post(reverse("accounts:password_reset"), {"email": person.email})

    assert mail.outbox == []
    assert (response.status_code, response["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    person.signs_in_with_idp = False
    person.save()
    client.post(reverse("accounts:password_reset"), {"email": person.email})
    assert [m.to for m in mail.outbox] == [[person.email]]
