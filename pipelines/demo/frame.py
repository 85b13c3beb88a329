"""Today's municipalities with the figures the demo calibrates on: one row per municipality.

Reads the CBS folder in the documented lookup order (settings.cbs_source()); when that is the
fictional frame and it has not been written yet, writes it first.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.cbs.folder import cbs_folder
from pipelines.settings import Settings

FRAME_COLUMNS = ["gemeente_code", "gemeentenaam", "provincie", "inwoners", "huishoudens", "bijstand_personen",
                 "bijstand_jaar", "stedelijkheid", "adressendichtheid", "gem_gestandaardiseerd_inkomen",
                 "aandeel_sociale_huur"]

_FRAME_SQL = """
WITH gemeenten AS (
    SELECT gemeentecode AS gemeente_code, gemeentenaam, provincienaam AS provincie
    FROM read_csv('{d}/cbs_gemeenten_per_jaar_2015_2025.csv', all_varchar = true)
    WHERE jaar = (SELECT max(jaar) FROM read_csv('{d}/cbs_gemeenten_per_jaar_2015_2025.csv', all_varchar = true))
),
wonen AS (  -- latest year per municipality: inhabitants and households on 1 January
    SELECT gwb_code AS gemeente_code, a_inw AS inwoners, a_hh AS huishoudens, p_wcorpw AS aandeel_sociale_huur,
           ste_mvs AS stedelijkheid_wonen
    FROM read_csv('{d}/cbs_kwb_gemeenten_wonen_2020_2025.csv')
    QUALIFY row_number() OVER (PARTITION BY gwb_code ORDER BY jaar DESC) = 1
),
kwb AS (
    SELECT gemeentecode AS gemeente_code, omgevingsadressendichtheid AS adressendichtheid,
           stedelijkheid_adressen_per_km2 AS stedelijkheid
    FROM read_csv('{d}/cbs_kwb2024_gemeenten_kerncijfers.csv')
),
bijstand AS (  -- latest published count per municipality (KWB 2024 in the snapshot)
    SELECT gemeente_code, bijstand_personen, jaar AS bijstand_jaar
    FROM read_csv('{d}/cbs_bijstand_personen_gemeenten_2015_2024.csv')
    WHERE bijstand_personen IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY gemeente_code ORDER BY jaar DESC) = 1
),
inkomen AS (
    SELECT regio_code AS gemeente_code, gem_gestandaardiseerd_inkomen_x1000_euro * 1000 AS gem_gestandaardiseerd_inkomen
    FROM read_csv('{d}/cbs_inkomen_huishoudens_gemeenten_2024.csv')
    WHERE regio_code LIKE 'GM%'
)
SELECT g.gemeente_code, g.gemeentenaam, g.provincie,
       w.inwoners::BIGINT AS inwoners, w.huishoudens::BIGINT AS huishoudens,
       b.bijstand_personen::BIGINT AS bijstand_personen, b.bijstand_jaar::INTEGER AS bijstand_jaar,
       coalesce(k.stedelijkheid, w.stedelijkheid_wonen)::INTEGER AS stedelijkheid,
       k.adressendichtheid::DOUBLE AS adressendichtheid,
       i.gem_gestandaardiseerd_inkomen::DOUBLE AS gem_gestandaardiseerd_inkomen,
       w.aandeel_sociale_huur::DOUBLE AS aandeel_sociale_huur
FROM gemeenten g
LEFT JOIN wonen w USING (gemeente_code)
LEFT JOIN kwb k USING (gemeente_code)
LEFT JOIN bijstand b USING (gemeente_code)
LEFT JOIN inkomen i USING (gemeente_code)
ORDER BY g.gemeente_code
"""


def load_frame(settings: Settings) -> pd.DataFrame:
    """One row per municipality of the latest year in the CBS files, columns FRAME_COLUMNS.

    `bijstand_personen` is the latest published count of persons with general bijstand under AOW age
    (CBS rounds to tens; NULL where suppressed); `bijstand_jaar` the year of the table it comes from
    (KWB 2024 counts refer to about the end of 2023).
    """
    _, folder = cbs_folder(settings)
    with duckdb.connect() as con:
        frame = con.execute(_FRAME_SQL.format(d=folder.as_posix().replace("'", "''"))).df()
    return frame[FRAME_COLUMNS]
