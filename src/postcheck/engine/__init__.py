"""postcheck's engine: pure Python, no Django, no I/O beyond reading its rule packs."""

from .engine import Engine, default_engine
from .errors import InputError, PostcheckError, RulePackError
from .model import (
    LANGS,
    LEVELS,
    PLATFORMS,
    ROLES,
    UNCHECKED,
    Assessment,
    Contact,
    Context,
    Course,
    Finding,
    Level,
    Post,
    RaisedConsideration,
)
from .packs import CHANNELS, CODES
from .prepare import MAX_TEXT_CHARS
from .reference import RuleInfo

__all__ = [
    "CHANNELS",
    "CODES",
    "LANGS",
    "LEVELS",
    "MAX_TEXT_CHARS",
    "PLATFORMS",
    "ROLES",
    "UNCHECKED",
    "Assessment",
    "Contact",
    "Context",
    "Course",
    "Engine",
    "Finding",
    "InputError",
    "Level",
    "Post",
    "PostcheckError",
    "RaisedConsideration",
    "RuleInfo",
    "RulePackError",
    "default_engine",
]
