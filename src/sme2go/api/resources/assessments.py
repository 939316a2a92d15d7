"""Placeholder router, filled in this session (see /work/roster.md)."""

from ninja import Router

router = Router(tags=["assessments"])
