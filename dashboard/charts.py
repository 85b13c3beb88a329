"""Pure functions DataFrame -> Plotly figure, one per kind of chart. No Streamlit in here.

Colours are defined once, each with at least 4.5:1 contrast on white (WCAG AA, also for the text
in legends and labels). Numbers use Dutch separators; hover texts carry values already formatted
by dashboard.format, so a chart says a figure exactly as the cards do.
"""
from __future__ import annotations

import json
import math
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

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
INSTROOM = "instroom"
UITSTROOM = "uitstroom"
KLEUREN[INSTROOM] = "#01689B"  # the own municipality's blue: both lines are its own
KLEUREN[UITSTROOM] = "#00745A"  # dark green, 5.5:1
# beside the colour a line style, so the series stay apart in a black-and-white print and for colour blindness
LIJNSTIJL = {VERGELIJKINGSGROEP: "dash", NEDERLAND: "dot", UITSTROOM: "dash"}
ONVOLLEDIG = "#5C5C5C"  # marker of an incomplete period, 6.7:1
ACHTERGROND = "#FFFFFF"

# Plotly's own words in Dutch: month and day names on a date axis and in hover texts, 1.234,5 where a format
# is Plotly's (its nl locale, completed with the separators and format.py's short months: "mrt", not "maa").
# Given to every chart in its config, since the frontend's Plotly has only English registered.
NL_LOCALE = {"format": {
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": list(fmt.MAANDEN),
    "shortMonths": list(fmt.MAANDEN_KORT),
    "date": "%d-%m-%Y",
    "decimal": ",",
    "thousands": ".",
}, "dictionary": {}}
# No mode bar: its buttons speak English ("Download plot as a png"), it covers the title on hover and adds
# eight tab stops per chart; every chart has its table and download beside it. No scroll zoom either.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False,
                 "locale": "nl", "locales": {"nl": NL_LOCALE}}

_AS_FORMAAT = {"percentage": ".2~%", "euro": ",.0f", "maanden": ",.1f", "per_1000": ",.1f", "aantal": ",.0f"}


TITEL_REGEL = 50  # characters: Plotly never wraps a title, so a long one is cut off on a narrow chart


def afgebroken(titel: str) -> str:
    """A long chart title on several lines: after its ', ' or ': ' (the period or the view stays whole),
    and any part still longer than TITEL_REGEL at spaces."""
    if len(titel) <= TITEL_REGEL:
        return titel
    delen = re.split(r"(?<=[,:]) ", titel)
    regels: list[str] = []
    for deel in delen:
        regel = ""
        for woord in deel.split(" "):
            if regel and len(regel) + 1 + len(woord) > TITEL_REGEL:
                regels.append(regel)
                regel = woord
            else:
                regel = f"{regel} {woord}" if regel else woord
        regels.append(regel)
    return "<br>".join(regels)


def _legenda_onder(fig: go.Figure) -> go.Figure:
    """The legend at the bottom of the figure and the title pushing the plot down: however the
    legend wraps on a narrow chart, it never covers the title."""
    fig.update_layout(legend=dict(yref="container", y=0, yanchor="bottom"),
                      title=dict(automargin=True, yref="paper", y=1, yanchor="bottom", pad=dict(b=12)),
                      margin=dict(t=30))
    return fig


def _layout(fig: go.Figure, titel: str, eenheid: str, horizontaal: bool = False) -> go.Figure:
    value_axis = dict(tickformat=_AS_FORMAAT.get(eenheid, ",.0f"), rangemode="tozero",
                      tickprefix="€ " if eenheid == "euro" else "", gridcolor="#E3E3E3")
    fig.update_layout(
        title=dict(text=afgebroken(titel), x=0, xanchor="left"),
        separators=",.",
        template="plotly_white",
        paper_bgcolor=ACHTERGROND,
        plot_bgcolor=ACHTERGROND,
        font=dict(color="#1A1A1A", size=14),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        margin=dict(l=10, r=10, t=70, b=10),
        hoverlabel=dict(bgcolor="white"),
    )
    if eenheid == "aantal" and _hoogste(fig, "x" if horizontaal else "y") < KLEIN_BEREIK:
        value_axis["dtick"] = 1  # Plotly's own step would be 0,5: ticks 0, 1, 1, 2, 2 once rounded to counts
    if horizontaal:
        fig.update_xaxes(**value_axis)
    else:
        fig.update_yaxes(**value_axis)
    return fig


