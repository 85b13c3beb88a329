"""Comparable municipalities: nearest neighbours on structural CBS characteristics (NHS method).

Each characteristic is put on a scale where equal steps mean equal differences to a policy analyst
(log for sizes, densities, prices and shares that span orders of magnitude: 3% against 6% of students
is as large a difference as 15% against 30%), then robustly scaled: minus the median, divided by the
spread between the 10th and 90th percentile. That keeps differences in the tails (a min-max or
normalising transform squeezed 30% against 44% of origin outside Europe to almost nothing), and one
unit is "the spread between a typical low and a typical high municipality" for every characteristic,
so a weight reads as its relative importance. Peers are the k municipalities at the smallest weighted
Euclidean distance, ties broken by code, never the municipality itself. A missing value (CBS
suppresses income for a few small municipalities) is imputed with the median of the size class and
flagged. Pure functions on DataFrames, so the page can recompute with other weights from
marts.peer_features without the build. This is the search for a peer set; the figures compared over a
set are SQL's (the table macro marts.peer_vergelijking).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.settings import CONFIG_DIR

PEERS_CONFIG = CONFIG_DIR / "peers.toml"
# the alternatives to the nearest neighbours: every other municipality of the same group
GROUP_METHODS = {"grootteklasse": "grootteklasse", "provincie": "provincienaam",
                 "arbeidsmarktregio": "arbeidsmarktregio_code", "corop": "corop_code"}


@dataclass(frozen=True)
class Kenmerk:
    naam: str  # key in peers.toml and prefix of the columns in marts.peer_features
    kolom: str  # column in intermediate.cbs_kenmerken
    label: str  # Dutch, for the page
    eenheid: str  # aantal, per_km2, personen, procent, duizend_euro
    log: bool = False  # compared as ratios: log (of 1 + the percentage for shares)


KENMERKEN: tuple[Kenmerk, ...] = (
    Kenmerk("inwoners", "inwoners", "Inwoners", "aantal", log=True),
    Kenmerk("adressendichtheid", "adressendichtheid", "Adressendichtheid (per km²)", "per_km2", log=True),
    Kenmerk("huishoudsgrootte", "huishoudsgrootte", "Gemiddelde huishoudensgrootte", "personen"),
    Kenmerk("pct_65_plus", "pct_65_plus", "Aandeel 65 jaar en ouder (%)", "procent"),
    Kenmerk("pct_herkomst_buiten_europa", "pct_herkomst_buiten_europa",
            "Aandeel met herkomstland buiten Europa (%)", "procent", log=True),
    Kenmerk("pct_sociaal_minimum", "pct_rond_sociaal_minimum",
            "Huishoudens op of rond het sociaal minimum (%)", "procent"),
    Kenmerk("arbeidsparticipatie", "netto_arbeidsparticipatie", "Netto arbeidsparticipatie (%)", "procent"),
    Kenmerk("pct_studenten", "pct_studenten", "Studenten hbo en wo per 100 inwoners", "procent", log=True),
    Kenmerk("gem_inkomen_huishouden", "gem_inkomen_huishouden_x1000_euro",
            "Gemiddeld besteedbaar inkomen huishouden (x € 1.000)", "duizend_euro", log=True),
    Kenmerk("pct_corporatiewoningen", "pct_corporatiewoningen", "Aandeel corporatiewoningen (%)", "procent"),
    Kenmerk("woz", "woz_x1000_euro", "Gemiddelde WOZ-waarde (x € 1.000)", "duizend_euro", log=True),
)
NAMEN = tuple(k.naam for k in KENMERKEN)


@dataclass(frozen=True)
class PeerConfig:
    k: int
    gewichten: dict[str, float]


def load_config(path: Path = PEERS_CONFIG) -> PeerConfig:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    gewichten = {naam: float(raw.get("gewichten", {}).get(naam, 1.0)) for naam in NAMEN}
    return PeerConfig(k=int(raw.get("k", 15)), gewichten=gewichten)


def _transformed(values: pd.Series, kenmerk: Kenmerk) -> pd.Series:
    if not kenmerk.log:
        return values
    # a share can be 0 (no students); 1 + the percentage keeps the log finite
    return np.log1p(values.clip(lower=0)) if kenmerk.eenheid == "procent" else np.log(values.clip(lower=1))


def _robust(transformed: pd.Series) -> pd.Series:
    """Minus the median, divided by the 10-90 percentile spread (0 when every value is the same)."""
    spread = transformed.quantile(0.9) - transformed.quantile(0.1)
    if not spread > 0:
        spread = transformed.max() - transformed.min()
    return (transformed - transformed.median()) / spread if spread > 0 else transformed * 0.0


def peer_features(kenmerken: pd.DataFrame) -> pd.DataFrame:
    """From intermediate.cbs_kenmerken to marts.peer_features: one row per municipality with, per
    characteristic, the value (imputed where missing), `<naam>_geschat` and `<naam>_schaal` (robust:
    0 is the median municipality, 1 the spread between its 10th and 90th percentile)."""
    frame = kenmerken.sort_values("gemeente_code").reset_index(drop=True)
    groups = [kolom for kolom in ("arbeidsmarktregio_code", "arbeidsmarktregio_naam", "corop_code", "corop_naam")
              if kolom in frame]
    out = frame[["gemeente_code", "gemeentenaam", "provincienaam", *groups, "grootteklasse_volgorde",
                 "grootteklasse"]].copy()
    for kenmerk in KENMERKEN:
        values = frame[kenmerk.kolom].astype(float)
        missing = values.isna()
        out[f"{kenmerk.naam}_geschat"] = missing
        if missing.all():  # a CBS folder without this figure: it cannot tell municipalities apart
            out[kenmerk.naam], out[f"{kenmerk.naam}_schaal"] = values, 0.0
            continue
        by_class = values.groupby(frame["grootteklasse_volgorde"]).transform("median")
        values = values.fillna(by_class).fillna(values.median())
        out[kenmerk.naam] = values
        out[f"{kenmerk.naam}_schaal"] = _robust(_transformed(values, kenmerk))
    return out


def _weighted(features: pd.DataFrame, gewichten: dict[str, float]) -> np.ndarray:
    columns = [f"{naam}_schaal" for naam in NAMEN]
    weights = np.array([max(float(gewichten.get(naam, 0.0)), 0.0) for naam in NAMEN])
    return features[columns].to_numpy(dtype=float) * weights


def _ranked(features: pd.DataFrame, weighted: np.ndarray, index: int, candidates: np.ndarray,
            k: int | None, methode: str) -> pd.DataFrame:
    distances = np.sqrt(((weighted[candidates] - weighted[index]) ** 2).sum(axis=1))
    codes = features["gemeente_code"].to_numpy()[candidates]
    # round so ties that differ only in floating-point noise are broken by code
    order = np.lexsort((codes, np.round(distances, 12)))
    if k is not None:
        order = order[:k]
    return pd.DataFrame({
        "gemeente_code": features["gemeente_code"].iat[index],
        "peer_code": codes[order],
        "rang": np.arange(1, len(order) + 1),
        "afstand": distances[order],
        "methode": methode,
    })


def peer_sets(features: pd.DataFrame, gewichten: dict[str, float], methode: str = "kenmerken",
              k: int | None = None, gemeente_codes: list[str] | None = None) -> pd.DataFrame:
    """Peers of every municipality (or of those given), nearest first: gemeente_code, peer_code, rang,
    afstand, methode. 'kenmerken': the k nearest of all; a group method (GROUP_METHODS): every other
    municipality of the same group, none where the municipality's group is unknown."""
    features = features.sort_values("gemeente_code").reset_index(drop=True)
    weighted = _weighted(features, gewichten)
    positions = np.arange(len(features))
    if methode in GROUP_METHODS:
        column = GROUP_METHODS[methode]
        groups = features[column] if column in features else pd.Series(None, index=features.index)
    else:
        groups = pd.Series("alle", index=features.index)
    known = groups.notna().to_numpy()
    groups = groups.to_numpy()
    wanted = positions if gemeente_codes is None else positions[features["gemeente_code"].isin(gemeente_codes)]
    parts = [_ranked(features, weighted, i, positions[(positions != i) & (groups == groups[i])], k, methode)
             for i in wanted if known[i]]
    columns = ["gemeente_code", "peer_code", "rang", "afstand", "methode"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def toelichtingen(features: pd.DataFrame, gewichten: dict[str, float], gemeente_codes: pd.Series,
                  peer_codes: pd.Series) -> list[str]:
    """Per (municipality, peer) one Dutch sentence: the characteristics on which they are closest and
    the one where they differ most (weighted scaled gaps)."""
    positions = pd.Series(np.arange(len(features)), index=features["gemeente_code"])
    weighted = _weighted(features, gewichten)
    gaps = np.abs(weighted[positions[gemeente_codes].to_numpy()] - weighted[positions[peer_codes].to_numpy()])
    active = [i for i, naam in enumerate(NAMEN) if gewichten.get(naam, 0.0) > 0]
    if not active:
        return [""] * len(gaps)
    labels = [KENMERKEN[i].label.split(" (")[0].lower() for i in active]
    order = np.argsort(gaps[:, active], axis=1, kind="stable")
    closest = max(min(2, len(active) - 1), 1)  # never name the farthest one as closest too
    return [f"Lijkt het meest op {' en '.join(labels[j] for j in row[:closest])}; "
            f"verschilt het meest in {labels[row[-1]]}." for row in order]


def all_peers(features: pd.DataFrame, config: PeerConfig) -> pd.DataFrame:
    """marts.peers: nearest neighbours plus every group of GROUP_METHODS, with an explanation."""
    parts = [peer_sets(features, config.gewichten, methode, config.k if methode == "kenmerken" else None)
             for methode in ("kenmerken", *GROUP_METHODS)]
    peers = pd.concat([part for part in parts if len(part)], ignore_index=True)  # a group without codes: none
    features = features.sort_values("gemeente_code").reset_index(drop=True)
    peers["toelichting"] = toelichtingen(features, config.gewichten, peers["gemeente_code"], peers["peer_code"])
    return peers
