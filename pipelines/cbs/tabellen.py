"""Which CBS tables `wimi fetch-cbs` downloads, which measures it takes from each, and the files it writes.

Every file has the name and the columns the staging models (sql/staging/cbs__*.sql) and the frame
(pipelines/cbs/folder.py) read, so one set of models reads a download, a configured folder and the snapshot
alike. Measures are found by key stem and title (odata.Maat): the numbered keys differ between
editions. A measure an edition does not have is written empty and named in the summary.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pipelines.cbs.odata import CbsFout, Maat, ODataClient, dimensie, dimensies, kies_maat

PerPagina = Callable[[int], None]  # rows so far, after every page

BIJSTAND_TABELLEN = {"83450NED": 2015, "83747NED": 2016, "84066NED": 2017}
UITKERING_TABELLEN = {2016: "83577NED", 2017: "83759NED", 2018: "84417NED", 2019: "84692NED", 2020: "84897NED",
                      2021: "85042NED", 2022: "85317NED", 2023: "85586NED", 2024: "86003NED"}
KWB_TABELLEN = {2016: "83487NED", 2017: "83765NED", 2018: "84286NED", 2019: "84583NED", 2020: "84799NED",
                2021: "85039NED", 2022: "85318NED", 2023: "85618NED", 2024: "85984NED"}
# later editions and the tables without a fixed id are looked up in the catalogue by title
UITKERING_TITEL = "Personen met een uitkering; soort uitkering, wijken en buurten"
KWB_TITEL = "Kerncijfers wijken en buurten"
GEBIEDEN_TITEL = "Gebieden in Nederland"
INKOMEN_TITEL = "Inkomen van huishoudens"
GEBIEDEN_JAREN = range(2015, 2026)
GRENZEN_JAREN = range(2015, 2026)
KWB_PEILJAAR = 2024  # the edition whose structure figures describe today's municipalities (peer features)

BIJSTAND_BESTAND = "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv"
PERSONEN_BESTAND = "cbs_bijstand_personen_gemeenten_2015_2024.csv"
KWARTAAL_BESTAND = "cbs_bijstand_kwartaal_gemeenten.csv"
GEMEENTEN_BESTAND = "cbs_gemeenten_per_jaar_2015_2025.csv"
KWB_PEIL_BESTAND = "cbs_kwb2024_gemeenten_kerncijfers.csv"
KWB_WONEN_BESTAND = "cbs_kwb_gemeenten_wonen_2020_2025.csv"
KWB_BASIS_BESTAND = "cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv"
INKOMEN_BESTAND = "cbs_inkomen_huishoudens_gemeenten_2024.csv"
CROSSWALK_BESTAND = "gemeente_crosswalk_naar_2025.csv"

GM_FILTER = "startswith({dim},'GM')"


def _maten(*specs: tuple) -> tuple[Maat, ...]:
    return tuple(Maat(kolom, tuple(sleutels), tuple(titels), eenheid) for kolom, sleutels, titels, eenheid in specs)


# 83450NED, 83747NED, 84066NED: count and percentage of one flow share a key stem; the unit tells them apart
BIJSTAND_MATEN = _maten(
    ("inwoners", ["Inwoners"], ["Inwoners"], "aantal"),
    ("bijstandsontvangers", ["Bijstandsontvangers"], ["Bijstandsontvangers"], "aantal"),
    ("bijstandsdichtheid_per_1000_inw", ["Bijstandsdichtheid"], ["Bijstandsdichtheid"], None),
    ("instroom", ["Instroom", "Instromers"], ["Instroom"], "aantal"),
    ("instroom_pct", ["Instroom", "Instromers"], ["Instroom (%)"], "%"),
    ("uitstroom", ["Uitstroom", "Uitstromers"], ["Uitstroom"], "aantal"),
    ("uitstroom_pct", ["Uitstroom", "Uitstromers"], ["Uitstroom (%)"], "%"),
    ("uitstroom_naar_werk", ["UitstroomNaarWerk", "UitstromersNaarWerk"], ["Uitstroom naar werk"], "aantal"),
    ("uitstroom_naar_werk_pct", ["UitstroomNaarWerk", "UitstromersNaarWerk"], ["Uitstroom naar werk (%)"], "%"),
    ("personen_met_reintegratievoorziening", ["PersonenMetReIntegratievoorziening"],
     ["Personen met re-integratievoorziening"], "aantal"),
    ("werkenden_na_reintegratie", ["WerkendenNaReIntegratie", "WerkNaReIntegratie"],
     ["Werkenden na re-integratie"], "aantal"),
    ("werkenden_na_reintegratie_pct", ["WerkendenNaReIntegratie", "WerkNaReIntegratie"],
     ["Werkenden na re-integratie (%)"], "%"),
    ("personen_met_bijstand_en_reintegratie", ["PersonenMetBijstandEnReIntegratie"],
     ["Personen met bijstand en re-integratie"], "aantal"),
    ("bijstandsontvangers_met_reintegratie_pct",
     ["BijstandontvangersMetReIntegratie", "BijstandsontvangersMetReIntegratie"],
     ["Bijstandsontvangers met re-integratie"], "%"),
    ("reintegratieontvangers_met_bijstand_pct", ["ReIntegratieontvangersMetBijstand"],
     ["Re-integratieontvangers met bijstand"], "%"),
    ("wsw_werknemers", ["WSWWerknemers"], ["WSW-werknemers"], "aantal"),
    ("wsw_dichtheid_per_1000_inw", ["WSWDichtheid"], ["WSW-dichtheid"], None),
)
LEEFTIJDEN = {"20150": "15 jaar of ouder", "90100": "15 jaar tot AOW-leeftijd", "90200": "AOW-leeftijd en ouder"}

# Kerncijfers wijken en buurten: key stems as in 83487NED..85984NED (e.g. AantalInwoners_5), titles as
# StatLine shows them; an age or origin group given as a count is turned into a percentage
KWB_MATEN = _maten(
    ("inwoners", ["AantalInwoners"], ["Aantal inwoners"], None),
    ("huishoudens", ["HuishoudensTotaal"], ["Huishoudens totaal"], None),
    ("huishoudsgrootte", ["GemiddeldeHuishoudensgrootte"], ["Gemiddelde huishoudensgrootte"], None),
    ("pct_65_plus", ["k_65JaarOfOuder"], ["65 jaar of ouder"], None),
    ("pct_herkomst_buiten_europa", ["HerkomstlandBuitenEuropa", "HerkomstBuitenEuropa"],
     ["Herkomstland buiten Europa", "Buiten Europa"], None),
    ("pct_corporatiewoningen", ["InBezitWoningcorporatie"], ["In bezit woningcorporatie"], None),
    ("woz_x1000_euro", ["GemiddeldeWOZWaardeVanWoningen", "GemiddeldeWoningwaarde"],
     ["Gemiddelde WOZ-waarde van woningen", "Gemiddelde woningwaarde"], None),
    ("adressendichtheid", ["Omgevingsadressendichtheid"], ["Omgevingsadressendichtheid"], None),
    ("stedelijkheid", ["MateVanStedelijkheid"], ["Mate van stedelijkheid"], None),
    ("bijstand_personen", ["PersonenPerSoortUitkeringBijstand"], ["Bijstand", "Personen per soort uitkering; bijstand"],
     None),
    # peer features (pipelines/peers.py): students by home address, the social minimum, labour participation
    ("studenten_hbo", ["StudentenHbo"], ["Studenten hbo"], None),
    ("studenten_wo", ["StudentenWo"], ["Studenten wo"], None),
    ("pct_rond_sociaal_minimum", ["HuishOnderOfRondSociaalMinimum"], ["Huishoudens onder of rond sociaal minimum"],
     None),
    ("netto_arbeidsparticipatie", ["Nettoarbeidsparticipatie"], ["Netto arbeidsparticipatie"], None),
)
_KWB_AANDELEN = ("pct_65_plus", "pct_herkomst_buiten_europa")

# "Personen met een uitkering; soort uitkering, wijken en buurten": persons with algemene bijstand,
# and the population the table may give with it. Bijstand is a measure of its own, or else a code of a
# "soort uitkering" dimension with one count of persons as the measure.
BIJSTAND_TITELS = ("Bijstand", "Bijstandsuitkering", "Algemene bijstand")
UITKERING_BIJSTAND = Maat("bijstand_personen", ("Bijstandsuitkering", "Bijstandsuitkeringen", "Bijstand",
                                                "AlgemeneBijstand"), BIJSTAND_TITELS, "aantal")
UITKERING_PERSONEN = Maat("bijstand_personen", ("PersonenMetEenUitkering", "Uitkeringsontvangers"),
                          ("Personen met een uitkering", "Uitkeringsontvangers"), "aantal")
UITKERING_INWONERS = {
    "15_tot_AOW": Maat("inwoners", ("Inwoners15JaarTotAOWLeeftijd",), ("Inwoners 15 jaar tot AOW-leeftijd",)),
    "15_plus": Maat("inwoners", ("Inwoners15JaarOfOuder",), ("Inwoners 15 jaar of ouder",)),
}
_KWARTAAL = re.compile(r"^(\d{4})KW0([1-4])$")

# "Gebieden in Nederland <jaar>": every code is titled "Code" and every name "Naam"; the group says which
GEBIEDEN_MATEN = tuple(Maat(kolom, titels=(titel,), groep=groep) for kolom, titel, groep in (
    ("gemeentenaam", "Naam", "gemeente"),
    ("provinciecode", "Code", "provincie"), ("provincienaam", "Naam", "provincie"),
    ("corop_code", "Code", "corop"), ("corop_naam", "Naam", "corop"),
    ("arbeidsmarktregio_code", "Code", "arbeidsmarktregio"), ("arbeidsmarktregio_naam", "Naam", "arbeidsmarktregio"),
))

INKOMEN_MATEN = _maten(
    ("particuliere_huishoudens_x1000", ["ParticuliereHuishoudens"], ["Particuliere huishoudens"], None),
    ("gem_gestandaardiseerd_inkomen_x1000_euro", ["GemiddeldGestandaardiseerdInkomen"],
     ["Gemiddeld gestandaardiseerd inkomen"], None),
    ("mediaan_gestandaardiseerd_inkomen_x1000_euro", ["MediaanGestandaardiseerdInkomen"],
     ["Mediaan gestandaardiseerd inkomen"], None),
    ("gem_besteedbaar_inkomen_x1000_euro", ["GemiddeldBesteedbaarInkomen"], ["Gemiddeld besteedbaar inkomen"], None),
    ("mediaan_besteedbaar_inkomen_x1000_euro", ["MediaanBesteedbaarInkomen"], ["Mediaan besteedbaar inkomen"], None),
)


@dataclass
class Tabel:
    """One downloaded table: its rows in our column names, and the measures it lacked."""
    tabel: str
    rijen: pd.DataFrame
    ontbrekend: tuple[str, ...] = ()


def _schoon(value: object) -> object:
    """A cell as CBS means it: padding trimmed, null (suppressed) as missing, never 0."""
    if value is None:
        return pd.NA
    if isinstance(value, str):
        value = value.strip()
        return value if value not in {"", "."} else pd.NA
    return value


def _lees(client: ODataClient, tabel: str, properties: list[dict], maten: tuple[Maat, ...], dims: list[str],
          filter: str | None, voortgang: PerPagina | None, vereist: tuple[str, ...] = ()) -> Tabel:
    """TypedDataSet rows with the dimensions and the measures found, renamed to the measures' columns;
    CbsFout when a measure in `vereist` is not there (a figure the build cannot do without)."""
    keys = {maat.kolom: kies_maat(properties, maat, tabel) for maat in maten}
    found = {kolom: key for kolom, key in keys.items() if key is not None}
    if missing := [kolom for kolom in vereist if kolom not in found]:
        raise CbsFout(f"CBS-tabel {tabel}: geen onderwerp gevonden voor {', '.join(missing)}")
    rows = client.data(tabel, select=[*dims, *found.values()], filter=filter, per_pagina=voortgang)
    frame = pd.DataFrame([{k: _schoon(row.get(k)) for k in [*dims, *found.values()]} for row in rows],
                         columns=[*dims, *found.values()])
    frame = frame.rename(columns={key: kolom for kolom, key in found.items()})
    for kolom in keys:
        if kolom not in frame:
            frame[kolom] = pd.NA
    return Tabel(tabel, frame, tuple(k for k, v in keys.items() if v is None))


def _namen(client: ODataClient, tabel: str, dim: str) -> dict[str, str]:
    return {c["Key"].strip(): c["Title"] for c in client.codes(tabel, dim, GM_FILTER.format(dim="Key"))}


def _regio_type(code: str) -> str:
    return "GK" if code.startswith("A0") else code[:2]


def bijstand(client: ODataClient, tabel: str, jaar: int, voortgang: PerPagina | None = None) -> Tabel:
    """83450NED/83747NED/84066NED in the snapshot's shape, every region and age group."""
    properties = client.eigenschappen(tabel)
    regio = dimensie(properties, "GeoDimension", tabel)
    leeftijd = next(k for k, kind in dimensies(properties).items() if kind == "Dimension")
    gelezen = _lees(client, tabel, properties, BIJSTAND_MATEN, [leeftijd, regio], None, voortgang,
                    ("inwoners", "bijstandsontvangers", "instroom", "uitstroom", "uitstroom_naar_werk"))
    frame = gelezen.rijen
    codes = frame[regio].astype(str)
    namen = _namen(client, tabel, regio)
    out = pd.DataFrame({
        "jaar": jaar,
        "cbs_tabel": tabel,
        "leeftijd_code": frame[leeftijd].astype(str),
        "leeftijd": frame[leeftijd].astype(str).map(LEEFTIJDEN),
        "regio_code": codes,
        "regio_type": codes.map(_regio_type),
        "gemeentenaam": codes.map(namen).where(codes.str.startswith("GM")),
    })
    for maat in BIJSTAND_MATEN:
        out[maat.kolom] = frame[maat.kolom].to_numpy()
    return Tabel(tabel, out, gelezen.ontbrekend)


