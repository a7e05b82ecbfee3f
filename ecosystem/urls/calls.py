"""Front-office URLs: calls for projects, and a project's applications to them."""

from django.urls import path

from ecosystem.views import calls as views

P = "projets/<slug:slug>/candidatures/"

urlpatterns = [
    path("appels/", views.call_list, name="call_list"),
    path("appels/<slug:call_slug>/", views.call_detail, name="call_detail"),
    path(P, views.application_list, name="application_list"),
    path(f"{P}nouvelle/<slug:call_slug>/", views.application_create, name="application_create"),
    path(f"{P}<int:pk>/", views.application_detail, name="application_detail"),
    path(f"{P}<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path(f"{P}<int:pk>/retirer/", views.application_withdraw, name="application_withdraw"),
    path(f"{P}<int:pk>/documents/", views.document_add, name="document_add"),
    path(f"{P}<int:pk>/documents/<int:doc>/", views.document_download, name="document_download"),
    path(f"{P}<int:pk>/documents/<int:doc>/supprimer/", views.document_remove, name="document_remove"),
]
