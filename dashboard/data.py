"""The only module of the dashboard that touches DuckDB.

One read-only connection per warehouse file version: `wimi build` renames a new file over the old
one, its modification time changes, and the next query opens the new file (the old connection is
closed when the cache releases it). Every query uses its own cursor (`_cursor`), because Streamlit
serves sessions from several threads. Results are cached per (warehouse, version, sql, parameters), so a
rebuild shows new figures without a restart.

Other pages' marts: add a small function here; pages hold no SQL.

Who may see what is enforced here, for every page: no query runs without a logged-in user
(auth.gebruiker), a user with a municipality scope gets only those municipalities in every list,
query and export (`_binnen_scope` on each function of one municipality), and the rows behind a
figure and the quarantine are opened only for the roles that may, each view written to the audit log.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import auth
from pipelines import drilldown
from pipelines import peers as peer_model
from pipelines.build import connect
from pipelines.export import KPI_COLUMNS
from pipelines.settings import get_settings


def warehouse_path() -> Path:
    return get_settings().warehouse_path


def warehouse_version() -> int | None:
    """The warehouse file's modification time in ns, or None when there is no warehouse yet."""
    try:
        return warehouse_path().stat().st_mtime_ns
    except FileNotFoundError:
        return None


CATALOG = "warehouse"


@st.cache_resource(max_entries=2, show_spinner=False, on_release=lambda con: con.close())
def _connection(path: str, version: int) -> duckdb.DuckDBPyConnection:
    # duckdb.connect(path) hands back the instance it cached for that path, still reading the file it
    # first opened after a build renamed a new one over it; attaching to a fresh in-memory database
    # opens the file as it is now.
    con = connect(Path(":memory:"), get_settings())
    con.execute(f"ATTACH '{path.replace(chr(39), chr(39) * 2)}' AS {CATALOG} (READ_ONLY)")
    return con


def _cursor(path: str, version: int) -> duckdb.DuckDBPyConnection:
    """A cursor of this warehouse version, reading `marts.x` from the warehouse (close it after use)."""
    cursor = _connection(path, version).cursor()
    cursor.execute(f"USE {CATALOG}")  # each cursor starts in the in-memory catalog
    # a missing table must fail, never be read from a Python variable of the same name
    cursor.execute("SET python_enable_replacements = false")
    return cursor


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(path: str, version: int, sql: str, params: tuple) -> pd.DataFrame:
    cursor = _cursor(path, version)
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


# --- who may see what ---------------------------------------------------------------------------

def scope() -> frozenset[str] | None:
    """The municipalities the logged-in user may see (None: all). Raises GeenToegang without a login."""
    wie = auth.gebruiker()
    if wie is None:
        raise auth.GeenToegang("Niet aangemeld.")
    return wie.scope


def in_scope(gemeenten: pd.DataFrame) -> pd.DataFrame:
    """The rows of a municipality list (gemeente_code column) the user may see."""
    toegestaan = scope()
    return gemeenten if toegestaan is None else gemeenten[gemeenten["gemeente_code"].isin(toegestaan)]


def _eis_gemeente(gemeente_code: str) -> None:
    toegestaan = scope()
    if toegestaan is not None and gemeente_code not in toegestaan:
        raise auth.GeenToegang(f"Gemeente {gemeente_code} valt buiten uw bereik.")


def _binnen_scope(functie: Callable) -> Callable:
    """For a function whose first argument is one municipality: refused outside the user's scope."""
    @functools.wraps(functie)
    def gecontroleerd(gemeente_code: str, *args, **kwargs):
        _eis_gemeente(gemeente_code)
        return functie(gemeente_code, *args, **kwargs)

    return gecontroleerd


def _scope_sql(kolom: str = "gemeente_code") -> tuple[str, list]:
    """A WHERE condition keeping only the user's municipalities' extract rows; CBS and feed figures of
    other municipalities are benchmark material, an extract is the municipality's own."""
    toegestaan = scope()
    if toegestaan is None:
        return "true", []
    return f"(bron <> 'extract' OR list_contains(?, {kolom}))", [sorted(toegestaan)]