def personen_uit_bijstand(bijstand_rijen: pd.DataFrame) -> pd.DataFrame:
    """The 2015-2017 rows of the persons file: 15 to AOW age, municipalities only."""
    rows = bijstand_rijen[(bijstand_rijen["leeftijd_code"] == "90100") & (bijstand_rijen["regio_type"] == "GM")]
    return pd.DataFrame({
        "jaar": rows["jaar"], "gemeente_code": rows["regio_code"], "gemeentenaam": rows["gemeentenaam"],
        "inwoners": rows["inwoners"], "bijstand_personen": rows["bijstandsontvangers"],
        "bron_tabel": rows["cbs_tabel"], "gemeente_indeling": rows["jaar"],
        "peildatum_bijstand": "ultimo " + rows["jaar"].astype(str),
        "inwoners_definitie": "15_tot_AOW_ultimo", "bijstand_definitie": "alg_bijstand_15_tot_AOW_90100",
    })


def kwb(client: ODataClient, tabel: str, jaar: int, voortgang: PerPagina | None = None) -> Tabel:
    """Kerncijfers wijken en buurten, municipality rows: gemeente_code, gemeentenaam and KWB_MATEN."""
    properties = client.eigenschappen(tabel)
    regio = dimensie(properties, "GeoDimension", tabel)
    gelezen = _lees(client, tabel, properties, KWB_MATEN, [regio], GM_FILTER.format(dim=regio), voortgang,
                    ("inwoners",))
    frame = gelezen.rijen.rename(columns={regio: "gemeente_code"})
    for kolom in _KWB_AANDELEN:
        key = kies_maat(properties, next(m for m in KWB_MATEN if m.kolom == kolom), tabel)
        unit = next((p.get("Unit") or "" for p in properties if p["Key"] == key), "")
        if key is not None and unit.strip().lower() == "aantal":
            # CBS publishes the shares on the map products as whole percentages
            share = pd.to_numeric(frame[kolom]) * 100 / pd.to_numeric(frame["inwoners"])
            frame[kolom] = share.round().astype("Int64")
    frame.insert(1, "gemeentenaam", frame["gemeente_code"].map(_namen(client, tabel, regio)))
    frame.insert(0, "jaar", jaar)
    return Tabel(tabel, frame, gelezen.ontbrekend)


