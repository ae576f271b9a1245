from celery import shared_task
from django.contrib.auth import get_user_model

from apps.agencies import policy


@shared_task
def sync_all_role_groups() -> int:
    """Hourly: apply membership start and end dates for people who are not signed in."""
    users = get_user_model().objects.filter(memberships__isnull=False).distinct()
    for user in users:
        policy.sync_role_groups(user)
    return len(users)
