from django.urls import path

from sme2go.imports import views

app_name = "imports"
urlpatterns = [
    path("companies/", views.upload, name="companies"),
    path("companies/template.csv", views.template_csv, name="template_csv"),
    path("companies/template.xlsx", views.template_xlsx, name="template_xlsx"),
    path("<int:importlog_pk>/commit/", views.commit, name="commit"),
]
