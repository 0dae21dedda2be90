"""Trade by year with the milestones on the same time axis; pure builders."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.data.load import Atlas
from dashboard.data.schema import FLOWS
from dashboard.data.selectors import missing_years, trade_extra, trade_series, trade_targets
from dashboard.figures import theme
from dashboard.figures.keys import SHAPE, Keys, Style, apply_style
from dashboard.state import ViewState

QUALITY_NOTE = {
    "official": "official statistic",
    "rounded": "rounded figure from a statement",
    "lower_bound": "lower bound (“more than”)",
    "dubious": "dubious: not a statistic",
    "forecast": "forecast",
}
SHORT_SECTOR = {
    "energy": "Energy",
    "transport": "Transport",
    "agriculture": "Agriculture",
    "metals": "Metals",
    "diplomacy": "Diplomacy",
    "trade": "Trade",
}
REPORTER_ORDER = {"KZ": ("KZ",), "TR": ("TR",), "both": ("KZ", "TR")}
FIGURES_OF = {"KZ": "Kazakhstan's figures", "TR": "Türkiye's figures", "both": "Kazakhstan's and Türkiye's figures"}
REPORTER_NAME = {"KZ": "Kazakhstan", "TR": "Türkiye", "OTHER": "other sources"}
MILESTONES = "milestones"  # trace key
YEAR_BAND = "year-band"  # shape key


def reporters(state: ViewState) -> tuple[str, ...]:
    return REPORTER_ORDER.get(state.reporter, ("KZ",))


def _hover(r: pd.Series) -> str:
    period = "" if r["period"] == "full" else f" ({r['period']} only)"
    return (
        f"<b>{int(r['year'])}{period}: US${r['value_usd_m']:,.0f} m</b><br>{FLOWS[r['flow']]}"
        f" · reported by {REPORTER_NAME[r['reporter']]}<br>{QUALITY_NOTE[r['quality']]}"
        f"<br>Source: {r['source_name'][:90]}<br>{r['source_date']} · row {r['id']} (Sources view)"
    )


def _with_gaps(s: pd.DataFrame) -> tuple[list, list, list, list]:
    """x, y (US$ bn), hover and quality with ``None`` in missing years, so lines break instead of bridging."""
    if s.empty:
        return [], [], [], []
    by_year = s.set_index("year", drop=False)
    xs, ys, hs, qs = [], [], [], []
    for y in range(int(s["year"].min()), int(s["year"].max()) + 1):
        xs.append(y)
        r = by_year.loc[y] if y in by_year.index else None
        ys.append(None if r is None else r["value_usd_m"] / 1000)
        hs.append("" if r is None else _hover(r))
        qs.append(None if r is None else r["quality"])
    return xs, ys, hs, qs


def milestone_x(date: str) -> float:
    """Decimal year of a milestone date ('2017-10-30' → 2017.82); year-only dates sit mid-year."""
    parts = date.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return year + 0.5
    month = int(parts[1])
    day = int(parts[2]) if len(parts) > 2 else 15
    return round(year + (month - 1) / 12 + (day - 1) / 365, 3)


def trade_figure(atlas: Atlas, state: ViewState) -> go.Figure:
    """Turnover and exports by year for the chosen reporter(s), the $10 bn target and milestones."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.05)
    # The patches address the milestones and the selected-year band by key (MILESTONES, YEAR_BAND).
    _add_milestones(fig, atlas, state)
    fig.add_shape(
        name=YEAR_BAND,
        type="rect",
        xref="x",
        yref="paper",
        y0=0,
        y1=1,
        x0=state.year_start - 0.5,
        x1=state.year + 0.5,
        fillcolor="#f0e442",
        opacity=0.28,
        line_width=0,
        layer="below",
    )
    reps = reporters(state)
    main = reps[0]
    for flow in ("kz_exports_to_tr", "tr_exports_to_kz"):
        s = trade_series(atlas, main, flow)
        fig.add_trace(
            go.Bar(
                x=list(s["year"]),
                y=list(s["value_usd_m"] / 1000),
                name=f"{FLOWS[flow]} ({main})",
                marker_color=theme.FLOW_COLORS[flow],
                hovertext=[_hover(r) for _, r in s.iterrows()],
                hoverinfo="text",
                customdata=[["year", int(y)] for y in s["year"]],
                uid=f"bars-{flow}",
            ),
            row=1,
            col=1,
        )
    for rep in reps:
        xs, ys, hs, qs = _with_gaps(trade_series(atlas, rep, "total_turnover"))
        ink = theme.FLOW_COLORS["total_turnover"]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                connectgaps=False,
                name=f"Turnover — {REPORTER_NAME[rep]} figures",
                line=dict(color=theme.FLOW_COLORS["total_turnover"], width=3, dash="solid" if rep == main else "dash"),
                # Official statistics filled; rounded political figures and lower bounds hollow.
                marker=dict(
                    symbol=theme.REPORTER_SYMBOLS[rep],
                    size=10,
                    color=[ink if q == "official" else "white" for q in qs],
                    line=dict(color=ink, width=2),
                ),
                hovertext=hs,
                hoverinfo="text",
                customdata=[["year", x] for x in xs],
                uid=f"turnover-{rep}",
            ),
            row=1,
            col=1,
        )
        if rep != main:
            for flow in ("kz_exports_to_tr", "tr_exports_to_kz"):
                s = trade_series(atlas, rep, flow)
                fig.add_trace(
                    go.Scatter(
                        x=list(s["year"]),
                        y=list(s["value_usd_m"] / 1000),
                        mode="markers",
                        name=f"{FLOWS[flow]} ({rep})",
                        hovertext=[_hover(r) for _, r in s.iterrows()],
                        hoverinfo="text",
                        marker=dict(
                            symbol=theme.REPORTER_SYMBOLS[rep],
                            size=11,
                            color=theme.FLOW_COLORS[flow],
                            line=dict(color="white", width=1),
                        ),
                        customdata=[["year", int(y)] for y in s["year"]],
                        uid=f"exports-{rep}-{flow}",
                    ),
                    row=1,
                    col=1,
                )
    extra = trade_extra(atlas, (*reps, "OTHER"))
    extra = extra[extra["quality"] != "dubious"]
    other = pd.concat([extra, trade_series(atlas, "OTHER", "total_turnover")]).drop_duplicates("id")
    fig.add_trace(
        go.Scatter(
            x=list(other["year"]),
            y=list(other["value_usd_m"] / 1000),
            mode="markers+text",
            name="Partial year, other source or conflicting figure",
            hovertext=[_hover(r) for _, r in other.iterrows()],
            hoverinfo="text",
            text=["" if p == "full" else p for p in other["period"]],
            textposition="top center",
            textfont=dict(size=11, color=theme.MUTED),
            marker=dict(symbol="circle-open", size=11, color=theme.MUTED, line=dict(width=2)),
            customdata=[["year", int(y)] for y in other["year"]],
            uid="other",
        ),
        row=1,
        col=1,
    )
    gaps = sorted({y for rep in reps for y in missing_years(atlas, rep)})
    fig.add_trace(
        go.Scatter(
            x=gaps,
            y=[0] * len(gaps),
            mode="markers",
            name="No full-year figure found",
            marker=dict(symbol="x-thin", size=12, color=theme.MUTED, line=dict(width=2, color=theme.MUTED)),
            hovertext=[
                f"{y}: no full-year turnover figure found ({', '.join(REPORTER_NAME[r] for r in reps)})" for y in gaps
            ],
            hoverinfo="text",
            customdata=[["year", y] for y in gaps],
            uid="gaps",
        ),
        row=1,
        col=1,
    )
    _add_target(fig, atlas)
    lo, hi = _x_range(atlas)
    fig.update_layout(
        **theme.base_layout(
            barmode="group",
            bargap=0.25,
            height=None,
            clickmode="event",
            hovermode="closest",
            margin=dict(l=10, r=10, t=62, b=10),
            title=dict(
                text=f"Kazakhstan–Türkiye trade by year (US$ bn) — {FIGURES_OF[state.reporter]}; milestones below",
                x=0.005,
                y=0.985,
                font=dict(size=16),
            ),
            legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=12)),
        )
    )
    fig.update_xaxes(range=[lo - 0.6, hi + 0.6], gridcolor=theme.GRID, dtick=2, row=1, col=1)
    fig.update_xaxes(range=[lo - 0.6, hi + 0.6], gridcolor=theme.GRID, dtick=2, row=2, col=1, tickfont=dict(size=13))
    fig.update_yaxes(
        title=dict(text="US$ bn", font=dict(size=14)), gridcolor=theme.GRID, rangemode="tozero", row=1, col=1
    )
    fig.update_yaxes(
        showgrid=False,
        tickfont=dict(size=12),
        row=2,
        col=1,
        fixedrange=True,
        dtick=1,
        categoryorder="array",
        categoryarray=list(SHORT_SECTOR.values())[::-1],
    )
    apply_style(fig, trade_style(atlas, state), Keys.of(fig))
    return fig


