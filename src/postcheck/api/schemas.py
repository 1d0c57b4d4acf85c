"""Request and response shapes of the JSON API (published in the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from postcheck.engine import MAX_TEXT_CHARS as MAX_TEXT
from postcheck.engine import Level
from postcheck.engine.model import Role
from postcheck.support.forms import MAX_FOLLOWERS


class ContextIn(Schema):
    """Who posts and where. Unknown fields are refused, so a typo is not ignored."""

    model_config = ConfigDict(extra="forbid", strict=True)

    role: Role = "employee"
    followers: int = Field(0, ge=0, le=MAX_FOLLOWERS, description="audience size")
    identifiable: bool = Field(False, description="people can tell you are a public servant")
    about_own_work: bool = Field(False, description="the post relates to your own work")
    authorized: bool = Field(False, description="you are authorized to post on this topic")
    election_period: bool = Field(False, description="an election period is under way")
    disclaimer: bool | None = Field(
        None, description="a 'views are my own' disclaimer; null: detect"
    )
    anonymous: bool | None = Field(None, description="the account is anonymous")

    @field_validator("followers", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        # JSON Schema counts 2500.0 as an integer; accept it as such.
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class CheckIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(
        ...,
        min_length=1,
        max_length=MAX_TEXT,
        pattern=r"\S",
        description="the post; never stored or logged",
    )
    lang: Literal["auto", "en", "fr"] = "auto"
    platform: str | None = Field(None, max_length=40)
    context: ContextIn | None = None


class FindingOut(Schema):
    code: str
    rule_id: str
    start: int
    end: int
    matched: str
    message: str
    weight: float
    source: str
    evidence: list[str] | None = None


class RaisedOut(Schema):
    code: str
    name: str
    why: str
    questions: list[str]
    score: float
    level: Level


class ContactOut(Schema):
    id: str
    name: str
    how: str


class CourseOut(Schema):
    code: str
    title: str
    url: str


class CheckOut(Schema):
    level: Level | Literal["unchecked"] = Field(
        ...,
        description="'unchecked': the post is in a language postcheck does not check (lang names it)",
    )
    checked: bool
    reason: str = Field("", description="one sentence: why this level")
    lang: str = Field(..., description="en, fr, or the other language found (ISO 639-1)")
    codes: list[str]
    findings: list[FindingOut]
    considerations: list[RaisedOut]
    contacts: list[ContactOut]
    courses: list[CourseOut]
    guidance_version: str


class ConsiderationOut(Schema):
    code: str
    short: str
    name: str
    covers: str
    why: str
    questions: list[str]
    examples: list[str]
    instead: str
    contacts: list[str]
    courses: list[str]


class ErrorOut(Schema):
    """Every 4xx answer: a short error kind, a sentence saying what is wrong, details."""

    error: str
    message: str
    detail: list[dict[str, Any]] | None = None
