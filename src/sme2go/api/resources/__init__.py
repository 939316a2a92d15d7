"""One router per resource; :mod:`sme2go.api.api` mounts them under ``/api/v1/``."""
