"""``postcheck serve``: migrate, load the demo data, collect static files, run gunicorn.

One command on a fresh machine gives a working app on SQLite at http://127.0.0.1:8000.
"""

from __future__ import annotations

import argparse
import os
import sys

from .common import Subparsers

SETTINGS = "postcheck.web.settings"


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Declare ``serve`` and its arguments."""
    parser = subparsers.add_parser(
        "serve", help="run the web app (migrate, demo data, production server)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="prepare (migrate, demo data, static files) and exit without serving",
    )
    return parser


def prepare(*, demo: bool = True) -> None:
    """Everything before serving; safe to run again (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        call_command("load_demo")
    call_command("collectstatic", interactive=False, verbosity=0)


def run(args: argparse.Namespace) -> int:
    """Prepare, then serve until interrupted (or, with ``--check-only``, stop there)."""
    prepare(demo=not args.no_demo)
    if args.check_only:
        return 0
    from gunicorn.app.base import BaseApplication

    from postcheck.web.wsgi import application

    options = {
        "bind": f"{_bind_host(args.host)}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread",  # keep-alive connections, even with one thread
        "keepalive": 5,
        "accesslog": None,  # access logs would record URLs and addresses; off by default
        "errorlog": "-",
        "timeout": 30,
        "graceful_timeout": 10,
        "limit_request_line": 8190,
    }

    class _App(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):  # type: ignore[no-untyped-def]
            return application

    print(
        f"postcheck: serving on http://{_url_host(args.host)}:{args.port}/ (Ctrl+C to stop)",
        file=sys.stderr,
        flush=True,
    )
    _App().run()
    return 0


def _bind_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _url_host(host: str) -> str:
    return _bind_host(host)
