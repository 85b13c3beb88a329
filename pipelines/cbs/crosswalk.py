"""The merger crosswalk: for every division year, which share of each old municipality's area lies in
each municipality of the target year (area standing in for people), or an official file read instead.

The method is the one of the snapshot's derived `gemeente_crosswalk_naar_2025.csv` (its SOURCES.md, file 14):
1. project lon/lat to RD New (EPSG:28992, metres, the Dutch national grid) and repair invalid polygons;
2. intersect every old municipality with the target municipalities it touches (an STRtree finds them);
3. open each piece (buffer -750 m, +750 m) before measuring it: the boundary files of different years are
   generalised differently and disagree by up to 2 km, and the opening drops the slivers narrower than
   ~1.5 km this leaves along every border (400 m is the least that makes 2024 -> 2025 an identity,
   1,000 m starts erasing narrow municipalities); if nothing of a municipality survives, its raw pieces count;
4. keep pieces of at least 2% of the old municipality's area, renormalise the kept shares to sum to 1,
   round to 4 decimals with the rounding remainder on the largest share;
5. soort: `gesplitst` with two or more shares of at least 0.10; `gelijk` for one successor with the same code
   that no other old municipality feeds; `samengevoegd` otherwise.
"""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from pipelines.cbs.grenzen import GrenzenFout, normaliseer_grenzen

KOLOMMEN = ["jaar", "gemeente_code_oud", "gemeentenaam_oud", "gemeente_code_2025", "gemeentenaam_2025",
            "aandeel", "soort"]
SOORTEN = ("gelijk", "samengevoegd", "gesplitst")
OPENING_M = 750.0
DREMPEL = 0.02
GESPLITST_VANAF = 0.10
DECIMALEN = 4
# a file with shares of 4 decimals may miss 1 by a few rounding steps
SOM_MARGE = 0.001


class CrosswalkFout(RuntimeError):
    """An official crosswalk file that cannot be used (a Dutch message naming what is wrong)."""


def crosswalk_naar(grenzen: dict[int, dict], doel_jaar: int) -> pd.DataFrame:
    """Rows (jaar, old code and name, target code and name, aandeel, soort) for every year in `grenzen`
    except `doel_jaar` itself, whose boundaries are the target."""
    if doel_jaar not in grenzen:
        raise GrenzenFout(f"crosswalk: de gemeentegrenzen van het doeljaar {doel_jaar} ontbreken")
    doel_codes, doel_namen, doel = _vormen(grenzen[doel_jaar], doel_jaar)
    boom = shapely.STRtree(doel)
    delen = []
    for jaar in sorted(set(grenzen) - {doel_jaar}):
        codes, namen, oud = _vormen(grenzen[jaar], jaar)
        oud_index, doel_index, aandeel = _aandelen(oud, doel, boom, codes, jaar)
        delen.append(pd.DataFrame({
            "jaar": jaar, "gemeente_code_oud": codes[oud_index], "gemeentenaam_oud": namen[oud_index],
            "gemeente_code_2025": doel_codes[doel_index], "gemeentenaam_2025": doel_namen[doel_index],
            "aandeel": aandeel}))
    if not delen:
        return pd.DataFrame(columns=KOLOMMEN)
    frame = pd.concat(delen, ignore_index=True)
    frame = _afronden(frame)
    frame["soort"] = _soort(frame)
    return frame[KOLOMMEN]


