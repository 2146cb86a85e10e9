"""The Celery app: ``celery -A ims worker`` and ``celery -A ims beat``.

Configuration comes from the ``CELERY_*`` settings (Redis broker with ``REDIS_URL``, the filesystem broker
under var/ otherwise; JSON; acks_late with reject_on_worker_lost; django-celery-beat's DatabaseScheduler).
"""

import logging
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ims.settings")

app = Celery("ims")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@beat_init.connect
def _ensure_periodic_tasks(sender=None, **kwargs):
    """Beat started as the README says (`celery -A ims beat`) schedules the periodic tasks with no
    extra step; `manage.py setup_periodic_tasks` does the same explicitly. Both are idempotent."""
    try:
        from ims.notifications.periodic import periodic_tasks_setup

        periodic_tasks_setup()
    except Exception:
        logger.exception("Could not create the periodic tasks; run `manage.py setup_periodic_tasks`")
