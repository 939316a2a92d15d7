from django.urls import path

from sme2go.matches import views

app_name = "matches"
urlpatterns = [
    path("needs/<int:need_pk>/matches/", views.need_matches, name="need"),
    path("needs/<int:need_pk>/matches/refresh/", views.refresh_need, name="refresh"),
    path("companies/<int:organisation_pk>/matches/", views.company_matches, name="company"),
    path("matches/<int:proposal_pk>/decide/", views.decide, name="decide"),
    path("matches/<int:proposal_pk>/comment/", views.comment, name="comment"),
]