def query(sql: str, params: Sequence = ()) -> pd.DataFrame:
    """Run one SELECT on the current warehouse. Raises FileNotFoundError when there is none, GeenToegang
    when nobody is logged in."""
    scope()
    version = warehouse_version()
    if version is None:
        raise FileNotFoundError(f"geen warehouse in {warehouse_path()}")
    return _cached_query(str(warehouse_path()), version, sql, tuple(params))


def table_exists(qualified_name: str) -> bool:
    schema, table = qualified_name.split(".")
    found = query("SELECT count(*) AS n FROM information_schema.tables "
                  "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
                  [schema, table])
    return bool(found.loc[0, "n"])


def build_info() -> dict:
    """marts.build_info as a dict (gebouwd_op, cbs_bron, cbs_map, ...); empty when absent."""
    if not table_exists("marts.build_info"):
        return {}
    rows = query("SELECT * FROM marts.build_info")
    return rows.iloc[0].to_dict() if len(rows) else {}


def indicatoren() -> pd.DataFrame:
    """marts.indicatoren: id, label, eenheid, formule, ..., indexed by id."""
    return query("SELECT * FROM marts.indicatoren ORDER BY id").set_index("id", drop=False)


def gemeenten() -> pd.DataFrame:
    """Every municipality with figures: gemeente_code, gemeentenaam, heeft_extract, ordered by name.

    Names come from marts.gemeenten when the CBS models have built it; otherwise the code stands in.
    """
    names = "g.gemeentenaam" if table_exists("marts.gemeenten") else "NULL"
    join = "LEFT JOIN marts.gemeenten AS g USING (gemeente_code)" if names != "NULL" else ""
    return query(f"""
        SELECT k.gemeente_code,
               coalesce({names}, k.gemeente_code) AS gemeentenaam,
               bool_or(k.bron = 'extract') AS heeft_extract
        FROM marts.kpi AS k {join}
        WHERE k.gemeente_code <> 'NL' AND k.bron IN ('extract', 'partner', 'synthetic')
        GROUP BY ALL
        ORDER BY gemeentenaam, gemeente_code
    """).pipe(in_scope).reset_index(drop=True)


@_binnen_scope
def perioden(gemeente_code: str, periode_soort: str, bron: str) -> pd.DataFrame:
    """Periods with figures for a municipality and source: periode, periode_einde, volledig (oldest first)."""
    return query("""
        SELECT periode, max(periode_einde) AS periode_einde, bool_and(volledig) AS volledig
        FROM marts.kpi
        WHERE gemeente_code = ? AND periode_soort = ? AND bron = ?
        GROUP BY periode
        ORDER BY periode_einde
    """, [gemeente_code, periode_soort, bron])


def kpi(gemeente_codes: Sequence[str], indicatoren_ids: Sequence[str], periode_soort: str, bron: str,
        uitsplitsing: str = "") -> pd.DataFrame:
    """KPI rows (all marts.kpi columns) for municipalities and indicators, oldest period first."""
    for code in gemeente_codes:
        _eis_gemeente(code)
    return query("""
        SELECT *
        FROM marts.kpi
        WHERE list_contains(?, gemeente_code) AND list_contains(?, indicator)
          AND periode_soort = ? AND bron = ? AND uitsplitsing = ?
        ORDER BY gemeente_code, indicator, periode_einde
    """, [list(gemeente_codes), list(indicatoren_ids), periode_soort, bron, uitsplitsing])


# --- Kwaliteit & verantwoording (accountant): exact values, nothing masked ---------------------

@_binnen_scope
def kwaliteit(gemeente_code: str, periode_soort: str) -> pd.DataFrame:
    """marts.kwaliteit (figure, norm, status) for one municipality's totals, oldest period first."""
    return query("""
        SELECT * FROM marts.kwaliteit
        WHERE gemeente_code = ? AND periode_soort = ? AND uitsplitsing = ''
        ORDER BY indicator, periode_einde
    """, [gemeente_code, periode_soort])


