"""Trade by year with the milestones on the same time axis; pure builders.

The chart draws :func:`~dashboard.data.tables.trade_points`, the tidy table of its points: one trace
per ``trace`` key of the table, in the table's order, so the CSV of what is shown, the source line,
the headline and the screen-reader summary read exactly what is drawn.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.data.labels import term
from dashboard.data.load import Atlas
from dashboard.data.selectors import trade_targets
from dashboard.data.tables import (
    BAR,
    GAP,
    GAP_LEGEND,
    LINE,
    MARKER,
    OTHER,
    OTHER_LEGEND,
    REPORTER_NAME,
    reporters,
    trade_points,
)
from dashboard.figures import theme
from dashboard.figures.keys import ANNOTATION, SHAPE, Keys, Style, apply_style
from dashboard.format import attribution, date_label, money, period_label, quality_of
from dashboard.i18n import N_, _
from dashboard.state import ViewState

SHORT_SECTOR = {
    "energy": N_("Energy"),
    "transport": N_("Transport"),
    "agriculture": N_("Agriculture"),
    "metals": N_("Metals"),
    "diplomacy": N_("Diplomacy"),
    "trade": N_("Trade"),
}
FIGURES_OF = {"KZ": N_("Kazakhstan's figures"), "TR": N_("Türkiye's figures"),
              "both": N_("Kazakhstan's and Türkiye's figures")}
HOLLOW_LEGEND = N_("Hollow: a statement, rounded or a bound")
MILESTONES = "milestones"  # trace key
YEAR_BAND = "year-band"  # shape key
COMPARED = ("compare-first", "compare-second")  # shape and annotation keys: the two years of a comparison
HOLLOW = "legend-hollow"  # trace key of the legend-only swatch


def trace_key(table_trace: str) -> str:
    """The uid of the trace that draws one ``trace`` of the chart's table ('bar:kz_exports_to_tr:KZ' → 'bar-…')."""
    return table_trace.replace(":", "-")


def point_hover(r: pd.Series) -> str:
    """Hover text of one plotted trade point: value as stated, flow, reporter, quality, who said it, row."""
    if r["role"] == GAP:
        return _("{year}: no full-year turnover figure found ({who})").format(
            year=int(r["year"]), who=", ".join(reporter_name(c) for c in str(r["reporter"]).split(";")))
    period = "" if r["period"] == "full" else " " + _("({period} only)").format(period=period_label(r["period"]))
    who = attribution(r["issuer"], r["channel"], r["source_date"]) or str(r["source_name"])[:90]
    return (
        f"<b>{int(r['year'])}{period}: {money(r['value_usd_m'], r['quality'])}</b><br>{term('flow', r['flow'])}"
        " · " + _("reported by {who}").format(who=reporter_name(r["reporter"]))
        + f"<br>{quality_of(r)}<br>" + _("Source: {who}").format(who=who[:110])
        + "<br>" + _("row {row} (Sources & checks)").format(row=r["id"])
    )


def reporter_name(code: str) -> str:
    """A reporter's name in the active language ('Kazakhstan', 'Türkiye', 'other sources')."""
    return term("reporter", code, REPORTER_NAME.get(code, code))


def legend_name(first: pd.Series) -> str:
    """The legend entry of a trace of the chart's table, in the active language."""
    role = first["role"]
    if role in (BAR, MARKER):
        return f"{term('flow', first['flow'])} ({first['reporter']})"
    if role == LINE:
        return _("Turnover — {who} figures").format(who=reporter_name(first["reporter"]))
    return _(OTHER_LEGEND) if role == OTHER else _(GAP_LEGEND)


def _custom(rows: pd.DataFrame) -> list[list]:
    """Click payload of each point: the year to select and the row id it shows."""
    return [["year", int(y), i] for y, i in zip(rows["year"], rows["id"], strict=True)]


