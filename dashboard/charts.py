"""Pure functions DataFrame -> Plotly figure, one per kind of chart. No Streamlit in here.

Colours are defined once, each with at least 4.5:1 contrast on white (WCAG AA, also for the text
in legends and labels). Numbers use Dutch separators; hover texts carry values already formatted
by dashboard.format, so a chart says a figure exactly as the cards do.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt

EIGEN_GEMEENTE = "eigen gemeente"
VERGELIJKINGSGROEP = "vergelijkingsgroep"
NEDERLAND = "Nederland"
PROGNOSE = "prognose"

KLEUREN = {
    EIGEN_GEMEENTE: "#01689B",  # Rijkshuisstijl hemelblauw, 6.1:1 on white
    VERGELIJKINGSGROEP: "#A90061",  # violet, 7.3:1
    NEDERLAND: "#4D4D4D",  # dark grey, 8.5:1
    PROGNOSE: "#9E4A00",  # dark orange, 6.1:1
}
ONVOLLEDIG = "#5C5C5C"  # marker of an incomplete period, 6.7:1
ACHTERGROND = "#FFFFFF"

_AS_FORMAAT = {"percentage": ".0%", "euro": ",.0f", "maanden": ",.1f", "per_1000": ",.1f", "aantal": ",.0f"}


def _layout(fig: go.Figure, titel: str, eenheid: str, horizontaal: bool = False) -> go.Figure:
    value_axis = dict(tickformat=_AS_FORMAAT.get(eenheid, ",.0f"), rangemode="tozero",
                      tickprefix="€ " if eenheid == "euro" else "", gridcolor="#E3E3E3")
    fig.update_layout(
        title=dict(text=titel, x=0, xanchor="left"),
        separators=",.",
        template="plotly_white",
        paper_bgcolor=ACHTERGROND,
        plot_bgcolor=ACHTERGROND,
        font=dict(color="#1A1A1A", size=14),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        margin=dict(l=10, r=10, t=70, b=10),
        hoverlabel=dict(bgcolor="white"),
    )
    if horizontaal:
        fig.update_xaxes(**value_axis)
    else:
        fig.update_yaxes(**value_axis)
    return fig


def trend(rows: pd.DataFrame, titel: str, eenheid: str) -> go.Figure:
    """Line per series over periods.

    rows: periode, waarde, volledig, reeks (a key of KLEUREN), optionally tekst (the value as shown).
    An incomplete period is drawn as an unconnected open marker labelled "onvolledig", so a partly
    counted quarter never reads as a drop in the line.
    """
    fig = go.Figure()
    for reeks, serie in rows.groupby("reeks", sort=False):
        serie = serie.assign(label=serie["periode"].map(fmt.periode))
        tekst = serie["tekst"] if "tekst" in serie else serie["waarde"].map(lambda x: fmt.waarde(x, eenheid))
        serie = serie.assign(tekst=tekst)
        kleur = KLEUREN.get(reeks, KLEUREN[EIGEN_GEMEENTE])
        volledig = serie[serie["volledig"]]
        fig.add_trace(go.Scatter(
            x=volledig["label"], y=volledig["waarde"], name=reeks, mode="lines+markers",
            line=dict(color=kleur, width=3), marker=dict(size=7), customdata=volledig["tekst"],
            hovertemplate="%{x}: %{customdata}<extra>" + reeks + "</extra>",
        ))
        onvolledig = serie[~serie["volledig"]]
        if len(onvolledig):
            fig.add_trace(go.Scatter(
                x=onvolledig["label"], y=onvolledig["waarde"], name=f"{reeks} (onvolledig)",
                mode="markers+text", text=["onvolledig"] * len(onvolledig), textposition="top left",
                textfont=dict(color=ONVOLLEDIG), marker=dict(size=10, symbol="circle-open", color=ONVOLLEDIG),
                customdata=onvolledig["tekst"],
                hovertemplate="%{x}: %{customdata} (onvolledig: periode loopt nog)<extra>" + reeks + "</extra>",
            ))
    fig.update_xaxes(type="category", title=None)
    return _layout(fig, titel, eenheid)


def vergelijking(rows: pd.DataFrame, titel: str, eenheid: str) -> go.Figure:
    """Horizontal bars, one per row: label, waarde, reeks (colour), optionally tekst."""
    tekst = rows["tekst"] if "tekst" in rows else rows["waarde"].map(lambda x: fmt.waarde(x, eenheid))
    kleuren = [KLEUREN.get(r, KLEUREN[EIGEN_GEMEENTE]) for r in rows["reeks"]]
    fig = go.Figure(go.Bar(
        x=rows["waarde"], y=rows["label"], orientation="h", marker_color=kleuren,
        text=tekst, textposition="outside", customdata=tekst, hovertemplate="%{y}: %{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, titel, eenheid, horizontaal=True)
