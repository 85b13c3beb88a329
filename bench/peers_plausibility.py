"""Plausibility of the peer model on the real CBS snapshot, by criteria a Dutch policy analyst uses.

Usage: python bench/peers_plausibility.py. Builds intermediate.cbs_kenmerken from the snapshot in a
scratch folder, computes the peers with config/peers.toml and prints the criteria as Markdown.

The criteria come from the domain, not from a list of expected peers:
- size spread: a peer outside one third to three times the municipality's inhabitants works under
  other conditions (a city's labour market, a village's social network);
- known twins: pairs a policy analyst names as each other's first comparison (neighbours of the same
  kind): each should find the other in its top k;
- islands: the five Wadden islands share a situation no mainland municipality has (ferry, seasonal
  work), so each should find the other four in its top k;
- student towns: Wageningen, Delft and Leiden should get peers within the size band.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipelines import peers  # noqa: E402

TWINS = (
    ("Tynaarlo", "Noordenveld"),        # Drenthe, suburbs of Groningen city
    ("Ameland", "Schiermonnikoog"),      # Frisian Wadden islands
    ("Terschelling", "Vlieland"),
    ("Blaricum", "Laren (NH.)"),         # affluent Gooi villages
    ("Bloemendaal", "Heemstede"),        # affluent villages beside Haarlem
    ("Heerlen", "Kerkrade"),             # Parkstad, former mining towns
    ("Leiden", "Delft"),                 # student towns of the Randstad
    ("Rotterdam", "'s-Gravenhage"),      # the two large cities of Zuid-Holland
    ("Enschede", "Hengelo (O.)"),        # Twente's industrial towns
)
ISLANDS = ("Texel", "Vlieland", "Terschelling", "Ameland", "Schiermonnikoog")
STUDENT_TOWNS = ("Wageningen", "Delft", "Leiden")


def criteria(features: pd.DataFrame, peer_sets: pd.DataFrame) -> dict[str, float]:
    """The plausibility figures of one peer model: features from peers.peer_features, peer_sets of
    methode 'kenmerken' (gemeente_code, peer_code, rang)."""
    inwoners = features.set_index("gemeente_code")["inwoners"]
    code = dict(zip(features["gemeentenaam"], features["gemeente_code"], strict=True))
    ratio = peer_sets["peer_code"].map(inwoners).to_numpy() / peer_sets["gemeente_code"].map(inwoners).to_numpy()
    outside = pd.Series((ratio < 1 / 3) | (ratio > 3), index=peer_sets.index)
    by_gemeente = outside.groupby(peer_sets["gemeente_code"])
    sets = peer_sets.groupby("gemeente_code")["peer_code"].apply(set)
    twins_found = sum(code[b] in sets[code[a]] for a, b in TWINS) + sum(code[a] in sets[code[b]] for a, b in TWINS)
    islands_found = sum(len(sets[code[i]] & {code[j] for j in ISLANDS if j != i}) for i in ISLANDS)
    student = peer_sets[peer_sets["gemeente_code"].isin([code[t] for t in STUDENT_TOWNS])]
    return {
        "gemeenten met een peer buiten 1/3-3x inwoners": int(by_gemeente.any().sum()),
        "peers buiten 1/3-3x inwoners (%)": 100 * float(outside.mean()),
        "mediane grootteverhouding peer/gemeente (max(r, 1/r))": float(np.median(np.maximum(ratio, 1 / ratio))),
        f"tweelingen in elkaars top k (van {2 * len(TWINS)})": twins_found,
        f"Waddeneilanden in elkaars top k (van {len(ISLANDS) * (len(ISLANDS) - 1)})": islands_found,
        "studentensteden: peers buiten 1/3-3x (van 3k)": int(outside[student.index].sum()),
        "peers in dezelfde provincie (%)": 100 * float((peer_sets["peer_code"].map(features.set_index(
            "gemeente_code")["provincienaam"]) == peer_sets["gemeente_code"].map(features.set_index(
                "gemeente_code")["provincienaam"])).mean()),
    }


def snapshot_kenmerken(folder: Path) -> pd.DataFrame:
    """intermediate.cbs_kenmerken built from the real snapshot in `folder` (the build's own models)."""
    import os

    from pipelines.build import build_models
    from pipelines.settings import get_settings

    os.environ["WIMI_DATA_DIR"] = str(folder)
    os.environ.pop("WIMI_CBS_DIR", None)
    path = folder / "kenmerken.duckdb"
    build_models(get_settings(), ("intermediate.cbs_kenmerken",), path, python_models=False)
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT * FROM intermediate.cbs_kenmerken").df()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        kenmerken = snapshot_kenmerken(Path(folder))
    config = peers.load_config()
    features = peers.peer_features(kenmerken)
    peer_sets = peers.peer_sets(features, config.gewichten, "kenmerken", config.k)
    print(f"| criterium (k = {config.k}, 342 gemeenten) | waarde |\n|---|---|")
    for naam, waarde in criteria(features, peer_sets).items():
        print(f"| {naam} | {waarde:.1f} |".replace(".", ",") if isinstance(waarde, float) else f"| {naam} | {waarde} |")
    names = dict(zip(features["gemeente_code"], features["gemeentenaam"], strict=True))
    code = {v: k for k, v in names.items()}
    alle = peers.peer_sets(features, config.gewichten, "kenmerken", gemeente_codes=[code[t] for p in TWINS for t in p])
    rang = alle.set_index(["gemeente_code", "peer_code"])["rang"]
    print("\nTweelingen, rang van de een bij de ander: " + "; ".join(
        f"{a} - {b}: {rang[code[a], code[b]]} en {rang[code[b], code[a]]}" for a, b in TWINS))
    for naam in ("Wageningen", "Tynaarlo", "Schiermonnikoog"):
        first = peer_sets[peer_sets["gemeente_code"] == code[naam]]["peer_code"].map(names).head(6)
        print(f"\n{naam}: {', '.join(first)}")


if __name__ == "__main__":
    main()
