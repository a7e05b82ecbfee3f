"""Front-office URLs: « Mon espace » (dashboard, profile, personal data)."""

from django.urls import path

from ecosystem.views import account

urlpatterns = [
    path("mon-espace/", account.dashboard, name="dashboard"),
    path("mon-espace/profil/", account.profile_edit, name="profile_edit"),
    path("mon-espace/donnees/", account.personal_data, name="personal_data"),
    path("mon-espace/donnees/export/", account.personal_data_export, name="personal_data_export"),
    path("mon-espace/donnees/supprimer/", account.account_delete, name="account_delete"),
]
