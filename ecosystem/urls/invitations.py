"""Front-office URLs: consent to a partnership — invitations, expressions of interest and their answers."""

from django.urls import path, re_path

from ecosystem.views import invitations

urlpatterns = [
    path(
        "projets/<slug:slug>/invitations/nouvelle/", invitations.invitation_create, name="invitation_create"
    ),
    path("projets/<slug:slug>/places/<int:pk>/interet/", invitations.interest_create, name="interest_create"),
    path("invitations-partenaires/", invitations.invitation_list, name="invitation_list"),
    re_path(
        r"^invitations-partenaires/(?P<pk>[0-9]+)/(?P<answer>accept|decline)/$",
        invitations.invitation_answer,
        name="invitation_answer",
    ),
    path(
        "invitations-partenaires/<int:pk>/retirer/",
        invitations.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "invitations-partenaires/<int:pk>/refuser-le-projet/",
        invitations.invitation_refuse_project,
        name="invitation_refuse_project",
    ),
]
