"""The JSON API: a thin layer over the engine and the support services."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="postcheck API",
    version="1",
    description="Check a post against the guidance on public servants' personal use of social media.",
    docs_url=None,
    urls_namespace="api",
)
