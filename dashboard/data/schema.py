"""What every shipped file must hold: columns, types, allowed values, ids, geometry.

One table of specs drives validation at start-up and of imported files, so the rules live
in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SECTORS: dict[str, str] = {
    "energy": "Energy",
    "transport": "Transport & logistics",
    "agriculture": "Agriculture",
    "metals": "Metals & mining",
    "diplomacy": "Diplomacy",
    "trade": "Trade overall",
}
LAYERS: dict[str, str] = {
    "posts": "Diplomatic posts",
    "ports": "Ports & hubs",
    "corridor": "Middle Corridor",
    "pipelines": "Pipelines",
}
REPORTERS: dict[str, str] = {"KZ": "Kazakhstan", "TR": "Türkiye", "OTHER": "Other source"}
FLOWS: dict[str, str] = {
    "total_turnover": "Turnover",
    "kz_exports_to_tr": "Kazakh exports to Türkiye",
    "tr_exports_to_kz": "Turkish exports to Kazakhstan",
}
# Quality of the figure itself (who relayed it is a separate matter: ``issuer`` and ``channel``).
# upper_bound: "almost", "nearly", "approaching"; lower_bound: "more than", "passed", "exceeds".
# statement: a figure given exactly by someone who is not a statistics office (a president, an ambassador, a
# business association, a research paper, a news report naming no issuer) — never an "official statistic".
QUALITIES = frozenset({"official", "statement", "rounded", "lower_bound", "upper_bound", "dubious", "forecast"})
# Who produced a figure (``issuer_kind``); the quality words shown are derived from it (dashboard/format.py).
# A news outlet is only ever the channel: its rows name no issuer, the outlet is in ``channel``.
ISSUER_KINDS: dict[str, str] = {
    "statistics_office": "statistics office",
    "ministry": "ministry or agency",
    "operator": "operator or company",
    "head_of_state": "head of state or government",
    "minister_ambassador": "minister or ambassador",
    "business_association": "business association",
    "news_outlet": "news outlet (issuer not named)",
    "research_paper": "research paper",
}
# Only these may carry quality "official": a statistics office, a ministry or agency publishing its statistics,
# an operator counting its own cargo. Everyone else's exact number is a "statement".
OFFICIAL_ISSUER_KINDS = frozenset({"statistics_office", "ministry", "operator"})
UNITS = frozenset({"Mt", "kt", "t", "TEU", "USD m", "USD bn", "%", "count", "Mt/yr"})
YEAR_MIN, YEAR_MAX = 1850, 2030  # plausibility bounds (the Poti rail line dates from 1883)
# Fact-check of the source article (geodata/factcheck.csv; logic in dashboard/data/factcheck.py).
VERDICTS = frozenset({"supported", "contradicted", "unverified", "partly supported"})
CHECKS = frozenset({"trade_value", "growth", "consistent_increase", "date", "first_recognition", "post_list",
                    "count", "target", "target_deadline", "items", "route_chain", "manual"})
CLAIM_TOPICS = frozenset({"trade", "diplomacy", "posts", "targets", "investment", "transport"})


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty, allowed values, plausible range.

    Types: ``str``, ``int``, ``float``, ``bool`` and ``date`` (ISO to the year, month or day: ``2012``,
    ``2012-05``, ``2012-05-23``, a real calendar day; ``min``/``max`` bound its year).
    """

    type: str = "str"
    required: bool = True
    allowed: frozenset[str] | None = None
    min: float | None = None
    max: float | None = None
    absent_ok: bool = False  # a column added later: files written before it (imports) may lack it


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: dict[str, Column]
    id_column: str | None = "id"
    geometry: str | None = None  # "Point" / "LineString" / "Polygon" (Multi* allowed)
    optional: bool = False
    unique: tuple[str, ...] = field(default_factory=tuple)


_YEAR = Column("int", min=YEAR_MIN, max=YEAR_MAX)
_OPT_YEAR = Column("int", required=False, min=YEAR_MIN, max=YEAR_MAX)
_DATE = Column("date", min=YEAR_MIN, max=YEAR_MAX)
_OPT_DATE = Column("date", required=False, min=YEAR_MIN, max=YEAR_MAX)
_SECTOR = Column(allowed=frozenset(SECTORS))
_TEXT = Column(required=False)
_URL = Column()
_LATER = Column(required=False, absent_ok=True)  # optional text added after the first imports were written
_ISSUER_KIND = Column(required=False, allowed=frozenset(ISSUER_KINDS), absent_ok=True)  # shipped rows: issuer_problems

