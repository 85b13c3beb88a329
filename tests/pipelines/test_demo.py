"""The deterministic demo: same seed same bytes, contract shapes, calibration, feed sums, dirty manifest.

Everything runs on the fictional frame (WIMI_CBS_DIR), so the tests need neither data/ nor the snapshot.
Calibration figures follow indicators.md and are computed with DuckDB over the written files.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import numpy as np
import pytest

from pipelines.demo.calendar import norms, parse_month
from pipelines.demo.frame import load_frame
from pipelines.demo.generate import focus_codes, generate_demo
from pipelines.settings import get_settings

# data-contract.md, section 1
CONTRACT = {
    "levering": ["peildatum", "bronsysteem"],
    "uitkeringen": ["uitkering_id", "client_id", "gemeente_code", "regeling", "leefvorm", "geboortejaar",
                    "startdatum", "einddatum", "reden_einde"],
    "betalingen": ["uitkering_id", "maand", "bruto_bedrag", "inkomsten_arbeid", "vrijlating"],
    "vorderingen": ["vordering_id", "client_id", "gemeente_code", "soort", "ontstaan", "bedrag", "verwijtbaarheid",
                    "regeling"],
    "aflossingen": ["vordering_id", "datum", "bedrag", "soort"],
    "aanvragen": ["aanvraag_id", "client_id", "gemeente_code", "ontvangen", "besluit_datum", "besluit"],
    "contacten": ["client_id", "datum", "kanaal"],
    "maatregelen": ["maatregel_id", "client_id", "start", "eind", "percentage", "herzien", "herzien_datum"],
    "budget": ["gemeente_code", "jaar", "fase", "bedrag"],
    "lasten_lks": ["gemeente_code", "jaar", "bedrag"],
}
KPI_COLUMNS = ["gemeente_code", "periode", "indicator", "uitsplitsing", "teller", "noemer", "waarde", "bron",
               "volledig", "periode_soort", "periode_einde"]
CALIBRATION_CODE = "GM9016"  # Testerveld: 5,980 persons, about 5,300 benefits
SMALL_CODE = "GM9002"  # Verzinsel: 70 persons


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, fictional_cbs_dir: Path) -> Path:
    """Four years of one mid-sized fictional municipality, with the dirty copy."""
    folder = tmp_path_factory.mktemp("demo_data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIMI_DATA_DIR", str(folder))
        patch.setenv("WIMI_CBS_DIR", str(fictional_cbs_dir))
        generate_demo(van="2021-01", tot="2024-12", gemeenten=CALIBRATION_CODE, seed=7, dirty=True)
    return folder


@pytest.fixture
def on_fictional_frame(data_dir: Path, fictional_cbs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WIMI_CBS_DIR", str(fictional_cbs_dir))
    return data_dir


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _small(output: Path, seed: int) -> dict[str, bytes]:
    generate_demo(van="2023-01", tot="2024-06", gemeenten=SMALL_CODE, seed=seed, dirty=True, output=output)
    return _files(output)


def test_same_seed_gives_identical_bytes(on_fictional_frame: Path, tmp_path: Path):
    first, second = _small(tmp_path / "a", 42), _small(tmp_path / "b", 42)
    assert "feed/synthetic_demo.parquet" in first and f"extracts/{SMALL_CODE}/betalingen.csv" in first
    assert first == second


def test_different_seed_gives_different_data(on_fictional_frame: Path, tmp_path: Path):
    first, other = _small(tmp_path / "a", 42), _small(tmp_path / "c", 43)
    assert first[f"extracts/{SMALL_CODE}/betalingen.csv"] != other[f"extracts/{SMALL_CODE}/betalingen.csv"]
    assert first["feed/synthetic_demo.parquet"] != other["feed/synthetic_demo.parquet"]


def test_every_contract_file_has_the_contract_columns(demo: Path):
    folder = demo / "demo" / "extracts" / CALIBRATION_CODE
    for name, columns in CONTRACT.items():
        header = (folder / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == columns, name
    assert (demo / "demo" / ".complete").exists()


def test_levering_names_the_peildatum_and_the_demo_as_its_source_system(demo: Path):
    rows = (demo / "demo" / "extracts" / CALIBRATION_CODE / "levering.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1] == "2024-12-31,WIMI-demo"  # the last day of `tot`; the build marks the delivery as demo


def test_client_ids_are_pseudonyms_never_nine_digits(demo: Path):
    con = duckdb.connect()
    folder = demo / "demo" / "extracts" / CALIBRATION_CODE
    ids = con.execute(f"""
        SELECT client_id FROM read_csv('{folder}/uitkeringen.csv', all_varchar = true)
        UNION ALL SELECT client_id FROM read_csv('{folder}/aanvragen.csv', all_varchar = true)""").fetchall()
    assert ids and all(re.fullmatch(r"C[0-9a-f]{10}", client) for (client,) in ids)


def _sql(demo: Path, query: str) -> list[tuple]:
    folder = (demo / "demo" / "extracts" / CALIBRATION_CODE).as_posix()
    con = duckdb.connect()
    for name in CONTRACT:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv('{folder}/{name}.csv')")
    return con.execute(query).fetchall()


YEARLY_FLOWS = """
WITH years AS (SELECT unnest([2021, 2022, 2023, 2024]) AS jaar),
flows AS (
    SELECT jaar,
        (SELECT count(*) FROM uitkeringen WHERE year(startdatum) = jaar) AS instroom,
        (SELECT count(*) FROM uitkeringen WHERE year(einddatum) = jaar) AS uitstroom,
        (SELECT count(*) FROM uitkeringen
         WHERE year(einddatum) = jaar AND reden_einde IN ('werk', 'eigen_bedrijf')) AS naar_werk,
        (SELECT count(*) FROM uitkeringen WHERE startdatum <= make_date(jaar, 12, 31)
            AND (einddatum IS NULL OR einddatum > make_date(jaar, 12, 31))) AS volume
    FROM years)