def _of_leeg(waarden) -> list:
    return [] if waarden is None else list(waarden)


KLEIN_BEREIK = 10  # counts up to this get a tick on every whole number


def _hoogste(fig: go.Figure, as_naam: str) -> float:
    """The largest value drawn on an axis (x or y) over all traces; 0 without any."""
    waarden = pd.to_numeric(pd.Series([v for trace in fig.data for v in _of_leeg(getattr(trace, as_naam, None))],
                                      dtype=object), errors="coerce")
    return 0 if waarden.isna().all() else float(waarden.max())


MAX_TIKKEN = 12  # period labels that fit side by side on a half-width chart
_STAPPEN = {"kwartaal": (1, 2, 4), "maand": (1, 3, 6, 12), "jaar": (1, 2, 5, 10)}


def _soort(code: str) -> str:
    return "kwartaal" if "Q" in code else "maand" if "-" in code else "jaar"


def _tikken(codes: list[str]) -> tuple[list[str], list[str]]:
    """The periods that get a tick and their horizontal labels: 'K3' with the year below it where the
    year changes, every period while at most MAX_TIKKEN fit, else every 2nd, 3rd, ... on calendar
    boundaries (kwartaal 1, januari)."""
    soort = _soort(codes[0])
    plaats = {"kwartaal": lambda c: int(c[-1]) - 1, "maand": lambda c: int(c[5:7]) - 1, "jaar": int}[soort]
    stap = next((s for s in _STAPPEN[soort] if math.ceil(len(codes) / s) <= MAX_TIKKEN), _STAPPEN[soort][-1])
    getoond = [c for c in codes if plaats(c) % stap == 0] or codes[:1]
    teksten, vorig_jaar = [], None
    for code in getoond:
        if soort == "jaar" or stap == _STAPPEN[soort][-1]:  # one tick a year: the year says it all
            teksten.append(code[:4])
            continue
        kort = fmt.periode_kort(code, met_jaar=False)
        teksten.append(kort if code[:4] == vorig_jaar else f"{kort}<br>{code[:4]}")
        vorig_jaar = code[:4]
    return getoond, teksten


def periode_as(fig: go.Figure, codes: list[str]) -> go.Figure:
    """A category axis of periods with horizontal labels (_tikken). The categories stay the full Dutch
    labels, so hover texts read '3e kwartaal 2024'.
    """
    codes = sorted(set(codes))
    if not codes:
        return fig
    getoond, teksten = _tikken(codes)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[fmt.periode(c) for c in codes],
                     tickmode="array", tickvals=[fmt.periode(c) for c in getoond], ticktext=teksten,
                     tickangle=0, title=None)
    return fig


def volgende_periode(code: str) -> str:
    """'2024Q4' -> '2025Q1', '2024-12' -> '2025-01', '2024' -> '2025'."""
    jaar = int(code[:4])
    if _soort(code) == "kwartaal":
        return f"{jaar + 1}Q1" if code.endswith("4") else f"{jaar}Q{int(code[-1]) + 1}"
    if _soort(code) == "maand":
        maand = int(code[5:7])
        return f"{jaar + 1}-01" if maand == 12 else f"{jaar}-{maand + 1:02d}"
    return str(jaar + 1)


def periode_einde(code: str) -> str:
    """The last day of a period as an ISO date: where a stock counted at its end stands on a time axis."""
    if _soort(code) == "kwartaal":
        einde = pd.Timestamp(int(code[:4]), int(code[-1]) * 3, 1) + pd.offsets.MonthEnd(0)
    elif _soort(code) == "maand":
        einde = pd.Timestamp(code + "-01") + pd.offsets.MonthEnd(0)
    else:
        einde = pd.Timestamp(int(code), 12, 31)
    return einde.strftime("%Y-%m-%d")