@_binnen_scope
def verantwoording(gemeente_code: str) -> pd.DataFrame:
    """The yearly spending statement (marts.verantwoording): one row per year and line, with the KPI figure
    the line is (herleid_indicator, herleid_uitsplitsing; empty where the KPI table has none) to trace it."""
    return query("""
        SELECT regel.*,
               CASE WHEN kpi.indicator IS NOT NULL THEN herleiding.indicator END AS herleid_indicator,
               CASE WHEN kpi.indicator IS NOT NULL THEN herleiding.uitsplitsing END AS herleid_uitsplitsing
        FROM marts.verantwoording AS regel
        LEFT JOIN marts.verantwoording_herleiding AS herleiding USING (gemeente_code, jaar, volgorde)
        LEFT JOIN marts.kpi AS kpi
            ON kpi.gemeente_code = regel.gemeente_code AND kpi.periode = regel.jaar
           AND kpi.indicator = herleiding.indicator AND kpi.uitsplitsing = herleiding.uitsplitsing
           AND kpi.bron = 'extract'
        WHERE regel.gemeente_code = ?
        ORDER BY regel.jaar, regel.volgorde
    """, [gemeente_code])


@_binnen_scope
def verantwoording_per_jaar(gemeente_code: str) -> pd.DataFrame:
    """The statement as filed (marts.verantwoording_per_jaar): lines down, one column per year."""
    return query("SELECT * FROM marts.verantwoording_per_jaar WHERE gemeente_code = ? ORDER BY volgorde",
                 [gemeente_code])


@_binnen_scope
def verantwoording_aansluiting(gemeente_code: str) -> pd.DataFrame:
    """The statement's controls (marts.verantwoording_aansluiting), with their differences."""
    return query("""
        SELECT * FROM marts.verantwoording_aansluiting
        WHERE gemeente_code = ? ORDER BY jaar = 'alle jaren', jaar, volgorde
    """, [gemeente_code])


@_binnen_scope
def voorraad_aansluiting(gemeente_code: str, periode_soort: str) -> pd.DataFrame:
    """The stock reconciled with the flows on bijstandsperiodes (marts.voorraad_aansluiting), oldest first."""
    return query("SELECT * FROM marts.voorraad_aansluiting WHERE gemeente_code = ? AND periode_soort = ? "
                 "ORDER BY periode_einde", [gemeente_code, periode_soort])


@_binnen_scope
def laadhistorie(gemeente_code: str) -> pd.DataFrame:
    """Every load attempt of a delivery covering the municipality (failed ones too, those that name no
    municipality only for a user without a scope), newest first."""
    onbekend = "gemeenten IS NULL OR gemeenten = '' OR " if scope() is None else ""
    return query(f"""
        SELECT * FROM marts.laadhistorie
        WHERE {onbekend}contains(gemeenten, ?)
        ORDER BY geladen_op DESC
    """, [gemeente_code])


def alle_laadhistorie() -> pd.DataFrame:
    """Every load attempt the user may see (Beheer), newest first."""
    toegestaan = scope()
    if toegestaan is None:
        return query("SELECT * FROM marts.laadhistorie ORDER BY geladen_op DESC")
    return query("SELECT * FROM marts.laadhistorie WHERE list_has_any(string_split(gemeenten, ', '), ?) "
                 "ORDER BY geladen_op DESC", [sorted(toegestaan)])


def _eis_levering(levering_id: str) -> None:
    """A delivery's reports and quarantine only for a user whose scope holds one of its municipalities."""
    toegestaan = scope()
    if toegestaan is None:
        return
    gevonden = query("SELECT count(*) AS n FROM marts.laadhistorie WHERE levering_id = ? "
                     "AND list_has_any(string_split(gemeenten, ', '), ?)", [levering_id, sorted(toegestaan)])
    if not gevonden.loc[0, "n"]:
        raise auth.GeenToegang(f"Levering {levering_id} valt buiten uw bereik.")


def laadrapport(levering_id: str) -> pd.DataFrame:
    _eis_levering(levering_id)
    return query("SELECT * FROM marts.laadrapport WHERE levering_id = ? ORDER BY bestand", [levering_id])


def quarantaine(levering_id: str, bewaard_sinds: date) -> pd.DataFrame:
    """Quarantined rows of a delivery loaded on or after `bewaard_sinds` (the retention period's start).

    The loader purges older rows from the landing database; this also hides them in a warehouse built
    before that purge. Personal data: for the roles that may open rows, and each view audited.
    """
    auth.eis_rijen()
    _eis_levering(levering_id)
    rijen = query("""
        SELECT * FROM marts.quarantaine
        WHERE levering_id = ? AND geladen_op::DATE >= ?
        ORDER BY bestand, regel, kolom
    """, [levering_id, bewaard_sinds])
    auth.vastleggen("quarantaine_bekeken", eenmalig=True, onderwerp=f"levering {levering_id}",
                    aantal_rijen=len(rijen))
    return rijen


