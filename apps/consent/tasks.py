from celery import shared_task

from apps.consent import sharing


@shared_task
def end_lapsed_shares() -> int:
    """Daily (and hourly, to be safe): consents past their end date share nothing more."""
    return sharing.end_lapsed_shares()
