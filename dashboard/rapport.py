"""The alderman's quarterly report for the council (kwartaalrapportage) as a PDF.

Public by construction: every figure goes through the masking of data-contract §4 (counts below 10 as
"<10", ratios on them hidden), whatever the role of the caller; peer and NL figures are pooled from exact
values first. The figures come from the marts through dashboard/data.py, the charts from the page's own
chart definitions (dashboard/charts.py), the sentences from dashboard/rapport_tekst.py.

Two steps, so the dashboard can gather in the page's run and render on the click: `verzamel` reads the
warehouse into a `Rapport` (plain data and Plotly figures), `pdf` lays it out with Typst (the `typst`
package: a single self-contained binary, offline, tagged PDF with language and title, fonts embedded)
and turns the figures into SVG with kaleido in Debian's Chromium, so the charts stay vector and their
text selectable.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, components, data
from dashboard import format as fmt
from dashboard import rapport_tekst as tekst
from pipelines import peers as peer_model

SJABLOON = Path(__file__).with_name("rapport.typ")
# a Debian font (fonts-liberation, .ci/run installs it) that Typst embeds; system fonts are ignored, so
# every machine lays the report out alike
LETTERTYPE = "Liberation Sans"
LETTERTYPE_MAP = Path("/usr/share/fonts/truetype/liberation")
CHROMIUM = Path("/usr/bin/chromium")
KWARTAAL = "kwartaal"
TABEL = ("bijstandsvolume", "bijstand_per_1000_inwoners", "instroom", "uitstroom", "uitstroom_naar_werk",
         "uitstroomkans_werk", "aandeel_parttime", "duur_mediaan_maanden", "herinstroom_12m")
CBS_TABEL = ("cbs_bijstandsontvangers", "cbs_bijstand_per_1000_inwoners")
VERGELEKEN_EENHEDEN = ("percentage", "per_1000")  # ratios pool over peers; levels are not compared
TREND_KWARTALEN = 12
PROGNOSE_KWARTALEN = 8
GRAFIEK_MAAT = (900, 430)  # px of the SVG: half an A4 page at the text width
BRON_CBS = "CBS (StatLine, Kerncijfers wijken en buurten, CBS-gebiedsindelingen), licentie CC BY 4.0"


class RapportFout(ValueError):
    """A report that cannot be made; the message is Dutch and meant for the user."""


@dataclass
class Rapport:
    gegevens: dict  # everything the template shows, as text (rapport.typ reads it as JSON)
    figuren: list[tuple[str, go.Figure]] = field(default_factory=list)  # (file name, figure) in order
    documentdatum: datetime = datetime(2000, 1, 1)  # the PDF's creation date: the warehouse's build time


def kwartaal_code(invoer: str) -> str:
    """'2025K4', '2025k4' or '2025Q4' -> '2025Q4'."""
    schoon = invoer.strip().upper().replace("K", "Q")
    if len(schoon) != 6 or not schoon[:4].isdigit() or schoon[4] != "Q" or schoon[5] not in "1234":
        raise RapportFout(f"Onbekend kwartaal {invoer!r}: schrijf het als 2025K4 (of 2025Q4).")
    return schoon


def vorig_kwartaal(code: str) -> str:
    jaar, k = int(code[:4]), int(code[-1])
    return f"{jaar - 1}Q4" if k == 1 else f"{jaar}Q{k - 1}"


def _cijfer(rij: pd.Series | None) -> tekst.Cijfer | None:
    if rij is None:
        return None
    return tekst.Cijfer(rij["periode"], None if rij["afgeschermd"] else rij["waarde"], rij["tekst"],
                        bool(rij["afgeschermd"]))


def _rij(rijen: pd.DataFrame, periode: str, reeks: str | None = None) -> pd.Series | None:
    gekozen = rijen[(rijen["periode"] == periode) & ((rijen["reeks"] == reeks) if reeks else True)]
    return gekozen.iloc[0] if len(gekozen) else None


def _gemaskeerd(rijen: pd.DataFrame, eenheid: str) -> pd.DataFrame:
    return fmt.maskeer(rijen, eenheid).assign(reeks=charts.EIGEN_GEMEENTE)


def _kwartalen_tot(kwartaal: str, aantal: int) -> list[str]:
    perioden = [kwartaal]
    while len(perioden) < aantal:
        perioden.insert(0, vorig_kwartaal(perioden[0]))
    return perioden


def verzamel(gemeente: str, kwartaal: str, gemaakt_op: date | None = None) -> Rapport:
    """Read the report of a municipality and quarter from the warehouse (masked for a public audience)."""
    kwartaal = kwartaal_code(kwartaal)
    gemeenten = data.gemeenten().set_index("gemeente_code")
    if gemeente not in gemeenten.index:
        raise RapportFout(f"Onbekende gemeente {gemeente}: het warehouse heeft geen cijfers van die gemeente "
                          "(of ze valt buiten uw bereik). Gebruik een code als GM0344.")
    naam = gemeenten.loc[gemeente, "gemeentenaam"]
    heeft_extract = bool(gemeenten.loc[gemeente, "heeft_extract"])
    bron = "extract" if heeft_extract else "synthetic"
    perioden = data.perioden(gemeente, KWARTAAL, bron)
    if kwartaal not in set(perioden["periode"]):
        eerste, laatste = (fmt.periode(perioden["periode"].iloc[i]) for i in (0, -1)) if len(perioden) else ("", "")
        bereik = f"; wel van {eerste} t/m {laatste}" if len(perioden) else ""
        raise RapportFout(f"Voor {naam} zijn er geen cijfers over het {fmt.periode(kwartaal)}{bereik}.")
    volledig = bool(perioden.set_index("periode").loc[kwartaal, "volledig"])
    einde = perioden.set_index("periode").loc[kwartaal, "periode_einde"]
    definities = data.indicatoren()
    drempels = tekst.lees_drempels()
    info = data.build_info()
    rijen = data.kpi([gemeente], [i for i in TABEL if i in definities.index], KWARTAAL, bron)
    rijen = rijen[rijen["periode_einde"] <= einde]
    vorig, jaar_eerder = vorig_kwartaal(kwartaal), components.zelfde_periode_vorig_jaar(kwartaal)
    trend_perioden = _kwartalen_tot(kwartaal, TREND_KWARTALEN)

    tabel, zinnen, vergelijkingen, getoond = [], [], [], []
    vergeleken: dict[str, pd.DataFrame] = {}
    for indicator, bron_rij in [(i, bron) for i in TABEL] + [(i, "cbs") for i in CBS_TABEL]:
        if indicator not in definities.index:
            continue
        definitie = definities.loc[indicator]
        eenheid = definitie["eenheid"]
        if bron_rij == "cbs":
            eigen = data.kpi([gemeente], [indicator], KWARTAAL, "cbs")
            eigen = eigen[eigen["periode_einde"] <= einde]
            if heeft_extract or eigen.empty or kwartaal not in set(eigen["periode"]):
                continue  # CBS figures only where the extract has none
        else:
            eigen = rijen[rijen["indicator"] == indicator]
        eigen = _gemaskeerd(eigen, eenheid)
        if eigen.empty:
            continue
        nu = _cijfer(_rij(eigen, kwartaal))
        if nu is None:
            continue
        groep = nederland = None
        if eenheid in VERGELEKEN_EENHEDEN:
            bronnen = ("cbs",) if bron_rij == "cbs" else components.UITKERINGSBRONNEN
            vergeleken[indicator] = components.trend_vergelijking(gemeente, indicator, eenheid, trend_perioden,
                                                                  publiek=True, bronnen=bronnen)
            groep = _cijfer(_rij(vergeleken[indicator], kwartaal, charts.VERGELIJKINGSGROEP))
            nederland = _cijfer(_rij(vergeleken[indicator], kwartaal, charts.NEDERLAND))
        vorige, jaar = _cijfer(_rij(eigen, vorig)), _cijfer(_rij(eigen, jaar_eerder))
        tabel.append([definitie["label"], nu.tekst, vorige.tekst if vorige else fmt.LEEG,
                      jaar.tekst if jaar else fmt.LEEG, groep.tekst if groep else fmt.LEEG,
                      nederland.tekst if nederland else fmt.LEEG])
        getoond.append(indicator)
        zinnen.append(tekst.verandering_zin(definitie["label"], eenheid, nu, vorige, jaar, drempels))
        zin = tekst.vergelijking_zin(definitie["label"], nu, groep, nederland, naam, drempels)
        if zin:
            vergelijkingen.append(zin)

    figuren, grafieken = [], []
    for indicator in ("bijstand_per_1000_inwoners", "uitstroomkans_werk"):
        if indicator in vergeleken:
            definitie = definities.loc[indicator]
            figuren.append((f"{indicator}.svg", charts.trend(vergeleken[indicator], definitie["label"],
                                                              definitie["eenheid"])))
            grafieken.append(components.trend_samenvatting(vergeleken[indicator], definitie["label"],
                                                           definitie["eenheid"]))
    stromen = rijen[rijen["indicator"].isin(["instroom", "uitstroom"]) & rijen["periode"].isin(trend_perioden)]
    if len(stromen):
        stromen = fmt.maskeer(stromen, "aantal").assign(
            reeks=stromen["indicator"].map({"instroom": charts.INSTROOM, "uitstroom": charts.UITSTROOM}))
        figuren.insert(1, ("stromen.svg", charts.trend(stromen, "Instroom en uitstroom", "aantal")))
        grafieken.insert(1, components.trend_samenvatting(stromen, "Instroom en uitstroom", "aantal"))

    prognose_zinnen = _prognose(gemeente, bron, drempels, figuren, grafieken) if heeft_extract else []
    budget_zinnen = _budget(gemeente, int(kwartaal[:4])) if heeft_extract else []

    levering = _levering(gemeente) if heeft_extract else None
    bronnen = [f"{components.bron_label(bron, gemeente)} van {naam}",
               f"vergelijkbare gemeenten en Nederland: benchmarkfeed ({components.bron_label('synthetic')})",
               f"inwoners en personen met bijstand: {BRON_CBS}"]
    if components.cbs_fictief():
        bronnen[-1] = "fictieve gemeenten, geen echte CBS-cijfers"
    gemaakt_op = gemaakt_op or date.today()
    gegevens = {
        "titel": f"Kwartaalrapportage Participatiewet {naam}, {fmt.periode(kwartaal)}",
        "gemeente": f"{naam} ({gemeente})",
        "kwartaal": fmt.periode(kwartaal) + ("" if volledig else " (onvolledig: het kwartaal loopt nog)"),
        "gemaakt_op": _datum(gemaakt_op),
        "peildatum": _datum(levering["peildatum"]) if levering else "geen levering (synthetische demo-cijfers)",
        "bronnen": bronnen,
        "demo": components.demo_melding([naam]).replace("`", "") if components.is_demo(gemeente) else "",
        "kolommen": ["Cijfer", fmt.periode(kwartaal), fmt.periode(vorig), fmt.periode(jaar_eerder),
                     "Vergelijkbare gemeenten", "Nederland"],
        "tabel": tabel,
        "zinnen": zinnen,
        "vergelijkingen": vergelijkingen,
        "prognose": prognose_zinnen,
        "budget": budget_zinnen,
        # a chart with nothing to draw (every figure masked) is said in words only: no empty axes
        "grafieken": [{"bestand": "" if _leeg(figuur) else bestand, "tekst": t}
                      for (bestand, figuur), t in zip(figuren, grafieken, strict=True)],
        "definities": [[definities.loc[i, "label"], definities.loc[i, "formule"]] for i in getoond
                       + (["bijstandsvolume_prognose"] if "prognose.svg" in dict(figuren) else [])
                       if i in definities.index],
        "controlegetal": levering["levering_id"] if levering else "",
        "lettertype": LETTERTYPE,
        "peers": peer_model.load_config().k,
    }
    gebouwd = pd.Timestamp(info.get("gebouwd_op") or datetime(2000, 1, 1)).to_pydatetime().replace(microsecond=0)
    return Rapport(gegevens, [(bestand, figuur) for bestand, figuur in figuren if not _leeg(figuur)], gebouwd)


def _leeg(figuur: go.Figure) -> bool:
    return not any(pd.notna(y) for trace in figuur.data if trace.y is not None for y in trace.y)


def _datum(dag: date | pd.Timestamp) -> str:
    dag = pd.Timestamp(dag)
    return f"{dag.day} {fmt.MAANDEN[dag.month - 1]} {dag.year}"


def _levering(gemeente: str) -> dict | None:
    """The municipality's loaded delivery (peildatum, levering_id: its checksum), None when unknown."""
    if not data.table_exists("marts.laadhistorie"):
        return None
    geladen = data.laadhistorie(gemeente)
    geladen = geladen[geladen["status"] == "geladen"]
    return geladen.iloc[0].to_dict() if len(geladen) else None


