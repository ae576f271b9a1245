"""Celery tasks of the SIP. They take ids, never model instances."""

from celery import shared_task

from apps.sip import reminders


@shared_task
def send_follow_up_invitations(version_id: int) -> int:
    """After a follow-up is booked: invite everyone in the plan, with a calendar file."""
    return reminders.send_follow_up_invitations(version_id)


@shared_task
def scan_follow_ups() -> dict:
    """Daily (Celery beat): remind coordinators a week ahead and flag overdue follow-ups."""
    return reminders.scan_follow_ups()
