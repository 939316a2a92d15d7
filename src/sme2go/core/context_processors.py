from sme2go.core.tenancy import access_for


def access(request):
    """Expose the user's :class:`~sme2go.core.tenancy.Access` to templates as ``access``."""
    return {"access": access_for(getattr(request, "user", None))}