def _line(rows: pd.DataFrame) -> tuple[list, list, list, list, list]:
    """x, y, hover, fill and payload with ``None`` in missing years, so the line breaks instead of bridging."""
    by_year = rows.set_index("year", drop=False)
    xs, ys, hs, fill, cd = [], [], [], [], []
    for y in range(int(rows["year"].min()), int(rows["year"].max()) + 1):
        r = by_year.loc[y] if y in by_year.index else None
        xs.append(y)
        ys.append(None if r is None else r["y"])
        hs.append("" if r is None else point_hover(r))
        fill.append(r is not None and r["quality"] == "official")
        cd.append(["year", y, "" if r is None else r["id"]])
    return xs, ys, hs, fill, cd


def _trace(rows: pd.DataFrame, main: str) -> go.Bar | go.Scatter:
    """The trace of one ``trace`` key of the table (all its rows share a role), keyed by :func:`trace_key`."""
    first = rows.iloc[0]
    role, name = first["role"], legend_name(first)
    hover = [point_hover(r) for _, r in rows.iterrows()]
    common = dict(name=name, hovertext=hover, hoverinfo="text", customdata=_custom(rows), uid=trace_key(first["trace"]))
    if role == BAR:
        return go.Bar(x=list(rows["year"]), y=list(rows["y"]), marker_color=theme.FLOW_COLORS[first["flow"]], **common)
    if role == LINE:
        rep = first["reporter"]
        xs, ys, hs, fill, cd = _line(rows)
        ink = theme.FLOW_COLORS["total_turnover"]
        return go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            connectgaps=False,
            name=name,
            line=dict(color=ink, width=3, dash="solid" if rep == main else "dash"),
            # Official statistics filled; rounded figures and bounds hollow (explained in the legend).
            marker=dict(
                symbol=theme.REPORTER_SYMBOLS[rep],
                size=10,
                color=[ink if f else "white" for f in fill],
                line=dict(color=ink, width=2),
            ),
            hovertext=hs,
            hoverinfo="text",
            customdata=cd,
            uid=trace_key(first["trace"]),
        )
    if role == MARKER:
        return go.Scatter(
            x=list(rows["year"]),
            y=list(rows["y"]),
            mode="markers",
            marker=dict(
                symbol=theme.REPORTER_SYMBOLS[first["reporter"]],
                size=11,
                color=theme.FLOW_COLORS[first["flow"]],
                line=dict(color="white", width=1),
            ),
            **common,
        )
    if role == OTHER:
        return go.Scatter(
            x=list(rows["year"]),
            y=list(rows["y"]),
            mode="markers+text",
            text=["" if p == "full" else period_label(p) for p in rows["period"]],
            textposition="top center",
            textfont=dict(size=11, color=theme.MUTED),
            marker=dict(symbol="circle-open", size=11, color=theme.MUTED, line=dict(width=2)),
            **common,
        )
    return go.Scatter(  # GAP: years with no full-year figure, drawn on the axis
        x=list(rows["year"]),
        y=list(rows["y"]),
        mode="markers",
        marker=dict(symbol="x-thin", size=12, color=theme.MUTED, line=dict(width=2, color=theme.MUTED)),
        **common,
    )


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
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.52, 0.48], vertical_spacing=0.04)
    # The patches address the milestones and the selected-year band by key (MILESTONES, YEAR_BAND).
    _add_milestones(fig, atlas)
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
    _add_compare_marks(fig)
    points = trade_points(atlas, state.reporter)
    main = reporters(state.reporter)[0]
    for key in dict.fromkeys(points["trace"]):
        fig.add_trace(_trace(points[points["trace"] == key], main), row=1, col=1)
    if (points["role"] == LINE).any() and not points.loc[points["role"] == LINE, "quality"].eq("official").all():
        fig.add_trace(  # legend only: what a hollow marker on the turnover line means
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=_(HOLLOW_LEGEND),
                hoverinfo="skip",
                uid=HOLLOW,
                marker=dict(symbol="circle", size=10, color="white", line=dict(color=theme.TEXT, width=2)),
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
            margin=dict(l=10, r=10, t=40, b=10),
            title=dict(
                text=_("Kazakhstan–Türkiye trade by year (US$ bn) — {figures}; milestones below").format(
                    figures=_(FIGURES_OF[state.reporter])),
                x=0.005,
                y=1,
                yref="container",
                yanchor="top",
                pad=dict(t=8),
                font=dict(size=16),
            ),
            # The legend's (empty) title line is where the chart's title is drawn: the legend, however many rows
            # it wraps into, then pushes the plot down below both, and never covers the title.
            legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=12), bgcolor="rgba(0,0,0,0)",
                        title=dict(text="\u00a0", side="top left", font=dict(size=20))),
        )
    )
    fig.update_xaxes(range=[lo - 0.6, hi + 0.6], gridcolor=theme.GRID, dtick=2, row=1, col=1)
    fig.update_xaxes(range=[lo - 0.6, hi + 0.6], gridcolor=theme.GRID, dtick=2, row=2, col=1, tickfont=dict(size=13))
    fig.update_yaxes(
        title=dict(text=_("US$ bn"), font=dict(size=14)), gridcolor=theme.GRID, rangemode="tozero", row=1, col=1
    )
    fig.update_yaxes(
        showgrid=False,
        tickfont=dict(size=12),
        row=2,
        col=1,
        fixedrange=True,
        dtick=1,
        categoryorder="array",
        categoryarray=[_(v) for v in SHORT_SECTOR.values()][::-1],
    )
    apply_style(fig, trade_style(atlas, state), Keys.of(fig))
    return fig


