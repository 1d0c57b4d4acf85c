"""postcheck: support for public servants' personal use of social media."""

from .engine import (
    Assessment,
    Context,
    Engine,
    Finding,
    InputError,
    Level,
    Post,
    PostcheckError,
    RulePackError,
    default_engine,
)

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Context",
    "Engine",
    "Finding",
    "InputError",
    "Level",
    "Post",
    "PostcheckError",
    "RulePackError",
    "__version__",
    "default_engine",
]
