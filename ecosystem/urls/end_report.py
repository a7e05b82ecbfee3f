"""Front-office URLs: a project's end report (page and PDF), a call's archive of end reports."""

from django.urls import path

from ecosystem.views import end_report as views

urlpatterns = [
    path("projets/<slug:slug>/rapport-final/", views.report_page, name="end_report"),
    path("projets/<slug:slug>/rapport-final/pdf/", views.report_pdf, name="end_report_pdf"),
    path("appels/<slug:call_slug>/rapports-finaux/", views.call_reports, name="call_end_reports"),
]