def _onder_tien_leeg(waarden: pd.Series) -> pd.Series:
    """A forecast level below 10 is a small count too: not drawn, not said."""
    return waarden.where(~waarden.map(fmt.is_klein))


def _prognose(gemeente: str, bron: str, drempels: tekst.Drempels, figuren: list, grafieken: list) -> list[str]:
    """The fan chart (appended to figuren) and the forecast's sentences for the coming quarters."""
    prognose = data.prognose(gemeente, KWARTAAL).head(PROGNOSE_KWARTALEN)
    if prognose.empty:
        return ["Voor deze gemeente is geen prognose berekend."]
    werkelijk = data.kpi([gemeente], ["bijstandsvolume"], KWARTAAL, bron)
    werkelijk = fmt.maskeer(werkelijk[werkelijk["volledig"]].tail(TREND_KWARTALEN), "aantal")
    for kolom in ("waarde", "p2_5", "p10", "p90", "p97_5"):
        prognose[kolom] = _onder_tien_leeg(prognose[kolom])
    dekking = data.prognose_dekking(gemeente, KWARTAAL)
    figuren.append(("prognose.svg", charts.waaier(werkelijk[["periode", "waarde"]], prognose,
                                                  "Bijstandsvolume: werkelijk en prognose",
                                                  dekking={n: dekking.get(f"dekking_{n}") for n in (80, 95)})))
    laatste = _cijfer(werkelijk.iloc[-1]) if len(werkelijk) else None
    def getoond(x: float) -> str:  # emptied by _onder_tien_leeg: a small count
        return fmt.AFGESCHERMD if fmt.ontbreekt(x) else fmt.getal(x)

    zinnen = []
    for rij in (prognose.iloc[0], prognose.iloc[min(3, len(prognose) - 1)]):  # next quarter, a year ahead
        verwacht = tekst.Cijfer(rij["periode"], rij["waarde"], getoond(rij["waarde"]), fmt.ontbreekt(rij["waarde"]))
        zinnen.append(tekst.prognose_zin(laatste, verwacht, getoond(rij["p10"]), getoond(rij["p90"]), drempels))
    grafieken.append(" ".join(zinnen))
    return zinnen


