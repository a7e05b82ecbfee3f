"""Front-office URLs of the jury: assigned applications, reviews, and the chair's decisions (staff)."""

from django.urls import path

from ecosystem.views import jury as views

urlpatterns = [
    path("jury/", views.jury_home, name="jury_home"),
    path("jury/candidatures/<int:pk>/", views.jury_review, name="jury_review"),
    path("jury/candidatures/<int:pk>/documents/<int:doc>/", views.jury_document, name="jury_document"),
    path("jury/candidatures/<int:pk>/decision/", views.jury_decision, name="jury_decision"),
]
