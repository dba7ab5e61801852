"""Dashboard charts: Vega-Lite specs built with Altair, drawn to SVG on the server by vl-convert.

Drawing on the server keeps the dashboard complete without JavaScript, needs no script from a CDN, and
lets a strict Content-Security-Policy stand. Each chart goes in an <img> (so its text cannot run) beside
a table with the same numbers.
"""

from __future__ import annotations

import base64

import altair as alt
import pandas as pd


def _svg_data_uri(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_json())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def trend_chart(rows: list[dict], title: str) -> str | None:
    """New and active postings per period, as an SVG data URI (None without data)."""
    if not rows:
        return None
    frame = pd.DataFrame(rows).melt(id_vars="period", value_vars=["new", "active"], var_name="count")
    chart = (
        alt.Chart(frame, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=None),
            y=alt.Y("value:Q", title="Postings"),
            color=alt.Color(
                "count:N", title=None, scale=alt.Scale(range=["#1f5fa8", "#c4581c"]), legend=alt.Legend(orient="top")
            ),
            strokeDash=alt.StrokeDash("count:N", legend=None),
        )
        .properties(width=640, height=220)
    )
    return _svg_data_uri(chart)


def forecast_chart(history: list[dict], forecast: list[dict], title: str) -> str | None:
    """The latest history of new postings, then the forecast with its 80% and 95% intervals."""
    if not forecast:
        return None
    past = pd.DataFrame([{"period": r["period"], "new": r["new"], "kind": "observed"} for r in history[-24:]])
    ahead = pd.DataFrame(
        [
            {
                "period": r["period"],
                "new": r["new"],
                "kind": "forecast",
                "low80": r["interval_80"][0],
                "high80": r["interval_80"][1],
                "low95": r["interval_95"][0],
                "high95": r["interval_95"][1],
            }
            for r in forecast
        ]
    )
    order = list(past.period) + list(ahead.period)
    x = alt.X("period:O", title=None, sort=order)
    bands = [
        alt.Chart(ahead).mark_area(opacity=opacity, color="#c4581c").encode(x=x, y=f"low{level}:Q", y2=f"high{level}:Q")
        for level, opacity in (("95", 0.15), ("80", 0.3))
    ]
    lines = (
        alt.Chart(pd.concat([past, ahead[["period", "new", "kind"]]]))
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("new:Q", title="New postings"),
            color=alt.Color(
                "kind:N", title=None, scale=alt.Scale(range=["#c4581c", "#1f5fa8"]), legend=alt.Legend(orient="top")
            ),
        )
    )
    return _svg_data_uri(alt.layer(*bands, lines, title=title).properties(width=640, height=220))