def trade_style(atlas: Atlas, state: ViewState) -> Style:
    """What a year, sector or feature change alters: the selected-year band and the milestones' styling.

    The figure itself depends on the reporter alone; a callback sends only this, as a ``dash.Patch``.
    """
    return {
        SHAPE + YEAR_BAND: {"x0": state.year_start - 0.5, "x1": state.year + 0.5},
        MILESTONES: milestone_style(atlas, state),
    }


def _x_range(atlas: Atlas) -> tuple[int, int]:
    years = pd.concat([atlas.trade["year"], atlas.milestones["year"]])
    return int(years.min()), int(years.max())


def _add_target(fig: go.Figure, atlas: Atlas) -> None:
    """The US$10 bn line, naming the first government to set it and the latest restatement."""
    t = trade_targets(atlas)
    ten = t[(t["target_usd_bn"] == 10) & (t["side"] != "business")]
    if ten.empty:
        return
    ten = ten.iloc[ten["date"].str.ljust(10, "~").argsort()]  # "2012-05" sorts after "2012-05-23"
    first, last = ten.iloc[0], ten.iloc[-1]
    dated = ten[ten["deadline_year"].notna()]
    deadline = (
        f" (deadline {int(dated.iloc[0]['deadline_year'])} set by {dated.iloc[0]['set_by'].split(' (')[0]}, missed)"
        if len(dated)
        else ""
    )
    fig.add_hline(y=10, line=dict(color=theme.SECTOR_COLORS["energy"], width=2, dash="dash"), row=1, col=1)
    fig.add_annotation(
        x=0.01,
        xref="x domain",
        y=10,
        yref="y",
        yanchor="bottom",
        showarrow=False,
        align="left",
        text=(
            f"US$10 bn target — first set by {first['set_by']} on {first['date']}{deadline}; "
            f"restated {len(ten) - 1}× since, last by {last['set_by']} on {last['date']}"
        ),
        font=dict(size=12, color=theme.SECTOR_COLORS["energy"]),
    )