def trade_style(atlas: Atlas, state: ViewState) -> Style:
    """What a year, sector or feature change alters: the selected-year band and the milestones' styling.

    The figure itself depends on the reporter alone; a callback sends only this, as a ``dash.Patch``.
    """
    return {
        SHAPE + YEAR_BAND: {"x0": state.year_start - 0.5, "x1": state.year + 0.5, "visible": state.compare is None},
        MILESTONES: milestone_style(atlas, state),
        **compare_style(state),
    }


def _add_compare_marks(fig: go.Figure) -> None:
    """Two year marks, hidden until a comparison shows them (the patches only move and show them); each year's
    number under the US$10 bn line, clear of the line's label."""
    for key in COMPARED:
        fig.add_shape(name=key, type="line", xref="x", yref="paper", y0=0, y1=1, x0=0, x1=0, visible=False,
                      line=dict(color=theme.COMPARE, width=3, dash="dash"), layer="below")
        fig.add_annotation(name=key, xref="x", yref="y", x=0, y=9.6, xanchor="left", yanchor="top", xshift=3,
                           showarrow=False, text="", visible=False, font=dict(size=13, color=theme.COMPARE),
                           bgcolor="rgba(255,255,255,0.9)")


def compare_style(state: ViewState) -> Style:
    """The compared years marked on the chart: a dashed line and the year on top of each."""
    years = state.compare or (0, 0)
    on = state.compare is not None
    style: Style = {}
    for key, year in zip(COMPARED, years, strict=True):
        style[SHAPE + key] = {"x0": year, "x1": year, "visible": on}
        style[ANNOTATION + key] = {"x": year, "text": f"<b>{year}</b>" if on else "", "visible": on}
    return style


def _x_range(atlas: Atlas) -> tuple[int, int]:
    years = pd.concat([atlas.trade["year"], atlas.milestones["year"]])
    return int(years.min()), int(years.max())


def _who(set_by: str) -> str:
    """'Erdoğan (Prime Minister of Türkiye)' → 'Erdoğan'; 'Mehmet Büyükekşi (Chairman, TİM)' → 'TİM's chairman'."""
    name, _sep, role = set_by.partition(" (")
    return _("TİM's chairman") if "TİM" in role else name


