"""Readiness pages: the list, starting an assessment, answering it, the adviser's review,
the result, evidence files, the comparison between waves, the cohort, and the exports.

Every object is looked up in the user's scope: another programme's assessment (and any
assessment, for a host) answers 404.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sme2go.core.tenancy import access_for, get_scoped_or_404, scoped
from sme2go.core.views import ScopedListView, apply_validation_error, form_page
from sme2go.exports.tabular import Column, csv_response
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.readiness import domain, forms
from sme2go.readiness.models import Assessment, EvidenceFile, ScoreSnapshot
from sme2go.readiness.progress import build_cohort, compare_assessments
from sme2go.readiness.report import build_report
from sme2go.readiness.results import banks_of


def assessment_url(assessment: Assessment) -> str:
    return reverse("readiness:detail", kwargs={"assessment_pk": assessment.pk})


def _is_adviser(request: HttpRequest) -> bool:
    access = access_for(request.user)
    return access.is_operator or access.is_superuser


class AssessmentFilterSet(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        queryset=lambda request: scoped(Programme, request.user)
    )
    wave = django_filters.ChoiceFilter(choices=Assessment.Wave.choices)
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)

    class Meta:
        model = Assessment
        fields = ["programme", "wave", "status"]


class AssessmentListView(ScopedListView):
    """Assessments the user may see, with their latest score."""

    model = Assessment
    template_name = "readiness/assessment_list.html"
    search_fields = ("company__name",)
    filterset_class = AssessmentFilterSet

    def base_queryset(self) -> QuerySet:
        return Assessment.objects.select_related("company", "programme", "mission").order_by(
            "company__name", "started_at"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = list(context["object_list"])
        latest: dict[int, ScoreSnapshot] = {}
        snapshots = ScoreSnapshot.objects.filter(assessment__in=[a.pk for a in page]).defer(
            "result", "modules"
        )
        for snapshot in snapshots.order_by("taken_at", "pk"):
            latest[snapshot.assessment_id] = snapshot
        context["rows"] = [(a, latest.get(a.pk)) for a in page]
        context["programmes"] = scoped(Programme, self.request.user).order_by("name")
        context["waves"] = Assessment.Wave.choices
        context["statuses"] = Assessment.Status.choices
        context["is_adviser"] = _is_adviser(self.request)
        return context


@login_required
def start(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """Start an assessment of a company (its own users, or its programme's advisers)."""
    company = get_scoped_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY),
        request.user,
        pk=organisation_pk,
    )
    access = access_for(request.user)
    if not (access.is_operator or access.is_superuser or access.organisation_id == company.pk):
        raise PermissionDenied
    form = forms.StartForm(request.POST or None, company=company, user=request.user)

    def save() -> Assessment:
        data = form.cleaned_data
        return domain.start_assessment(
            company=company,
            programme=data["programme"],
            wave=data["wave"],
            mission=data["mission"],
            actor=request.user,
        )

    return form_page(
        request,
        form,
        save=save,
        success_message=_("Assessment started: answer what you can, save, and continue later."),
        success_url=lambda a: reverse("readiness:answer", kwargs={"assessment_pk": a.pk}),
        title=_("Start a readiness assessment of %(company)s") % {"company": company.name},
        back_url=reverse("companies:detail", kwargs={"organisation_pk": company.pk}),
        context={"submit_label": _("Start")},
    )


def _assessment(request: HttpRequest, assessment_pk: int) -> Assessment:
    return get_scoped_or_404(
        Assessment.objects.select_related("company", "programme", "mission"),
        request.user,
        pk=assessment_pk,
    )


