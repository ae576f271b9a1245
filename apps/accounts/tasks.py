from celery import shared_task

from apps.accounts import submissions


@shared_task
def forget_old_submissions() -> int:
    return submissions.forget_old_submissions()