def kwartaal(client: ODataClient, tabel: str, jaar: int, voortgang: PerPagina | None = None) -> Tabel:
    """"Personen met een uitkering; soort uitkering, wijken en buurten": the quarterly file's rows."""
    properties = client.eigenschappen(tabel)
    regio = dimensie(properties, "GeoDimension", tabel)
    periode = dimensie(properties, "TimeDimension", tabel)
    inwoners = next(((definitie, maat) for definitie, maat in UITKERING_INWONERS.items()
                     if kies_maat(properties, maat, tabel) is not None), ("", UITKERING_INWONERS["15_tot_AOW"]))
    filter = f"substringof('KW',{periode})"
    bijstand_maat = UITKERING_BIJSTAND
    if kies_maat(properties, UITKERING_BIJSTAND, tabel) is None:
        soort = _soort_bijstand(client, tabel, properties)
        if soort is None:
            raise CbsFout(f"CBS-tabel {tabel}: geen onderwerp of soort uitkering 'bijstand' gevonden")
        filter += f" and {soort[0]} eq '{soort[1]}'"
        bijstand_maat = UITKERING_PERSONEN
    maten = (bijstand_maat, inwoners[1])
    gelezen = _lees(client, tabel, properties, maten, [regio, periode], f"{GM_FILTER.format(dim=regio)} and {filter}",
                    voortgang, ("bijstand_personen",))
    # the national row: CBS counts every person, also those of municipalities whose own cell it suppresses,
    # so NL is never the sum of the published municipalities (one row per quarter; a second request because
    # OData v3's `or` is not needed elsewhere)
    nederland = _lees(client, tabel, properties, maten, [regio, periode], f"startswith({regio},'NL01') and {filter}",
                      None).rijen
    frame = pd.concat([gelezen.rijen, nederland], ignore_index=True) if len(nederland) else gelezen.rijen
    delen = frame[periode].astype(str).str.extract(_KWARTAAL)
    # only the edition's own year: its rows are on that year's division, and a quarter repeated by the
    # next edition would appear twice
    eigen = delen[0] == str(jaar)
    frame, delen = frame[eigen], delen[eigen]
    jaren, kwartalen = delen[0].astype(int), delen[1].astype(int)
    peildatum = pd.PeriodIndex.from_fields(year=jaren, quarter=kwartalen, freq="Q").end_time.strftime("%Y-%m-%d")
    out = pd.DataFrame({
        "periode": jaren.astype(str) + "Q" + kwartalen.astype(str),
        "jaar": jaren, "kwartaal": kwartalen, "peildatum": list(peildatum),
        "gemeente_code": frame[regio].astype(str),
        "gemeentenaam": frame[regio].astype(str).map({**_namen(client, tabel, regio), "NL01": "Nederland"}),
        "gemeente_indeling": jaar,
        "bijstand_personen": frame["bijstand_personen"], "inwoners": frame["inwoners"],
        "inwoners_definitie": inwoners[0] if "inwoners" not in gelezen.ontbrekend else "",
        "cbs_tabel": tabel,
    })
    return Tabel(tabel, out, gelezen.ontbrekend)


