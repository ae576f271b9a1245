"""Celery tasks of the SIP. They take ids, never model instances."""

from celery import shared_task

from apps.sip import invitations, reminders


@shared_task
def send_follow_up_invitations(version_id: int) -> int:
    """After a follow-up is booked, moved or called off: bring everyone's calendar up to date
    (invitations, updates and cancellations, see apps/sip/invitations.py)."""
    return invitations.sync(version_id)


@shared_task
def sync_follow_up_invitations() -> int:
    """Daily (Celery beat): cancel the follow-up for whoever lost the plan since."""
    return invitations.sync_all()


@shared_task
def scan_follow_ups() -> dict:
    """Daily (Celery beat): remind coordinators a week ahead and flag overdue follow-ups."""
    return reminders.scan_follow_ups()
