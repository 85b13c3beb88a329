"""A messy copy of a delivery, as real municipal systems write them, with a manifest of each problem.

Format mess that a loader must accept: Windows-1252 with ';' and decimal comma, a byte-order mark on
some files, dates as 31-03-2024, header names in other case with stray spaces. Row mess it must
quarantine: one of each kind in KINDS, listed in dirty_manifest.json with file, line (1 = header),
column and kind, so the loader's tests can assert on them. Quarantining a benefit also quarantines its
payments; the manifest lists only the injected rows.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.demo.files import CONTRACT_COLUMNS, DATE_COLUMNS, DEMO_BRONSYSTEEM, csv_bytes

BOM_FILES = {"uitkeringen", "aanvragen"}  # UTF-8 with byte-order mark; the rest Windows-1252
UNKNOWN_BENEFIT = "U9999999"
# still the demo generator (so the build marks it as demo), as a system export names itself; an en dash
# is one byte (0x96) in Windows-1252 and invalid UTF-8: a loader that guesses wrong fails
SOURCE_SYSTEM = f"{DEMO_BRONSYSTEEM} \u2013 export"


def _messy_header(name: str, column: str) -> str:
    return f" {column.upper()} " if name in {"uitkeringen", "betalingen"} else f"{column.capitalize()} "


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Dates as 31-03-2024 and amounts with a decimal comma, as text the mess can be written into."""
    table = table.copy()
    for column in table.columns:
        if column in DATE_COLUMNS:
            table[column] = pd.to_datetime(table[column]).dt.strftime("%d-%m-%Y").astype(object)
        elif pd.api.types.is_float_dtype(table[column]):
            table[column] = [None if np.isnan(v) else f"{v:.2f}".replace(".", ",") for v in table[column]]
    return table


def _line(position: int) -> int:
    """File line of a data row: line 1 is the header."""
    return position + 2


def write_dirty_copy(tables: dict[str, pd.DataFrame], folder: Path, rng: np.random.Generator) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    messy = {name: _as_text(tables[name][columns]).reset_index(drop=True) for name, columns in CONTRACT_COLUMNS.items()}
    messy["levering"]["bronsysteem"] = SOURCE_SYSTEM
    problems: list[dict] = []

    def note(file: str, position: int, column: str, kind: str) -> None:
        problems.append({"file": f"{file}.csv", "line": _line(position), "column": column, "kind": kind})

    benefits = messy["uitkeringen"]
    ended = np.flatnonzero(benefits["einddatum"].notna().to_numpy())
    if len(ended) < 4:
        raise ValueError(f"{folder.name}: te weinig beëindigde uitkeringen ({len(ended)}) om rommel in te "
                         "voegen; kies een grotere --scale of een langere periode")
    duplicate, regeling, bad_date, reversed_dates = (int(i) for i in rng.choice(ended, 4, replace=False))
    benefits.loc[regeling, "regeling"] = "WWB"
    note("uitkeringen", regeling, "regeling", "onbekende_regeling")
    benefits.loc[bad_date, "startdatum"] = "31-02-2024"
    note("uitkeringen", bad_date, "startdatum", "onleesbare_datum")
    start = pd.to_datetime(tables["uitkeringen"]["startdatum"].iloc[reversed_dates])
    benefits.loc[reversed_dates, "einddatum"] = (start - pd.Timedelta(days=30)).strftime("%d-%m-%Y")
    note("uitkeringen", reversed_dates, "einddatum", "einddatum_voor_startdatum")
    messy["uitkeringen"] = pd.concat([benefits, benefits.iloc[[duplicate]]], ignore_index=True)
    note("uitkeringen", len(benefits), "uitkering_id", "dubbele_uitkering_id")

    payments = messy["betalingen"]
    # a payment of an intact benefit, so the loader reports the duplicate and not its parent's fault
    broken = benefits.loc[[duplicate, regeling, bad_date, reversed_dates], "uitkering_id"]
    repeated = int(rng.choice(np.flatnonzero(~payments["uitkering_id"].isin(broken).to_numpy())))
    stranger = payments.iloc[[repeated]].assign(uitkering_id=UNKNOWN_BENEFIT)
    messy["betalingen"] = pd.concat([payments, payments.iloc[[repeated]], stranger], ignore_index=True)
    note("betalingen", len(payments), "maand", "dubbele_betaling")
    note("betalingen", len(payments) + 1, "uitkering_id", "betaling_onbekende_uitkering")

    claims = messy["vorderingen"]
    fines = np.flatnonzero((claims["soort"] == "boete").to_numpy())
    others = np.flatnonzero((claims["soort"] != "boete").to_numpy())
    if len(fines):
        fine = int(rng.choice(fines))
        claims.loc[fine, "verwijtbaarheid"] = None
        note("vorderingen", fine, "verwijtbaarheid", "boete_zonder_verwijtbaarheid")
    if len(others):
        negative = int(rng.choice(others))
        claims.loc[negative, "bedrag"] = "-" + claims.loc[negative, "bedrag"]
        note("vorderingen", negative, "bedrag", "negatief_bedrag")

    for name, table in messy.items():
        text = csv_bytes(table, delimiter=";", eol="\r\n", header=[_messy_header(name, c) for c in table.columns])
        content = b"\xef\xbb\xbf" + text if name in BOM_FILES else text.decode("utf-8").encode("cp1252")
        (folder / f"{name}.csv").write_bytes(content)
    manifest = {"gemeente_code": str(tables["uitkeringen"]["gemeente_code"].iat[0]),
                "formaat": {"scheidingsteken": ";", "decimaalteken": ",", "datumnotatie": "DD-MM-JJJJ",
                            "codering": {f"{n}.csv": ("utf-8 met BOM" if n in BOM_FILES else "windows-1252")
                                         for n in CONTRACT_COLUMNS}},
                "problemen": problems}
    (folder / "dirty_manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
    return folder
