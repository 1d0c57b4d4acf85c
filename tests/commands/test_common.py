"""What the commands share: every error, expected or not, ends as one line on stderr and
exit 2, never as Python's own exit 1 (which reads as "something was found")."""

from __future__ import annotations

import argparse

from postcheck.commands.common import EXIT_ERROR, run_reporting_errors
from postcheck.engine import InputError


def _raising(exc: BaseException):
    def run(_args: argparse.Namespace) -> int:
        raise exc

    return run


def test_an_unexpected_exception_is_one_line_and_exit_2(capsys):
    code = run_reporting_errors(_raising(KeyError("two\nlines")), argparse.Namespace())
    assert code == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("postcheck: unexpected error (KeyError: ")
    assert "bug in postcheck" in err and "Traceback" not in err


def test_an_input_error_of_several_lines_is_printed_on_one(capsys):
    code = run_reporting_errors(_raising(InputError("first\n  second")), argparse.Namespace())
    assert code == EXIT_ERROR
    assert capsys.readouterr().err == "postcheck: first second\n"