def _soort_bijstand(client: ODataClient, tabel: str, properties: list[dict]) -> tuple[str, str] | None:
    """(dimension, code) of the bijstand code in a "soort uitkering" dimension, if the table has one."""
    titels = {t.lower() for t in BIJSTAND_TITELS}
    for dim, kind in dimensies(properties).items():
        if kind == "Dimension":
            codes = [c["Key"] for c in client.codes(tabel, dim) if c["Title"].lower() in titels]
            if len(codes) == 1:
                return dim, codes[0]
    return None


def gebieden(client: ODataClient, tabel: str, jaar: int, voortgang: PerPagina | None = None) -> Tabel:
    """"Gebieden in Nederland <jaar>": per municipality its name, province, COROP area and labour-market region."""
    properties = client.eigenschappen(tabel)
    regio = dimensie(properties, "GeoDimension", tabel)
    gelezen = _lees(client, tabel, properties, GEBIEDEN_MATEN, [regio], GM_FILTER.format(dim=regio), voortgang,
                    ("gemeentenaam", "provinciecode", "provincienaam"))
    frame = gelezen.rijen.rename(columns={regio: "gemeentecode"})
    frame.insert(0, "jaar", jaar)
    frame["bron"] = f"CBS {tabel} (Gebieden in Nederland {jaar})"
    columns = ["jaar", "gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "bron",
               "corop_code", "corop_naam", "arbeidsmarktregio_code", "arbeidsmarktregio_naam"]
    return Tabel(tabel, frame[columns], gelezen.ontbrekend)


