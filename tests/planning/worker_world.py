"""Helper process for ``test_worker.py``: builds the trip in the database named by the
environment and starts runs through the domain function, as the web app would.

``python -m tests.planning.worker_world setup`` prints the mission's pk;
``python -m tests.planning.worker_world start MISSION_PK`` prints the new run's pk.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password  # noqa: F401  (loads auth)

    from sme2go.missions.models import Mission
    from sme2go.planning.jobs import start_solver_run
    from tests.factories import make_world
    from tests.planning.trip import make_trip

    if argv[0] == "setup":
        trip = make_trip(make_world("w"), time_limit_s=int(argv[1]) if len(argv) > 1 else 5)
        print(trip.world.mission.pk)
    elif argv[0] == "start":
        mission = Mission.objects.get(pk=int(argv[1]))
        operator = mission.staff.get()
        print(start_solver_run(actor=operator, mission=mission).pk)


if __name__ == "__main__":
    main(sys.argv[1:])
