"""Front-office URLs: projects — editing, consortium, partner slots, supports (public pages: directory)."""

from django.urls import path

from ecosystem.views import consortium, matching, partnerships, projects, swarming

urlpatterns = [
    path("projets/nouveau/", projects.project_create, name="project_create"),
    path("projets/<slug:slug>/modifier/", projects.project_edit, name="project_edit"),
    path(
        "projets/<slug:slug>/essaimages/<int:pk>/confirmer/",
        swarming.replication_confirm,
        name="replication_confirm",
    ),
    path(
        "projets/<slug:slug>/essaimages/<int:pk>/decliner/",
        swarming.replication_decline,
        name="replication_decline",
    ),
    path("projets/<slug:slug>/publier/", projects.project_publish, name="project_publish"),
    path("projets/<slug:slug>/depublier/", projects.project_unpublish, name="project_unpublish"),
    path("projets/<slug:slug>/partenaires/", partnerships.partnership_list, name="partnership_list"),
    path(
        "projets/<slug:slug>/partenaires/<int:pk>/modifier/",
        partnerships.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "projets/<slug:slug>/partenaires/<int:pk>/depart/",
        partnerships.partnership_leave,
        name="partnership_leave",
    ),
    path("projets/<slug:slug>/consortium/", consortium.consortium_proposal, name="consortium_proposal"),
    path("projets/<slug:slug>/places/", projects.partnerslot_list, name="partnerslot_list"),
    path("projets/<slug:slug>/places/nouvelle/", projects.partnerslot_create, name="partnerslot_create"),
    path("projets/<slug:slug>/places/<int:pk>/", matching.partnerslot_detail, name="partnerslot_detail"),
    path(
        "projets/<slug:slug>/places/<int:pk>/suggestions.json",
        matching.partnerslot_suggestions_json,
        name="partnerslot_suggestions_json",
    ),
    path("projets/<slug:slug>/places/<int:pk>/modifier/", projects.partnerslot_edit, name="partnerslot_edit"),
    path("projets/<slug:slug>/places/<int:pk>/fermer/", projects.partnerslot_close, name="partnerslot_close"),
    path(
        "projets/<slug:slug>/places/<int:pk>/rouvrir/", projects.partnerslot_reopen, name="partnerslot_reopen"
    ),
    path("projets/<slug:slug>/accompagnements/", projects.support_list, name="support_list"),
    path(
        "projets/<slug:slug>/accompagnements/<int:pk>/retirer/",
        projects.support_remove,
        name="support_remove",
    ),
]
