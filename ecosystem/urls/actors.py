"""Front-office URLs: actors, their members, join requests and member invitations."""

from django.urls import path

from ecosystem.views import actors, members

urlpatterns = [
    path("structures/nouvelle/", actors.actor_create, name="actor_create"),
    path("structures/<slug:slug>/modifier/", actors.actor_edit, name="actor_edit"),
    path("structures/<slug:slug>/membres/", members.member_list, name="actor_members"),
    path("structures/<slug:slug>/membres/inviter/", members.member_invite, name="member_invite"),
    path("structures/<slug:slug>/membres/<int:pk>/role/", members.member_role, name="member_role"),
    path("structures/<slug:slug>/membres/<int:pk>/retirer/", members.member_remove, name="member_remove"),
    path(
        "structures/<slug:slug>/invitations/<int:pk>/annuler/",
        members.invitation_cancel,
        name="invitation_cancel",
    ),
    path("structures/<slug:slug>/rejoindre/", members.join_request, name="join_request"),
    path(
        "structures/<slug:slug>/demandes/<int:pk>/", members.join_request_decide, name="join_request_decide"
    ),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
]
