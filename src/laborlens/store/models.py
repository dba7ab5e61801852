"""SQLAlchemy tables of the store. Reference tables hold official data, replaced whole on each load.

Codes are stored as text in their standard spelling: O*NET-SOC 'XX-XXXX.XX', SOC 'XX-XXXX',
state FIPS 'SS', county FIPS 'SSCCC', CBSA 'NNNNN', ZIP 'NNNNN', OEWS area 'NNNNNNN'.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ReferenceLoad(Base):
    """One successful load of the reference data, with the manifest it came from."""

    __tablename__ = "reference_load"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    onet_version: Mapped[str] = mapped_column(String(16))
    manifest: Mapped[dict] = mapped_column(JSON)


class Occupation(Base):
    __tablename__ = "occupation"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    soc_code: Mapped[str] = mapped_column(String(7), index=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    job_zone: Mapped[int | None] = mapped_column(Integer)
    # Modal "Required Level of Education" category from O*NET ETE, and the share who said so.
    education_category: Mapped[int | None] = mapped_column(Integer)
    education: Mapped[str | None] = mapped_column(Text)
    education_share: Mapped[float | None] = mapped_column(Float)


class AlternateTitle(Base):
    __tablename__ = "alternate_title"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[str | None] = mapped_column(String(64))


class ReportedTitle(Base):
    __tablename__ = "reported_title"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    title: Mapped[str] = mapped_column(Text)
    shown_in_my_next_move: Mapped[bool] = mapped_column(Boolean)


class Task(Base):
    __tablename__ = "task"

    task_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    task_type: Mapped[str | None] = mapped_column(String(16))
    incumbents_responding: Mapped[int | None] = mapped_column(Integer)


class DetailedWorkActivity(Base):
    __tablename__ = "dwa"

    dwa_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    iwa_id: Mapped[str] = mapped_column(String(32))
    iwa_title: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[str] = mapped_column(String(32))
    activity_name: Mapped[str | None] = mapped_column(Text)


class TaskDWA(Base):
    __tablename__ = "task_dwa"

    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.task_id"), primary_key=True)
    dwa_id: Mapped[str] = mapped_column(ForeignKey("dwa.dwa_id"), primary_key=True, index=True)


class Element(Base):
    """An O*NET content-model element rated per occupation: a skill or a knowledge area."""

    __tablename__ = "element"

    element_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(String(16))


class OccupationElement(Base):
    """Importance (1-5) and level (0-7) of a skill or knowledge area for an occupation."""

    __tablename__ = "occupation_element"

    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), primary_key=True)
    element_id: Mapped[str] = mapped_column(ForeignKey("element.element_id"), primary_key=True)
    importance: Mapped[float | None] = mapped_column(Float)
    level: Mapped[float | None] = mapped_column(Float)
    not_relevant: Mapped[bool] = mapped_column(Boolean, default=False)
    suppress: Mapped[bool] = mapped_column(Boolean, default=False)


class Technology(Base):
    """A technology skill (software) or a tool used in an occupation, with its UNSPSC commodity."""

    __tablename__ = "technology"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "technology" or "tool"
    name: Mapped[str] = mapped_column(Text)
    commodity_code: Mapped[str | None] = mapped_column(String(16))
    commodity_title: Mapped[str | None] = mapped_column(Text)
    hot: Mapped[bool] = mapped_column(Boolean, default=False)
    in_demand: Mapped[bool] = mapped_column(Boolean, default=False)


class RelatedOccupation(Base):
    __tablename__ = "related_occupation"

    code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), primary_key=True)
    related_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), primary_key=True)
    tier: Mapped[str] = mapped_column(String(32))
    rank: Mapped[int] = mapped_column(Integer)


class SocGroup(Base):
    """The SOC 2018 hierarchy: major, minor, broad and detailed groups with definitions."""

    __tablename__ = "soc_group"

    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    definition: Mapped[str | None] = mapped_column(Text)
    parent_code: Mapped[str | None] = mapped_column(String(7), index=True)


class SocDirectMatchTitle(Base):
    __tablename__ = "soc_direct_match_title"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    soc_code: Mapped[str] = mapped_column(String(7), index=True)
    title: Mapped[str] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class CodeCrosswalk(Base):
    """O*NET-SOC 2010 -> O*NET-SOC 2019."""

    __tablename__ = "code_crosswalk"

    old_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    new_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    old_title: Mapped[str | None] = mapped_column(Text)
    new_title: Mapped[str | None] = mapped_column(Text)


class Projection(Base):
    """BLS Employment Projections 2024-34 (Table 1.2). Employment and openings in jobs, not thousands."""

    __tablename__ = "projection"

    soc_code: Mapped[str] = mapped_column(String(7), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    occupation_type: Mapped[str] = mapped_column(String(16))
    employment_base: Mapped[float | None] = mapped_column(Float)
    employment_projected: Mapped[float | None] = mapped_column(Float)
    change_number: Mapped[float | None] = mapped_column(Float)
    change_percent: Mapped[float | None] = mapped_column(Float)
    openings_annual: Mapped[float | None] = mapped_column(Float)
    median_wage: Mapped[float | None] = mapped_column(Float)
    median_wage_topcoded: Mapped[bool] = mapped_column(Boolean, default=False)
    education: Mapped[str | None] = mapped_column(Text)
    work_experience: Mapped[str | None] = mapped_column(Text)
    training: Mapped[str | None] = mapped_column(Text)


class State(Base):
    __tablename__ = "state"

    fips: Mapped[str] = mapped_column(String(2), primary_key=True)
    abbr: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(Text)


class Cbsa(Base):
    __tablename__ = "cbsa"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # "metropolitan" or "micropolitan"


class County(Base):
    __tablename__ = "county"

    fips: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    state_fips: Mapped[str] = mapped_column(String(2), index=True)
    cbsa_code: Mapped[str | None] = mapped_column(String(5), index=True)
    central: Mapped[bool | None] = mapped_column(Boolean)


class ZipCbsa(Base):
    """HUD USPS ZIP -> CBSA; a ZIP can straddle CBSAs, so each row has its share of addresses."""

    __tablename__ = "zip_cbsa"

    zip: Mapped[str] = mapped_column(String(5), primary_key=True)
    cbsa_code: Mapped[str] = mapped_column(String(5), primary_key=True)  # "99999": outside any CBSA
    city: Mapped[str | None] = mapped_column(Text)
    state_abbr: Mapped[str | None] = mapped_column(String(2))
    address_share: Mapped[float] = mapped_column(Float)


class ZctaPoint(Base):
    """Census Gazetteer: the internal point of each ZIP Code Tabulation Area (ZCTA), the Census's ZIP areas."""

    __tablename__ = "zcta_point"

    zcta: Mapped[str] = mapped_column(String(5), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class CountyPoint(Base):
    """Census Gazetteer: the internal point of every county (the county table holds only counties in a CBSA)."""

    __tablename__ = "county_point"

    fips: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    state_fips: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class OewsArea(Base):
    """OEWS estimate areas: the nation, states and metropolitan / nonmetropolitan areas."""

    __tablename__ = "oews_area"

    area_code: Mapped[str] = mapped_column(String(7), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "national", "state" or "metro"
    state_fips: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(Text)
    cbsa_code: Mapped[str | None] = mapped_column(String(5), index=True)


class OewsWage(Base):
    """OEWS employment and wages (all industries) for one SOC code in one area."""

    __tablename__ = "oews_wage"

    area_code: Mapped[str] = mapped_column(ForeignKey("oews_area.area_code"), primary_key=True)
    soc_code: Mapped[str] = mapped_column(String(7), primary_key=True, index=True)
    employment: Mapped[float | None] = mapped_column(Float)
    employment_rse: Mapped[float | None] = mapped_column(Float)
    hourly_mean: Mapped[float | None] = mapped_column(Float)
    annual_mean: Mapped[float | None] = mapped_column(Float)
    hourly_p10: Mapped[float | None] = mapped_column(Float)
    hourly_p25: Mapped[float | None] = mapped_column(Float)
    hourly_median: Mapped[float | None] = mapped_column(Float)
    hourly_p75: Mapped[float | None] = mapped_column(Float)
    hourly_p90: Mapped[float | None] = mapped_column(Float)
    annual_p10: Mapped[float | None] = mapped_column(Float)
    annual_p25: Mapped[float | None] = mapped_column(Float)
    annual_median: Mapped[float | None] = mapped_column(Float)
    annual_p75: Mapped[float | None] = mapped_column(Float)
    annual_p90: Mapped[float | None] = mapped_column(Float)
    jobs_per_1000: Mapped[float | None] = mapped_column(Float)
    location_quotient: Mapped[float | None] = mapped_column(Float)


class Posting(Base):
    """A job posting, normalised. Phone numbers and e-mail addresses are removed from stored text."""

    __tablename__ = "posting"
    __table_args__ = (
        # Also serves look-ups by source alone (a separate index on source was one more to update per insert).
        UniqueConstraint("source", "source_id", name="uq_posting_source_id"),
        # A content hash's first posting is one index entry away, however often the text was reposted.
        Index("ix_posting_content_hash_id", "content_hash", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(128))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    employer: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(16))
    employment_type: Mapped[str | None] = mapped_column(String(64))
    pay_min: Mapped[float | None] = mapped_column(Float)
    pay_max: Mapped[float | None] = mapped_column(Float)
    pay_unit: Mapped[str | None] = mapped_column(String(8))  # hour, day, week, month, year, job
    pay_text: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The posting's own closing date (validThrough, a file's 'expires'); its life ends then or when last seen.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    location_text: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    zip: Mapped[str | None] = mapped_column(String(5))
    county_fips: Mapped[str | None] = mapped_column(String(5))
    cbsa_code: Mapped[str | None] = mapped_column(String(5), index=True)
    state_fips: Mapped[str | None] = mapped_column(String(2), index=True)
    raw_path: Mapped[str | None] = mapped_column(Text)
    employer_code: Mapped[str | None] = mapped_column(String(16))  # the employer's own occupationalCategory
    content_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash of title + body, for near-duplicates
    dedupe_keys: Mapped[list | None] = mapped_column(JSON)  # source-given keys (Craigslist dedupe key, image ids)
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the id of the cluster's first posting
    dedupe_rule: Mapped[str | None] = mapped_column(String(32))
    not_a_job: Mapped[bool | None] = mapped_column(Boolean)
    not_a_job_score: Mapped[float | None] = mapped_column(Float)
    skills: Mapped[list | None] = mapped_column(JSON)
    model_version: Mapped[str | None] = mapped_column(String(32))
    coded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PostingBand(Base):
    """One band of a posting's MinHash signature: postings sharing a band are near-duplicate candidates."""

    __tablename__ = "posting_band"

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"), primary_key=True)


class PostingSignature(Base):
    """A cluster's first posting's MinHash signature, kept narrow for the near-duplicate look-ups.

    Reading signatures from the wide ``posting`` rows (titles, bodies) touched a page per candidate
    spread over the whole table, so look-ups slowed as the store grew.
    """

    __tablename__ = "posting_signature"

    # a cluster head's id is its cluster's id
    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class PostingKey(Base):
    """A source-given duplicate key (Craigslist dedupe key or image id) and the cluster that first had it."""

    __tablename__ = "posting_key"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(Integer)


class PostingCode(Base):
    """The top occupation codes of a posting, best first (rank 1)."""

    __tablename__ = "posting_code"

    posting_id: Mapped[int] = mapped_column(ForeignKey("posting.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), index=True)
    score: Mapped[float] = mapped_column(Float)
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)  # given by an agency or employer, not the model


class DemandCluster(Base):
    """One deduplicated posting (a dedupe cluster) as demand counts it: occupation, place and life in periods.

    Rebuilt whole from the postings by :func:`laborlens.demand.rebuild`. Periods are indexes: months since
    year 0 (year * 12 + month - 1) and Monday-based weeks (the week holding 1970-01-01 is 0). Counts by
    period are group-bys over these rows, narrowed by the covering indexes below.
    """

    __tablename__ = "demand_cluster"
    __table_args__ = (
        Index("ix_demand_cluster_code", "code", "start_month", "end_month", "start_week", "end_week"),
        Index("ix_demand_cluster_state", "state_fips", "code", "start_month", "end_month", "start_week", "end_week"),
        Index("ix_demand_cluster_cbsa", "cbsa_code", "code", "start_month", "end_month", "start_week", "end_week"),
    )

    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str | None] = mapped_column(String(10))  # O*NET-SOC; None while uncoded
    soc_code: Mapped[str | None] = mapped_column(String(7))
    major_code: Mapped[str | None] = mapped_column(String(7))
    state_fips: Mapped[str | None] = mapped_column(String(2))
    cbsa_code: Mapped[str | None] = mapped_column(String(5))
    start_month: Mapped[int] = mapped_column(Integer)
    end_month: Mapped[int] = mapped_column(Integer)
    start_week: Mapped[int] = mapped_column(Integer)
    end_week: Mapped[int] = mapped_column(Integer)


class DemandClusterSkill(Base):
    __tablename__ = "demand_cluster_skill"
    __table_args__ = (Index("ix_demand_cluster_skill_skill", "skill", "cluster_id"),)

    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    skill: Mapped[str] = mapped_column(String(200), primary_key=True)


class DemandBuild(Base):
    """The last rebuild of the demand tables and the state of the postings it saw (to tell when it is stale)."""

    __tablename__ = "demand_build"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    watermark: Mapped[dict] = mapped_column(JSON)
    clusters: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float)


# Replaced together on every reference load, children before parents for deletes.
REFERENCE_TABLES = [
    OewsWage,
    OewsArea,
    ZipCbsa,
    County,
    Cbsa,
    State,
    Projection,
    CodeCrosswalk,
    SocDirectMatchTitle,
    SocGroup,
    RelatedOccupation,
    Technology,
    OccupationElement,
    Element,
    TaskDWA,
    DetailedWorkActivity,
    Task,
    ReportedTitle,
    AlternateTitle,
    Occupation,
]
# Filled only from optional files (the Census Gazetteer); replaced with the others on every reference load,
# but kept out of REFERENCE_TABLES, whose tables `data status` lists and every full load fills.
POINT_TABLES = [ZctaPoint, CountyPoint]