def tijd_as(fig: go.Figure, codes: list[str]) -> go.Figure:
    """A date axis from the first to the last period, ticks on every period of that range (also those
    without figures, so a missing year shows as a gap over its tick) with the labels of _tikken."""
    codes = sorted(set(codes))
    if not codes:
        return fig
    alle = [codes[0]]
    while alle[-1] < codes[-1]:
        alle.append(volgende_periode(alle[-1]))
    getoond, teksten = _tikken(alle)
    fig.update_xaxes(type="date", tickmode="array", tickvals=[periode_einde(c) for c in getoond],
                     ticktext=teksten, tickangle=0, title=None)
    return fig


BREUK = "breuk in de reeks"


def _met_onderbrekingen(serie: pd.DataFrame, breuken: set[str]) -> pd.DataFrame:
    """The rows of one line, with an empty row (None) wherever the line must not run on: before a
    period that does not follow the one before it (a missing year or quarter), and before a period
    that starts a new series (breuken)."""
    regels: list[dict] = []
    vorige = None
    for rij in serie.to_dict("records"):
        if vorige is not None and (rij["periode"] != volgende_periode(vorige) or rij["periode"] in breuken):
            regels.append({"x": None, "waarde": None, "label": None, "tekst": None})
        regels.append({k: rij[k] for k in ("x", "label", "tekst")} | {"waarde": _of_none(rij["waarde"])})
        vorige = rij["periode"]
    return pd.DataFrame(regels, columns=["x", "waarde", "label", "tekst"], dtype=object)


def _of_none(x: float | None) -> float | None:
    return None if fmt.ontbreekt(x) else float(x)


def trend(rows: pd.DataFrame, titel: str, eenheid: str, tijdas: bool = False,
          breuken: list[str] | tuple[str, ...] = ()) -> go.Figure:
    """Line per series over periods.

    rows: periode, waarde, volledig, reeks (a key of KLEUREN), optionally tekst (the value as shown).
    The comparable municipalities and the Netherlands are lines beside the own municipality (reeks
    VERGELIJKINGSGROEP, NEDERLAND: components.vergelijkingsrijen), each with its own colour and dash.
    An incomplete period is drawn as an unconnected open marker labelled "onvolledig", so a partly
    counted quarter never reads as a drop in the line.
    tijdas: periods on a real time axis (their last day), as CBS series need: a missing period leaves a
    gap, and the line breaks before each period in `breuken` (a new source or definition starts there),
    marked with a dashed vertical line. Without it, periods are evenly spaced categories.
    """
    fig = go.Figure()
    for reeks, serie in rows.groupby("reeks", sort=False):
        serie = serie.assign(label=serie["periode"].map(fmt.periode))
        tekst = serie["tekst"] if "tekst" in serie else serie["waarde"].map(lambda x: fmt.waarde(x, eenheid))
        serie = serie.assign(tekst=tekst)
        serie = serie.assign(x=serie["periode"].map(periode_einde) if tijdas else serie["label"])
        kleur = KLEUREN.get(reeks, KLEUREN[EIGEN_GEMEENTE])
        volledig = serie[serie["volledig"]]
        if tijdas:
            volledig = _met_onderbrekingen(volledig.sort_values("periode"), set(breuken))
        fig.add_trace(go.Scatter(
            x=volledig["x"], y=volledig["waarde"], name=reeks, mode="lines+markers",
            line=dict(color=kleur, width=3, dash=LIJNSTIJL.get(reeks, "solid")), marker=dict(size=7),
            customdata=volledig["tekst"],
            hovertext=volledig["label"], hovertemplate="%{hovertext}: %{customdata}<extra>" + reeks + "</extra>",
        ))
        onvolledig = serie[~serie["volledig"]]
        if len(onvolledig):
            fig.add_trace(go.Scatter(
                x=onvolledig["x"], y=onvolledig["waarde"], name=f"{reeks} (onvolledig)",
                mode="markers+text", text=["onvolledig"] * len(onvolledig), textposition="top left",
                cliponaxis=False,
                textfont=dict(color=ONVOLLEDIG), marker=dict(size=10, symbol="circle-open", color=ONVOLLEDIG),
                customdata=onvolledig["tekst"], hovertext=onvolledig["label"],
                hovertemplate="%{hovertext}: %{customdata} (onvolledig: periode loopt nog)<extra>" + reeks + "</extra>",
            ))
    if tijdas:
        tijd_as(fig, rows["periode"].tolist())
        perioden = sorted(set(rows["periode"]))
        for periode in breuken:  # dashed, halfway between the old series' last period and the new one's first
            eerder = [p for p in perioden if p < periode]
            if not eerder:
                continue
            einde = pd.Timestamp(periode_einde(periode))
            midden = (einde - (einde - pd.Timestamp(periode_einde(eerder[-1]))) / 2).strftime("%Y-%m-%d")
            fig.add_shape(type="line", x0=midden, x1=midden, y0=0, y1=1, yref="paper",
                          line=dict(color=KLEUREN[NEDERLAND], width=1.5, dash="dash"))
            fig.add_annotation(x=midden, y=1, yref="paper", text=BREUK, showarrow=False, xanchor="left",
                               yanchor="bottom", font=dict(color=KLEUREN[NEDERLAND], size=12))
    else:
        periode_as(fig, rows["periode"].tolist())
    return _legenda_onder(_layout(fig, titel, eenheid))


