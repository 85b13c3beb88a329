"""`wimi fetch-cbs`: download CBS StatLine tables into data/cbs/ in the shapes of the snapshot files.

The bijstand tables (83450NED, 83747NED, 84066NED: "bijstand, re-integratie en WSW, gemeenten") are
downloaded with cbsodata; their data set has the region and age codes and the numbered measure names
of a published StatLine CSV, and turned into the snapshot's shape by the same function that reads such a
CSV (read_statline_csv + bijstand_from_statline). Files not downloaded (neighbourhood key figures,
income, code lists, crosswalk, boundaries) are taken over from the snapshot, so the folder is always
complete. Everything is written to a temporary folder first; .complete is written last and the folder
is renamed into place, so a half download never becomes the source the build reads.

Without a network the command fails within the timeout with a Dutch message and changes nothing.
"""
from __future__ import annotations

import re
import shutil
import socket
import threading
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipelines.settings import SHARED_CBS_DIR, Settings

CBS_HOST = "opendata.cbs.nl"
BIJSTAND_TABELLEN = {"83450NED": 2015, "83747NED": 2016, "84066NED": 2017}
BIJSTAND_BESTAND = "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv"
PERSONEN_BESTAND = "cbs_bijstand_personen_gemeenten_2015_2024.csv"
COMPLETE = ".complete"

# StatLine numbers its measures _1 .. _17 in this order in all three years (only the names differ)
MATEN = (
    "inwoners", "bijstandsontvangers", "bijstandsdichtheid_per_1000_inw", "instroom", "instroom_pct",
    "uitstroom", "uitstroom_pct", "uitstroom_naar_werk", "uitstroom_naar_werk_pct",
    "personen_met_reintegratievoorziening", "werkenden_na_reintegratie", "werkenden_na_reintegratie_pct",
    "personen_met_bijstand_en_reintegratie", "bijstandsontvangers_met_reintegratie_pct",
    "reintegratieontvangers_met_bijstand_pct", "wsw_werknemers", "wsw_dichtheid_per_1000_inw",
)
LEEFTIJDEN = {"20150": "15 jaar of ouder", "90100": "15 jaar tot AOW-leeftijd", "90200": "AOW-leeftijd en ouder"}
_MAAT_NUMMER = re.compile(r"_(\d+)$")


class FetchError(RuntimeError):
    """The download failed; data/cbs/ is as it was."""


def read_statline_csv(path: Path) -> pd.DataFrame:
    """A published StatLine CSV as text: padding trimmed, the suppression mark "." as missing."""
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    return _clean_cells(frame)


def _clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.apply(lambda column: column.astype(str).str.strip())
    return frame.replace({".": pd.NA, "": pd.NA, "None": pd.NA})


def _regio_type(code: str) -> str:
    return "GK" if code.startswith("A0") else code[:2]


def bijstand_from_statline(frame: pd.DataFrame, jaar: int, tabel: str,
                           namen: dict[str, str] | None = None) -> pd.DataFrame:
    """StatLine rows (ID, Leeftijd, Regiokenmerken, <Maat>_1 .. _17) in the snapshot's shape.

    `namen` maps a GM code to the municipality's name in that year's division (empty otherwise).
    """
    measures = {int(m.group(1)): column for column in frame.columns if (m := _MAAT_NUMMER.search(column))}
    codes = frame["Regiokenmerken"].str.strip()
    out = pd.DataFrame({
        "jaar": jaar,
        "cbs_tabel": tabel,
        "leeftijd_code": frame["Leeftijd"].str.strip(),
        "leeftijd": frame["Leeftijd"].str.strip().map(LEEFTIJDEN),
        "regio_code": codes,
        "regio_type": codes.map(_regio_type),
        "gemeentenaam": codes.map(namen or {}).where(codes.str.startswith("GM")),
    })
    for number, maat in enumerate(MATEN, start=1):
        out[maat] = frame[measures[number]].to_numpy() if number in measures else pd.NA
    return out


