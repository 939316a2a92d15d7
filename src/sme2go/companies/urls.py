from django.urls import path

from sme2go.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.CompanyListView.as_view(), name="list"),
    path("new/", views.company_create, name="create"),
    path("<int:organisation_pk>/", views.CompanyDetailView.as_view(), name="detail"),
    path("<int:organisation_pk>/edit/", views.company_edit, name="edit"),
    path("<int:organisation_pk>/products/new/", views.product_create, name="product_create"),
    path("products/<int:product_pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:product_pk>/delete/", views.product_delete, name="product_delete"),
    path(
        "<int:organisation_pk>/certifications/new/",
        views.certification_create,
        name="certification_create",
    ),
    path(
        "certifications/<int:certification_pk>/edit/",
        views.certification_edit,
        name="certification_edit",
    ),
    path(
        "certifications/<int:certification_pk>/delete/",
        views.certification_delete,
        name="certification_delete",
    ),
]