def _add_milestones(fig: go.Figure, atlas: Atlas, state: ViewState) -> None:
    m = atlas.milestones
    fig.add_trace(
        go.Scatter(
            x=[milestone_x(d) for d in m["date"]],
            y=[SHORT_SECTOR[s] for s in m["sector"]],
            mode="markers",
            name="Milestone",
            showlegend=False,
            marker=dict(
                symbol="diamond",
                size=12,
                color=[theme.SECTOR_COLORS[s] for s in m["sector"]],
                line=dict(color="white", width=1),
            ),
            hovertext=[
                f"<b>{r['date']}</b> · {r['title']}<br>Source: {r['source_name'][:80]}"
                + ("<br><i>Click to show it on the map</i>" if r["related_feature"] else "")
                for _, r in m.iterrows()
            ],
            hoverinfo="text",
            customdata=[["milestone", r["id"], r["related_feature"]] for _, r in m.iterrows()],
            uid=MILESTONES,
        ),
        row=2,
        col=1,
    )


def milestone_style(atlas: Atlas, state: ViewState) -> dict:
    """Milestones of the selected feature stand out; those of other sectors fade."""
    m = atlas.milestones
    hit = (m["related_feature"] == state.feature) if state.feature else pd.Series(False, index=m.index)
    in_sector = m["sector"].eq(state.sector) | (state.sector == "all")
    return {
        "marker.size": [18 if h else 12 for h in hit],
        "marker.opacity": [1.0 if h or s else 0.25 for h, s in zip(hit, in_sector, strict=True)],
        "marker.line.width": [3 if h else 1 for h in hit],
        "marker.line.color": ["#000000" if h else "white" for h in hit],
    }
