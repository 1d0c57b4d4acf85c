"""What the commands share: exit statuses, argument types, the context flags, the output
file, and the one place where an error becomes a line on stderr and an exit status.

Exit status, like a linter: 0 nothing at or above the threshold, 1 found, 2 usage or
input error. Errors are one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TypeAlias

from ..engine import ROLES, Context, InputError, PostcheckError, RulePackError

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130

# what ``add_subparsers()`` returns, which argparse names privately
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with ``EXIT_ERROR``, as input errors do."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"postcheck: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def non_negative_int(value: str) -> int:
    """An argument type: a whole number, zero or more."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return n


def add_context_arguments(p: argparse.ArgumentParser) -> None:
    """The context flags shared by ``check`` and ``review``."""
    g = p.add_argument_group("context")
    g.add_argument("--role", default="employee", choices=ROLES)
    g.add_argument(
        "--followers",
        type=non_negative_int,
        default=0,
        help="audience size (followers or connections)",
    )
    g.add_argument(
        "--identifiable", action="store_true", help="people can tell you are a public servant"
    )
    g.add_argument(
        "--own-work",
        action="store_true",
        dest="about_own_work",
        help="the post relates to your own work or organization",
    )
    g.add_argument(
        "--authorized", action="store_true", help="you are authorized to post on this topic"
    )
    g.add_argument(
        "--election",
        action="store_true",
        dest="election_period",
        help="an election or campaign period is under way",
    )
    g.add_argument(
        "--disclaimer",
        choices=["auto", "yes", "no"],
        default="auto",
        help="a 'views are my own' disclaimer on the profile (auto: detect in text)",
    )
    g.add_argument("--anonymous", action="store_true", help="the account is anonymous")


def context_from_args(args: argparse.Namespace) -> Context:
    """The ``Context`` the context flags describe."""
    disclaimer = {"auto": None, "yes": True, "no": False}[args.disclaimer]
    return Context(
        role=args.role,
        followers=args.followers,
        identifiable=args.identifiable,
        about_own_work=args.about_own_work,
        authorized=args.authorized,
        election_period=args.election_period,
        disclaimer=disclaimer,
        anonymous=True if args.anonymous else None,
    )


@contextmanager
def open_output(path: str | None, what: str = "", newline: str | None = None) -> Iterator[IO[str]]:
    """The output file (UTF-8), or stdout when none (or '-') is given; a clear error when
    it cannot be opened or written (a full disk), so the block should only write.
    ``what`` names it in that error ("the report")."""
    if not path or path == "-":
        yield sys.stdout
        return
    try:
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
    except OSError as exc:
        raise InputError(
            f"cannot write {what + ' to ' if what else ''}{path}: {exc.strerror}"
        ) from None


def run_reporting_errors(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; a postcheck error becomes one line on stderr and ``EXIT_ERROR``.

    So does any other exception: exit 1 means "something was found", which an
    uncaught exception (Python's own exit 1) must never be taken for.
    """
    try:
        return run(args)
    except RulePackError as exc:
        sys.stderr.write(f"postcheck: bad rule pack: {exc}\n")
        return EXIT_ERROR
    except (InputError, PostcheckError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("postcheck: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``| head``): nothing left to say to it
        return EXIT_OK
    except Exception as exc:
        _error(
            f"unexpected error ({type(exc).__name__}: {exc}); this is a bug in postcheck: "
            "please report it to the maintainers with the command you ran"
        )
        return EXIT_ERROR


def _error(message: str) -> None:
    """One line on stderr, however many lines the message has."""
    sys.stderr.write(f"postcheck: {' '.join(message.split())}\n")
