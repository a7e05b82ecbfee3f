"""Front-office URLs: account."""

urlpatterns = []
