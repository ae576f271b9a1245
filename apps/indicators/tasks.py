from celery import shared_task
from django.contrib.auth import get_user_model

from apps.indicators import compute


@shared_task
def refresh_indicators(requested_by_id: int | None = None) -> int:
    """Recompute the current and previous term's and year's figures: nightly from beat, and
    when someone asks for it (``services.request_refresh``). The pages read only the stored
    figures, so no page view ever counts records."""
    by = get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
    return compute.refresh(by=by)