def inkomen(client: ODataClient, tabel: str, voortgang: PerPagina | None = None) -> Tabel:
    """Household income per municipality, latest year: every other dimension at its first code (the total)."""
    properties = client.eigenschappen(tabel)
    regio = dimensie(properties, "GeoDimension", tabel)
    periode = dimensie(properties, "TimeDimension", tabel)
    jaren = [c for c in client.codes(tabel, periode) if c["Key"].strip().endswith("JJ00")]
    if not jaren:
        raise CbsFout(f"CBS-tabel {tabel} heeft geen jaarcijfers")
    laatste = max(jaren, key=lambda c: c["Key"])
    filters = [GM_FILTER.format(dim=regio), f"{periode} eq '{laatste['Key']}'"]
    for dim, kind in dimensies(properties).items():
        if kind == "Dimension":
            filters.append(f"{dim} eq '{client.codes(tabel, dim)[0]['Key']}'")
    gelezen = _lees(client, tabel, properties, INKOMEN_MATEN, [regio], " and ".join(filters), voortgang,
                    ("gem_gestandaardiseerd_inkomen_x1000_euro", "gem_besteedbaar_inkomen_x1000_euro"))
    jaar = int(laatste["Key"].strip()[:4])
    frame = gelezen.rijen.rename(columns={regio: "regio_code"})
    frame.insert(0, "regio_naam", frame["regio_code"].map(_namen(client, tabel, regio)))
    frame.insert(0, "voorlopig", int(laatste["Title"].endswith("*")))  # StatLine marks a provisional year "2024*"
    frame.insert(0, "jaar", jaar)
    columns = ["jaar", "voorlopig", "regio_code", "regio_naam", *(m.kolom for m in INKOMEN_MATEN)]
    return Tabel(tabel, frame[columns], gelezen.ontbrekend)


