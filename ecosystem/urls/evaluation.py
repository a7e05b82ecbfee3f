"""Front-office URLs: evaluation."""

urlpatterns = []
