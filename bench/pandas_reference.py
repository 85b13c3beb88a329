"""Three KPIs computed the plain pandas way, to compare against the DuckDB models (speed ratio).

Same definitions as indicators.md: bijstandsvolume at each month-end, uitstroom_naar_werk per quarter,
aandeel_parttime per month. Reads the contract files of every delivery folder under a root.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def _read(folder: Path, name: str, columns: list[str]) -> pd.DataFrame:
    parquet = folder / f"{name}.parquet"
    if parquet.exists():
        return pd.read_parquet(parquet, columns=columns)
    return pd.read_csv(folder / f"{name}.csv", usecols=columns, dtype=str)


def kpis(root: Path) -> dict[str, pd.DataFrame]:
    folders = sorted(p for p in root.iterdir() if p.is_dir())
    benefits = pd.concat([_read(f, "uitkeringen", ["uitkering_id", "gemeente_code", "startdatum", "einddatum",
                                                   "reden_einde"]).assign(levering=f.name) for f in folders])
    payments = pd.concat([_read(f, "betalingen", ["uitkering_id", "maand", "inkomsten_arbeid"]).assign(levering=f.name)
                          for f in folders])
    benefits["startdatum"] = pd.to_datetime(benefits["startdatum"])
    benefits["einddatum"] = pd.to_datetime(benefits["einddatum"])
    month_ends = pd.date_range(benefits["startdatum"].min(), benefits["startdatum"].max(), freq="ME")

    stock = []
    for gemeente, group in benefits.groupby("gemeente_code"):
        start = group["startdatum"].to_numpy()
        end = group["einddatum"].to_numpy()
        for month_end in month_ends:
            in_stock = (start <= month_end) & (pd.isna(end) | (end > month_end))
            stock.append((gemeente, month_end, int(in_stock.sum())))
    volume = pd.DataFrame(stock, columns=["gemeente_code", "maandeinde", "bijstandsvolume"])

    to_work = benefits[benefits["reden_einde"].isin(["werk", "eigen_bedrijf"])].copy()
    to_work["kwartaal"] = to_work["einddatum"].dt.to_period("Q")
    outflow = to_work.groupby(["gemeente_code", "kwartaal"]).size().rename("uitstroom_naar_werk").reset_index()

    payments["inkomsten_arbeid"] = pd.to_numeric(payments["inkomsten_arbeid"].astype(str).str.replace(",", "."))
    merged = payments.merge(benefits[["levering", "uitkering_id", "gemeente_code"]], on=["levering", "uitkering_id"])
    merged["werkt"] = merged["inkomsten_arbeid"] > 0
    parttime = merged.groupby(["gemeente_code", "maand"])["werkt"].mean().rename("aandeel_parttime").reset_index()
    return {"bijstandsvolume": volume, "uitstroom_naar_werk": outflow, "aandeel_parttime": parttime}
