"""Front-office URLs: actors."""

urlpatterns = []
