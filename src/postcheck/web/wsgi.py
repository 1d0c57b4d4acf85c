"""WSGI entry point for gunicorn: ``gunicorn postcheck.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postcheck.web.settings")

application = get_wsgi_application()

# Build the engine (rule packs, learned layer) when a worker starts, not on its first
# request; management commands that never check a post do not pay for it.
from postcheck.engine import default_engine  # noqa: E402

default_engine()