_FEATURE_COMMON = {
    "id": Column(),
    "name": Column(),
    "kind": Column(),
    "status": Column(allowed=frozenset({"operational", "unverified", "planned", "under_construction", "proposed"})),
    "opened": _TEXT,
    "opened_year": _OPT_YEAR,
    "sector": _SECTOR,
    "layer": Column(allowed=frozenset(LAYERS)),
    "source_url": _URL,
    "archived_copy": _LATER,  # a mirror or cache of a cited page, kept as a copy, never cited as the source
    "coord_note": _LATER,  # where a point or line is drawn somewhere other than the facility itself
}

TABLES: dict[str, TableSpec] = {
    "posts": TableSpec(
        "posts.geojson",
        {
            **_FEATURE_COMMON,
            "kind": Column(allowed=frozenset({"embassy", "consulate_general", "honorary_consulate",
                                              "consulate_planned"})),
            "country": Column(allowed=frozenset({"TUR", "KAZ"})),
            "side": Column(),
            "verified": Column("bool"),
            "description": _TEXT,
            "evidence": _TEXT,
            "evidence_url": _TEXT,
            "coord_source": Column(),
            # A post with no known opening date: the year from which a dated source lists it as operating.
            "operating_by": _LATER,
            "operating_by_year": Column("int", required=False, min=YEAR_MIN, max=YEAR_MAX, absent_ok=True),
        },
        geometry="Point",
    ),
    "ports": TableSpec(
        "ports.geojson",
        # Some ports are sourced only by their coordinates (NGA World Port Index, GeoNames).
        {
            **_FEATURE_COMMON,
            "kind": Column(allowed=frozenset({"seaport", "seaport_planned", "dry_port", "rail_hub",
                                              "rail_border_station", "oil_terminal", "energy_terminal", "oil_field"})),
            "source_url": _TEXT,
            "country": Column(),
            "description": _TEXT,
            "coord_source": Column(),
        },
        geometry="Point",
    ),
    "routes": TableSpec(
        "routes.geojson",
        {
            **_FEATURE_COMMON,
            "kind": Column(allowed=frozenset({"rail", "sea", "gas_pipeline", "oil_pipeline"})),
            "group": Column(allowed=frozenset({"corridor", "pipelines"})),
            "length_km": _TEXT,
            "capacity": _TEXT,
            "operator": _TEXT,
            "waypoints": Column(),
            "description": _LATER,
        },
        geometry="LineString",
    ),
    "countries": TableSpec(
        "basemap_countries.geojson", {"iso_a3": _TEXT, "name_en": Column()}, id_column=None, geometry="Polygon"
    ),
    "lakes": TableSpec("basemap_lakes.geojson", {"name": Column()}, id_column=None, geometry="Polygon"),
    "trade": TableSpec(
        "trade_annual.csv",
        {
            "id": Column(),
            "year": _YEAR,
            "reporter": Column(allowed=frozenset(REPORTERS)),
            "flow": Column(allowed=frozenset(FLOWS)),
            "value_usd_m": Column("float", min=0, max=1_000_000),
            "period": Column(),
            "quality": Column(allowed=QUALITIES),
            "primary": Column("bool"),
            "source_name": Column(),
            "source_url": _URL,
            "source_date": _OPT_DATE,
            "origin": Column(),
            "note": _TEXT,
            # Who produced the figure and who relayed it ("Kazakh statistics", "Trend"); empty channel = direct.
            "issuer": _LATER,
            "channel": _LATER,
            "issuer_kind": _ISSUER_KIND,
            # The change on the previous year as the source states it, with the words quoted.
            "stated_change_pct": Column("float", required=False, min=-100, max=10_000, absent_ok=True),
            "stated_change": _LATER,
        },
    ),
    "indicators": TableSpec(
        "indicators.csv",
        {
            "id": Column(),
            "sector": _SECTOR,
            "indicator": Column(),
            "unit": Column(allowed=UNITS),
            "year": _YEAR,
            "period": Column(),
            "value": Column("float", min=0, max=1e9),
            "reporter": Column(allowed=frozenset(REPORTERS)),
            "quality": Column(allowed=QUALITIES),
            "source_name": Column(),
            "source_url": _URL,
            "source_date": _OPT_DATE,
            "origin": Column(),
            "note": _TEXT,
            "issuer": _LATER,
            "channel": _LATER,
            "issuer_kind": _ISSUER_KIND,
        },
    ),
    "targets": TableSpec(
        "targets.csv",
        {
            "id": Column(),
            "date": _OPT_DATE,
            "year": _OPT_YEAR,
            "target_usd_bn": Column("float", min=0, max=1000),
            "target_max_usd_bn": Column("float", required=False, min=0, max=1000),
            "deadline_year": _OPT_YEAR,
            "set_by": Column(),
            "side": Column(allowed=frozenset({"KZ", "TR", "joint", "business"})),
            "kind": Column(allowed=frozenset({"target", "forecast"})),
            "statement": Column(),
            "source_name": _TEXT,
            "source_url": _URL,
            "origin": Column(),
            "note": _TEXT,
        },
    ),
    "milestones": TableSpec(
        "milestones.csv",
        {
            "id": Column(),
            "date": _DATE,
            "year": _YEAR,
            "date_precision": Column(allowed=frozenset({"day", "month", "year"})),
            "kind": Column(allowed=frozenset({"economic", "energy", "infrastructure", "political", "transport"})),
            "sector": _SECTOR,
            "title": Column(),
            "description": _TEXT,
            "related_feature": _TEXT,
            "source_url": _URL,
            "source_name": Column(),
            "origin": Column(),
            "archived_copy": _LATER,
        },
    ),
    # Dated diplomatic facts used as fact-check evidence, copied verbatim from targets_and_facts.csv.
    "facts": TableSpec(
        "facts.csv",
        {
            "id": Column(),
            "date": _DATE,
            "fact": Column(),
            "value": _TEXT,
            "source_name": Column(),
            "source_url": _URL,
            "origin": Column(),
            "note": _TEXT,
        },
    ),
    # Claims of the source article with the machine check that recomputes each verdict.
    "factcheck": TableSpec(
        "factcheck.csv",
        {
            "id": Column(),
            "claim": Column(),
            "topic": Column(allowed=CLAIM_TOPICS),
            "check": Column(allowed=CHECKS),
            "reporter": Column(required=False, allowed=frozenset(REPORTERS)),
            "flow": Column(required=False, allowed=frozenset(FLOWS)),
            "year": _OPT_YEAR,
            "year_from": _OPT_YEAR,
            "year_to": _OPT_YEAR,
            "claimed_value_usd_m": Column("float", required=False, min=0, max=1_000_000),
            "claimed_pct": Column("float", required=False, min=-100, max=10_000),
            "claimed_count": Column("int", required=False, min=0, max=1_000_000),
            "count_of": _TEXT,
            "claimed_date": _OPT_DATE,
            "claimed_items": _TEXT,
            "tolerance_pct": Column("float", required=False, min=0, max=100),
            "evidence": Column(),
            "verdict": Column(allowed=VERDICTS),
            "corrected": _TEXT,
            "explanation": Column(),
        },
    ),
}


