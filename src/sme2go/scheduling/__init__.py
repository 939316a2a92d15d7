"""B2B meeting scheduling on OR-Tools CP-SAT, with no Django dependency.

See docs/scheduling.md for the problem, the JSON instance format, the CLI and the model.
"""

from .checker import CheckReport, check
from .cpsat import SolveOptions, solve
from .dzn import load_dzn
from .greedy import greedy
from .jsonformat import instance_from_dict, instance_to_dict, load_json
from .model import (
    Assignment,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Progress,
    Result,
    Venue,
    check_limits,
)

__all__ = [
    "Assignment",
    "CheckReport",
    "Instance",
    "InstanceError",
    "Meeting",
    "Participant",
    "Progress",
    "Result",
    "SolveOptions",
    "Venue",
    "check",
    "check_limits",
    "greedy",
    "instance_from_dict",
    "instance_to_dict",
    "load_dzn",
    "load_json",
    "solve",
]