def drilldown_indicatoren() -> list[str]:
    """Indicators whose extract figures can be taken back to their rows."""
    return query("SELECT DISTINCT indicator FROM marts.drilldown_regels ORDER BY indicator")["indicator"].tolist()


@_binnen_scope
def uitsplitsingen(gemeente_code: str, periode: str, indicator: str) -> list[str]:
    """The breakdowns ('' for the total) an extract figure has in the KPI table."""
    return query("""
        SELECT DISTINCT uitsplitsing FROM marts.kpi
        WHERE gemeente_code = ? AND periode = ? AND indicator = ? AND bron = 'extract'
        ORDER BY uitsplitsing
    """, [gemeente_code, periode, indicator])["uitsplitsing"].tolist()


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_drill(path: str, version: int, gemeente_code: str, periode: str, indicator: str,
                  uitsplitsing: str) -> drilldown.Drilldown:
    cursor = _cursor(path, version)
    try:
        return drilldown.drill(cursor, gemeente_code, periode, indicator, uitsplitsing)
    finally:
        cursor.close()


@_binnen_scope
def drill(gemeente_code: str, periode: str, indicator: str, uitsplitsing: str = "") -> drilldown.Drilldown:
    """An extract figure with the pseudonymised rows behind its teller and noemer (for the roles that may
    open rows; each view audited)."""
    auth.eis_rijen()
    version = warehouse_version()
    if version is None:
        raise FileNotFoundError(f"geen warehouse in {warehouse_path()}")
    herleiding = _cached_drill(str(warehouse_path()), version, gemeente_code, periode, indicator, uitsplitsing)
    auth.vastleggen("rijen_bekeken", eenmalig=True, gemeente_code=gemeente_code,
                    onderwerp=indicator + (f" ({uitsplitsing})" if uitsplitsing else ""), periode=periode,
                    aantal_rijen=len(herleiding.rijen))
    return herleiding


def kpi_export() -> Callable[[], pd.DataFrame]:
    """A function reading the whole KPI table in the contract's columns, as `wimi export kpi` writes it
    (the user's scope applied). For a deferred download: Streamlit calls it outside the page's run,
    where the session's user is unknown, so the scope is taken now."""
    binnen, params = _scope_sql()
    sql = (f"SELECT {', '.join(KPI_COLUMNS)} FROM marts.kpi WHERE {binnen} "
           "ORDER BY gemeente_code, indicator, periode, uitsplitsing, bron")
    path, version = str(warehouse_path()), warehouse_version()
    return lambda: _cached_query(path, version, sql, tuple(params))


# --- benchmark (Vergelijken): CBS municipality list, peers, map ---------------------------------

def gemeentelijst() -> pd.DataFrame:
    """marts.gemeenten (every municipality of today's division: naam, provincie, grootteklasse, inwoners)
    with heeft_extract, ordered by name; empty when the CBS models have not been built."""
    if not table_exists("marts.gemeenten"):
        return pd.DataFrame(columns=["gemeente_code", "gemeentenaam", "provincienaam", "grootteklasse",
                                     "inwoners", "heeft_extract"])
    return query("""
        SELECT g.*, coalesce(e.heeft_extract, false) AS heeft_extract
        FROM marts.gemeenten AS g
        LEFT JOIN (SELECT DISTINCT gemeente_code, true AS heeft_extract FROM marts.kpi WHERE bron = 'extract') AS e
            USING (gemeente_code)
        ORDER BY g.gemeentenaam, g.gemeente_code
    """)


def kpi_bronnen() -> pd.DataFrame:
    """marts.kpi_bronnen: per municipality and bron how a page names it (bron_omschrijving: a partner's package
    with its peildatum, the own extract, CBS, the synthetic demo feed); empty before a rebuild."""
    if not table_exists("marts.kpi_bronnen"):
        return pd.DataFrame(columns=["gemeente_code", "bron", "bron_omschrijving"])
    return query("SELECT gemeente_code, bron, bron_omschrijving FROM marts.kpi_bronnen")