def _vormen(collectie: dict, jaar: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes, names and valid polygons in RD New (metres) of one boundary FeatureCollection in any of the
    spellings and axis orders download_grenzen reads."""
    features = normaliseer_grenzen(collectie, jaar)["features"]
    codes = [feature["properties"]["statcode"] for feature in features]
    namen = [feature["properties"]["statnaam"] for feature in features]
    vormen = shapely.transform(np.array([shape(feature["geometry"]) for feature in features]),
                               _wgs84_naar_rd().transform, interleaved=False)
    ongeldig = ~shapely.is_valid(vormen)
    vormen[ongeldig] = [_polygonaal(shapely.make_valid(vorm)) for vorm in vormen[ongeldig]]
    return np.array(codes, dtype=object), np.array(namen, dtype=object), vormen


def _polygonaal(vorm):
    """The polygonal parts of a repaired geometry (make_valid can leave lines where a ring touched itself)."""
    delen = [deel for deel in shapely.get_parts(vorm) if deel.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(delen)


def _aandelen(oud: np.ndarray, doel: np.ndarray, boom: shapely.STRtree, codes: np.ndarray,
              jaar: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(old index, target index, share) of the kept pieces, shares renormalised per old municipality."""
    oud_index, doel_index = boom.query(oud, predicate="intersects")
    stukken = shapely.intersection(oud[oud_index], doel[doel_index])
    oppervlak = shapely.area(oud)[oud_index]
    ruw = shapely.area(stukken) / oppervlak
    # Opening only ever shrinks a piece, so a piece under the threshold stays under it; and a municipality
    # with one piece over it maps wholly onto that piece whatever the opening leaves. Only the others are
    # opened: 292 of 2,048 pieces for 2015 -> 2025 (the buffers took most of the time).
    kandidaat = ruw >= DREMPEL
    openen = kandidaat & (np.bincount(oud_index[kandidaat], minlength=len(oud))[oud_index] > 1)
    geopend = np.where(kandidaat, ruw, 0.0)
    geopend[openen] = shapely.area(shapely.buffer(shapely.buffer(stukken[openen], -OPENING_M),
                                                  OPENING_M)) / oppervlak[openen]
    overleeft = np.isin(oud_index, oud_index[geopend >= DREMPEL])
    maat = np.where(overleeft, geopend, ruw)
    houden = maat >= DREMPEL
    # a municipality whose every piece is under 2% of its area keeps its largest piece
    zonder = np.setdiff1d(np.arange(len(oud)), oud_index[houden])
    for k in zonder:
        eigen = np.flatnonzero((oud_index == k) & (ruw > 0))
        if not len(eigen):
            raise GrenzenFout(f"crosswalk: gemeente {codes[k]} ({jaar}) ligt in geen enkele gemeente van het doeljaar")
        houden[eigen[np.argmax(ruw[eigen])]] = True
    oud_index, doel_index, maat = oud_index[houden], doel_index[houden], maat[houden]
    som = np.bincount(oud_index, weights=maat, minlength=len(oud))
    return oud_index, doel_index, maat / som[oud_index]


def _afronden(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares to 4 decimals, the rounding remainder on the largest, so every old code sums to exactly 1."""
    frame = frame.sort_values(["jaar", "gemeente_code_oud", "aandeel", "gemeente_code_2025"],
                              ascending=[True, True, False, True], ignore_index=True)
    frame["aandeel"] = frame["aandeel"].round(DECIMALEN)
    groep = frame.groupby(["jaar", "gemeente_code_oud"])["aandeel"]
    rest = 1.0 - groep.transform("sum")
    grootste = groep.cumcount() == 0
    frame.loc[grootste, "aandeel"] = (frame.loc[grootste, "aandeel"] + rest[grootste]).round(DECIMALEN)
    return frame


def _soort(frame: pd.DataFrame) -> pd.Series:
    sleutel = [frame["jaar"], frame["gemeente_code_oud"]]
    groot = (frame["aandeel"] >= GESPLITST_VANAF).groupby(sleutel).transform("sum")
    opvolgers = frame.groupby(sleutel)["aandeel"].transform("size")
    voedend = frame.groupby(["jaar", "gemeente_code_2025"])["gemeente_code_oud"].transform("nunique")
    gelijk = (opvolgers == 1) & (frame["gemeente_code_oud"] == frame["gemeente_code_2025"]) & (voedend == 1)
    return pd.Series(np.select([groot >= 2, gelijk], ["gesplitst", "gelijk"], "samengevoegd"), index=frame.index)


@cache
def _wgs84_naar_rd():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def lees_officiele_crosswalk(pad: Path) -> pd.DataFrame:
    """An official crosswalk file in the shape of crosswalk_naar's rows, checked; CrosswalkFout otherwise.

    Comma-separated with decimal points, or as Dutch Excel saves it (semicolons, decimal commas)."""
    pad = Path(pad)
    if not pad.is_file():
        raise CrosswalkFout(f"crosswalkbestand {pad} bestaat niet (instelling WIMI_CBS_CROSSWALK)")
    try:
        with pad.open(encoding="utf-8-sig", newline="") as bestand:
            kop = bestand.readline()
        puntkomma = kop.count(";") > kop.count(",")
        frame = pd.read_csv(pad, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                            sep=";" if puntkomma else ",")
    except (UnicodeDecodeError, pd.errors.ParserError, csv.Error) as exc:
        raise CrosswalkFout(f"crosswalkbestand {pad} is geen leesbaar CSV-bestand (UTF-8): {exc}") from exc
    frame.columns = [str(kolom).strip() for kolom in frame.columns]
    ontbreekt = [kolom for kolom in KOLOMMEN if kolom not in frame.columns]
    if ontbreekt:
        raise CrosswalkFout(f"crosswalkbestand {pad}: kolom(men) ontbreken: {', '.join(ontbreekt)} "
                            f"(verwacht: {', '.join(KOLOMMEN)})")
    if frame.empty:
        raise CrosswalkFout(f"crosswalkbestand {pad} bevat geen regels")
    frame = frame[KOLOMMEN].apply(lambda kolom: kolom.str.strip())
    regel = frame.index.to_series() + 2

    def fout(masker: pd.Series, wat: str, kolom: str) -> None:
        if masker.any():
            paren = zip(regel[masker][:5], frame.loc[masker, kolom][:5], strict=True)
            voorbeelden = ", ".join(f"regel {r} ('{w}')" for r, w in paren)
            raise CrosswalkFout(f"crosswalkbestand {pad}: {masker.sum()} regel(s) met {wat}: {voorbeelden}")

    fout(~frame["jaar"].str.fullmatch(r"(19|20)\d\d"), "een jaar dat geen jaartal is", "jaar")
    for kolom in ("gemeente_code_oud", "gemeente_code_2025"):
        fout(~frame[kolom].str.fullmatch(r"GM\d{4}"), f"een {kolom} die geen gemeentecode (GMxxxx) is", kolom)
    aandeel = pd.to_numeric(frame["aandeel"].str.replace(",", ".") if puntkomma else frame["aandeel"],
                            errors="coerce")
    fout(aandeel.isna(), "een aandeel dat geen getal is", "aandeel")
    fout((aandeel <= 0) | (aandeel > 1), "een aandeel buiten (0, 1]", "aandeel")
    fout(~frame["soort"].isin(SOORTEN), f"een soort anders dan {', '.join(SOORTEN)}", "soort")
    frame["jaar"], frame["aandeel"] = frame["jaar"].astype(int), aandeel
    fout(frame.duplicated(["jaar", "gemeente_code_oud", "gemeente_code_2025"]),
         "een dubbele combinatie van jaar, oude en nieuwe code", "gemeente_code_oud")
    som = frame.groupby(["jaar", "gemeente_code_oud"])["aandeel"].sum()
    scheef = som[(som - 1).abs() > SOM_MARGE]
    if len(scheef):
        voorbeelden = ", ".join(f"{code} in {jaar} ({waarde:.4f})" for (jaar, code), waarde in scheef[:5].items())
        raise CrosswalkFout(f"crosswalkbestand {pad}: de aandelen tellen niet op tot 1 voor {len(scheef)} "
                            f"oude gemeente(n): {voorbeelden}")
    return frame.sort_values(["jaar", "gemeente_code_oud", "aandeel"], ascending=[True, True, False],
                             ignore_index=True)
