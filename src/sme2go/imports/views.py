"""The import pages, one per kind (companies, hosts and counterparts, needs): upload a
file, see the preview, commit it; download the template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.exports.tabular import Column, export_response
from sme2go.imports import domain
from sme2go.imports.forms import UploadForm
from sme2go.imports.models import ImportLog
from sme2go.imports.reading import Problem, max_bytes
from sme2go.programmes.models import Programme


def _require_importer(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not (access.is_operator or access.is_superuser) or not (
        scoped(Programme, request.user, "change").exists()
    ):
        raise PermissionDenied


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a file of ``kind``: a POST shows its preview, and keeps it if it can be
    committed."""
    spec = domain.kind_spec(kind)
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    preview = kept = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        programme = form.cleaned_data["programme"]
        if upload.size > max_bytes():
            # Refused before reading it into memory; the same message as the reader's.
            preview = domain.Preview(
                upload.name,
                [],
                [
                    Problem(
                        upload.name,
                        None,
                        None,
                        _("The file is %(size).1f MB; the limit is %(limit).1f MB.")
                        % {"size": upload.size / 1e6, "limit": max_bytes() / 1e6},
                    )
                ],
            )
        else:
            data = upload.read()
            preview = domain.preview_import(
                kind=kind,
                actor=request.user,
                programme=programme,
                file_name=upload.name,
                data=data,
            )
            if preview.ok:
                kept = domain.keep_preview(
                    kind=kind,
                    actor=request.user,
                    programme=programme,
                    file_name=upload.name,
                    data=data,
                )
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "spec": spec,
            "kinds": domain.KINDS,
            "preview": preview,
            "kept": kept,
            "logs": scoped(ImportLog, request.user)
            .filter(status=ImportLog.Status.COMMITTED, kind=kind)
            .select_related("programme", "user")[:10],
        },
    )


@login_required
@require_POST
def commit(request: HttpRequest, importlog_pk: int) -> HttpResponse:
    """Import the previewed file: all rows or none."""
    log = get_scoped_or_404(
        ImportLog.objects.filter(status=ImportLog.Status.PREVIEWED), request.user, pk=importlog_pk
    )
    try:
        _preview, committed = domain.commit_previewed_import(actor=request.user, log=log)
    except domain.ImportRejected as rejected:
        # The programme changed since the preview (say, a key was taken meanwhile).
        for problem in rejected.preview.problems:
            messages.error(request, str(problem))
        return redirect(f"imports:{domain.kind_spec(log.kind).SLUG}")
    messages.success(
        request,
        _("%(file)s imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
        % {
            "file": committed.file_name,
            "new": committed.created,
            "changed": committed.updated,
            "unchanged": committed.unchanged,
        },
    )
    return redirect(domain.kind_spec(committed.kind).LIST_URL)


@login_required
@require_safe
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The ``?programme=`` programme's records of ``kind`` in the import's own format, to
    edit in a spreadsheet and import back (each row keyed, so nothing is duplicated)."""
    spec = domain.kind_spec(kind)
    _require_importer(request)
    programme = get_scoped_or_404(
        scoped(Programme, request.user, "change"),
        request.user,
        pk=_programme_pk(request.GET.get("programme")),
    )
    columns = [Column(name, lambda row, name=name: row[name]) for name in spec.COLUMNS]
    rows = spec.export_rows(programme, request.user)
    return export_response(fmt, f"{kind}-{programme.pk}", kind, columns, rows)


def _programme_pk(text: str | None) -> int:
    if text is None or not text.isdigit():
        raise Http404
    return int(text)


@login_required
@require_safe
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The file of ``kind`` with its columns and example rows, as CSV or XLSX."""
    spec = domain.kind_spec(kind)
    columns = [Column(name, lambda row, name=name: row.get(name, "")) for name in spec.COLUMNS]
    return export_response(fmt, f"{kind}-template", kind, columns, spec.EXAMPLE_ROWS)
