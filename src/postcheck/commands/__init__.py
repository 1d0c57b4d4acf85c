"""The ``postcheck`` commands, one module each, all of one shape.

A command module has ``add_parser(subparsers)``, which declares the command, its help
and its arguments and returns its parser, and ``run(args) -> int``, which carries the
command out and returns the exit status (see ``common``). ``COMMANDS`` is the one list
``cli`` reads, in the order ``postcheck --help`` shows them.
"""

from __future__ import annotations

from types import ModuleType

from . import check, evaluate, review, rules, serve

COMMANDS: tuple[ModuleType, ...] = (check, rules, evaluate, review, serve)

__all__ = ["COMMANDS"]
