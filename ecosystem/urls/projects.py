"""Front-office URLs: projects."""

urlpatterns = []