LABEL_RUIMTE = 1.15  # the value axis runs 15% past the longest bar, so its label is not cut off


def vergelijking(rows: pd.DataFrame, titel: str, eenheid: str) -> go.Figure:
    """Horizontal bars, one per row: label, waarde, reeks (colour), optionally tekst."""
    tekst = rows["tekst"] if "tekst" in rows else rows["waarde"].map(lambda x: fmt.waarde(x, eenheid))
    kleuren = [KLEUREN.get(r, KLEUREN[EIGEN_GEMEENTE]) for r in rows["reeks"]]
    fig = go.Figure(go.Bar(
        x=rows["waarde"], y=rows["label"], orientation="h", marker_color=kleuren,
        text=tekst, textposition="outside", cliponaxis=False, customdata=tekst,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", title=None)
    _layout(fig, titel, eenheid, horizontaal=True)
    hoogste = rows["waarde"].max()
    if pd.notna(hoogste) and hoogste > 0:  # room for the value printed beside the longest bar
        fig.update_xaxes(range=[0, hoogste * LABEL_RUIMTE])
    return fig


# --- map (Vergelijken) --------------------------------------------------------------------------

GEEN_CIJFER = "#D9D9D9"  # municipalities without a (shown) figure
KAART_SCHAAL = "YlOrBr"  # sequential, colour-blind safe, apart from the blue and violet outlines
KAART_HOOGTE = 680


def kaart(grenzen: pd.DataFrame, waarden: pd.DataFrame, eigen: str, peer_codes: list[str], titel: str,
          eenheid: str) -> go.Figure:
    """Choropleth of every municipality, the chosen one and its peers outlined.

    grenzen: gemeente_code, gemeentenaam, geometrie (GeoJSON geometry text, lon/lat); waarden:
    gemeente_code, waarde (NaN where not shown), tekst. Drawn as filled shapes on plain axes
    (longitude shortened by the cosine of the mean latitude), because Plotly's geo charts download
    world outlines and its tile maps need WebGL and a worker script: this needs neither, nor a network.
    """
    shown = grenzen.merge(waarden, on="gemeente_code", how="left")
    shown["tekst"] = shown["tekst"].fillna("geen cijfer")
    shapes = {code: json.loads(geometrie)
              for code, geometrie in zip(shown["gemeente_code"], shown["geometrie"], strict=True)}
    all_lat = [lat for shape in shapes.values() for ring in _rings(shape) for _, lat in ring]
    shrink = math.cos(math.radians((min(all_lat) + max(all_lat)) / 2))
    low, high = shown["waarde"].min(), shown["waarde"].max()
    fig = go.Figure()
    for row in shown.itertuples():
        if pd.isna(row.waarde):
            kleur = GEEN_CIJFER
        else:
            kleur = sample_colorscale(KAART_SCHAAL, [(row.waarde - low) / (high - low) if high > low else 0.5])[0]
        x, y = _outline([shapes[row.gemeente_code]], shrink)
        fig.add_trace(go.Scatter(x=x, y=y, fill="toself", fillcolor=kleur, mode="lines",
                                 line=dict(color="white", width=0.5), hoveron="fills", hoverinfo="text",
                                 text=f"{row.gemeentenaam}: {row.tekst}", name=row.gemeentenaam, showlegend=False))
    for codes, reeks, breedte in ((peer_codes, VERGELIJKINGSGROEP, 2), ([eigen], EIGEN_GEMEENTE, 3.5)):
        x, y = _outline([shapes[code] for code in codes if code in shapes], shrink)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=KLEUREN[reeks], width=breedte),
                                 hoverinfo="skip", name=reeks, showlegend=True))
    if pd.notna(low):  # the colour scale, on an invisible point
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
                                 marker=dict(colorscale=KAART_SCHAAL, cmin=low, cmax=high, color=[low],
                                             showscale=True, colorbar=dict(tickformat=_AS_FORMAAT.get(eenheid, ",.1f"),
                                                                           len=0.8))))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(
        title=dict(text=titel, x=0, xanchor="left"), separators=",.", template="plotly_white",
        paper_bgcolor=ACHTERGROND, plot_bgcolor=ACHTERGROND, font=dict(color="#1A1A1A", size=14),
        margin=dict(l=10, r=10, t=60, b=10), height=KAART_HOOGTE,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), hoverlabel=dict(bgcolor="white"),
    )
    return fig