@login_required
def answer(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """The company fills in the assessment: save and continue later, or submit."""
    assessment = _assessment(request, assessment_pk)
    if assessment.status != Assessment.Status.DRAFT:
        if request.method == "POST":
            raise PermissionDenied
        return redirect(assessment_url(assessment))
    form = forms.AnswersForm(
        request.POST or None, assessment=assessment, banks=banks_of(assessment)
    )
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        try:
            domain.save_answers(
                assessment=assessment,
                answers=form.answers(),
                facts=form.facts(),
                actor=request.user,
            )
            if submitting:
                domain.submit_assessment(assessment=assessment, actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_item_errors(error.message_dict)
            else:
                form.add_error(None, error)
        else:
            if submitting:
                messages.success(request, _("Submitted: your adviser will review the answers."))
                return redirect(assessment_url(assessment))
            messages.success(request, _("Saved. You can continue later from where you left off."))
            return redirect(reverse("readiness:answer", kwargs={"assessment_pk": assessment.pk}))
    answered = assessment.answers.count()
    total = sum(len(bank.items) for bank in banks_of(assessment))
    return render(
        request,
        "readiness/answer.html",
        {
            "assessment": assessment,
            "form": form,
            "sections": form.sections(),
            "answered": answered,
            "total": total,
        },
    )


@login_required
def review(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """The adviser sets the evidence level of each answer and stores a new score."""
    assessment = _assessment(request, assessment_pk)
    if not _is_adviser(request):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            domain.review_assessment(
                assessment=assessment,
                evidence=form.evidence(),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_item_errors(error.message_dict)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("Review saved; the score now counts the confirmed answers.")
            )
            return redirect(assessment_url(assessment))
    items = {item.id: item for bank in banks_of(assessment) for item in bank.items}
    language = get_language() or "en"
    files = {}
    for evidence in assessment.evidence_files.select_related("answer"):
        files.setdefault(evidence.answer.item_id if evidence.answer else "", []).append(evidence)
    rows = []
    for answer_row in form.answered:
        item = items.get(answer_row.item_id)
        rows.append(
            {
                "answer": answer_row,
                "text": item.text.get(language) if item else answer_row.item_id,
                "anchor": item.anchors[answer_row.level].get(language)
                if item and item.anchors and answer_row.level is not None
                else "",
                "field": form[forms.field_name("evidence", answer_row.item_id)],
                "files": files.get(answer_row.item_id, []),
            }
        )
    return render(
        request,
        "readiness/review.html",
        {
            "assessment": assessment,
            "form": form,
            "rows": rows,
            "general_files": files.get("", []),
            "evidence_form": forms.EvidenceForm(assessment=assessment),
            "draft": assessment.status == Assessment.Status.DRAFT,
        },
    )


@require_POST
@login_required
def evidence_upload(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """Attach an evidence file (the company or an adviser); back to where it came from."""
    assessment = _assessment(request, assessment_pk)
    form = forms.EvidenceForm(request.POST, request.FILES, assessment=assessment)
    back = (
        reverse("readiness:review", kwargs={"assessment_pk": assessment.pk})
        if _is_adviser(request)
        else assessment_url(assessment)
    )
    if form.is_valid():
        try:
            domain.attach_evidence(
                assessment=assessment,
                upload=form.cleaned_data["file"],
                item_id=form.cleaned_data["item_id"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Evidence attached."))
            return redirect(back)
    for problem in [e for errors in form.errors.values() for e in errors]:
        messages.error(request, problem)
    return redirect(back)


@require_safe
@login_required
def evidence_download(request: HttpRequest, evidencefile_pk: int) -> HttpResponse:
    evidence = get_scoped_or_404(EvidenceFile, request.user, pk=evidencefile_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _latest_snapshot(assessment: Assessment) -> ScoreSnapshot | None:
    return assessment.snapshots.order_by("-taken_at", "-pk").first()


@require_safe
@login_required
def detail(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """The result page: the latest stored score of the assessment, as it was scored."""
    assessment = _assessment(request, assessment_pk)
    snapshot = _latest_snapshot(assessment)
    access = access_for(request.user)
    context: dict[str, Any] = {
        "assessment": assessment,
        "report": build_report(snapshot) if snapshot else None,
        "is_adviser": _is_adviser(request),
        "can_answer": assessment.status == Assessment.Status.DRAFT,
        "evidence_form": forms.EvidenceForm(assessment=assessment)
        if access.is_company and snapshot is not None
        else None,
        "evidence_files": assessment.evidence_files.select_related("answer"),
        "others": scoped(Assessment, request.user)
        .filter(company=assessment.company_id)
        .exclude(pk=assessment.pk)
        .order_by("started_at"),
    }
    return render(request, "readiness/result.html", context)


@require_safe
@login_required
def report_pdf(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """The company's readiness report as a PDF (WeasyPrint, as the agendas)."""
    assessment = _assessment(request, assessment_pk)
    snapshot = _latest_snapshot(assessment)
    if snapshot is None:
        raise Http404
    pdf = report_pdf_bytes(build_report(snapshot), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"readiness-{slugify(assessment.company.name)}-{assessment.wave}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def report_pdf_bytes(report, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML  # Loads Pango and fonts: only when a PDF is asked for.

    html = render_to_string("readiness/report_print.html", {"report": report})
    return HTML(string=html, base_url=base_url).write_pdf()


@require_safe
@login_required
def company_progress(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    """One company's change between two waves (``?before=&after=``; default: its first
    and latest scored assessments)."""
    company = get_scoped_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY),
        request.user,
        pk=organisation_pk,
    )
    scored = list(
        scoped(Assessment, request.user)
        .filter(company=company, snapshots__isnull=False)
        .select_related("programme", "mission")
        .distinct()
        .order_by("started_at")
    )
    by_pk = {a.pk: a for a in scored}

    def pick(name: str, default: Assessment | None) -> Assessment | None:
        try:
            return by_pk.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    before = pick("before", scored[0] if scored else None)
    after = pick("after", scored[-1] if scored else None)
    comparisons = compare_assessments(before, after) if before and after and before != after else []
    return render(
        request,
        "readiness/progress.html",
        {
            "company": company,
            "assessments": scored,
            "before": before,
            "after": after,
            "comparisons": comparisons,
        },
    )


def _cohort_scope(request: HttpRequest, programme_pk: int | None, mission_pk: int | None):
    """(title, assessments, back URL, CSV URL) of a programme's or a mission's cohort;
    operators only (a company sees no one else's scores)."""
    if not _is_adviser(request):
        # The company may see the programme or the mission, but not the cohort.
        if programme_pk is not None:
            get_scoped_or_404(Programme, request.user, pk=programme_pk)
        else:
            get_scoped_or_404(Mission, request.user, pk=mission_pk)
        raise PermissionDenied
    assessments = scoped(Assessment, request.user)
    if programme_pk is not None:
        programme = get_scoped_or_404(Programme, request.user, pk=programme_pk)
        return (
            programme.name,
            assessments.filter(programme=programme),
            reverse("programmes:detail", kwargs={"programme_pk": programme.pk}),
            reverse("readiness:programme_cohort_csv", kwargs={"programme_pk": programme.pk}),
        )
    mission = get_scoped_or_404(Mission, request.user, pk=mission_pk)
    return (
        mission.title,
        assessments.filter(programme=mission.programme_id, company__in=mission.companies.all()),
        reverse("missions:detail", kwargs={"mission_pk": mission.pk}),
        reverse("readiness:mission_cohort_csv", kwargs={"mission_pk": mission.pk}),
    )


@require_safe
@login_required
def cohort(request: HttpRequest, programme_pk: int | None = None, mission_pk: int | None = None):
    title, assessments, back_url, csv_url = _cohort_scope(request, programme_pk, mission_pk)
    return render(
        request,
        "readiness/cohort.html",
        {
            "title": title,
            "cohort": build_cohort(assessments),
            "back_url": back_url,
            "csv_url": csv_url,
        },
    )


COHORT_COLUMNS = (
    Column(gettext_lazy("Company"), lambda r: r.company.name),
    Column(gettext_lazy("First wave"), lambda r: r.first_wave_label),
    Column(gettext_lazy("First score"), lambda r: r.first_overall),
    Column(gettext_lazy("Latest wave"), lambda r: r.latest_wave_label),
    Column(gettext_lazy("Latest score"), lambda r: r.latest_overall),
    Column(pgettext_lazy("difference between two scores", "Change"), lambda r: r.change),
    Column(gettext_lazy("Band"), lambda r: r.band_label),
    Column(gettext_lazy("Verified score"), lambda r: r.latest_verified),
    Column(
        gettext_lazy("Open critical blockers"),
        lambda r: [f"{item} {title}" for item, title in r.blockers],
    ),
)


@require_safe
@login_required
def cohort_csv(
    request: HttpRequest, programme_pk: int | None = None, mission_pk: int | None = None
):
    title, assessments, _back, _csv = _cohort_scope(request, programme_pk, mission_pk)
    rows = build_cohort(assessments).rows
    name = f"readiness-cohort-{slugify(title)}-{timezone.localdate().isoformat()}"
    return csv_response(name, COHORT_COLUMNS, rows)
