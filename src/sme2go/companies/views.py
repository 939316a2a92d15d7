"""Company pages: list with filters, profile page, create/edit, products, certifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sme2go.companies import domain
from sme2go.companies.filters import CompanyFilterSet
from sme2go.companies.forms import (
    CertificationForm,
    CompanyProfileForm,
    NewCompanyForm,
    ProductForm,
)
from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.core.tenancy import scoped
from sme2go.core.views import (
    ScopedDetailView,
    ScopedListView,
    form_page,
    get_changeable_or_404,
)
from sme2go.matching.taxonomy import cpv_tree
from sme2go.missions.models import Mission
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.organisations.views import programme_initial
from sme2go.programmes.models import Enrolment, Programme
from sme2go.taxonomy.models import Domain


def company_url(organisation_pk: int) -> str:
    return reverse("companies:detail", kwargs={"organisation_pk": organisation_pk})


def cpv_labels(codes: list[str]) -> list[tuple[str, str]]:
    """``(code, English name)`` pairs; a code missing from the CPV tree keeps an empty name."""
    names = cpv_tree().name
    return [(code, names.get(code.split("-")[0], "")) for code in codes]


class CompanyListView(ScopedListView):
    model = Organisation
    template_name = "companies/company_list.html"
    search_fields = ("name", "profile__offering", "profile__products__name")
    filterset_class = CompanyFilterSet

    def base_queryset(self) -> QuerySet:
        enrolments = scoped(Enrolment, self.request.user).select_related(
            "programme", "recruited_by"
        )
        return (
            Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
            .select_related("profile")
            .prefetch_related(
                "profile__domains",
                Prefetch("enrolments", queryset=enrolments, to_attr="visible_enrolments"),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programmes = scoped(Programme, user)
        context["domains"] = Domain.objects.all()
        context["countries"] = (
            scoped(CompanyProfile, user)
            .order_by("home_country")
            .values_list("home_country", flat=True)
            .distinct()
        )
        context["sizes"] = CompanyProfile.SizeBand.choices
        context["programmes"] = programmes
        context["operators"] = Organisation.objects.filter(
            kind=Organisation.Kind.OPERATOR, partner_of__in=programmes
        ).distinct()
        context["can_create"] = scoped(Programme, user, "change").exists()
        return context


class CompanyDetailView(ScopedDetailView):
    model = Organisation
    pk_url_kwarg = "organisation_pk"
    template_name = "companies/company_detail.html"
    context_object_name = "company"

    def base_queryset(self) -> QuerySet:
        return Organisation.objects.filter(kind=Organisation.Kind.COMPANY).select_related("profile")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        company = self.object
        user = self.request.user
        profile = getattr(company, "profile", None)
        context["profile"] = profile
        if profile is not None:
            items = list(profile.products.all())
            context["products"] = [p for p in items if p.kind == Product.Kind.PRODUCT]
            context["references"] = [p for p in items if p.kind == Product.Kind.REFERENCE]
            context["certifications"] = profile.certifications.all()
            context["domains"] = profile.domains.all()
            context["cpv_codes"] = cpv_labels(profile.cpv_codes)
        context["contacts"] = scoped(ContactPerson, user).filter(organisation=company)
        context["enrolments"] = (
            scoped(Enrolment, user)
            .filter(organisation=company)
            .select_related("programme", "recruited_by")
        )
        context["missions"] = scoped(Mission, user).filter(companies=company).order_by("start_date")
        return context


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    """Organisation, profile and enrolment from one form (operators of a programme only)."""
    if not scoped(Programme, request.user, "change").exists():
        raise PermissionDenied
    form = NewCompanyForm(
        request.POST or None, user=request.user, initial=programme_initial(request)
    )
    return form_page(
        request,
        form,
        save=lambda: domain.create_company(actor=request.user, **form.cleaned_data),
        success_message=lambda profile: _("%(name)s added.") % {"name": profile.organisation.name},
        success_url=lambda profile: company_url(profile.organisation_id),
        title=_("New company"),
        back_url=reverse("companies:list"),
    )


@login_required
def company_edit(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    queryset = Organisation.objects.filter(kind=Organisation.Kind.COMPANY).select_related("profile")
    company = get_changeable_or_404(queryset, request, pk=organisation_pk)
    profile = getattr(company, "profile", None) or CompanyProfile(organisation=company)
    form = CompanyProfileForm(request.POST or None, instance=profile)
    return form_page(
        request,
        form,
        save=lambda: domain.update_company_profile(
            profile=profile, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Profile saved."),
        title=_("Edit profile of %(name)s") % {"name": company.name},
        back_url=company_url(company.pk),
    )


def _changeable_profile(request: HttpRequest, organisation_pk: int) -> CompanyProfile:
    company = get_changeable_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY).select_related("profile"),
        request,
        pk=organisation_pk,
    )
    profile = getattr(company, "profile", None)
    if profile is None:
        # Products hang off the profile; a company without one must fill it in first.
        messages.error(request, _("Fill in the company profile first."))
    return profile


@login_required
def product_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    profile = _changeable_profile(request, organisation_pk)
    if profile is None:
        return redirect("companies:edit", organisation_pk=organisation_pk)
    form = ProductForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    return form_page(
        request,
        form,
        save=lambda: domain.add_product(profile=profile, actor=request.user, **form.cleaned_data),
        success_message=_("Product or reference added."),
        title=_("New product or reference of %(name)s") % {"name": profile.organisation},
        back_url=company_url(organisation_pk),
    )


@login_required
def product_edit(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = get_changeable_or_404(
        Product.objects.select_related("profile"), request, pk=product_pk
    )
    form = ProductForm(request.POST or None, instance=product)
    return form_page(
        request,
        form,
        save=lambda: domain.update_product(
            product=product, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Product or reference saved."),
        title=_("Edit %(name)s") % {"name": product.name},
        back_url=company_url(product.profile.organisation_id),
        delete_url=reverse("companies:product_delete", kwargs={"product_pk": product.pk}),
    )


@require_POST
@login_required
def product_delete(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = get_changeable_or_404(
        Product.objects.select_related("profile"), request, pk=product_pk
    )
    domain.delete_product(product=product, actor=request.user)
    messages.success(request, _("%(name)s deleted.") % {"name": product.name})
    return redirect(company_url(product.profile.organisation_id))


@login_required
def certification_create(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    profile = _changeable_profile(request, organisation_pk)
    if profile is None:
        return redirect("companies:edit", organisation_pk=organisation_pk)
    form = CertificationForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: domain.add_certification(
            profile=profile, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Certification added."),
        title=_("New certification of %(name)s") % {"name": profile.organisation},
        back_url=company_url(organisation_pk),
    )


@login_required
def certification_edit(request: HttpRequest, certification_pk: int) -> HttpResponse:
    certification = get_changeable_or_404(
        Certification.objects.select_related("profile"), request, pk=certification_pk
    )
    form = CertificationForm(request.POST or None, instance=certification)
    return form_page(
        request,
        form,
        save=lambda: domain.update_certification(
            certification=certification, actor=request.user, **form.cleaned_data
        ),
        success_message=_("Certification saved."),
        title=_("Edit %(name)s") % {"name": certification.name},
        back_url=company_url(certification.profile.organisation_id),
        delete_url=reverse(
            "companies:certification_delete", kwargs={"certification_pk": certification.pk}
        ),
    )


@require_POST
@login_required
def certification_delete(request: HttpRequest, certification_pk: int) -> HttpResponse:
    certification = get_changeable_or_404(
        Certification.objects.select_related("profile"), request, pk=certification_pk
    )
    domain.delete_certification(certification=certification, actor=request.user)
    messages.success(request, _("%(name)s deleted.") % {"name": certification.name})
    return redirect(company_url(certification.profile.organisation_id))