def _budget(gemeente: str, jaar: int) -> list[str]:
    """A sentence per year (the report's year and the next) on the BUIG result in its most final version."""
    if not data.table_exists("marts.budget_prognose"):
        return []
    rijen = data.budget_prognose(gemeente)
    rijen = rijen[rijen["jaar"].isin([jaar, jaar + 1])]
    if rijen.empty:
        return []
    rijen = rijen.sort_values(["jaar", "fase_rang"])
    zinnen = []
    for _, r in rijen.groupby("jaar").tail(1).iterrows():
        drempel = None if fmt.ontbreekt(r["vangnet_drempel_pct"]) else float(r["vangnet_drempel_pct"])
        laag = None if fmt.ontbreekt(r["resultaat_laag_pct"]) else float(r["resultaat_laag_pct"])
        zinnen.append(tekst.budget_zin(int(r["jaar"]), r["fase_label"], r["soort"], float(r["resultaat"]),
                                       float(r["resultaat_pct"]), float(r["vangnet_bedrag"] or 0), drempel, laag))
    return zinnen


def _svg(figuren: list[tuple[str, go.Figure]]) -> dict[str, bytes]:
    """Each figure as SVG, in the report's font, through kaleido's Chromium. The browser stays open for the
    next report of this process (kaleido closes it at exit): starting it is most of a report's time."""
    import kaleido

    if not figuren:
        return {}
    if "BROWSER_PATH" not in os.environ and CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(CHROMIUM)
    breedte, hoogte = GRAFIEK_MAAT
    uit = {}
    try:
        kaleido.start_sync_server(silence_warnings=True)
        for naam, figuur in figuren:
            figuur = go.Figure(figuur).update_layout(font_family=LETTERTYPE, height=hoogte, width=breedte)
            uit[naam] = kaleido.calc_fig_sync(figuur, opts=dict(format="svg", width=breedte, height=hoogte))
    except Exception as exc:  # kaleido raises its own types for a missing or crashed browser
        kaleido.stop_sync_server(silence_warnings=True)
        raise RapportFout("De grafieken van de kwartaalrapportage vragen Chromium (Debian: apt-get install "
                          f"chromium): {exc}") from exc
    return uit