def _rings(geometry: dict) -> list:
    """The rings of a Polygon or MultiPolygon, each a list of [lon, lat]."""
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _outline(geometries: list[dict], shrink: float) -> tuple[list, list]:
    """x and y of every ring, separated by None (one trace draws many closed shapes)."""
    x: list = []
    y: list = []
    for geometry in geometries:
        for ring in _rings(geometry):
            x += [lon * shrink for lon, *_ in ring] + [None]
            y += [lat for _, lat, *_ in ring] + [None]
    return x, y


# --- Prognose & budget: fan chart, backtest accuracy --------------------------------------------

SCENARIO = "scenario"
KLEUREN[SCENARIO] = "#00745A"  # dark green, 5.5:1 on white
_BAND_80 = "rgba(158, 74, 0, 0.30)"  # PROGNOSE at 30%
_BAND_95 = "rgba(158, 74, 0, 0.13)"  # PROGNOSE at 13%


def waaier(werkelijk: pd.DataFrame, prognose: pd.DataFrame, titel: str,
           scenario: pd.DataFrame | None = None, dekking: dict[int, float] | None = None) -> go.Figure:
    """Observed caseload, then the forecast with its 80% and 95% bands (a fan), optionally scenario lines.

    werkelijk: periode, waarde; prognose: periode, waarde, p2_5, p10, p90, p97_5; scenario: periode,
    waarde, reeks (the line's name); dekking: per level (80, 95) the share of backtest values inside the
    band, named in the legend beside it. The forecast starts at the last observed value, so the fan opens
    from the line instead of floating beside it.
    """
    laatste = werkelijk.tail(1)
    if len(laatste):
        start = laatste.assign(**{k: laatste["waarde"].iloc[0] for k in ("p2_5", "p10", "p90", "p97_5")})
        prognose = pd.concat([start, prognose], ignore_index=True)
    x_w = werkelijk["periode"].map(fmt.periode)
    x_p = prognose["periode"].map(fmt.periode)
    fig = go.Figure()
    for onder, boven, kleur, niveau in (("p2_5", "p97_5", _BAND_95, 95), ("p10", "p90", _BAND_80, 80)):
        naam = f"{niveau}%-interval"
        if dekking and not fmt.ontbreekt(dekking.get(niveau)):
            naam += f" (backtest: {fmt.procent(dekking[niveau], 0)} erbinnen)"
        fig.add_trace(go.Scatter(x=x_p, y=prognose[boven], mode="lines", line=dict(width=0),
                                 showlegend=False, hoverinfo="skip", name=naam))
        fig.add_trace(go.Scatter(
            x=x_p, y=prognose[onder], mode="lines", line=dict(width=0), fill="tonexty", fillcolor=kleur,
            name=naam, customdata=[f"{fmt.getal(a)} tot {fmt.getal(b)}"
                                   for a, b in zip(prognose[onder], prognose[boven], strict=True)],
            hovertemplate="%{x}: %{customdata}<extra>" + naam + "</extra>",
        ))
    fig.add_trace(go.Scatter(
        x=x_w, y=werkelijk["waarde"], name="werkelijk", mode="lines",
        line=dict(color=KLEUREN[EIGEN_GEMEENTE], width=3), customdata=werkelijk["waarde"].map(fmt.getal),
        hovertemplate="%{x}: %{customdata}<extra>werkelijk</extra>",
    ))
    fig.add_trace(go.Scatter(
        x=x_p, y=prognose["waarde"], name=PROGNOSE, mode="lines",
        line=dict(color=KLEUREN[PROGNOSE], width=3, dash="dash"),
        customdata=prognose["waarde"].map(fmt.getal),
        hovertemplate="%{x}: %{customdata}<extra>prognose</extra>",
    ))
    if scenario is not None:
        for (reeks, lijn), stijl in zip(scenario.groupby("reeks", sort=False), ("dot", "solid"), strict=False):
            lijn = pd.concat([laatste[["periode", "waarde"]], lijn], ignore_index=True)  # opens from the line too
            fig.add_trace(go.Scatter(
                x=lijn["periode"].map(fmt.periode), y=lijn["waarde"], name=reeks, mode="lines",
                line=dict(color=KLEUREN[SCENARIO], width=3, dash=stijl),
                customdata=lijn["waarde"].map(fmt.getal),
                hovertemplate="%{x}: %{customdata}<extra>" + reeks + "</extra>",
            ))
    scenario_perioden = [] if scenario is None else scenario["periode"].tolist()
    periode_as(fig, werkelijk["periode"].tolist() + prognose["periode"].tolist() + scenario_perioden)
    _layout(fig, titel, "aantal")
    _legenda_onder_titel(fig)
    fig.update_yaxes(rangemode="normal")
    return fig


