"""WSGI entry point for gunicorn: ``gunicorn postcheck.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postcheck.web.settings")

application = get_wsgi_application()
