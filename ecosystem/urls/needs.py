"""Front-office URLs: territorial needs (public list and page; posting for local authorities and users' groups)."""

from django.urls import path

from ecosystem.views import needs

urlpatterns = [
    path("besoins/", needs.need_list, name="need_list"),
    path("besoins/nouveau/", needs.need_create, name="need_create"),
    path("besoins/<int:pk>/", needs.need_detail, name="need_detail"),
]
