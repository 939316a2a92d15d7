"""The account page where a user creates, lists and revokes personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sme2go.api import domain
from sme2go.api.forms import TokenForm
from sme2go.api.models import ApiToken
from sme2go.core.views import apply_validation_error


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a POST creates one and shows its value on this response only."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, value = domain.create_api_token(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
                error = ValidationError({"expires_on": error.error_dict.pop("expires_at")})
            apply_validation_error(form, error)
        else:
            created = {"token": token, "value": value}
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": ApiToken.objects.of_user(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, apitoken_pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's token answers 404."""
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=apitoken_pk)
    domain.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("tokens:list")
