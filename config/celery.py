"""The Celery application. Tasks take ids and the acting user's id, never model instances."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tillsammans")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
