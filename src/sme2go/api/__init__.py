"""The JSON API (``/api/v1/``, django-ninja) and the personal API tokens it accepts."""
