"""Front-office URLs: the dynamic evaluation of a project (self-assessments and impact indicators)."""

from django.urls import path

from ecosystem.views import evaluation as views

urlpatterns = [
    path("projets/<slug:slug>/evaluation/", views.overview, name="evaluation_overview"),
    path(
        "projets/<slug:slug>/evaluation/auto-evaluations/nouvelle/",
        views.assessment_create,
        name="assessment_create",
    ),
    path(
        "projets/<slug:slug>/evaluation/auto-evaluations/comparaison/",
        views.assessment_compare,
        name="assessment_compare",
    ),
    path(
        "projets/<slug:slug>/evaluation/auto-evaluations/<int:pk>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "projets/<slug:slug>/evaluation/indicateurs/nouveau/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "projets/<slug:slug>/evaluation/indicateurs/<int:pk>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "projets/<slug:slug>/evaluation/indicateurs/<int:pk>/valeurs/ajouter/",
        views.indicator_value_add,
        name="indicator_value_add",
    ),
    path(
        "projets/<slug:slug>/evaluation/indicateurs/<int:pk>/valeurs/<int:value_pk>/supprimer/",
        views.indicator_value_delete,
        name="indicator_value_delete",
    ),
]