def issuer_problems(df: object, *, required: bool) -> list[tuple[int, str, str]]:
    """(row index, column, message) for each row whose issuer kind cannot carry its quality.

    ``required`` (the shipped tables): every row names its issuer kind. Imports written before the column
    existed may leave it empty; a kind they do give is checked all the same.
    """
    out: list[tuple[int, str, str]] = []
    if df is None or "quality" not in df or "issuer_kind" not in df:
        return out
    for idx, quality, kind, issuer in zip(df.index, df["quality"].astype(str), df["issuer_kind"].fillna("").astype(
            str), df["issuer"].fillna("").astype(str) if "issuer" in df else [""] * len(df), strict=True):
        if not kind:
            if required:
                out.append((idx, "issuer_kind", "value is required (who produced the figure)"))
        elif quality == "official" and kind not in OFFICIAL_ISSUER_KINDS:
            out.append((idx, "quality", f"a figure from a {ISSUER_KINDS.get(kind, kind)} cannot be 'official': "
                                        "only a statistics office, a ministry or agency or an operator's own count; "
                                        "use 'statement' (or rounded / a bound)"))
        elif kind == "news_outlet" and issuer.strip():
            out.append((idx, "issuer", f"a news outlet is the channel, never the issuer: move {issuer[:40]!r} to "
                                       "'channel' and leave 'issuer' empty"))
    return out
