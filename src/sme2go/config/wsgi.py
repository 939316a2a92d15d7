"""WSGI entry point, used by ``sme2go serve`` (waitress) or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.config.settings")
application = get_wsgi_application()