def personen_from_bijstand(bijstand: pd.DataFrame) -> pd.DataFrame:
    """The 2015-2017 rows of the persons file: 15 to AOW age, municipalities only."""
    rows = bijstand[(bijstand["leeftijd_code"] == "90100") & (bijstand["regio_type"] == "GM")]
    return pd.DataFrame({
        "jaar": rows["jaar"], "gemeente_code": rows["regio_code"], "gemeentenaam": rows["gemeentenaam"],
        "inwoners": rows["inwoners"], "bijstand_personen": rows["bijstandsontvangers"],
        "bron_tabel": rows["cbs_tabel"], "gemeente_indeling": rows["jaar"],
        "peildatum_bijstand": "ultimo " + rows["jaar"].astype(str),
        "inwoners_definitie": "15_tot_AOW_ultimo", "bijstand_definitie": "alg_bijstand_15_tot_AOW_90100",
    })


def check_online(timeout: float) -> None:
    """Fail fast when CBS cannot be reached: name lookup and connect together within `timeout`,
    in a thread because a name lookup does not honour socket timeouts."""
    outcome: dict[str, BaseException | None] = {}

    def probe() -> None:
        try:
            socket.create_connection((CBS_HOST, 443), timeout=timeout).close()
            outcome["fout"] = None
        except OSError as exc:
            outcome["fout"] = exc

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    if "fout" not in outcome:
        raise FetchError(f"CBS ({CBS_HOST}) niet bereikbaar binnen {timeout:g} s: geen netwerk? "
                         "De bestaande CBS-gegevens blijven in gebruik.")
    if outcome["fout"] is not None:
        raise FetchError(f"CBS ({CBS_HOST}) niet bereikbaar: {outcome['fout']}. "
                         "De bestaande CBS-gegevens blijven in gebruik.")


def _download_bijstand(timeout: float) -> pd.DataFrame:
    import cbsodata

    parts = []
    for tabel, jaar in BIJSTAND_TABELLEN.items():
        try:
            metadata = cbsodata.download_data(tabel, typed=False, timeout=timeout)
        except Exception as exc:  # requests raises many kinds; all mean the same to the user
            raise FetchError(f"downloaden van CBS-tabel {tabel} mislukt: {exc}") from exc
        regios = {r["Key"].strip(): r["Title"].strip() for r in metadata.get("Regiokenmerken", [])}
        # cbsodata 1.3 keeps whichever data set it did not remove; both carry codes and _1.._17 names
        rows = metadata.get("UntypedDataSet") or metadata.get("TypedDataSet") or []
        frame = _clean_cells(pd.DataFrame(rows))
        parts.append(bijstand_from_statline(frame, jaar, tabel, regios))
    return pd.concat(parts, ignore_index=True)


def fetch(settings: Settings, if_missing: bool = False, timeout: float = 10.0) -> str:
    """Download into data/cbs/ (atomically). Returns a Dutch summary; raises FetchError."""
    target = settings.downloaded_cbs_dir
    if if_missing and (target / COMPLETE).exists():
        return f"CBS-gegevens staan al in {target}; niets gedownload."
    check_online(timeout)
    if not SHARED_CBS_DIR.exists():
        raise FetchError(f"de overige CBS-bestanden (kerncijfers, grenzen, crosswalk) worden uit {SHARED_CBS_DIR} "
                         "overgenomen, maar die map ontbreekt")
    bijstand = _download_bijstand(timeout)

    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(SHARED_CBS_DIR, staging, ignore=shutil.ignore_patterns("raw", "*.md"))
    for path in staging.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    bijstand.to_csv(staging / BIJSTAND_BESTAND, index=False)
    personen = pd.read_csv(staging / PERSONEN_BESTAND, dtype=str, keep_default_na=False)
    later = personen[~personen["jaar"].astype(int).isin(BIJSTAND_TABELLEN.values())]
    pd.concat([personen_from_bijstand(bijstand), later], ignore_index=True).to_csv(
        staging / PERSONEN_BESTAND, index=False)
    (staging / COMPLETE).write_text(datetime.now().isoformat(timespec="seconds") + "\n", encoding="utf-8")

    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return (f"CBS-tabellen {', '.join(BIJSTAND_TABELLEN)} gedownload naar {target}; kerncijfers, grenzen en "
            f"crosswalk overgenomen uit {SHARED_CBS_DIR}.")
