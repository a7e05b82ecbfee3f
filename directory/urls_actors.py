"""Public URLs: actors."""

urlpatterns = []
