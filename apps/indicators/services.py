from django.db import transaction

from apps.indicators import tasks


def request_refresh(*, by) -> None:
    """Have the figures recomputed now rather than tonight. Queued, not run here: at county
    scale the computation takes longer than a request should, and the worker runs one at a
    time what beat and the button ask for alike."""
    transaction.on_commit(lambda: tasks.refresh_indicators.delay(by.pk))
