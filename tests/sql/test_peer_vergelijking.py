"""marts.peer_vergelijking and marts.kpi_een_bron (table macros in sql/marts/) on a hand-made KPI table: the pooled
peer figure, median, quartiles, a rank with a tie, the Netherlands or all municipalities pooled, and the
choice of one source per municipality."""
from __future__ import annotations

import duckdb
import pytest

from pipelines.build import create_schemas_and_macros, discover_models, statement

# (gemeente_code, periode, teller, noemer, bron); waarde = teller / noemer
RIJEN = [
    ("GM0001", "2024Q1", 30, 10, "extract"),  # 3,0: the municipality itself
    ("GM0002", "2024Q1", 20, 10, "synthetic"),  # 2,0
    ("GM0003", "2024Q1", 60, 20, "synthetic"),  # 3,0: the same as GM0001, a tie
    ("GM0004", "2024Q1", 10, 20, "synthetic"),  # 0,5
    ("GM0005", "2024Q1", 40, 10, "extract"),  # 4,0: its own extract wins over its feed figure
    ("GM0005", "2024Q1", 50, 10, "synthetic"),
    ("GM0006", "2024Q1", 100, 10, "synthetic"),  # 10,0: no peer
    ("GM0001", "2024Q2", 30, 10, "extract"),
    ("GM0002", "2024Q2", 20, 10, "synthetic"),
    ("GM0003", "2024Q2", None, 20, "synthetic"),  # no teller: not in the group
    ("NL", "2024Q2", 1_000, 100, "synthetic"),
]
PEERS = ["GM0002", "GM0003", "GM0004", "GM0005"]


@pytest.fixture
def con():
    con = duckdb.connect()
    create_schemas_and_macros(con)
    con.execute("CREATE TABLE marts.kpi (gemeente_code VARCHAR, periode VARCHAR, indicator VARCHAR, "
                "uitsplitsing VARCHAR, teller DOUBLE, noemer DOUBLE, waarde DOUBLE, bron VARCHAR, volledig BOOLEAN, "
                "periode_soort VARCHAR, periode_einde DATE)")
    con.executemany("INSERT INTO marts.kpi VALUES (?, ?, 'ratio', '', ?, ?, ?, ?, true, 'kwartaal', "
                    "CASE WHEN ? = '2024Q1' THEN DATE '2024-03-31' ELSE DATE '2024-06-30' END)",
                    [(g, p, t, n, None if t is None else t / n, b, p) for g, p, t, n, b in RIJEN])
    con.execute("CREATE TABLE marts.indicatoren AS SELECT 'ratio' AS id, false AS hoger_is_beter")
    modellen = {model.name: model for model in discover_models(python_models=False)}
    for naam in ("marts.kpi_een_bron", "marts.peer_vergelijking"):  # the second calls the first
        con.execute(statement(modellen[naam], {}))
    yield con
    con.close()


def vergelijking(con, periode: str, toegestaan: list[str] | None = None) -> dict:
    rows = con.execute("SELECT * FROM marts.peer_vergelijking('GM0001', ?, 'ratio', 'kwartaal', "
                       "['extract', 'synthetic'], ?::VARCHAR[]) WHERE periode = ?",
                       [PEERS, toegestaan, periode]).fetchdf()
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_pooled_group_median_quartiles_and_rank_with_a_tie(con):
    uit = vergelijking(con, "2024Q1")
    assert uit["eigen_waarde"] == 3.0 and uit["eigen_bron"] == "extract"
    # (20 + 60 + 10 + 40) / (10 + 20 + 20 + 10) = 130 / 60, not the mean of 2, 3, 0,5 and 4 (2,375)
    assert (uit["groep_teller"], uit["groep_noemer"]) == (130.0, 60.0)
    assert uit["groep_waarde"] == pytest.approx(130 / 60)
    # peers' values 0,5 2 3 4: median (2 + 3) / 2; quartiles linear at positions 0,75 and 2,25
    assert uit["mediaan"] == 2.5
    assert uit["kwartiel_1"] == pytest.approx(0.5 + 0.75 * 1.5)
    assert uit["kwartiel_3"] == pytest.approx(3.25)
    # lower is better: 2 and 0,5 are better than 3; GM0003's 3 ties and does not push GM0001 down
    assert (uit["rang"], uit["aantal"]) == (3, 5)
    assert list(uit["groep_bronnen"]) == ["extract", "synthetic"]
    # no NL row: every municipality pooled, one source each: 260 / 80
    assert uit["nl_naam"] == "Alle gemeenten"
    assert (uit["nl_teller"], uit["nl_noemer"]) == (260.0, 80.0)
    assert uit["nl_waarde"] == 3.25


def test_higher_is_better_ranks_the_other_way(con):
    con.execute("UPDATE marts.indicatoren SET hoger_is_beter = true")
    assert vergelijking(con, "2024Q1")["rang"] == 2  # only 4 is higher than 3


def test_a_peer_without_teller_is_left_out_and_the_nl_row_is_used(con):
    uit = vergelijking(con, "2024Q2")
    assert (uit["groep_teller"], uit["groep_noemer"], uit["groep_waarde"]) == (20.0, 10.0, 2.0)
    assert (uit["rang"], uit["aantal"]) == (2, 2)
    assert (uit["nl_naam"], uit["nl_waarde"], list(uit["nl_bronnen"])) == ("Nederland", 10.0, ["synthetic"])


def test_an_extract_outside_the_users_scope_gives_way_to_the_feed(con):
    uit = vergelijking(con, "2024Q1", toegestaan=["GM0001"])
    # GM0005's own extract (40) is not the user's to see: its feed figure (50 / 10) stands in
    assert (uit["groep_teller"], uit["groep_noemer"]) == (140.0, 60.0)
    rijen = con.execute("SELECT gemeente_code, bron FROM marts.kpi_een_bron('ratio', 'kwartaal', "
                        "['extract', 'synthetic'], NULL) WHERE periode = '2024Q1' ORDER BY gemeente_code").fetchall()
    assert rijen == [("GM0001", "extract"), ("GM0002", "synthetic"), ("GM0003", "synthetic"),
                     ("GM0004", "synthetic"), ("GM0005", "extract"), ("GM0006", "synthetic")]
