from django.urls import path  # noqa: F401  (patterns are added below by section)

app_name = "planning"

# Meeting requests, slot settings, venues, interpreters and unavailability.
request_patterns: list = []

# Solver runs, schedules (results, locks, moves, publishing).
schedule_patterns: list = []

urlpatterns = request_patterns + schedule_patterns
