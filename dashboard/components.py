"""Widgets shared by the pages: filters synced with the URL, KPI cards, captions, downloads, charts with text.

The pure helpers (texts, period arithmetic) sit beside the widgets that use them and carry no st.*,
so they are tested without a running app.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, charts, data
from dashboard import format as fmt
from pipelines.export import to_dutch_csv, to_xlsx

BRON_LABELS = {
    "extract": "eigen extract",
    "demo": "demo-extract (verzonnen cijfers)",
    "cbs": "CBS",
    "partner": "pakket van een partnergemeente",
    "synthetic": "synthetische demo-cijfers",
    "forecast": "prognose",
    "fictief": "fictieve gemeenten, geen CBS",
}


# the sources of benefit figures compared across municipalities, the demo's synthetic fallback last: an own
# extract or a partner's package (wimi benchmark importeer) before it
UITKERINGSBRONNEN = ("extract", "partner", "synthetic")

CBS_ATTRIBUTIE = "Bron: CBS (StatLine / Kerncijfers wijken en buurten / CBS-gebiedsindelingen), CC BY 4.0"
DEMO_KOLOM = "let_op"
DEMO_WAARDE = "demo: verzonnen cijfers, geen gegevens van de gemeente"
DEMO_BESTAND = "DEMO_"
# a multiselect's empty state in Dutch (Streamlit's own is "Choose options"); nothing chosen filters nothing
ALLES_KIEZEN = "Alle; kies om te filteren"
# The open tab of Kwaliteit & verantwoording lives in the URL under this name; the tab with a figure's rows
KWALITEIT_TAB, HERLEID_TAB = "kwaliteit_onderdeel", "Herleiden tot rijen"


# --- pure helpers -------------------------------------------------------------------------------

def demo_melding(namen: list[str]) -> str:
    """The banner over every page when the warehouse holds a demo delivery."""
    wie = fmt.opsomming(namen) if namen else "de gemeenten met een demolevering"
    return (f"Demo: de cijfers uit het extract van {wie} zijn verzonnen door `wimi demo`. Het zijn geen "
            "gegevens van die gemeente(n); alleen de namen en de CBS-cijfers zijn echt. Bronregels en "
            "downloads zeggen het ook.")


def markeer_demo(tabel: pd.DataFrame) -> pd.DataFrame:
    """A table to download, with a first column saying its figures are invented."""
    return pd.concat([pd.DataFrame({DEMO_KOLOM: DEMO_WAARDE}, index=tabel.index), tabel], axis=1)

KOPPEN = {"gemeente_code": "Gemeentecode", "let_op": "Let op", "rol": "Rol in de KPI", "rijen_model": "Model",
          "bijdrage": "Bijdrage", "client_id": "Cliënt", "waarde": "Waarde"}


def koppen_nl(tabel: pd.DataFrame) -> pd.DataFrame:
    """A table to write to a file with headers for its reader: gemeente_code as Gemeentecode, any other
    snake_case name as a capitalised phrase (ingangsdatum_uitkering -> Ingangsdatum uitkering)."""
    return tabel.rename(columns=lambda naam: KOPPEN.get(naam, naam[:1].upper() + naam[1:].replace("_", " ")))


def toelichting_regels(tabel: pd.DataFrame, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """What a downloaded table says about itself (the Excel file's sheet Toelichting): its periods and
    sources as far as its columns show them, the page's own lines, and the CBS attribution where CBS
    figures are in it (CC BY 4.0 asks for it)."""
    regels = []
    codes = sorted(c for c in tabel.get("periode", pd.Series(dtype=object)).dropna().astype(str).unique()
                   if _is_periode(c))  # the audit log's periode is free text ("2023Q1 t/m 2024Q3")
    if codes:
        regels.append(f"Periode: {_perioden(codes[-1], codes[0])}")
    bronnen = [] if "bron" not in tabel.columns else [BRON_LABELS.get(b, b) for b in tabel["bron"].dropna().unique()]
    if bronnen:
        regels.append(f"Bron: {fmt.opsomming(sorted(set(bronnen)))}")
    regels += list(extra)
    if any(b.lower() in ("cbs", "fictieve gemeenten, geen cbs") for b in bronnen) or any(
            str(k).lower().startswith("cbs") for k in tabel.columns):
        regels.append(CBS_ATTRIBUTIE)
    regels.append("Gemaakt met WIMI (management-informatie Participatiewet).")
    return regels


def _is_periode(code: str) -> bool:
    try:
        fmt.periode(code)
    except ValueError:
        return False
    return True


def kolommen_nl(tabel: pd.DataFrame, geld: tuple[str, ...] = (), procenten: tuple[str, ...] = (),
                hele_euros: tuple[str, ...] = ()) -> dict:
    """column_config that writes a table the Dutch way while its values stay numbers and dates, so a click
    on a header sorts 987 before 1.234: numbers as 1.234,5 with one number of decimals per column (the
    fewest, up to 3, that show every value: 25,00 beside 1.082,18), the amounts in `geld` as € 1.234,56,
    those in `hele_euros` as € 1.234 (a forecast's cents are noise), the fractions in `procenten` as 12,3%,
    dates as 31-12-2025 (with the time only where there is one).

    Streamlit writes "localized", "euro" and "percent" in the browser's language; app.py sets it to Dutch
    (NEDERLANDS), so a browser in English writes 1.234,5 too."""
    config = {}
    for kolom in tabel.columns:
        waarden = tabel[kolom]
        if pd.api.types.is_datetime64_any_dtype(waarden):
            heeft_tijd = bool((waarden.dropna() != waarden.dropna().dt.normalize()).any())
            config[kolom] = (st.column_config.DatetimeColumn(kolom, format="DD-MM-YYYY HH:mm") if heeft_tijd
                             else st.column_config.DateColumn(kolom, format="DD-MM-YYYY"))
        elif pd.api.types.is_bool_dtype(waarden) or not pd.api.types.is_numeric_dtype(waarden):
            continue
        elif kolom in geld or kolom in hele_euros:
            config[kolom] = st.column_config.NumberColumn(kolom, format="euro",
                                                          step=1.0 if kolom in hele_euros else 0.01)
        elif kolom in procenten:  # Streamlit shows two decimals fewer of a percentage than the step has
            config[kolom] = st.column_config.NumberColumn(kolom, format="percent", step=0.001)
        else:
            config[kolom] = st.column_config.NumberColumn(kolom, format="localized",
                                                          step=10.0 ** -fmt.decimalen(waarden))
    return config


def tabel(rijen: pd.DataFrame, key: str, kolommen: dict | None = None, geld: tuple[str, ...] = (),
          procenten: tuple[str, ...] = (), hele_euros: tuple[str, ...] = (), **opties) -> None:
    """A table on a page, its numbers and dates written by kolommen_nl. `kolommen` is the page's own
    column_config (labels, help, width); for a column kolommen_nl writes, the page's label and help are
    kept but the type stays kolommen_nl's, so a number column never becomes text. A missing value shows
    as fmt.LEEG, not Streamlit's English "None"."""
    config = kolommen_nl(rijen, geld, procenten, hele_euros)
    for naam, eigen in (kolommen or {}).items():
        if isinstance(eigen, str):
            eigen = {"label": eigen}
        if naam in config and eigen is not None:
            eigen = {k: v for k, v in eigen.items() if v is not None and k != "type_config"}
            config[naam] = config[naam] | eigen
        else:
            config[naam] = eigen
    st.dataframe(_afgerond(rijen, config), key=key, hide_index=True, column_config=config,
                 **({"placeholder": fmt.LEEG} | opties))


def _afgerond(rijen: pd.DataFrame, config: dict) -> pd.DataFrame:
    """The numbers rounded to their column's step, half away from zero as fmt rounds them in a sentence: Streamlit
    cuts a number off at the step, so € 3.145.061,51 showed as € 3.145.061 in a table and € 3.145.062 beside it."""
    afgerond = {}
    for naam, kolom in config.items():
        stap = kolom.get("type_config", {}).get("step") if isinstance(kolom, dict) else None
        if stap and naam in rijen.columns and pd.api.types.is_float_dtype(rijen[naam]):
            decimalen = max(0, -Decimal(repr(stap)).normalize().as_tuple().exponent)
            afgerond[naam] = rijen[naam].map(lambda x, d=decimalen: x if pd.isna(x) else float(fmt.afgerond(x, d)))
    return rijen.assign(**afgerond) if afgerond else rijen


def laadhistorie_weergave(historie: pd.DataFrame) -> pd.DataFrame:
    """marts.laadhistorie rows as Kwaliteit and Beheer show them (through `tabel`): Dutch dates, the counts
    kept as numbers so they sort as numbers."""
    return pd.DataFrame({
        "Geladen op": historie["geladen_op"],
        "Levering": historie["levering_id"],
        # a failed attempt whose levering file was unreadable has no peildatum
        "Peildatum": pd.to_datetime(historie["peildatum"]).dt.strftime("%d-%m-%Y").fillna(fmt.LEEG),
        "Gemeenten": historie["gemeenten"],
        "Status": historie["status"],
        "Bestanden": historie["bestanden"],
        "Gelezen": historie["rijen_gelezen"],
        "Geladen": historie["rijen_geladen"],
        "Quarantaine": historie["rijen_quarantaine"],
        "Melding": historie["melding"].fillna(""),
        "Map": historie["map"],
    })


def zelfde_periode_vorig_jaar(code: str) -> str:
    """'2024Q3' -> '2023Q3', '2024-09' -> '2023-09', '2024' -> '2023'."""
    return f"{int(code[:4]) - 1}{code[4:]}"


def bron_tekst(periode: str, bron: str, volledig: bool, vanaf: str | None = None) -> str:
    """The line under every figure: period (a chart's first to last with `vanaf`), source and
    completeness (of the last period)."""
    compleet = "volledig" if volledig else "onvolledig: de periode loopt na de peildatum nog door"
    return f"{_perioden(periode, vanaf)} · bron: {BRON_LABELS.get(bron, bron)} · {compleet}"


def prognose_bron_tekst(periode: str, basis_bron: str, laatste_waarneming: str, methode: str = "prognose",
                        vanaf: str | None = None) -> str:
    """The line under a forecast figure: its period(s), the counted series it continues and up to when,
    the method after that, and that a period past the last observation is expected, not counted."""
    tot = fmt.periode(laatste_waarneming)
    return (f"{_perioden(periode, vanaf)} · bron: {BRON_LABELS.get(basis_bron, basis_bron)} t/m {tot}, "
            f"daarna {methode} · na {tot} een verwachting, geen telling")


def _perioden(periode: str, vanaf: str | None) -> str:
    """'3e kwartaal 2024', or '1e kwartaal 2023 t/m 3e kwartaal 2024' for a range."""
    if vanaf in (None, periode):
        return fmt.periode(periode)
    return f"{fmt.periode(vanaf)} t/m {fmt.periode(periode)}"


def trend_samenvatting(rows: pd.DataFrame, label: str, eenheid: str) -> str:
    """A sentence per series telling what a trend chart shows (accessibility: text with every chart).

    rows as for charts.trend (periode, waarde, volledig, reeks; `afgeschermd` when masked).
    """
    zinnen = []
    for reeks, serie in rows.groupby("reeks", sort=False):
        hidden = serie["afgeschermd"] if "afgeschermd" in serie else pd.Series(False, index=serie.index)
        shown = serie[serie["volledig"] & ~hidden & serie["waarde"].notna()]
        if shown.empty:
            reden = "alle perioden afgeschermd wegens kleine aantallen" if hidden.any() else "geen cijfers"
            zinnen.append(f"{label} ({reeks}): {reden}.")
            continue
        first, last = shown.iloc[0], shown.iloc[-1]
        top, low = shown.loc[shown["waarde"].idxmax()], shown.loc[shown["waarde"].idxmin()]
        zin = (f"{label} ({reeks}): van {fmt.waarde(first['waarde'], eenheid)} in {fmt.periode(first['periode'])} "
               f"naar {fmt.waarde(last['waarde'], eenheid)} in {fmt.periode(last['periode'])}; "
               f"hoogste {fmt.waarde(top['waarde'], eenheid)} ({fmt.periode(top['periode'])}), "
               f"laagste {fmt.waarde(low['waarde'], eenheid)} ({fmt.periode(low['periode'])}).")
        onvolledig = serie.loc[~serie["volledig"], "periode"]
        if len(onvolledig):
            zin += " Onvolledig en apart getekend: " + ", ".join(map(fmt.periode, onvolledig)) + "."
        if hidden.any():
            zin += f" {int(hidden.sum())} periode(n) afgeschermd wegens kleine aantallen."
        zinnen.append(zin)
    return " ".join(zinnen)


def vergelijkingsrijen(vergelijking: pd.DataFrame) -> pd.DataFrame:
    """Per period the own figure, the comparable municipalities' and the Netherlands', exact, in the shape
    of charts.trend (periode, teller, noemer, waarde, volledig, reeks); a period counts where the municipality
    has a figure, and each series carries the municipality's completeness.

    vergelijking: data.peer_vergelijking's rows (marts.peer_vergelijking computes every figure).
    """
    kolommen = ["periode", "teller", "noemer", "waarde", "volledig", "reeks"]
    eigen = vergelijking[vergelijking["eigen_bron"].notna()]
    delen = []
    for reeks, prefix, getoond in ((charts.EIGEN_GEMEENTE, "eigen", eigen.index),
                                   (charts.VERGELIJKINGSGROEP, "groep", eigen.index[eigen["groep_waarde"].notna()]),
                                   (charts.NEDERLAND, "nl", eigen.index[eigen["nl_naam"].notna()])):
        deel = eigen.loc[getoond]
        delen.append(pd.DataFrame({"periode": deel["periode"], "teller": deel[f"{prefix}_teller"],
                                   "noemer": deel[f"{prefix}_noemer"], "waarde": deel[f"{prefix}_waarde"],
                                   "volledig": deel["eigen_volledig"], "reeks": reeks}))
    rows = pd.concat(delen).sort_index(kind="stable").reset_index(drop=True)
    return rows[kolommen].astype({"teller": "float64", "noemer": "float64", "waarde": "float64", "volledig": bool})


def trend_vergelijking(gemeente: str, indicator: str, eenheid: str, perioden: list[str], publiek: bool,
                       bronnen: tuple[str, ...] = UITKERINGSBRONNEN) -> pd.DataFrame:
    """The rows of a trend chart with the own municipality, its comparable municipalities (the stored set,
    method kenmerken) and the Netherlands (vergelijkingsrijen), for the given quarters; masked (with
    `tekst`, `afgeschermd`) for a public audience after pooling the exact figures."""
    peer_codes = data.peers(gemeente, "kenmerken")["peer_code"].tolist() if data.table_exists("marts.peers") else []
    vergelijking = data.peer_vergelijking(gemeente, peer_codes, indicator, "kwartaal", bronnen)
    rows = vergelijkingsrijen(vergelijking[vergelijking["periode"].isin(perioden)])
    if publiek:
        return fmt.maskeer(rows, eenheid)
    return rows.assign(tekst=rows["waarde"].map(lambda x: fmt.waarde(x, eenheid)), afgeschermd=False)


# --- widgets ------------------------------------------------------------------------------------

def _kies(label: str, opties: list[str], param: str, key: str, standaard: str, format_func,
          onthoud: str | None = None) -> str:
    """A selectbox whose choice lives in the URL (`?param=`), so a view can be bookmarked and shared.

    Order of precedence: the URL (a code in lower case is still found), the last choice on any page
    (st.session_state[f'filter_{onthoud or param}']), the page's default. A URL naming what is not there
    says so and what is shown instead, rather than silently showing another municipality or period.
    """
    gevraagd, niet_gevonden = st.query_params.get(param), None
    onthouden = f"filter_{onthoud or param}"
    if st.session_state.get(key) not in opties:
        if gevraagd is not None and gevraagd not in opties:
            gelijk = [o for o in opties if o.casefold() == gevraagd.strip().casefold()]
            gevraagd, niet_gevonden = (gelijk[0], None) if gelijk else (None, gevraagd)
        for kandidaat in (gevraagd, st.session_state.get(onthouden), standaard):
            if kandidaat in opties:
                st.session_state[key] = kandidaat
                break
    keuze = st.selectbox(label, opties, key=key, format_func=format_func)
    if niet_gevonden is not None:
        st.warning(f"{label} “{niet_gevonden}” uit de link is niet gevonden; u ziet {format_func(keuze)}.",
                   icon=":material/link_off:")
    st.query_params[param] = keuze
    st.session_state[onthouden] = keuze
    return keuze


def cbs_fictief() -> bool:
    """True when the warehouse holds the fictional frame instead of CBS figures (the build says so)."""
    return data.build_info().get("cbs_bron") == "fictief"


def demo_gemeenten() -> frozenset[str]:
    """Municipalities whose current delivery is a demo (the build reads it from levering.csv's bronsysteem)."""
    codes = data.build_info().get("demo_gemeenten")
    return frozenset() if codes is None else frozenset(codes)


def is_demo(gemeente: str | None = None) -> bool:
    """Whether extract figures of this municipality (default: the one chosen on the page) are a demo's;
    with no municipality known, whether any delivery in the warehouse is."""
    demo = demo_gemeenten()
    gemeente = gemeente or st.session_state.get("filter_gemeente")
    return gemeente in demo if gemeente else bool(demo)


def getoonde_bron(bron: str, gemeente: str | None = None) -> str:
    """The BRON_LABELS key to show: a demo delivery's extract as demo, the fictional frame's CBS as fictief."""
    if bron == "cbs" and cbs_fictief():
        return "fictief"
    if bron == "extract" and is_demo(gemeente):
        return "demo"
    return bron


def bron_label(bron: str, gemeente: str | None = None) -> str:
    return BRON_LABELS.get(getoonde_bron(bron, gemeente), bron)


def demo_banner() -> None:
    """A warning over the page when the warehouse holds a demo delivery (app.py, so every page)."""
    demo = demo_gemeenten()
    if demo:
        gemeenten = data.gemeenten()
        namen = dict(zip(gemeenten["gemeente_code"], gemeenten["gemeentenaam"], strict=True))
        st.warning(demo_melding([namen.get(code, code) for code in sorted(demo)]), icon=":material/science:")


def kies_gemeente(gemeenten: pd.DataFrame, key: str) -> str:
    """Municipality selector (gemeenten as from data.gemeenten()); defaults to the first with an extract,
    and those are marked where the list holds others too. Only the municipalities in the user's scope are
    offered."""
    gemeenten = data.in_scope(gemeenten)
    if gemeenten.empty:
        st.info("Binnen uw bereik zijn geen gemeenten met cijfers.")
        st.stop()
    namen = dict(zip(gemeenten["gemeente_code"], gemeenten["gemeentenaam"], strict=True))
    met_extract = gemeenten.loc[gemeenten["heeft_extract"], "gemeente_code"]
    standaard = met_extract.iloc[0] if len(met_extract) else gemeenten["gemeente_code"].iloc[0]
    gemarkeerd = set(met_extract) if 0 < len(met_extract) < len(gemeenten) else set()

    def tekst(code: str) -> str:
        naam = namen[code] if namen[code] == code else f"{namen[code]} ({code})"
        return f"{naam} · eigen extract" if code in gemarkeerd else naam

    return _kies("Gemeente", list(namen), "gemeente", key, standaard, tekst)


def kies_periode(perioden: pd.DataFrame, key: str, label: str = "Periode") -> str:
    """Period selector, newest first; defaults to the newest complete period (an incomplete one is marked).
    The choice is remembered per kind of period, so a year chosen on one page leaves the quarter chosen
    on another in place."""
    nieuwste_eerst = perioden.iloc[::-1]
    volledig = dict(zip(nieuwste_eerst["periode"], nieuwste_eerst["volledig"], strict=True))
    compleet = [p for p, v in volledig.items() if v]
    standaard = compleet[0] if compleet else next(iter(volledig))
    code = next(iter(volledig))
    soort = "kwartaal" if "Q" in code else "maand" if "-" in code else "jaar"
    return _kies(label, list(volledig), "periode", key, standaard,
                 lambda p: fmt.periode(p) + ("" if volledig[p] else " (onvolledig)"), onthoud=f"periode_{soort}")


def bron_onderschrift(periode: str, bron: str, volledig: bool, vanaf: str | None = None,
                      gemeente: str | None = None) -> None:
    """The source line under a figure; a demo delivery and the fictional CBS frame named as such."""
    st.caption(bron_tekst(periode, getoonde_bron(bron, gemeente), volledig, vanaf))


def prognose_onderschrift(periode: str, basis_bron: str, laatste_waarneming: str, methode: str = "prognose",
                          vanaf: str | None = None) -> None:
    """The source line under a forecast figure (prognose_bron_tekst); a demo or fictional base named as such."""
    st.caption(prognose_bron_tekst(periode, getoonde_bron(basis_bron), laatste_waarneming, methode, vanaf))


def kpi_kaart(definitie: pd.Series, reeks: pd.DataFrame, periode: str, publiek: bool, key: str,
              herleidbaar: bool = False) -> None:
    """A KPI card: value, change vs the previous period and vs the same period a year earlier.

    definitie: a row of data.indicatoren(); reeks: this indicator's rows (one municipality, one
    source, oldest first). On public pages small numbers are masked and changes involving them hidden.
    A period still running shows no change, so a partial count never reads as a fall. herleidbaar:
    an extract figure links to its rows (herleid_link). The label and the comparison periods are
    written as text that wraps, because st.metric cuts them off in a narrow card.
    """
    eenheid = definitie["eenheid"]
    publiek = publiek or auth.afschermen()  # the role decides too: a wethouder never sees an exact count below 10
    rows = fmt.maskeer(reeks, eenheid) if publiek else reeks.assign(
        tekst=reeks["waarde"].map(lambda x: fmt.waarde(x, eenheid)), afgeschermd=False)
    rows = rows.reset_index(drop=True)
    huidig = rows.index[rows["periode"] == periode]
    with st.container(border=True, key=key):
        st.markdown(definitie["label"], help=definitie.get("formule"))
        if huidig.empty:
            st.metric(definitie["label"], fmt.LEEG, label_visibility="collapsed")
            st.caption(f"{fmt.periode(periode)}: geen cijfer")
            return
        nu = rows.loc[huidig[0]]
        vorige = rows.loc[huidig[0] - 1] if huidig[0] > 0 else None
        jaar = rows[rows["periode"] == zelfde_periode_vorig_jaar(periode)]
        jaar = jaar.iloc[0] if len(jaar) else None

        def change(ander: pd.Series | None) -> str | None:
            if ander is None or not nu["volledig"] or nu["afgeschermd"] or ander["afgeschermd"]:
                return None
            return fmt.verschil(nu["waarde"], ander["waarde"], eenheid)

        beter = definitie.get("hoger_is_beter")
        kleur = "off" if pd.isna(beter) else ("normal" if beter else "inverse")
        verborgen_ratio = nu["afgeschermd"] and nu["tekst"] != fmt.AFGESCHERMD
        delta, pijl = change(vorige), "auto"
        if delta and delta[0] not in "+-":  # rounds to no change: no red or green arrow
            kleur, pijl = "off", "off"
        if not nu["volledig"]:  # the badge where the change would be: a partial count is not a fall
            delta, kleur, pijl = "onvolledig", "off", "off"
        st.metric(definitie["label"], fmt.LEEG if verborgen_ratio else nu["tekst"], delta=delta,
                  delta_color=kleur, delta_arrow=pijl, label_visibility="collapsed")
        if verborgen_ratio:
            st.caption("Afgeschermd: teller of noemer is kleiner dan 10.")
        if delta and nu["volledig"]:
            st.caption(f"{delta} t.o.v. {fmt.periode(vorige['periode'])}")
        jaar_verschil = change(jaar)
        if jaar_verschil:
            st.caption(f"{jaar_verschil} t.o.v. {fmt.periode(jaar['periode'])}")
        bron_onderschrift(periode, nu["bron"], bool(nu["volledig"]), gemeente=nu["gemeente_code"])
        if herleidbaar and nu["bron"] == "extract":
            herleid_link(nu["gemeente_code"], periode, definitie["id"], nu["uitsplitsing"])


def grafiek(fig: go.Figure, samenvatting: str, key: str) -> None:
    """A chart with its text (read by screen readers, and the figure in words for everyone)."""
    # theme=None: the figure's own Dutch separators and checked colours, not Streamlit's theme
    st.plotly_chart(fig, key=key, theme=None, config=charts.PLOTLY_CONFIG)
    st.caption(samenvatting)


def download_tabel(tabel: pd.DataFrame, bestandsnaam: str, key: str, procenten: tuple[str, ...] = (),
                   toelichting: tuple[str, ...] = (), koppen: bool = False, cijfers: bool = True) -> None:
    """Buttons to download a table as CSV (Dutch Excel dialect) and .xlsx (Dutch number formats; the
    ratio columns in `procenten` as percentages; a sheet with toelichting_regels). With `koppen` the
    files have koppen_nl's headers, given only at the writing: the demo marking, the toelichting and the
    audit log read the table's own column names.

    The files are made only when a button is clicked, not on every rerun. A table of a demo delivery's
    municipality (its gemeente_code column, else the one chosen on the page) says so in its first
    column and its file name. A log (`cijfers` False: the audit log) holds no figures, so it is no demo
    whatever municipalities its rows name.
    """
    codes = tabel["gemeente_code"].dropna().unique() if "gemeente_code" in tabel.columns else [None]
    if cijfers and any(is_demo(code) for code in codes):
        tabel, bestandsnaam = markeer_demo(tabel), DEMO_BESTAND + bestandsnaam
    vastleggen = auth.download_vastlegger(tabel, bestandsnaam)  # the audit log names every download
    regels = toelichting_regels(tabel, toelichting)
    if koppen:
        procenten = tuple(koppen_nl(tabel[list(procenten)]).columns)
        tabel = koppen_nl(tabel)
    links, rechts = st.columns(2)
    links.download_button("Download CSV", lambda: vastleggen() or to_dutch_csv(tabel), file_name=f"{bestandsnaam}.csv",
                          mime="text/csv", key=f"{key}_csv", on_click="ignore")
    rechts.download_button("Download Excel",
                           lambda: vastleggen() or to_xlsx(tabel, bestandsnaam, procenten, regels),
                           file_name=f"{bestandsnaam}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_xlsx", on_click="ignore")


def download_rapport(maak: Callable[[], bytes], gemeente_code: str, periode: str, key: str) -> None:
    """The button for the quarterly report (dashboard/rapport.py) of a municipality and quarter; `maak`
    gives its PDF (made in the page's run, where the user is known: a deferred download runs outside it).
    The download is recorded in the audit log like a table's."""
    bestandsnaam = f"{DEMO_BESTAND if is_demo(gemeente_code) else ''}wimi_kwartaalrapportage_{gemeente_code}_{periode}"
    vastleggen = auth.download_vastlegger(pd.DataFrame({"gemeente_code": [gemeente_code], "periode": [periode]}),
                                          bestandsnaam)
    st.download_button("Kwartaalrapportage (PDF)", lambda: vastleggen() or maak(), file_name=f"{bestandsnaam}.pdf",
                       mime="application/pdf", key=key, on_click="ignore", icon=":material/picture_as_pdf:")


def herleid_link(gemeente_code: str, periode: str, indicator: str, uitsplitsing: str = "") -> None:
    """A link from an extract figure to its rows on the Kwaliteit & verantwoording page (tab Herleiden).

    Shown only to roles that may open rows: for the others the link would lead to a refusal.
    """
    if not auth.mag_rijen():
        return
    # a short label: it fits a narrow KPI card
    st.page_link("paginas/kwaliteit.py", label="Herleiden", icon=":material/table_rows:",
                 help="De rijen achter dit cijfer, op Kwaliteit & verantwoording",
                 query_params=herleid_parameters(gemeente_code, periode, indicator, uitsplitsing))


def herleid_parameters(gemeente_code: str, periode: str, indicator: str, uitsplitsing: str = "") -> dict[str, str]:
    """The URL parameters that open Kwaliteit & verantwoording on the rows behind one figure: its tab
    (KWALITEIT_TAB, also when another tab of the page was open in this session) and the figure."""
    return {"gemeente": gemeente_code, KWALITEIT_TAB: HERLEID_TAB, "herleid_periode": periode,
            "herleid_indicator": indicator, "herleid_uitsplitsing": uitsplitsing}


def herleid_url(gemeente_code: str, periode: str, indicator: str, uitsplitsing: str = "") -> str:
    """herleid_parameters as a link a table cell holds (column_config.LinkColumn), relative to the page
    kwaliteit so it works under any base path, and can be bookmarked."""
    return "kwaliteit?" + urlencode(herleid_parameters(gemeente_code, periode, indicator, uitsplitsing))