# The files the KWB editions feed, in the snapshot's column names
def kwb_peilbestand(rijen: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "gemeentecode": rijen["gemeente_code"], "gemeentenaam": rijen["gemeentenaam"],
        "omgevingsadressendichtheid": rijen["adressendichtheid"],
        "stedelijkheid_adressen_per_km2": rijen["stedelijkheid"],
        "aantal_inwoners": rijen["inwoners"], "aantal_huishoudens": rijen["huishoudens"],
        "gemiddelde_huishoudsgrootte": rijen["huishoudsgrootte"],
        "percentage_personen_65_jaar_en_ouder": rijen["pct_65_plus"],
        "percentage_met_herkomstland_buiten_europa": rijen["pct_herkomst_buiten_europa"],
        "perc_huurwoningen_in_bezit_woningcorporaties": rijen["pct_corporatiewoningen"],
        "gemiddelde_woningwaarde": rijen["woz_x1000_euro"],
        "aantal_personen_met_een_alg_bijstandsuitkering_tot": rijen["bijstand_personen"],
        "aantal_studenten_hbo": rijen["studenten_hbo"], "aantal_studenten_wo": rijen["studenten_wo"],
        "jaar": rijen["jaar"],
    })


def kwb_wonen(rijen: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "jaar": rijen["jaar"], "gwb_code": rijen["gemeente_code"], "gm_naam": rijen["gemeentenaam"],
        "a_inw": rijen["inwoners"], "a_hh": rijen["huishoudens"], "p_wcorpw": rijen["pct_corporatiewoningen"],
        "ste_mvs": rijen["stedelijkheid"],
    })


def kwb_basis(rijen: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "jaar": rijen["jaar"], "gemeentecode": rijen["gemeente_code"], "gemeentenaam": rijen["gemeentenaam"],
        "aantal_inwoners": rijen["inwoners"], "huishoudens": rijen["huishoudens"],
        "stedelijkheid": rijen["stedelijkheid"], "omgevingsadressendichtheid": rijen["adressendichtheid"],
        "pct_rond_sociaal_min": rijen["pct_rond_sociaal_minimum"],
        "arbeidsparticipatie": rijen["netto_arbeidsparticipatie"],
    })


def personen_uit_kwb(rijen: pd.DataFrame, tabel: str) -> pd.DataFrame:
    """Later rows of the persons file: a KWB edition's bijstand count, which most likely refers to the end
    of the year before the edition (SOURCES.md of the snapshot), against all inhabitants on 1 January."""
    rows = rijen[rijen["bijstand_personen"].notna()]
    return pd.DataFrame({
        "jaar": rows["jaar"], "gemeente_code": rows["gemeente_code"], "gemeentenaam": rows["gemeentenaam"],
        "inwoners": rows["inwoners"], "bijstand_personen": rows["bijstand_personen"], "bron_tabel": tabel,
        "gemeente_indeling": rows["jaar"], "peildatum_bijstand": "vermoedelijk eind " + (rows["jaar"] - 1).astype(str),
        "inwoners_definitie": "totaal_1_januari", "bijstand_definitie": "kwb_alg_bijstand_tot_AOW",
    })


def edities(client: ODataClient, titel: str, bekend: dict[int, str]) -> dict[int, str]:
    """Year -> table id: the known editions plus later ones the catalogue lists under `titel <jaar>`
    (with no known editions: every year the catalogue lists)."""
    pattern = re.compile(re.escape(titel) + r"\s+(\d{4})\s*$", re.IGNORECASE)
    found = dict(bekend)
    for entry in client.catalogus(titel):
        match = pattern.match((entry.get("Title") or "").strip())
        if match and int(match.group(1)) > max(bekend, default=0):
            found[int(match.group(1))] = entry["Identifier"]
    return dict(sorted(found.items()))
