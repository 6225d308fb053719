"""Pydantic models in and out of the feedback API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StrictBool, StrictFloat, StrictInt, field_validator

from ioc.kit import urlpolicy

MAX_DESCRIPTION = 4000
# Numbers are numbers: JSON `true` is not latitude 1.0, nor "5" a rating (forms convert their text first).
Latitude = Annotated[StrictFloat, Field(ge=-90, le=90)]
Longitude = Annotated[StrictFloat, Field(ge=-180, le=180)]
Rating = Annotated[StrictInt, Field(ge=1, le=5)]


class ReportIn(BaseModel):
    """A new report, however it arrives (Open311 form, native API, web form)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    category_code: str = Field(min_length=1, max_length=40)
    description: str = Field("", max_length=MAX_DESCRIPTION)
    lat: Latitude | None = None
    lon: Longitude | None = None
    address: str = Field("", max_length=400)
    address_id: str | None = Field(None, max_length=100)
    attributes: dict[str, Any] = Field(default_factory=dict)
    media_url: HttpUrl | None = None
    name: str = Field("", max_length=200)
    email: str | None = Field(None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(None, max_length=40, pattern=r"^[0-9+() .-]{6,40}$")
    device_id: str | None = Field(None, max_length=200)
    account_id: str | None = Field(None, max_length=200)
    share_with_agency: StrictBool = False
    # Kept as given (a receiver matches it); who may give one and where it may point is checked by the service.
    webhook_url: str | None = Field(None, max_length=urlpolicy.MAX_URL_LENGTH)
    language: Literal["vi", "en"] = "vi"

    @field_validator("description")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _callback_form(cls, value: str | None) -> str | None:
        if value is not None:
            urlpolicy.check_form(value)  # Refused is a ValueError: a 422 naming the field
        return value


class ActionIn(BaseModel):
    """A workflow action on a report."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    action: str
    reason: str = Field("", max_length=2000)
    reply: str = Field("", max_length=MAX_DESCRIPTION)
    agency_code: str | None = None
    original_id: StrictInt | None = None
    rating: Rating | None = None
    comment: str = Field("", max_length=2000)


class NoteIn(BaseModel):
    """An internal note (staff and agency) or a public reply (shown to the citizen)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=MAX_DESCRIPTION)
    public: StrictBool = False


class CitizenActionIn(BaseModel):
    """What the reporter may do after resolution: rate, or reopen as not fixed; `reporter_secret` proves it is
    them (the tracking code alone does not: it is read out on the phone and printed on paper)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    action: Literal["rate", "reopen"]
    rating: Rating | None = None
    comment: str = Field("", max_length=2000)
    reporter_secret: str | None = Field(None, max_length=40)


class AttributeValue(BaseModel):
    """One choice of a list attribute."""

    key: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)


CODE_PATTERN = r"^[A-Za-z0-9_.-]+$"


class AttributeDef(BaseModel):
    """An Open311 attribute (an extra question of a category)."""

    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.-]+$")
    variable: bool = True
    datatype: Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] = "string"
    required: bool = False
    datatype_description: str = ""
    order: int = 1
    description: str = Field(min_length=1, max_length=400)
    values: list[AttributeValue] = Field(default_factory=list)


class CategoryIn(BaseModel):
    """A category as admins and import files write it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=40, pattern=CODE_PATTERN)
    group: str = Field("", max_length=100)
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    description: str = ""
    keywords: str = Field("", max_length=300)
    default_agency_code: str | None = None
    urgency: Literal["urgent", "normal", "complex"] = "normal"
    public: bool = True
    attributes: list[AttributeDef] = Field(default_factory=list)
    active: bool = True
    sort_order: int = 100


class CategoryOut(CategoryIn):
    """A category as the API shows it."""

    model_config = ConfigDict(from_attributes=True)


class RuleIn(BaseModel):
    """A routing rule: category × ward ('*' for every ward) → agency."""

    category_code: str
    area_code: str = Field(min_length=1, max_length=10)
    agency_code: str


class ReporterOut(BaseModel):
    """The reporter's personal data (IOC staff, or the agency with consent)."""

    name: str
    email: str | None
    phone: str | None
    device_id: str | None
    account_id: str | None
    share_with_agency: bool


class PhotoOut(BaseModel):
    """Links to a photo's variants the caller may open."""

    id: int
    kind: str = "before"  # "before": the citizen's; "after": the agency's, with its result
    thumb_url: str
    public_url: str
    original_url: str | None = None


class EventOut(BaseModel):
    """One timeline entry."""

    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    text: str
    public: bool


class ReportOut(BaseModel):
    """A report for staff and agencies; `reporter` only for those allowed to see it."""

    id: int
    tracking_code: str | None
    status: str
    status_label: str
    category_code: str
    category_name: str
    urgency: str
    description: str
    lat: float | None
    lon: float | None
    area_code: str | None
    address: str
    attributes: dict[str, Any]
    agency_code: str | None
    agency_name: str | None
    public_reply: str
    reject_reason: str
    duplicate_of_id: int | None
    requested_at: datetime
    updated_at: datetime
    verify_due_at: datetime | None
    resolve_due_at: datetime | None
    resolved_at: datetime | None
    overdue: bool
    rating: int | None
    rating_comment: str
    source: str
    photos: list[PhotoOut]
    reporter: ReporterOut | None = None
    allowed_actions: list[str] = Field(default_factory=list)
    timeline: list[EventOut] = Field(default_factory=list)


class CreatedOut(BaseModel):
    """The answer to a new report: what the citizen keeps to follow it, and the secret that lets them rate or
    reopen it (given only here: only its hash is stored)."""

    id: int
    tracking_code: str
    reporter_secret: str
    status: str
    agency_code: str | None
    expected_datetime: datetime | None
    duplicates: list[int] = Field(default_factory=list)


class DuplicateOut(BaseModel):
    """An open report close to a new one."""

    id: int
    distance_m: float
    status: str
    description: str
    requested_at: datetime
