"""Typed request and response bodies of the API (pydantic models via ninja ``Schema``).

Output schemas read model instances whose related rows the endpoints prefetched, so
serialising a page costs no query per row. Input schemas forbid unknown fields, so a typo
in a client answers 422 instead of being ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator

# A database id: larger numbers cannot name a row, and would overflow the database's
# integer type (an error in the database instead of a 404 or 422).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_nul(value: Any) -> Any:
    """Refuse NUL characters, which PostgreSQL cannot store or compare."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise ValueError("Text may not contain NUL characters.")
    return value


# A time of day on a trip: local to the trip's place, so it carries no offset (JSON
# Schema's "time" format would require one).
LocalTime = Annotated[
    dt.time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
            "description": "Local time at the trip's place, HH:MM.",
            "examples": ["09:30"],
        }
    ),
]


class Filters(Schema):
    """Base of query-string filters (unknown parameters are ignored, as on the pages)."""

    _no_nul = field_validator("*", mode="before")(_no_nul)


class In(Schema):
    """Base of every request body: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")

    _no_nul = field_validator("*", mode="before")(_no_nul)


# Errors -----------------------------------------------------------------------------------


class Message(Schema):
    """A refusal: 401, 403, 404."""

    detail: str


class FieldError(Schema):
    """One problem with the request: ``loc`` ends with the field at fault."""

    loc: list[str | int]
    msg: str
    type: str


class Invalid(Schema):
    """422: the request was understood but its values are wrong."""

    detail: list[FieldError]


# References -------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class RegionRef(Schema):
    id: int
    name: str
    name_zh: str
    kind: str


class ProgrammeRef(Schema):
    id: int
    name: str


class NeedRef(Schema):
    id: int
    title: str
    programme_id: int


# Programmes -------------------------------------------------------------------------------


class ProgrammeOut(Schema):
    id: int
    name: str
    funder: str
    description: str
    start_date: dt.date
    end_date: dt.date
    partners: list[OrganisationRef]


# Organisations ----------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    name: str
    title: str
    email: str
    phone: str
    languages: str


class ProductOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    year: int | None
    location: str


class CertificationOut(Schema):
    id: int
    name: str
    issuer: str
    valid_until: dt.date | None


class ProfileOut(Schema):
    offering: str
    domains: list[str]
    cpv_codes: list[str]
    size_band: str
    home_country: str
    languages: list[str]
    target_markets: list[str]
    excluded_markets: list[str]
    products: list[ProductOut]
    certifications: list[CertificationOut]

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return [domain.code for domain in obj.domains.all()]


class OrganisationOut(Schema):
    id: int
    name: str
    name_zh: str
    kind: str
    host_type: str
    region: RegionRef | None
    sector: str
    description: str
    website: str
    contacts: list[ContactOut]
    profile: ProfileOut | None = Field(description="The export profile; companies only.")

    @staticmethod
    def resolve_contacts(obj) -> list:
        return obj.visible_contacts

    @staticmethod
    def resolve_profile(obj) -> Any:
        return getattr(obj, "profile", None)


SizeBand = Literal["micro", "small", "medium", "large"]


class ProfileIn(In):
    """A partial update of a company: only the fields sent change."""

    name: str | None = Field(None, min_length=1, max_length=200)
    name_zh: str | None = Field(None, max_length=200)
    website: str | None = Field(None, max_length=200)
    description: str | None = None
    offering: str | None = Field(None, min_length=1)
    size_band: SizeBand | None = None
    home_country: str | None = Field(None, examples=["FI"])
    domains: list[str] | None = Field(None, examples=[["water"]])
    cpv_codes: list[str] | None = Field(None, examples=[["45252100"]])
    languages: list[str] | None = Field(None, examples=[["fi", "en"]])
    target_markets: list[str] | None = Field(None, examples=[["CN"]])
    excluded_markets: list[str] | None = None


# Needs ------------------------------------------------------------------------------------

NeedStatus = Literal["open", "matching", "answered", "closed"]


class NeedOut(Schema):
    id: int
    programme: ProgrammeRef
    host: OrganisationRef
    stated_by: str
    region: RegionRef | None
    heard_on: dt.date
    mission_id: int | None
    title: str
    description: str
    language: str
    domains: list[str]
    cpv_codes: list[str]
    excluded_countries: list[str]
    required_languages: list[str]
    required_certification: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return [domain.code for domain in obj.domains.all()]


class NeedFields(In):
    stated_by: str | None = Field(None, max_length=200)
    region: Id | None = Field(None, description="Region id.")
    mission: Id | None = Field(None, description="Id of the mission it was heard on.")
    description: str | None = None
    language: str | None = Field(None, max_length=8, examples=["en"])
    domains: list[str] | None = Field(None, examples=[["water"]])
    cpv_codes: list[str] | None = Field(None, examples=[["45252100"]])
    excluded_countries: list[str] | None = None
    required_languages: list[str] | None = None
    required_certification: str | None = Field(None, max_length=200)
    status: NeedStatus | None = None


class NeedIn(NeedFields):
    """A new need; host users may leave out ``host`` (their own organisation)."""

    programme: Id = Field(description="Programme id.")
    host: Id | None = Field(None, description="Host organisation id.")
    title: str = Field(min_length=1, max_length=200)
    heard_on: dt.date


class NeedPatch(NeedFields):
    """A partial update of a need: only the fields sent change."""

    host: Id | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    heard_on: dt.date | None = None


# Matches ----------------------------------------------------------------------------------

Decision = Literal["proposed", "approved", "rejected"]


class MatchOut(Schema):
    id: int
    need: NeedRef
    company: OrganisationRef
    rank: int | None
    score: float
    fit: Literal["strong", "possible", "weak"] = Field(
        description="The engine's calibrated fit level: the same level means about the same "
        "precision for every need (docs/matching.md)."
    )
    reasons: dict[str, Any] = Field(description="Why the engine proposed the company.")
    status: str
    decision_reason: str
    decided_by: str | None
    decided_at: dt.datetime | None
    computed_at: dt.datetime

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


class DecisionOut(Schema):
    status: str
    decision_reason: str
    decided_by: str | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


class DecisionIn(In):
    decision: Decision
    reason: str = Field("", description="Required when rejecting.")


# Missions ---------------------------------------------------------------------------------


class LegOut(Schema):
    id: int
    origin: RegionRef
    destination: RegionRef
    mode: str
    departure: LocalTime | None
    duration_minutes: int
    notes: str


class VisitOut(Schema):
    id: int
    organisation: OrganisationRef
    title: str
    place: str
    start_time: LocalTime
    end_time: LocalTime
    notes: str


class DayOut(Schema):
    id: int
    date: dt.date
    city: RegionRef
    notes: str
    legs: list[LegOut]
    visits: list[VisitOut]


class MissionOut(Schema):
    id: int
    programme: ProgrammeRef
    title: str
    description: str
    start_date: dt.date
    end_date: dt.date
    status: str
    destinations: list[RegionRef]
    companies: list[OrganisationRef]
    days: list[DayOut]

    @staticmethod
    def resolve_days(obj) -> list:
        return obj.visible_days


class DayIn(In):
    date: dt.date
    city: Id = Field(description="Region id of the city.")
    notes: str = ""
