"""Public URLs: projects."""

urlpatterns = []