def pdf(rapport: Rapport) -> bytes:
    """The report as PDF bytes: the same bytes for the same Rapport (its creation date is the warehouse's)."""
    import typst

    svgs = _svg(rapport.figuren)
    d = rapport.documentdatum
    gegevens = rapport.gegevens | {"datum": [d.year, d.month, d.day, d.hour, d.minute, d.second]}
    with tempfile.TemporaryDirectory(prefix="wimi-rapport-") as map_:
        werk = Path(map_)
        shutil.copy(SJABLOON, werk / "rapport.typ")
        (werk / "rapport.json").write_text(json.dumps(gegevens, ensure_ascii=False), encoding="utf-8")
        for naam, svg in svgs.items():
            (werk / naam).write_bytes(svg)
        try:
            return typst.compile(str(werk / "rapport.typ"), root=str(werk), font_paths=[str(LETTERTYPE_MAP)],
                                 ignore_system_fonts=True)
        except typst.TypstError as exc:
            raise RapportFout(f"De kwartaalrapportage kon niet worden opgemaakt: {exc}") from exc


def als_opdrachtregel() -> None:
    """`wimi rapport` reads the warehouse as the one at the machine, who has its files anyway: the
    report itself is public whoever asks. Quiet about Streamlit running without its server."""
    import streamlit as st
    from streamlit import logger

    from dashboard import auth
    from pipelines.gebruikers import BEHEERDER, Gebruiker

    logger.set_log_level("error")
    st.session_state[auth.SESSIE_GEBRUIKER] = Gebruiker("wimi rapport (opdrachtregel)", BEHEERDER)


def maak(gemeente: str, kwartaal: str, gemaakt_op: date | None = None) -> bytes:
    return pdf(verzamel(gemeente, kwartaal, gemaakt_op))