SELECT jaar, instroom / volume, naar_werk / uitstroom FROM flows ORDER BY jaar
"""


def test_inflow_is_about_a_quarter_of_the_stock_and_outflow_to_work_a_bit_under_half(demo: Path):
    for year, inflow_share, work_share in _sql(demo, YEARLY_FLOWS):
        assert 0.18 <= inflow_share <= 0.35, (year, inflow_share)
        assert 0.35 <= work_share <= 0.55, (year, work_share)


def test_about_eight_percent_work_part_time(demo: Path):
    shares = _sql(demo, """
        SELECT maand, avg((inkomsten_arbeid > 0)::INT) FROM betalingen
        WHERE maand IN ('2021-12', '2022-12', '2023-12', '2024-12') GROUP BY maand ORDER BY maand""")
    assert len(shares) == 4
    assert all(0.05 <= share <= 0.11 for _, share in shares), shares


def test_outflow_falls_with_duration_and_inflow_peaks_in_january(demo: Path):
    [(short, long)] = _sql(demo, """
        WITH stock AS (SELECT *, date_diff('month', startdatum, DATE '2022-12-31') AS months_on FROM uitkeringen
                       WHERE startdatum <= DATE '2022-12-31' AND (einddatum IS NULL OR einddatum > DATE '2022-12-31'))
        SELECT avg((year(einddatum) = 2023)::INT) FILTER (WHERE months_on < 12),
               avg(coalesce(year(einddatum) = 2023, false)::INT) FILTER (WHERE months_on >= 60)
        FROM stock""")
    assert short > 1.5 * long
    [(january_share,)] = _sql(demo, """
        SELECT avg((month(startdatum) = 1)::INT) FROM uitkeringen WHERE year(startdatum) BETWEEN 2021 AND 2024""")
    assert january_share > 1.15 / 12  # a flat year would give 1/12


def test_about_thirty_percent_return_within_three_years_after_work(demo: Path):
    [(returned,)] = _sql(demo, """
        SELECT avg((EXISTS (SELECT 1 FROM uitkeringen b WHERE b.client_id = a.client_id
                    AND b.startdatum > a.einddatum AND b.startdatum <= a.einddatum + INTERVAL 36 MONTH))::INT)
        FROM uitkeringen a WHERE reden_einde IN ('werk', 'eigen_bedrijf') AND year(a.einddatum) = 2021""")
    assert 0.2 <= returned <= 0.4


def test_earnings_disregard_and_set_off(demo: Path):
    # 25% of earnings is left to the client, at most EUR 265 a month (rounded to cents: within half a cent)
    [(wrong_disregard,)] = _sql(demo, """
        SELECT count(*) FROM betalingen
        WHERE abs(vrijlating - least(inkomsten_arbeid * 0.25, 265)) > 0.0051""")
    assert wrong_disregard == 0
    # March 2024 (first half of 2024, two half-years before 1 Jan 2025), single norm (net):
    # 1,345.45 / 1.025^2 = 1,345.45 / 1.050625 = 1,280.6187; a whole month without earnings is paid
    # gross, 13% of the gross withheld as loonheffing: 1,280.6187 / 0.87 = 1,471.98
    amounts = _sql(demo, """
        SELECT DISTINCT bruto_bedrag FROM betalingen p JOIN uitkeringen u USING (uitkering_id)
        WHERE p.maand = '2024-03' AND u.leefvorm = 'alleenstaand' AND p.inkomsten_arbeid = 0
          AND u.startdatum < DATE '2024-03-01' AND (u.einddatum IS NULL OR u.einddatum > DATE '2024-03-31')""")
    assert amounts == [(1471.98,)]
    # with earnings the rest is set off against the net norm, never below 0, and the net grossed up
    [(wrong_set_off,)] = _sql(demo, """
        SELECT count(*) FROM betalingen p JOIN uitkeringen u USING (uitkering_id)
        WHERE p.maand = '2024-03' AND u.leefvorm = 'alleenstaand' AND p.inkomsten_arbeid > 0
          AND u.startdatum < DATE '2024-03-01' AND (u.einddatum IS NULL OR u.einddatum > DATE '2024-03-31')
          AND abs(bruto_bedrag - greatest(1280.6187 - (inkomsten_arbeid - vrijlating), 0) / 0.87) > 0.011""")
    assert wrong_set_off == 0


def test_norms_are_exact_in_2025_and_indexed_per_half_year():
    months = np.array([parse_month(m) for m in ("2025-01", "2025-07", "2024-12", "2026-01")])
    single, couple = norms(months)
    # 2024-12: 1,345.45 / 1.025 = 1,312.63; 2026-01: 1,369.06 x 1.025 = 1,403.29
    assert np.round(single, 2).tolist() == [1345.45, 1369.06, 1312.63, 1403.29]
    assert np.round(couple, 2).tolist()[:2] == [1922.07, 1955.80]


def test_budget_has_three_versions_near_net_spending(demo: Path):
    rows = _sql(demo, """
        WITH spending AS (SELECT left(maand, 4)::INT AS jaar, sum(bruto_bedrag) AS lasten FROM betalingen GROUP BY 1),
        repaid AS (SELECT year(datum) AS jaar, sum(bedrag) AS afgelost FROM aflossingen
                   WHERE soort = 'aflossing' GROUP BY 1)
        SELECT b.jaar, count(*) AS fasen,
               max(b.bedrag) FILTER (WHERE fase = 'definitief') / (s.lasten - coalesce(r.afgelost, 0)) AS verhouding
        FROM budget b JOIN spending s USING (jaar) LEFT JOIN repaid r USING (jaar) GROUP BY b.jaar, s.lasten, r.afgelost
        ORDER BY b.jaar""")
    assert [year for year, _, _ in rows] == [2021, 2022, 2023, 2024]
    assert all(fasen == 3 and 0.85 <= ratio <= 1.1 for _, fasen, ratio in rows), rows


def test_next_years_provisional_budget_is_delivered_once_published(demo: Path):
    # the demo fixture ends in 2024-12: the 2025 voorlopig budget (October 2024) is known, its later
    # versions (May and September 2025) are not yet
    assert _sql(demo, "SELECT fase FROM budget WHERE jaar = 2025") == [("voorlopig",)]


def test_claims_have_culpability_only_for_fines(demo: Path):
    kinds = dict(_sql(demo, """
        SELECT soort, bool_and((verwijtbaarheid IS NOT NULL) = (soort = 'boete')) FROM vorderingen GROUP BY soort"""))
    assert kinds == {"terugvordering": True, "verhaal": True, "boete": True}


def test_fines_carry_all_five_culpabilities_mostly_intent_or_gross_negligence_and_a_few_none(demo: Path):
    shares = dict(_sql(demo, """SELECT verwijtbaarheid, count(*) / sum(count(*)) OVER () FROM vorderingen
                                WHERE soort = 'boete' GROUP BY verwijtbaarheid"""))
    assert set(shares) == {"opzet", "grove_schuld", "normaal", "verminderd", "geen"}
    assert shares["opzet"] + shares["grove_schuld"] > 0.35
    assert 0.002 < shares["geen"] < 0.05


def test_claims_name_their_regeling_and_former_clients_keep_their_debts(demo: Path):
    regelingen = dict(_sql(demo, "SELECT coalesce(regeling, '(leeg)'), count(*) FROM vorderingen GROUP BY 1"))
    # the benefit's regeling, BB for bijzondere bijstand, none on claims taken over at the window's start
    assert {"PW", "BB", "(leeg)"} <= set(regelingen) <= {"PW", "IOAW", "IOAZ", "BBZ", "BB", "(leeg)"}
    [(taken_over, of_former_clients)] = _sql(demo, """
        SELECT count(*) FILTER (WHERE ontstaan < DATE '2021-01-01'),
               count(*) FILTER (WHERE client_id NOT IN (SELECT client_id FROM uitkeringen))
        FROM vorderingen""")
    assert taken_over > 0 and of_former_clients > 0


def test_claim_movements_of_every_kind_and_out_of_collection_before_write_off(demo: Path):
    kinds = {soort for (soort,) in _sql(demo, "SELECT DISTINCT soort FROM aflossingen")}
    assert kinds == {"aflossing", "kwijtschelding", "buiten_invordering", "afboeking"}
    # a claim is written off only after it was put buiten invordering, for what was still owed then
    [(wrong,)] = _sql(demo, """
        SELECT count(*) FROM aflossingen a WHERE soort = 'afboeking' AND NOT EXISTS (
            SELECT 1 FROM aflossingen b WHERE b.vordering_id = a.vordering_id AND b.soort = 'buiten_invordering'
              AND b.datum < a.datum AND b.bedrag = a.bedrag)""")
    assert wrong == 0


def test_benefit_chains_occur_change_of_leefvorm_overlap_and_return_within_30_days(demo: Path):
    [(leefvorm_changes, overlaps, quick_returns)] = _sql(demo, """
        WITH keten AS (
            SELECT startdatum, leefvorm, lag(einddatum) OVER w AS vorige_einde, lag(leefvorm) OVER w AS vorige_leefvorm
            FROM uitkeringen WINDOW w AS (PARTITION BY client_id ORDER BY startdatum, uitkering_id))
        SELECT count(*) FILTER (WHERE startdatum = vorige_einde + 1 AND leefvorm <> vorige_leefvorm),
               count(*) FILTER (WHERE startdatum <= vorige_einde),
               count(*) FILTER (WHERE startdatum > vorige_einde + 1 AND startdatum <= vorige_einde + 31)
        FROM keten""")
    assert min(leefvorm_changes, overlaps, quick_returns) > 10, (leefvorm_changes, overlaps, quick_returns)


def _feed(demo: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW feed AS SELECT * FROM read_parquet('{demo / 'feed' / 'synthetic_demo.parquet'}')")
    return con


def test_feed_has_the_kpi_columns_for_every_municipality(demo: Path):
    con = _feed(demo)
    assert [c[0] for c in con.execute("DESCRIBE feed").fetchall()] == KPI_COLUMNS
    codes = {c for (c,) in con.execute("SELECT DISTINCT gemeente_code FROM feed").fetchall()}
    assert codes == {f"GM{9001 + i}" for i in range(30)} | {"NL"}
    [(bad,)] = con.execute("""SELECT count(*) FROM feed WHERE bron <> 'synthetic' OR uitsplitsing <> ''
                             OR (noemer IS NOT NULL AND noemer <> 0 AND abs(waarde - teller / noemer) > 1e-9)"""
                          ).fetchall()
    assert bad == 0


def test_feed_nl_rows_are_sums_of_the_municipalities(demo: Path):
    [(mismatches, compared)] = _feed(demo).execute("""
        WITH gm AS (SELECT periode, indicator, sum(teller) AS teller, sum(noemer) AS noemer, sum(waarde) AS som
                    FROM feed WHERE gemeente_code <> 'NL' GROUP BY ALL)
        SELECT count(*) FILTER (WHERE CASE WHEN nl.teller IS NULL THEN abs(nl.waarde - gm.som) > 1e-6
                                           ELSE abs(nl.teller - gm.teller) > 1e-6 OR abs(nl.noemer - gm.noemer) > 1e-6
                                                OR abs(nl.waarde - gm.teller / gm.noemer) > 1e-9 END),
               count(*)
        FROM feed nl JOIN gm USING (periode, indicator) WHERE nl.gemeente_code = 'NL'""").fetchall()
    # 4 years: 48 months, 16 quarters, 4 years of volume; flows and ratios per quarter and year; 9 yearly ids
    assert compared == (48 + 16 + 4) + 5 * (16 + 4) + 8 * 4
    assert mismatches == 0


def test_feed_stock_changes_by_inflow_minus_outflow(demo: Path):
    [(broken,)] = _feed(demo).execute("""
        WITH q AS (PIVOT (SELECT gemeente_code, periode, indicator, waarde FROM feed WHERE periode_soort = 'kwartaal')
                   ON indicator IN ('bijstandsvolume', 'instroom', 'uitstroom') USING first(waarde))
        SELECT count(*) FROM (
            SELECT bijstandsvolume - lag(bijstandsvolume) OVER (PARTITION BY gemeente_code ORDER BY periode)
                   - instroom + uitstroom AS verschil FROM q)
        WHERE verschil <> 0""").fetchall()
    assert broken == 0


def test_dirty_manifest_points_at_each_injected_problem(demo: Path):
    folder = demo / "demo" / "extracts_dirty" / CALIBRATION_CODE
    manifest = json.loads((folder / "dirty_manifest.json").read_text(encoding="utf-8"))
    kinds = {p["kind"] for p in manifest["problemen"]}
    assert kinds == {"onbekende_regeling", "onleesbare_datum", "einddatum_voor_startdatum", "dubbele_uitkering_id",
                     "dubbele_betaling", "betaling_onbekende_uitkering", "boete_zonder_verwijtbaarheid",
                     "negatief_bedrag"}
    raw = (folder / "uitkeringen.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf UITKERING_ID ;")
    assert "WIMI-demo \u2013 export" in (folder / "levering.csv").read_bytes().decode("cp1252")
    lines = {name: (folder / name).read_bytes().decode("utf-8-sig" if name == "uitkeringen.csv" else "cp1252")
             .split("\r\n")
             for name in {p["file"] for p in manifest["problemen"]}}
    for problem in manifest["problemen"]:
        assert _shows(problem["kind"], lines[problem["file"]], problem["line"]), problem


def _dutch_date_key(text: str) -> str:
    return text[6:] + text[3:5] + text[:2]  # 31-03-2024 -> 20240331


def _shows(kind: str, file_lines: list[str], number: int) -> bool:
    """Whether line `number` (1 = header) of a dirty file shows the problem the manifest names."""
    line = file_lines[number - 1]
    fields = line.split(";")
    if kind == "onbekende_regeling":
        return fields[3] == "WWB"
    if kind == "onleesbare_datum":
        return fields[6] == "31-02-2024"
    if kind == "einddatum_voor_startdatum":
        return _dutch_date_key(fields[7]) < _dutch_date_key(fields[6])
    if kind == "dubbele_uitkering_id":
        return sum(other.split(";")[0] == fields[0] for other in file_lines) == 2
    if kind == "dubbele_betaling":
        return file_lines.count(line) == 2
    if kind == "betaling_onbekende_uitkering":
        return fields[0] == "U9999999"
    if kind == "boete_zonder_verwijtbaarheid":
        return fields[3] == "boete" and fields[6] == ""
    if kind == "negatief_bedrag":
        return fields[5].startswith("-") and "," in fields[5]
    return False


def test_default_focus_on_the_fictional_frame_spreads_over_sizes(on_fictional_frame: Path):
    frame = load_frame(get_settings())
    codes = focus_codes(frame, "default")
    sizes = frame.set_index("gemeente_code").loc[codes, "inwoners"].tolist()
    assert len(set(codes)) == 5 and sizes == sorted(sizes, reverse=True)
    with pytest.raises(ValueError, match="GM0000"):
        focus_codes(frame, "GM0000")