def _legenda_onder_titel(fig: go.Figure) -> None:
    """Title on top, the legend between title and plot: a long legend wraps instead of covering the title."""
    fig.update_layout(title=dict(y=0.98, yanchor="top"), legend=dict(y=1.0, yanchor="bottom"),
                      margin=dict(t=130), height=520)


def backtest(rows: pd.DataFrame, titel: str, stap_eenheid: str) -> go.Figure:
    """MASE per step ahead, one line per model, with the line 1 (as good as the in-sample seasonal naive).

    rows: model (the name shown), stap, mase, gekozen (the chosen model is drawn in the forecast colour).
    """
    fig = go.Figure()
    for model, lijn in rows.groupby("model", sort=False):
        gekozen = bool(lijn["gekozen"].any())
        fig.add_trace(go.Scatter(
            x=lijn["stap"], y=lijn["mase"], name=model + (" (gekozen)" if gekozen else ""),
            mode="lines+markers",
            line=dict(color=KLEUREN[PROGNOSE] if gekozen else KLEUREN[NEDERLAND], width=3 if gekozen else 1.5,
                      dash="solid" if gekozen else "dot"),
            customdata=lijn["mase"].map(lambda v: fmt.getal(v, 2)),
            hovertemplate="%{x} " + stap_eenheid + " vooruit: MASE %{customdata}<extra>" + model + "</extra>",
        ))
    fig.add_hline(y=1, line=dict(color=KLEUREN[NEDERLAND], width=1))
    fig.update_xaxes(title=f"{stap_eenheid} vooruit", dtick=1 if rows["stap"].max() <= 8 else 3)
    _layout(fig, titel, "maanden")
    _legenda_onder_titel(fig)
    fig.update_yaxes(tickformat=",.1f", title="MASE")
    return fig