def target_text(atlas: Atlas) -> str:
    """The US$10 bn line's label: the first government target, an earlier business proposal, the deadline."""
    t = trade_targets(atlas)
    ten = t[t["target_usd_bn"] == 10]
    ten = ten.iloc[ten["date"].fillna("").str.ljust(10, "~").argsort()]  # "2012-05" sorts after "2012-05-23"
    gov = ten[ten["side"] != "business"]
    if gov.empty:
        return ""
    first, last = gov.iloc[0], gov.iloc[-1]
    business = ten[(ten["side"] == "business") & (ten["date"].fillna("") < str(first["date"]))]
    earlier = (
        "; " + _("{who} proposed it {date}").format(who=_who(business.iloc[0]["set_by"]),
                                                    date=date_label(str(business.iloc[0]["date"])[:7]))
        + _inferred(business.iloc[0])
        if len(business)
        else ""
    )
    dated = gov[gov["deadline_year"].notna()]
    deadline = ("; " + _("{year} deadline missed").format(year=int(dated.iloc[0]["deadline_year"]))
                if len(dated) else "")
    higher = t[(t["target_usd_bn"] > 10) & (t["side"] != "business") & (t["date"].fillna("") > str(last["date"]))]
    since = ("; " + _("{value} target stated since {date} ({who})").format(
        value=money(float(higher.iloc[0]["target_usd_bn"]) * 1000), date=date_label(str(higher.iloc[0]["date"])[:7]),
        who=_who(higher.iloc[0]["set_by"])) if len(higher) else "")
    return _("US$10 bn target — first set by a government {date} ({who}{earlier}){deadline}; restated {count}×, "
             "last {last_date} ({last_who})").format(
        date=date_label(first["date"]) + _inferred(first), who=_who(first["set_by"]), earlier=earlier,
        deadline=deadline, count=len(gov) - 1, last_date=date_label(last["date"]) + _inferred(last),
        last_who=_who(last["set_by"])) + since


def _inferred(target: pd.Series) -> str:
    """', year inferred' where the research inferred the year of a target's date from its context."""
    return ", " + _("year inferred") if "year inferred" in str(target.get("note") or "") else ""


TARGET_FULL = "target-full"  # annotation names: assets/chart-fit.js shows the full label where it fits, else the short
TARGET_SHORT = "target-short"


def _add_target(fig: go.Figure, atlas: Atlas) -> None:
    """The US$10 bn line, naming the first government to set it and the latest restatement.

    Two labels: the full one, and a short one (its hover and tap give the full text) for a panel too narrow for
    the full one in the page's language; assets/chart-fit.js shows the one that fits the chart as drawn.
    """
    text = target_text(atlas)
    if not text:
        return
    fig.add_hline(y=10, line=dict(color=theme.SECTOR_COLORS["energy"], width=2, dash="dash"), row=1, col=1)
    common = dict(x=0.01, xref="x domain", y=10, yref="y", yanchor="bottom", showarrow=False, align="left",
                  font=dict(size=12, color=theme.SECTOR_COLORS["energy"]))
    fig.add_annotation(name=TARGET_FULL, text=text, **common)
    fig.add_annotation(name=TARGET_SHORT, text=_("US$10 bn target"), visible=False,
                       hovertext="<br>".join(textwrap.wrap(text, 60)), **common)


def _add_milestones(fig: go.Figure, atlas: Atlas) -> None:
    m = atlas.milestones
    fig.add_trace(
        go.Scatter(
            x=[milestone_x(d) for d in m["date"]],
            y=[_(SHORT_SECTOR[s]) for s in m["sector"]],
            mode="markers",
            name=_("Milestone"),
            showlegend=False,
            marker=dict(
                symbol="diamond",
                size=12,
                color=[theme.SECTOR_COLORS[s] for s in m["sector"]],
                line=dict(color="white", width=1),
            ),
            hovertext=[
                f"<b>{r['date']}</b> · {atlas.label('milestone', r['id'], fallback=r['title'])}<br>"
                + _("Source: {who}").format(who=r["source_name"][:80])
                + ("<br><i>" + _("Click to show it on the map") + "</i>" if r["related_feature"] else "")
                for _i, r in m.iterrows()
            ],
            hoverinfo="text",
            customdata=[["milestone", r["id"], r["related_feature"]] for _i, r in m.iterrows()],
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
