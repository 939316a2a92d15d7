from django.urls import path

from sme2go.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.NeedListView.as_view(), name="list"),
    path("new/", views.need_create, name="create"),
    path("<int:need_pk>/", views.NeedDetailView.as_view(), name="detail"),
    path("<int:need_pk>/edit/", views.need_edit, name="edit"),
    path("<int:need_pk>/status/", views.need_status, name="status"),
]
