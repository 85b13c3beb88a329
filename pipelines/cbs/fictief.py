"""A fictional municipality frame in the exact shapes of the CBS snapshot files.

Used when no real CBS data is available (a clone without ../shared): thirty plainly fictional
municipalities (GM9001..GM9030) of varied size and character, written under the snapshot's file names
with its full headers. Columns a municipal benchmark could use get plausible values; the rest stay
empty, as suppressed CBS cells do. The staging models read these files exactly like the real ones.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.cbs.headers import CBS_HEADERS

NAMES = (
    "Fictiefdam", "Verzinsel", "Nergenshuizen", "Denkbeeldwijk", "Droomveen", "Schijnhoven", "Kunstmatig",
    "Bedachtum", "Luchtkasteel", "Sprookjesbroek", "Papierendrecht", "Voorbeeldstad", "Proefzijl",
    "Nepwoude", "Oefenburg", "Testerveld", "Zogenaamdwerd", "Verbeeldingen", "Fantasiedorp", "Hypothesum",
    "Modelmond", "Schetsdijk", "Ontwerpland", "Wensdal", "Luchtspiegeling", "Allegorieveen", "Mythehorst",
    "Illusieloo", "Fabelhaven", "Prototypekerk",
)
PROVINCES = (
    ("PV20", "Groningen"), ("PV21", "Fryslân"), ("PV22", "Drenthe"), ("PV23", "Overijssel"),
    ("PV24", "Flevoland"), ("PV25", "Gelderland"), ("PV26", "Utrecht"), ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"), ("PV29", "Zeeland"), ("PV30", "Noord-Brabant"), ("PV31", "Limburg"),
)
LATEST_YEAR = 2025
# National bijstand persons relative to the KWB 2024 count (CBS: 448k 2015, 464k 2016, 457k 2017,
# 431k KWB 2019, 406k KWB 2024); years in between interpolated.
BIJSTAND_SHAPE = {2015: 1.10, 2016: 1.14, 2017: 1.13, 2018: 1.09, 2019: 1.06, 2020: 1.07, 2021: 1.04,
                  2022: 1.01, 2023: 1.00, 2024: 1.00, 2025: 1.01}


def _municipalities(seed: int) -> pd.DataFrame:
    """One row per fictional municipality with the characteristics every file is derived from."""
    rng = np.random.default_rng(seed)
    count = len(NAMES)
    # sizes spread evenly on a log scale from 2,000 to 300,000 inhabitants, shuffled over the codes
    sizes = np.exp(np.linspace(np.log(2_000), np.log(300_000), count)) * rng.uniform(0.97, 1.03, count)
    sizes = rng.permutation(sizes).round()
    size_z = (np.log(sizes) - np.log(sizes).mean()) / np.log(sizes).std()
    # bigger places are more urban, with noise: class 1 = very strongly urban .. 5 = not urban
    stedelijkheid = np.clip(np.round(3 - 1.2 * size_z + rng.normal(0, 0.6, count)), 1, 5).astype(int)
    adressendichtheid = np.round(np.exp(np.log(2500) - 0.55 * (stedelijkheid - 1) + rng.normal(0, 0.15, count)))
    income = np.round(42 + 3.0 * (stedelijkheid - 3) * 0.5 + rng.normal(0, 3.0, count), 1)
    social_housing = np.clip(np.round(30 - 4 * (stedelijkheid - 3) - 0.8 * (income - 42)
                                      + rng.normal(0, 4, count)), 8, 50)
    # bijstand per 1,000 inhabitants: national 22.6; more in urban, low-income, social-housing places
    rate = 22.6 * np.exp(-0.22 * (stedelijkheid - 3) - 0.05 * (income - 42) + rng.normal(0, 0.12, count))
    household_size = np.round(np.clip(2.15 + 0.08 * (stedelijkheid - 3) + rng.normal(0, 0.07, count), 1.6, 2.7), 1)
    province = rng.integers(0, len(PROVINCES), count)
    return pd.DataFrame({
        "code": [f"GM{9001 + i}" for i in range(count)],
        "naam": NAMES,
        "provinciecode": [PROVINCES[p][0] for p in province],
        "provincienaam": [PROVINCES[p][1] for p in province],
        "inwoners": sizes.astype(int),
        "groei": rng.normal(0.006, 0.004, count),
        "stedelijkheid": stedelijkheid,
        "adressendichtheid": adressendichtheid.astype(int),
        "bevolkingsdichtheid": np.round(adressendichtheid * 1.7).astype(int),
        "inkomen": income,
        "sociale_huur": social_housing.astype(int),
        "huur": np.clip(social_housing + rng.integers(6, 20, count), 15, 70).astype(int),
        "bijstand_per_1000": rate,
        "huishoudgrootte": household_size,
        "woz": np.round(330 + 8 * (income - 42) + rng.normal(0, 30, count)).astype(int),
        "pct_65plus": np.clip(np.round(21 + 1.5 * (stedelijkheid - 3) + rng.normal(0, 2, count)), 10, 32).astype(int),
        "pct_0_15": np.clip(np.round(15 + rng.normal(0, 1.2, count)), 11, 20).astype(int),
        "pct_15_25": np.clip(np.round(12 - 1.0 * (stedelijkheid - 3) + rng.normal(0, 1.5, count)), 8, 25).astype(int),
        "buiten_europa": np.clip(np.round(12 - 3.5 * (stedelijkheid - 3) + rng.normal(0, 2, count)), 2, 40).astype(int),
    })


def _inhabitants(m: pd.DataFrame, year: int) -> np.ndarray:
    return np.round(m["inwoners"] * (1 + m["groei"]) ** (year - LATEST_YEAR)).astype(int).to_numpy()


def _bijstand(m: pd.DataFrame, year: int) -> np.ndarray:
    """Persons on bijstand under AOW age, rounded to tens as CBS publishes them."""
    shape = BIJSTAND_SHAPE[min(max(year, 2015), 2025)]
    persons = m["bijstand_per_1000"] * _inhabitants(m, 2024) / 1000 * shape
    return (np.round(persons / 10) * 10).astype(int).to_numpy()


def _frame(file: str, rows: int, values: dict) -> pd.DataFrame:
    """A table with every column of the snapshot file; columns not given stay empty."""
    table = pd.DataFrame(index=range(rows), columns=list(CBS_HEADERS[file]), dtype=object)
    for column, value in values.items():
        if column not in table.columns:
            raise KeyError(f"{column} is not a column of {file}")
        table[column] = list(value) if not np.isscalar(value) else value
    return table


def _gemeenten_per_jaar(m: pd.DataFrame) -> pd.DataFrame:
    years = range(2015, LATEST_YEAR + 1)
    parts = [_frame("cbs_gemeenten_per_jaar_2015_2025.csv", len(m), {
        "jaar": year, "gemeentecode": m["code"], "gemeentenaam": m["naam"],
        "provinciecode": m["provinciecode"], "provincienaam": m["provincienaam"], "bron": "fictief"})
        for year in years]
    return pd.concat(parts, ignore_index=True)


def _bijstand_personen(m: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for year in (2015, 2016, 2017):
        parts.append(_frame("cbs_bijstand_personen_gemeenten_2015_2024.csv", len(m), {
            "jaar": year, "gemeente_code": m["code"], "gemeentenaam": m["naam"],
            "inwoners": np.round(_inhabitants(m, year) * 0.64).astype(int), "bijstand_personen": _bijstand(m, year),
            "bron_tabel": "fictief", "gemeente_indeling": year, "peildatum_bijstand": f"ultimo {year}",
            "inwoners_definitie": "15_tot_AOW_ultimo", "bijstand_definitie": "alg_bijstand_15_tot_AOW_90100"}))
    for year in (2019, 2024):
        parts.append(_frame("cbs_bijstand_personen_gemeenten_2015_2024.csv", len(m), {
            "jaar": year, "gemeente_code": m["code"], "gemeentenaam": m["naam"],
            "inwoners": _inhabitants(m, year), "bijstand_personen": _bijstand(m, year - 1),
            "bron_tabel": "fictief", "gemeente_indeling": year, "peildatum_bijstand": f"vermoedelijk eind {year - 1}",
            "inwoners_definitie": "totaal_1_januari", "bijstand_definitie": "kwb_alg_bijstand_tot_AOW"}))
    return pd.concat(parts, ignore_index=True)


QUARTERLY_FROM, QUARTERLY_TO = (2016, 1), (2025, 2)  # CBS publishes a quarter about a quarter later


def _bijstand_kwartaal(m: pd.DataFrame) -> pd.DataFrame:
    """Persons on bijstand at the end of each quarter, on a straight line from one year-end to the next
    (so the 4th quarter is the year-end count the other files give), with inhabitants 15 to AOW age;
    one edition per year, on that year's (unchanging) division."""
    parts = []
    for year in range(QUARTERLY_FROM[0], QUARTERLY_TO[0] + 1):
        start, end = _bijstand(m, year - 1), _bijstand(m, year)
        for quarter in range(1, 5):
            if (year, quarter) < QUARTERLY_FROM or (year, quarter) > QUARTERLY_TO:
                continue
            last_day = pd.Timestamp(year, quarter * 3, 1) + pd.offsets.MonthEnd(0)
            parts.append(_frame("cbs_bijstand_kwartaal_gemeenten.csv", len(m), {
                "periode": f"{year}Q{quarter}", "jaar": year, "kwartaal": quarter,
                "peildatum": last_day.date().isoformat(), "gemeente_code": m["code"], "gemeentenaam": m["naam"],
                "gemeente_indeling": year, "bijstand_personen": _tens(start + (end - start) * quarter / 4),
                "inwoners": np.round(_inhabitants(m, year) * 0.64).astype(int), "inwoners_definitie": "15_tot_AOW",
                "cbs_tabel": "fictief"}))
    return pd.concat(parts, ignore_index=True)


