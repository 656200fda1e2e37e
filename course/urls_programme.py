"""Programme routes (sessions, releases, agenda, calendar feeds)."""

urlpatterns = []
