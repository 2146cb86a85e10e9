"""The benchmark's settings: the product's, plus a URL configuration with two throwaway no-work views.

gunicorn and the in-process probes of bench/run.py run with ``DJANGO_SETTINGS_MODULE=bench.settings``; the
product's own settings and URLs are untouched. Only ``ROOT_URLCONF`` differs, so every product endpoint is served
exactly as with ``ims.settings``.
"""

from ims.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