def _tens(values) -> np.ndarray:
    return (np.round(np.asarray(values, dtype=float) / 10) * 10).astype(int)


def _pct(part, whole) -> np.ndarray:
    """CBS publishes these percentages rounded to halves."""
    return np.round(np.asarray(part, dtype=float) / np.maximum(np.asarray(whole, dtype=float), 1) * 200) / 2


def _reintegratie(m: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    file = "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv"
    tables = {2015: "83450NED", 2016: "83747NED", 2017: "84066NED"}
    parts = []
    for year, table in tables.items():
        inw = _inhabitants(m, year)
        young = {
            "inwoners": np.round(inw * 0.64), "bijstandsontvangers": _bijstand(m, year).astype(float),
        }
        stock = young["bijstandsontvangers"]
        young["instroom"] = _tens(stock * rng.uniform(0.24, 0.32, len(m)))
        young["uitstroom"] = _tens(stock * rng.uniform(0.22, 0.30, len(m)))
        young["uitstroom_naar_werk"] = _tens(young["uitstroom"] * rng.uniform(0.38, 0.50, len(m)))
        young["personen_met_reintegratievoorziening"] = _tens(stock * rng.uniform(0.30, 0.45, len(m)))
        young["personen_met_bijstand_en_reintegratie"] = _tens(young["personen_met_reintegratievoorziening"] * 0.75)
        young["werkenden_na_reintegratie"] = (_tens(young["personen_met_reintegratievoorziening"] * 0.2)
                                              if year < 2017 else np.full(len(m), np.nan))
        young["wsw_werknemers"] = _tens(inw * rng.uniform(0.004, 0.009, len(m)))
        old = {"inwoners": np.round(inw * 0.19), "bijstandsontvangers": _tens(stock * 0.12),
               "instroom": _tens(stock * 0.01), "uitstroom": _tens(stock * 0.015)}
        groups = {
            "90100": ("15 jaar tot AOW-leeftijd", young),
            "90200": ("AOW-leeftijd en ouder", old),
            "20150": ("15 jaar of ouder", {
                key: (young[key] + old[key]) if key in old else young[key] for key in young}),
        }
        for code, (label, v) in groups.items():
            for region, values in (("GM", v), ("NL", {k: np.array([np.nansum(x)]) for k, x in v.items()})):
                rows = len(m) if region == "GM" else 1
                begin_stock = values["bijstandsontvangers"] - values["instroom"] + values["uitstroom"]
                base = begin_stock + values["instroom"]
                full = {
                    "jaar": year, "cbs_tabel": table, "leeftijd_code": code, "leeftijd": label,
                    "regio_code": m["code"] if region == "GM" else ["NL01"], "regio_type": region,
                    "gemeentenaam": m["naam"] if region == "GM" else [None],
                    "inwoners": values["inwoners"].astype(int),
                    "bijstandsontvangers": values["bijstandsontvangers"].astype(int),
                    "bijstandsdichtheid_per_1000_inw":
                        np.round(values["bijstandsontvangers"] / values["inwoners"] * 2000) / 2,
                    "instroom": values["instroom"], "instroom_pct": _pct(values["instroom"], base),
                    "uitstroom": values["uitstroom"], "uitstroom_pct": _pct(values["uitstroom"], base),
                }
                if code != "90200":
                    stock_v = values["bijstandsontvangers"]
                    full.update({
                        "uitstroom_naar_werk": values["uitstroom_naar_werk"],
                        "uitstroom_naar_werk_pct": _pct(values["uitstroom_naar_werk"], base),
                        "personen_met_reintegratievoorziening": values["personen_met_reintegratievoorziening"],
                        "werkenden_na_reintegratie": pd.array(values["werkenden_na_reintegratie"], dtype="Int64"),
                        "werkenden_na_reintegratie_pct": _pct(values["werkenden_na_reintegratie"],
                                                              values["personen_met_reintegratievoorziening"]),
                        "personen_met_bijstand_en_reintegratie": values["personen_met_bijstand_en_reintegratie"],
                        "bijstandsontvangers_met_reintegratie_pct":
                            _pct(values["personen_met_bijstand_en_reintegratie"], stock_v),
                        "reintegratieontvangers_met_bijstand_pct": _pct(values["personen_met_bijstand_en_reintegratie"],
                                                                        values["personen_met_reintegratievoorziening"]),
                        "wsw_werknemers": values["wsw_werknemers"],
                        "wsw_dichtheid_per_1000_inw":
                            np.round(values["wsw_werknemers"] / values["inwoners"] * 2000) / 2,
                    })
                parts.append(_frame(file, rows, full).astype(object))
    table = pd.concat(parts, ignore_index=True)
    # the snapshot lists NL01 first within each year and age group
    table["_nl"] = table["regio_type"] != "NL"
    return table.sort_values(["jaar", "leeftijd_code", "_nl"], kind="stable").drop(columns="_nl")


def _age_and_households(m: pd.DataFrame) -> dict:
    pct_25_45 = 100 - m["pct_0_15"] - m["pct_15_25"] - m["pct_65plus"] - 26
    one_person = np.clip(np.round(38 - 12 * (m["huishoudgrootte"] - 2.15) / 0.3), 20, 65).astype(int)
    with_kids = np.clip(np.round(30 + 10 * (m["huishoudgrootte"] - 2.15) / 0.3), 10, 45).astype(int)
    return {"pct_25_45": pct_25_45, "pct_45_65": 26 + 0 * pct_25_45, "one_person": one_person,
            "with_kids": with_kids, "without_kids": 100 - one_person - with_kids}


def _kwb2024(m: pd.DataFrame) -> pd.DataFrame:
    inw = _inhabitants(m, 2024)
    households = np.round(inw / m["huishoudgrootte"]).astype(int)
    area_land = np.round(inw / m["bevolkingsdichtheid"] * 100).astype(int)
    h = _age_and_households(m)
    homes = np.round(households * 1.03).astype(int)
    return _frame("cbs_kwb2024_gemeenten_kerncijfers.csv", len(m), {
        "gemeentecode": m["code"], "gemeentenaam": m["naam"], "indelingswijziging_wijken_en_buurten": 1,
        "water": "NEE", "omgevingsadressendichtheid": m["adressendichtheid"],
        "stedelijkheid_adressen_per_km2": m["stedelijkheid"],
        "bevolkingsdichtheid_inwoners_per_km2": m["bevolkingsdichtheid"],
        "aantal_inwoners": inw, "mannen": np.round(inw * 0.495).astype(int),
        "vrouwen": inw - np.round(inw * 0.495).astype(int),
        "percentage_personen_0_tot_15_jaar": m["pct_0_15"], "percentage_personen_15_tot_25_jaar": m["pct_15_25"],
        "percentage_personen_25_tot_45_jaar": h["pct_25_45"], "percentage_personen_45_tot_65_jaar": h["pct_45_65"],
        "percentage_personen_65_jaar_en_ouder": m["pct_65plus"], "aantal_huishoudens": households,
        "percentage_eenpersoonshuishoudens": h["one_person"],
        "percentage_huishoudens_zonder_kinderen": h["without_kids"],
        "percentage_huishoudens_met_kinderen": h["with_kids"], "gemiddelde_huishoudsgrootte": m["huishoudgrootte"],
        "percentage_met_herkomstland_nederland": 100 - m["buiten_europa"] - 9,
        "percentage_met_herkomstland_uit_europa_excl_nl": 9,
        "percentage_met_herkomstland_buiten_europa": m["buiten_europa"],
        "aantal_bedrijfsvestigingen": np.round(inw * 0.13).astype(int), "woningvoorraad": homes,
        "gemiddelde_woningwaarde": m["woz"], "percentage_koopwoningen": 100 - m["huur"],
        "percentage_huurwoningen": m["huur"], "perc_huurwoningen_in_bezit_woningcorporaties": m["sociale_huur"],
        "perc_huurwoningen_in_bezit_overige_verhuurders": m["huur"] - m["sociale_huur"],
        "aantal_personen_met_een_ao_uitkering_totaal": _tens(inw * 0.045),
        "aantal_personen_met_een_ww_uitkering_totaal": _tens(inw * 0.009),
        "aantal_personen_met_een_alg_bijstandsuitkering_tot": _bijstand(m, 2023),
        "aantal_personen_met_een_aow_uitkering_totaal": _tens(inw * m["pct_65plus"] / 100 * 0.95),
        # students by home address: more where the young adults are
        "aantal_studenten_hbo": np.round(inw * m["pct_15_25"] / 100 * 0.18).astype(int),
        "aantal_studenten_wo": np.round(inw * m["pct_15_25"] / 100 * 0.09).astype(int),
        "oppervlakte_totaal_in_ha": np.round(area_land * 1.06).astype(int), "oppervlakte_land_in_ha": area_land,
        "oppervlakte_water_in_ha": np.round(area_land * 1.06).astype(int) - area_land,
    })


def _kwb_basis(m: pd.DataFrame) -> pd.DataFrame:
    h = _age_and_households(m)
    parts = []
    for year in (2018, 2019, 2022, 2023):
        inw = _inhabitants(m, year)
        households = np.round(inw / m["huishoudgrootte"]).astype(int)
        homes = np.round(households * 1.03).astype(int)
        area_land = np.round(inw / m["bevolkingsdichtheid"] * 100).astype(int)
        parts.append(_frame("cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv", len(m), {
            "jaar": year, "gemeentecode": m["code"], "gemeentenaam": m["naam"], "aantal_inwoners": inw,
            "mannen": np.round(inw * 0.495).astype(int), "vrouwen": inw - np.round(inw * 0.495).astype(int),
            "bevolkingsdichtheid": m["bevolkingsdichtheid"], "stedelijkheid": m["stedelijkheid"],
            "omgevingsadressendichtheid": m["adressendichtheid"], "0_15": m["pct_0_15"], "15_25": m["pct_15_25"],
            "25_45": h["pct_25_45"], "45_65": h["pct_45_65"], "65plus": m["pct_65plus"], "huishoudens": households,
            "gem_huishouden_grootte": m["huishoudgrootte"], "pct_eenpersoonshhd": h["one_person"],
            "pct_hhd_met_kind": h["with_kids"], "pct_hhd_zonder_kind": h["without_kids"],
            "gem_inkomen_inwoner": np.round(m["inkomen"] * 0.78).astype(int), "gem_gestand_inkomen": m["inkomen"],
            "pct_hh_laag_inkomen": np.clip(np.round(8 + 0.5 * (42 - m["inkomen"]) + 0.1 * m["sociale_huur"]), 3, 20),
            "pct_rond_sociaal_min": np.clip(np.round(6 + 0.4 * (42 - m["inkomen"]) + 0.1 * m["sociale_huur"]), 2, 16),
            "woningvoorraad": homes, "gem_woz_waarde": np.round(m["woz"] * (0.7 + 0.05 * (year - 2018))).astype(int),
            "koopwoningen": 100 - m["huur"], "huurwoningen": m["huur"], "pct_huurcorporatie": m["sociale_huur"],
            "arbeidsparticipatie": np.clip(np.round(68 + 0.4 * (m["inkomen"] - 42)), 55, 78).astype(int),
            "bedrijfsvestigingen": np.round(inw * 0.13).astype(int), "opp_land": area_land,
            "opp_water": np.round(area_land * 0.06).astype(int),
        }))
    return pd.concat(parts, ignore_index=True)


def _kwb_wonen(m: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for year in range(2020, LATEST_YEAR + 1):
        inw = _inhabitants(m, year)
        households = np.round(inw / m["huishoudgrootte"]).astype(int)
        parts.append(_frame("cbs_kwb_gemeenten_wonen_2020_2025.csv", len(m), {
            "jaar": year, "gwb_code": m["code"], "gm_naam": m["naam"], "a_inw": inw, "a_hh": households,
            "a_woning": np.round(households * 1.03).astype(int), "p_leegsw": 5,
            "g_wozbag_euro": (np.round(m["woz"] * (0.8 + 0.05 * (year - 2020))) * 1000).astype(int),
            "p_koopw": 100 - m["huur"], "p_huurw": m["huur"], "p_wcorpw": m["sociale_huur"],
            "p_ov_hw": m["huur"] - m["sociale_huur"], "ste_mvs": m["stedelijkheid"],
            "bev_dich": m["bevolkingsdichtheid"],
        }))
    return pd.concat(parts, ignore_index=True)


def _inkomen(m: pd.DataFrame) -> pd.DataFrame:
    file = "cbs_inkomen_huishoudens_gemeenten_2024.csv"
    households = np.round(_inhabitants(m, 2024) / m["huishoudgrootte"] / 1000, 1)
    standardised = m["inkomen"].to_numpy()
    disposable = np.round(standardised * 1.43, 1)
    weights = households.to_numpy()
    nl = _frame(file, 1, {
        "jaar": 2024, "voorlopig": 1, "regio_code": ["NL01"], "regio_naam": ["Nederland"],
        "particuliere_huishoudens_x1000": [round(float(weights.sum()), 1)],
        "gem_gestandaardiseerd_inkomen_x1000_euro": [round(float(np.average(standardised, weights=weights)), 1)],
        "mediaan_gestandaardiseerd_inkomen_x1000_euro":
            [round(float(np.average(standardised, weights=weights)) * 0.87, 1)],
        "gem_besteedbaar_inkomen_x1000_euro": [round(float(np.average(disposable, weights=weights)), 1)],
        "mediaan_besteedbaar_inkomen_x1000_euro": [round(float(np.average(disposable, weights=weights)) * 0.8, 1)],
    })
    gm = _frame(file, len(m), {
        "jaar": 2024, "voorlopig": 1, "regio_code": m["code"], "regio_naam": m["naam"],
        "particuliere_huishoudens_x1000": households, "gem_gestandaardiseerd_inkomen_x1000_euro": standardised,
        "mediaan_gestandaardiseerd_inkomen_x1000_euro": np.round(standardised * 0.87, 1),
        "gem_besteedbaar_inkomen_x1000_euro": disposable,
        "mediaan_besteedbaar_inkomen_x1000_euro": np.round(disposable * 0.8, 1),
    })
    return pd.concat([nl, gm], ignore_index=True)


def _crosswalk(m: pd.DataFrame) -> pd.DataFrame:
    parts = [_frame("gemeente_crosswalk_naar_2025.csv", len(m), {
        "jaar": year, "gemeente_code_oud": m["code"], "gemeentenaam_oud": m["naam"],
        "gemeente_code_2025": m["code"], "gemeentenaam_2025": m["naam"], "aandeel": "1.0000", "soort": "gelijk"})
        for year in range(2015, LATEST_YEAR)]
    return pd.concat(parts, ignore_index=True)


def _geojson(m: pd.DataFrame) -> dict:
    """A grid of squares over the middle of the Netherlands: simple, never overlapping."""
    columns, width, height = 6, 0.25, 0.16
    features = []
    for i, (code, name) in enumerate(zip(m["code"], m["naam"], strict=True)):
        x0, y0 = 4.6 + (i % columns) * width, 51.6 + (i // columns) * height
        ring = [[x0, y0], [x0 + width, y0], [x0 + width, y0 + height], [x0, y0 + height], [x0, y0]]
        features.append({"type": "Feature", "properties": {"area_code": code, "name": name},
                         "geometry": {"type": "Polygon",
                                      "coordinates": [[[round(x, 4), round(y, 4)] for x, y in ring]]}})
    return {"type": "FeatureCollection", "name": "gemeenten",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": features}


def write_fictional_cbs(folder: Path, seed: int) -> Path:
    """Write the fictional frame into `folder` (same file names and headers as the snapshot); `.complete` last."""
    folder = Path(folder)
    (folder / "geo").mkdir(parents=True, exist_ok=True)
    (folder / ".complete").unlink(missing_ok=True)
    m = _municipalities(seed)
    rng = np.random.default_rng([seed, 1])
    tables = {
        "cbs_gemeenten_per_jaar_2015_2025.csv": _gemeenten_per_jaar(m),
        "cbs_bijstand_personen_gemeenten_2015_2024.csv": _bijstand_personen(m),
        "cbs_bijstand_kwartaal_gemeenten.csv": _bijstand_kwartaal(m),
        "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv": _reintegratie(m, rng),
        "cbs_kwb2024_gemeenten_kerncijfers.csv": _kwb2024(m),
        "cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv": _kwb_basis(m),
        "cbs_kwb_gemeenten_wonen_2020_2025.csv": _kwb_wonen(m),
        "cbs_inkomen_huishoudens_gemeenten_2024.csv": _inkomen(m),
        "gemeente_crosswalk_naar_2025.csv": _crosswalk(m),
    }
    for name, table in tables.items():
        table.to_csv(folder / name, index=False, lineterminator="\n")
    (folder / "geo" / "cbs_gemeenten_2025.geojson").write_text(json.dumps(_geojson(m), ensure_ascii=False),
                                                                encoding="utf-8")
    (folder / ".complete").write_text("fictief\n", encoding="utf-8")
    return folder