def peer_features() -> pd.DataFrame:
    """marts.peer_features: per municipality the characteristics, `_geschat` flags and `_schaal` values."""
    return query("SELECT * FROM marts.peer_features ORDER BY gemeente_code")


@_binnen_scope
def peers(gemeente_code: str, methode: str) -> pd.DataFrame:
    """The stored peer set (marts.peers) of a municipality for a method, nearest first."""
    return query("SELECT peer_code, rang, afstand, toelichting FROM marts.peers "
                 "WHERE gemeente_code = ? AND methode = ? ORDER BY rang", [gemeente_code, methode])


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_eigen_peers(path: str, version: int, gemeente_code: str, methode: str, k: int | None,
                        gewichten: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    features = _cached_query(path, version, "SELECT * FROM marts.peer_features ORDER BY gemeente_code", ())
    groep = peer_model.peer_sets(features, dict(gewichten), methode, k, [gemeente_code])
    groep["toelichting"] = peer_model.toelichtingen(features, dict(gewichten), groep["gemeente_code"],
                                                    groep["peer_code"])
    return groep


@_binnen_scope
def eigen_peers(gemeente_code: str, methode: str, k: int | None,
                gewichten: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """The peers of a municipality with a user's own k and weights (pipelines.peers on marts.peer_features),
    computed once per setting and warehouse version."""
    return _cached_eigen_peers(str(warehouse_path()), warehouse_version(), gemeente_code, methode, k, gewichten)


def _toegestaan() -> list[str] | None:
    """The user's municipalities for a table macro's `toegestaan` (None: every municipality)."""
    toegestaan = scope()
    return None if toegestaan is None else sorted(toegestaan)


def kpi_een_bron(indicator: str, periode_soort: str, bronnen: Sequence[str]) -> pd.DataFrame:
    """One indicator's total rows for every municipality and NL, one source per municipality and period
    (marts.kpi_een_bron: CBS or its own extract where it has one, else the feed)."""
    return query("SELECT * FROM marts.kpi_een_bron(?, ?, ?, ?::VARCHAR[]) ORDER BY periode_einde, gemeente_code",
                 [indicator, periode_soort, list(bronnen), _toegestaan()])


@_binnen_scope
def peer_vergelijking(gemeente_code: str, peer_codes: Sequence[str], indicator: str, periode_soort: str,
                      bronnen: Sequence[str]) -> pd.DataFrame:
    """Per period the municipality's figure, its peers' pooled figure, median, quartiles and rank, and the
    Netherlands' (the table macro marts.peer_vergelijking), oldest period first."""
    return query("SELECT * FROM marts.peer_vergelijking(?, ?::VARCHAR[], ?, ?, ?, ?::VARCHAR[]) "
                 "ORDER BY periode_einde",
                 [gemeente_code, list(peer_codes), indicator, periode_soort, list(bronnen), _toegestaan()])


def ratio_indicatoren(bronnen: Sequence[str]) -> list[str]:
    """Indicators with a numerator and denominator in these sources (the ones a peer figure can pool)."""
    rows = query("SELECT DISTINCT indicator FROM marts.kpi WHERE list_contains(?, bron) AND noemer IS NOT NULL "
                 "AND uitsplitsing = '' ORDER BY indicator", [list(bronnen)])
    return rows["indicator"].tolist()


def heeft_cbs_kwartalen() -> bool:
    """Whether the warehouse holds CBS figures per quarter (a CBS folder with the quarterly series)."""
    return bool(query("SELECT count(*) > 0 AS ja FROM marts.kpi WHERE bron = 'cbs' AND periode_soort = 'kwartaal'")
                .loc[0, "ja"])


def cbs_reeksen(periode_soort: str) -> pd.DataFrame:
    """marts.cbs_reeksen for years or quarters: per period the CBS series, its population, reference date
    (peildatum_tekst), breuk and toelichting, oldest first; empty for a warehouse built before it."""
    if not table_exists("marts.cbs_reeksen"):
        return pd.DataFrame(columns=["periode", "periode_einde", "reeks", "populatie", "peildatum_tekst",
                                     "cbs_tabel", "breuk", "toelichting"])
    return query("SELECT * FROM marts.cbs_reeksen WHERE periode_soort = ? ORDER BY periode_einde", [periode_soort])


def kaart_gemeenten() -> pd.DataFrame:
    """marts.kaart_gemeenten: gemeente_code, gemeentenaam, geometrie (GeoJSON text)."""
    return query("SELECT gemeente_code, gemeentenaam, geometrie FROM marts.kaart_gemeenten ORDER BY gemeente_code")


@_binnen_scope
def herindeling(gemeente_code: str, periode: str) -> dict:
    """Whether a CBS figure on today's boundaries is approximate, and its old municipality codes."""
    if not table_exists("marts.gemeente_herindeling"):
        return {}
    rows = query("SELECT benaderd, gemeente_codes_oud FROM marts.gemeente_herindeling "
                 "WHERE gemeente_code = ? AND periode = ?", [gemeente_code, periode])
    return rows.iloc[0].to_dict() if len(rows) else {}


# --- Prognose & budget (manager): forecasts, backtests, stock-flow scenario, BUIG result ----------

@_binnen_scope
def prognose(gemeente_code: str, periode_soort: str) -> pd.DataFrame:
    """The caseload forecast from marts.kpi (bron forecast): periode, periode_einde, waarde, p2_5, p10,
    p90, p97_5 per period, oldest first."""
    return query("""
        SELECT periode, periode_einde,
               max(waarde) FILTER (WHERE indicator = 'bijstandsvolume_prognose') AS waarde,
               max(waarde) FILTER (WHERE indicator = 'bijstandsvolume_prognose_p2_5') AS p2_5,
               max(waarde) FILTER (WHERE indicator = 'bijstandsvolume_prognose_p10') AS p10,
               max(waarde) FILTER (WHERE indicator = 'bijstandsvolume_prognose_p90') AS p90,
               max(waarde) FILTER (WHERE indicator = 'bijstandsvolume_prognose_p97_5') AS p97_5
        FROM marts.kpi
        WHERE gemeente_code = ? AND periode_soort = ? AND bron = 'forecast' AND uitsplitsing = ''
          AND indicator LIKE 'bijstandsvolume_prognose%'
        GROUP BY periode, periode_einde
        ORDER BY periode_einde
    """, [gemeente_code, periode_soort])


@_binnen_scope
def prognose_model(gemeente_code: str, periode_soort: str) -> dict:
    """marts.forecast_modellen for one series (model, reden, waarnemingen, basis_bron,
    laatste_waarneming); empty when the build did not forecast it."""
    if not table_exists("marts.forecast_modellen"):
        return {}
    rows = query("SELECT * FROM marts.forecast_modellen WHERE gemeente_code = ? AND periode_soort = ?",
                 [gemeente_code, periode_soort])
    return rows.iloc[0].to_dict() if len(rows) else {}


@_binnen_scope
def prognose_backtest(gemeente_code: str, periode_soort: str) -> pd.DataFrame:
    """marts.forecast_backtest for one series: model, stap, mae, mase, vensters, dekking_80, dekking_95,
    gekozen."""
    return query("SELECT model, stap, mae, mase, vensters, dekking_80, dekking_95, gekozen "
                 "FROM marts.forecast_backtest WHERE gemeente_code = ? AND periode_soort = ? ORDER BY model, stap",
                 [gemeente_code, periode_soort])


@_binnen_scope
def prognose_dekking(gemeente_code: str, periode_soort: str) -> dict:
    """marts.forecast_dekking for one series: how often the backtest's held-out values fell inside the
    published 80% and 95% intervals (dekking_80, dekking_95), over which periods (toets_van, toets_tot),
    cuts (vensters) and steps; empty when the series had no backtest."""
    if not table_exists("marts.forecast_dekking"):
        return {}
    rows = query("SELECT * FROM marts.forecast_dekking WHERE gemeente_code = ? AND periode_soort = ?",
                 [gemeente_code, periode_soort])
    return rows.iloc[0].to_dict() if len(rows) else {}


@_binnen_scope
def scenario_invoer(gemeente_code: str) -> dict[str, pd.DataFrame]:
    """The stock-flow marts of a municipality: voorraad, instroom, uitstroomkans (empty without extract)."""
    return {
        "voorraad": query("SELECT stand_datum, duur_maanden, voorraad, startpunt FROM marts.scenario_voorraad "
                          "WHERE gemeente_code = ? ORDER BY stand_datum, duur_maanden", [gemeente_code]),
        "instroom": query("SELECT * FROM marts.scenario_instroom WHERE gemeente_code = ? ORDER BY kalendermaand",
                          [gemeente_code]),
        "uitstroomkans": query("SELECT * FROM marts.scenario_uitstroomkans WHERE gemeente_code = ? "
                               "ORDER BY duur_van", [gemeente_code]),
    }


# a scenario's caseload change per forecast month: ((first day of the month, change), ...)
VolumeVerschil = tuple[tuple[date, float], ...]

# the budget macro's rows of one municipality, a year's versions from least to most final
_BUDGET = "SELECT * FROM intermediate.budget_berekening(?, ?, ?, ?) ORDER BY jaar, fase_rang"


def _verschil_lijst(volume_verschil: VolumeVerschil | None) -> list[dict] | None:
    """The macro's p_volume_verschil: a list of {maand, verschil}."""
    if volume_verschil is None:
        return None
    return [{"maand": maand, "verschil": float(verschil)} for maand, verschil in volume_verschil]


@_binnen_scope
def budget_prognose(gemeente_code: str, kosten_per_uitkering: float | None = None,
                    budget_aanname: float | None = None,
                    volume_verschil: VolumeVerschil | None = None) -> pd.DataFrame:
    """marts.budget_prognose of a municipality; with a cost per benefit, an assumed budget (of the first
    year without a delivered one) or a scenario's caseload change of the page's own, the macro that
    defines the mart (intermediate.budget_berekening) called with them."""
    if kosten_per_uitkering is None and budget_aanname is None and volume_verschil is None:
        return query("SELECT * FROM marts.budget_prognose WHERE gemeente_code = ? ORDER BY jaar, fase_rang",
                     [gemeente_code])
    return query(_BUDGET, [gemeente_code, kosten_per_uitkering, budget_aanname, _verschil_lijst(volume_verschil)])


@_binnen_scope
def budget_scenario(gemeente_code: str, kosten_per_uitkering: float | None, budget_aanname: float | None,
                    volume_verschil: VolumeVerschil) -> pd.DataFrame:
    """The forecast years' rows of the budget macro with the page's assumptions, and beside them the
    same with the scenario's caseload change: resultaat, resultaat_3jr and vangnet_bedrag, each also
    as <name>_scenario."""
    return query("""
        SELECT basis.*, scenario.resultaat AS resultaat_scenario, scenario.resultaat_3jr AS resultaat_3jr_scenario,
               scenario.vangnet_bedrag AS vangnet_bedrag_scenario
        FROM intermediate.budget_berekening(?, ?, ?, NULL) AS basis
        JOIN intermediate.budget_berekening(?, ?, ?, ?) AS scenario USING (gemeente_code, jaar, fase)
        WHERE basis.soort = 'prognose'
        ORDER BY basis.jaar, basis.fase_rang
    """, [gemeente_code, kosten_per_uitkering, budget_aanname,
          gemeente_code, kosten_per_uitkering, budget_aanname, _verschil_lijst(volume_verschil)])


def budget_fasen() -> dict[str, str]:
    """The BUIG budget versions, least final first, with their Dutch label (config/budget_fasen.csv)."""
    rijen = query("SELECT fase, label FROM staging.seed__budget_fasen ORDER BY rang")
    return dict(zip(rijen["fase"], rijen["label"], strict=True))


def vangnet_regels(jaar: int) -> pd.DataFrame:
    """The vangnet bands that apply to a year (those of the last year with rules configured):
    regeljaar, ondergrens_pct, bovengrens_pct, vergoeding_pct, toelichting, aangenomen (the year's rules
    are an assumption: intermediate.vangnet_regels_aangenomen) and drempel_pct (the threshold)."""
    return query("""
        SELECT jaar AS regeljaar, ondergrens_pct, bovengrens_pct, vergoeding_pct, toelichting,
               intermediate.vangnet_regels_aangenomen(?) AS aangenomen,
               intermediate.vangnet_drempel(?) AS drempel_pct
        FROM staging.seed__vangnet
        WHERE jaar = intermediate.vangnet_regeljaar(?)
        ORDER BY ondergrens_pct
    """, [jaar, jaar, jaar])
