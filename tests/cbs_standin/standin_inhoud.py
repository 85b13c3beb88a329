"""What the stand-in serves, built from the real CBS snapshot in ../shared/data/real (tests may read it;
the command may not).

- 83450NED, 83747NED, 84066NED: the REAL rows of the original StatLine downloads in raw/ (their headers
  are the OData keys), padded region keys and "." as null as CBS sends them.
- Kerncijfers wijken en buurten 2016-2025: real values from the snapshot files where they exist (KWB 2024
  and 2019, the PDOK and Excel extracts of other years); null elsewhere (2016 and 2017: no municipal
  figures here at all; bijstand only in 2019 and 2024, and 2023 null everywhere as CBS has it). 2025 is
  listed only in the catalogue, under a made-up id.
- "Personen met een uitkering; soort uitkering, wijken en buurten": no real data exists here, so the
  values are DETERMINISTIC STAND-INS derived from the latest real bijstand count of each municipality.
  2016-2024 have bijstand as a measure of its own; the 2025 edition (catalogue only, first two quarters)
  has it as a code of a SoortUitkering dimension, the other shape the real tables may have.
- "Gebieden in Nederland <jaar>" and household income: real codes, names, provinces and incomes; the
  COROP and labour-market regions are MADE UP (no real membership list is in the snapshot); the table ids
  of these and of the 2025 editions are made up too.
- Boundaries: the snapshot's files with PDOK's property names; 2020 is served from 2019 (same division)
  and 2021 from 2022 (no 2021 file exists; its codes differ from the 2021 list).
Numbered keys shift between editions, and some editions use another key stem with the same title, as
CBS's editions do.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from standin_server import StandinTabel

BIJSTAND = {"83450NED": (2015, "cbs_83450NED_gemeenten_2015_origineel.csv"),
            "83747NED": (2016, "cbs_83747NED_gemeenten_2016_origineel.csv"),
            "84066NED": (2017, "cbs_84066NED_gemeenten_2017_origineel.csv")}
BIJSTAND_TITELS = [
    ("Inwoners", "aantal"), ("Bijstandsontvangers", "aantal"), ("Bijstandsdichtheid", "per 1 000 inwoners"),
    ("Instroom", "aantal"), ("Instroom (%)", "%"), ("Uitstroom", "aantal"), ("Uitstroom (%)", "%"),
    ("Uitstroom naar werk", "aantal"), ("Uitstroom naar werk (%)", "%"),
    ("Personen met re-integratievoorziening", "aantal"), ("Werkenden na re-integratie", "aantal"),
    ("Werkenden na re-integratie (%)", "%"), ("Personen met bijstand en re-integratie", "aantal"),
    ("Bijstandsontvangers met re-integratie", "%"), ("Re-integratieontvangers met bijstand", "%"),
    ("WSW-werknemers", "aantal"), ("WSW-dichtheid", "per 1 000 inwoners"),
]
KWB = {2016: "83487NED", 2017: "83765NED", 2018: "84286NED", 2019: "84583NED", 2020: "84799NED",
       2021: "85039NED", 2022: "85318NED", 2023: "85618NED", 2024: "85984NED", 2025: "99925NED"}
UITKERING = {2016: "83577NED", 2017: "83759NED", 2018: "84417NED", 2019: "84692NED", 2020: "84897NED",
             2021: "85042NED", 2022: "85317NED", 2023: "85586NED", 2024: "86003NED", 2025: "99825NED"}
INKOMEN_TABEL = "99624NED"
# in the catalogue, not served: an older edition and a multi-year table the download must not take
OUDE_EDITIES = [{"Identifier": "82339NED", "Title": "Kerncijfers wijken en buurten 2013", "ShortTitle": "",
                 "Period": "2013", "Modified": "2014-06-01T02:00:00"},
                {"Identifier": "70904ned", "Title": "Kerncijfers wijken en buurten 2004-2008", "ShortTitle": "",
                 "Period": "2004-2008", "Modified": "2009-06-01T02:00:00"}]
REGIO_BREEDTE = 10  # CBS pads region keys to the width of the longest (BU01234567)


def _pad(code: str) -> str:
    return code.ljust(REGIO_BREEDTE)


def _getal(text: str) -> int | float | None:
    text = str(text).strip()
    if text in {"", ".", "nan"}:
        return None
    number = float(text)
    return int(number) if "." not in text else number


def _info(tabel: str, titel: str, jaar: int | str) -> dict:
    return {"ID": 1, "Identifier": tabel, "Title": titel, "ShortTitle": titel[:40], "Period": str(jaar),
            "Modified": f"{jaar}-12-01T02:00:00", "Status": "Regulier", "Language": "nl"}


def _dim(n: int, key: str, soort: str) -> dict:
    return {"odata.type": f"Cbs.OData.{soort}", "ID": n, "Position": n, "ParentID": None, "Type": soort,
            "Key": key, "Title": key}


def _topic(n: int, key: str, titel: str, unit: str, parent: int | None = None) -> dict:
    return {"odata.type": "Cbs.OData.Topic", "ID": n, "Position": n, "ParentID": parent, "Type": "Topic",
            "Key": key, "Title": titel, "Unit": unit, "Decimals": 0, "Datatype": "Long"}


def _groep(n: int, titel: str) -> dict:
    return {"odata.type": "Cbs.OData.TopicGroup", "ID": n, "Position": n, "ParentID": None, "Type": "TopicGroup",
            "Key": "", "Title": titel}


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


class Snapshot:
    def __init__(self, folder: Path):
        self.folder = folder
        self.bijstand = _csv(folder, "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv")
        self.personen = _csv(folder, "cbs_bijstand_personen_gemeenten_2015_2024.csv")
        self.kwb2024 = _csv(folder, "cbs_kwb2024_gemeenten_kerncijfers.csv").set_index("gemeentecode")
        self.kwb2019 = _csv(folder, "cbs_kwb2019_gemeenten_kerncijfers.csv").set_index("gwb_code")
        self.basis = _csv(folder, "cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv")
        self.wonen = _csv(folder, "cbs_kwb_gemeenten_wonen_2020_2025.csv")
        self.inkomen = _csv(folder, "cbs_inkomen_huishoudens_gemeenten_2024.csv")
        self.lijsten = self._lijsten()

    def _lijsten(self) -> dict[int, pd.DataFrame]:
        """Per year: gemeentecode, gemeentenaam, provinciecode, provincienaam (official lists first)."""
        per_jaar = _csv(self.folder, "cbs_gemeenten_per_jaar_2015_2025.csv")
        alfabetisch = _csv(self.folder, "cbs_gemeenten_alfabetisch_2016_2021.csv")
        columns = ["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam"]
        out = {int(j): g[columns] for j, g in alfabetisch.groupby("jaar")}
        out.update({int(j): g[columns] for j, g in per_jaar.groupby("jaar") if int(j) not in out})
        # 2022: the KWB 2022 codes, each with its 2023 province or that of the 2025 municipality it joined
        crosswalk = _csv(self.folder, "gemeente_crosswalk_naar_2025.csv")
        naar_2025 = crosswalk[crosswalk["jaar"] == "2022"].drop_duplicates("gemeente_code_oud").set_index(
            "gemeente_code_oud")["gemeente_code_2025"]
        provincie = out[2025].set_index("gemeentecode")[["provinciecode", "provincienaam"]]
        kwb2022 = self.wonen[self.wonen["jaar"] == "2022"]
        out[2022] = pd.DataFrame({"gemeentecode": kwb2022["gwb_code"], "gemeentenaam": kwb2022["gm_naam"]}).join(
            provincie, on=kwb2022["gwb_code"].map(naar_2025).rename("opvolger"))[columns]
        return dict(sorted(out.items()))

    def laatste_bijstand(self) -> dict[str, float]:
        """Per municipality code the latest real count of persons with bijstand (any year, any division)."""
        rows = self.personen[self.personen["bijstand_personen"] != ""].sort_values("jaar")
        return dict(zip(rows["gemeente_code"], rows["bijstand_personen"].astype(float), strict=True))


def bijstand_tabel(snapshot: Snapshot, tabel: str) -> StandinTabel:
    jaar, bestand = BIJSTAND[tabel]
    raw = pd.read_csv(snapshot.folder / "raw" / bestand, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    maten = list(raw.columns[3:])
    properties = [_dim(0, "Leeftijd", "Dimension"), _dim(1, "Regiokenmerken", "GeoDimension")]
    properties += [_topic(2 + i, key, *BIJSTAND_TITELS[i]) for i, key in enumerate(maten)]
    rows = [{"ID": int(r["ID"]), "Leeftijd": r["Leeftijd"], "Regiokenmerken": r["Regiokenmerken"],
             **{key: _getal(r[key]) for key in maten}} for r in raw.to_dict("records")]
    cleaned = snapshot.bijstand[snapshot.bijstand["jaar"] == str(jaar)]
    namen = dict(zip(cleaned["regio_code"], cleaned["gemeentenaam"], strict=False))
    regio_keys = dict.fromkeys(raw["Regiokenmerken"])
    codes = {
        "Leeftijd": [{"Key": k, "Title": t, "Description": None} for k, t in
                     (("20150", "15 jaar of ouder"), ("90100", "15 jaar tot AOW-leeftijd"),
                      ("90200", "AOW-leeftijd en ouder"))],
        "Regiokenmerken": [{"Key": k, "Title": namen.get(k.strip()) or k.strip(), "Description": None}
                           for k in regio_keys],
    }
    titel = f"Bijstand, re-integratie en WSW; gemeenten {jaar}"
    return StandinTabel(_info(tabel, titel, jaar), properties, rows, codes)


# (our column, key stem, title, unit); 65+ and origin outside Europe are counts, as in the OData tables
KWB_ONDERWERPEN = [
    ("inwoners", "AantalInwoners", "Aantal inwoners", "aantal"),
    ("pct_65_plus", "k_65JaarOfOuder", "65 jaar of ouder", "aantal"),
    ("pct_herkomst_buiten_europa", "HerkomstlandBuitenEuropa", "Herkomstland buiten Europa", "aantal"),
    ("huishoudens", "HuishoudensTotaal", "Huishoudens totaal", "aantal"),
    ("huishoudsgrootte", "GemiddeldeHuishoudensgrootte", "Gemiddelde huishoudensgrootte", "aantal"),
    ("woz_x1000_euro", "GemiddeldeWOZWaardeVanWoningen", "Gemiddelde WOZ-waarde van woningen", "x 1 000 euro"),
    ("pct_corporatiewoningen", "InBezitWoningcorporatie", "In bezit woningcorporatie", "%"),
    ("bijstand_personen", "PersonenPerSoortUitkeringBijstand", "Bijstand", "aantal"),
    ("stedelijkheid", "MateVanStedelijkheid", "Mate van stedelijkheid", "code"),
    ("adressendichtheid", "Omgevingsadressendichtheid", "Omgevingsadressendichtheid", "aantal per km²"),
    ("studenten_hbo", "StudentenHbo", "Studenten hbo", "aantal"),
    ("studenten_wo", "StudentenWo", "Studenten wo", "aantal"),
    ("pct_rond_sociaal_minimum", "HuishOnderOfRondSociaalMinimum", "Huishoudens onder of rond sociaal minimum", "%"),
    ("netto_arbeidsparticipatie", "Nettoarbeidsparticipatie", "Netto arbeidsparticipatie", "%"),
]
# editions that name a measure differently: found by title only
KWB_ANDERE_SLEUTEL = {(2021, "inwoners"): "TotaleBevolking", (2024, "pct_herkomst_buiten_europa"): "BuitenEuropa"}


def _kwb_waarden(snapshot: Snapshot, jaar: int) -> dict[str, dict[str, object]]:
    """Per municipality of the year the real values the snapshot has for this edition."""
    out: dict[str, dict[str, object]] = {code: {} for code in snapshot.lijsten[jaar]["gemeentecode"]}
    for r in snapshot.wonen[snapshot.wonen["jaar"] == str(jaar)].to_dict("records"):
        woz = _getal(r["g_wozbag_euro"])
        out.setdefault(r["gwb_code"], {}).update(
            inwoners=_getal(r["a_inw"]), huishoudens=_getal(r["a_hh"]),
            pct_corporatiewoningen=_getal(r["p_wcorpw"]), stedelijkheid=_getal(r["ste_mvs"]),
            woz_x1000_euro=None if woz is None else round(woz / 1000))
    for r in snapshot.basis[snapshot.basis["jaar"] == str(jaar)].to_dict("records"):
        inwoners = _getal(r["aantal_inwoners"])
        pct = _getal(r["65plus"])
        out.setdefault(r["gemeentecode"], {}).update(
            inwoners=inwoners, huishoudens=_getal(r["huishoudens"]),
            huishoudsgrootte=_getal(r["gem_huishouden_grootte"]), woz_x1000_euro=_getal(r["gem_woz_waarde"]),
            adressendichtheid=_getal(r["omgevingsadressendichtheid"]),
            pct_rond_sociaal_minimum=_getal(r["pct_rond_sociaal_min"]),
            netto_arbeidsparticipatie=_getal(r["arbeidsparticipatie"]),
            pct_65_plus=None if pct is None else round(pct * inwoners / 100))
    if jaar == 2019:
        for code, r in snapshot.kwb2019.to_dict("index").items():
            out.setdefault(code, {}).update(
                pct_65_plus=_getal(r["a_65_oo"]), huishoudsgrootte=_getal(r["g_hhgro"]),
                woz_x1000_euro=_getal(r["g_woz"]), pct_corporatiewoningen=_getal(r["p_wcorpw"]),
                bijstand_personen=_getal(r["a_soz_wb"]), stedelijkheid=_getal(r["ste_mvs"]),
                adressendichtheid=_getal(r["ste_oad"]))
    if jaar == 2024:
        for code, r in snapshot.kwb2024.to_dict("index").items():
            inwoners = _getal(r["aantal_inwoners"])
            out.setdefault(code, {}).update(
                inwoners=inwoners, huishoudens=_getal(r["aantal_huishoudens"]),
                huishoudsgrootte=_getal(r["gemiddelde_huishoudsgrootte"]),
                woz_x1000_euro=_getal(r["gemiddelde_woningwaarde"]),
                pct_corporatiewoningen=_getal(r["perc_huurwoningen_in_bezit_woningcorporaties"]),
                bijstand_personen=_getal(r["aantal_personen_met_een_alg_bijstandsuitkering_tot"]),
                stedelijkheid=_getal(r["stedelijkheid_adressen_per_km2"]),
                adressendichtheid=_getal(r["omgevingsadressendichtheid"]),
                studenten_hbo=_getal(r["aantal_studenten_hbo"]), studenten_wo=_getal(r["aantal_studenten_wo"]),
                **{kolom: None if (p := _getal(r[bron])) is None else round(p * inwoners / 100)
                   for kolom, bron in (("pct_65_plus", "percentage_personen_65_jaar_en_ouder"),
                                       ("pct_herkomst_buiten_europa", "percentage_met_herkomstland_buiten_europa"))})
    return out


def kwb_tabel(snapshot: Snapshot, jaar: int) -> StandinTabel:
    tabel = KWB[jaar]
    offset = jaar - 2016  # CBS inserts and drops topics between editions, so the numbers shift
    properties = [_dim(0, "WijkenEnBuurten", "GeoDimension"),
                  _topic(1, f"Gemeentenaam_{1 + offset}", "Gemeentenaam", ""),
                  _topic(2, f"SoortRegio_{2 + offset}", "Soort regio", "")]
    keys = {}
    for i, (kolom, stam, titel, unit) in enumerate(KWB_ONDERWERPEN):
        key = f"{KWB_ANDERE_SLEUTEL.get((jaar, kolom), stam)}_{5 + i + offset}"
        keys[kolom] = key
        properties.append(_topic(3 + i, key, titel, unit))
    namen = snapshot.lijsten[jaar].set_index("gemeentecode")["gemeentenaam"]
    rows = [{"ID": 0, "WijkenEnBuurten": _pad("NL01"), properties[1]["Key"]: "Nederland".ljust(40),
             properties[2]["Key"]: "Land".ljust(10), **dict.fromkeys(keys.values())}]
    for code, waarden in _kwb_waarden(snapshot, jaar).items():
        rows.append({"ID": len(rows), "WijkenEnBuurten": _pad(code),
                     properties[1]["Key"]: str(namen.get(code, code)).ljust(40),
                     properties[2]["Key"]: "Gemeente".ljust(10),
                     **{key: waarden.get(kolom) for kolom, key in keys.items()}})
        # a district of the municipality: the client must leave it out
        rows.append({"ID": len(rows), "WijkenEnBuurten": _pad(f"WK{code[2:]}00"),
                     properties[1]["Key"]: str(namen.get(code, code)).ljust(40),
                     properties[2]["Key"]: "Wijk".ljust(10), **{key: 1 for key in keys.values()}})
    codes = {"WijkenEnBuurten": [{"Key": row["WijkenEnBuurten"], "Title": row[properties[1]["Key"]].strip()}
                                 for row in rows]}
    return StandinTabel(_info(tabel, f"Kerncijfers wijken en buurten {jaar}", jaar), properties, rows, codes)


def stand_in_kwartaal(basis: float, jaar: int, kwartaal: int) -> int:
    """The stand-in count of persons with bijstand: the latest real count, moved 1% a year and 0.4% a quarter."""
    return int(round(basis * (1 + 0.01 * (2024 - jaar) + 0.004 * (kwartaal - 1)) / 10) * 10)


def uitkering_tabel(snapshot: Snapshot, jaar: int) -> StandinTabel:
    tabel = UITKERING[jaar]
    offset = (jaar - 2016) % 3
    bijstand_stam = {2016: "Bijstandsuitkeringen", 2017: "Bijstandsuitkeringen", 2018: "PersonenMetAlgemeneBijstand"
                     }.get(jaar, "Bijstandsuitkering")
    bijstand_titel = "Algemene bijstand" if jaar == 2018 else "Bijstand"
    properties = [_dim(0, "WijkenEnBuurten", "GeoDimension"), _dim(1, "Perioden", "TimeDimension"),
                  _groep(2, "Personen met een uitkering"),
                  _topic(3, f"AOUitkering_{1 + offset}", "AO-uitkering", "aantal", 2),
                  _topic(4, f"{bijstand_stam}_{2 + offset}", bijstand_titel, "aantal", 2),
                  _topic(5, f"WWUitkering_{3 + offset}", "WW-uitkering", "aantal", 2)]
    inwoners = None
    if jaar >= 2020:
        inwoners = _topic(6, f"Inwoners15JaarTotAOWLeeftijd_{4 + offset}", "Inwoners 15 jaar tot AOW-leeftijd",
                          "aantal")
    elif jaar >= 2018:
        inwoners = _topic(6, f"Inwoners15JaarOfOuder_{4 + offset}", "Inwoners 15 jaar of ouder", "aantal")
    if inwoners:
        properties.append(inwoners)
    kwartalen = range(1, 5)
    basis = snapshot.laatste_bijstand()
    inwoners_per_code = dict(zip(snapshot.wonen["gwb_code"], snapshot.wonen["a_inw"].astype(float), strict=True))
    lijst = snapshot.lijsten[jaar]
    rows = []
    for code in lijst["gemeentecode"]:
        for k in kwartalen:
            telling = basis.get(code)
            # CBS suppresses small counts: null, never 0
            stand_in = None if telling is None or telling < 20 else stand_in_kwartaal(telling, jaar, k)
            row = {"ID": len(rows), "WijkenEnBuurten": _pad(code), "Perioden": f"{jaar}KW0{k}",
                   properties[3]["Key"]: 100, properties[5]["Key"]: 50,
                   properties[4]["Key"]: stand_in}
            if inwoners:
                totaal = inwoners_per_code.get(code)
                row[inwoners["Key"]] = None if totaal is None else int(round(totaal * 0.64 / 10) * 10)
            rows.append(row)
    for k in kwartalen:  # the national row counts the suppressed municipalities too
        totaal = sum(stand_in_kwartaal(basis[code], jaar, k) for code in lijst["gemeentecode"] if code in basis)
        rows.append({**rows[0], "ID": len(rows), "WijkenEnBuurten": _pad("NL01"), "Perioden": f"{jaar}KW0{k}",
                     properties[4]["Key"]: totaal})
    if jaar == 2017:  # an edition that repeats the last quarter of the year before
        rows += [{**row, "ID": len(rows) + i, "Perioden": "2016KW04"} for i, row in enumerate(rows[3::4])]
    codes = {"WijkenEnBuurten": [{"Key": _pad(c), "Title": n} for c, n in
                                 zip(lijst["gemeentecode"], lijst["gemeentenaam"], strict=True)]
             + [{"Key": _pad("NL01"), "Title": "Nederland"}],
             "Perioden": [{"Key": f"{jaar}KW0{k}", "Title": f"{jaar} {k}e kwartaal"} for k in kwartalen]}
    titel = f"Personen met een uitkering; soort uitkering, wijken en buurten {jaar}"
    return StandinTabel(_info(tabel, titel, jaar), properties, rows, codes)


def uitkering_tabel_met_soort(snapshot: Snapshot, jaar: int) -> StandinTabel:
    """The other shape a quarterly edition may have: bijstand as a code of a SoortUitkering dimension."""
    tabel = UITKERING[jaar]
    soorten = [("T001    ", "Totaal", 1.6), ("A049305 ", "Bijstand", 1.0), ("A049306 ", "WW-uitkering", 0.3)]
    properties = [_dim(0, "WijkenEnBuurten", "GeoDimension"), _dim(1, "SoortUitkering", "Dimension"),
                  _dim(2, "Perioden", "TimeDimension"),
                  _topic(3, "PersonenMetEenUitkering_1", "Personen met een uitkering", "aantal")]
    basis = snapshot.laatste_bijstand()
    lijst = snapshot.lijsten[jaar]
    rows = []
    for code in lijst["gemeentecode"]:
        for soort, _, factor in soorten:
            for k in (1, 2):
                telling = basis.get(code)
                waarde = None if telling is None or telling < 20 else stand_in_kwartaal(telling * factor, jaar, k)
                rows.append({"ID": len(rows), "WijkenEnBuurten": _pad(code), "SoortUitkering": soort,
                             "Perioden": f"{jaar}KW0{k}", "PersonenMetEenUitkering_1": waarde})
    codes = {"WijkenEnBuurten": [{"Key": _pad(c), "Title": n} for c, n in
                                 zip(lijst["gemeentecode"], lijst["gemeentenaam"], strict=True)],
             "SoortUitkering": [{"Key": k, "Title": t} for k, t, _ in soorten],
             "Perioden": [{"Key": f"{jaar}KW0{k}", "Title": f"{jaar} {k}e kwartaal"} for k in (1, 2)]}
    titel = f"Personen met een uitkering; soort uitkering, wijken en buurten {jaar}"
    return StandinTabel(_info(tabel, titel, jaar), properties, rows, codes)


def gebieden_tabel(snapshot: Snapshot, jaar: int) -> StandinTabel:
    tabel = f"997{jaar % 100:02d}NED"
    extra = 1 if jaar >= 2020 else 0  # a group added in later editions shifts the numbers
    groepen = [("Gemeenten", 1), ("Arbeidsmarktregio's", 4 + extra), ("COROP-gebieden", 7 + extra),
               ("Provincies", 10 + extra)]
    properties = [_dim(0, "RegioS", "GeoDimension")]
    if extra:
        properties += [_groep(90, "Jeugdzorgregio's"), _topic(91, "Code_4", "Code", "", 90),
                       _topic(92, "Naam_5", "Naam", "", 90)]
    keys = {}
    for n, (titel, nummer) in enumerate(groepen):
        group_id = 10 * (n + 1)
        properties.append(_groep(group_id, titel))
        for j, veld in enumerate(("Code", "Naam")):
            key = f"{veld}_{nummer + j + (3 if extra and n else 0)}"
            keys[(titel, veld)] = key
            properties.append(_topic(group_id + j + 1, key, veld, "", group_id))
    rows = []
    for r in snapshot.lijsten[jaar].to_dict("records"):
        nummer = int(r["gemeentecode"][2:])
        corop, regio = nummer % 40 + 1, nummer % 35 + 1  # made up: no membership list in the snapshot
        rows.append({"ID": len(rows), "RegioS": _pad(r["gemeentecode"]),
                     keys[("Gemeenten", "Code")]: _pad(r["gemeentecode"]),
                     keys[("Gemeenten", "Naam")]: r["gemeentenaam"].ljust(40),
                     keys[("Arbeidsmarktregio's", "Code")]: _pad(f"AM{regio:02d}"),
                     keys[("Arbeidsmarktregio's", "Naam")]: f"Arbeidsmarktregio {regio}".ljust(40),
                     keys[("COROP-gebieden", "Code")]: _pad(f"CR{corop:02d}"),
                     keys[("COROP-gebieden", "Naam")]: f"COROP-gebied {corop}".ljust(40),
                     keys[("Provincies", "Code")]: _pad(r["provinciecode"]),
                     keys[("Provincies", "Naam")]: r["provincienaam"].ljust(40),
                     **({"Code_4": _pad("JZ01"), "Naam_5": "Jeugdzorgregio 1"} if extra else {})})
    codes = {"RegioS": [{"Key": row["RegioS"], "Title": row[keys[("Gemeenten", "Naam")]].strip()} for row in rows]}
    return StandinTabel(_info(tabel, f"Gebieden in Nederland {jaar}", jaar), properties, rows, codes)


def inkomen_tabel(snapshot: Snapshot) -> StandinTabel:
    measures = [("ParticuliereHuishoudens", "Particuliere huishoudens", "x 1 000",
                 "particuliere_huishoudens_x1000"),
                ("GemiddeldGestandaardiseerdInkomen", "Gemiddeld gestandaardiseerd inkomen", "1 000 euro",
                 "gem_gestandaardiseerd_inkomen_x1000_euro"),
                ("MediaanGestandaardiseerdInkomen", "Mediaan gestandaardiseerd inkomen", "1 000 euro",
                 "mediaan_gestandaardiseerd_inkomen_x1000_euro"),
                ("GemiddeldBesteedbaarInkomen", "Gemiddeld besteedbaar inkomen", "1 000 euro",
                 "gem_besteedbaar_inkomen_x1000_euro"),
                ("MediaanBesteedbaarInkomen", "Mediaan besteedbaar inkomen", "1 000 euro",
                 "mediaan_besteedbaar_inkomen_x1000_euro")]
    properties = [_dim(0, "Populatie", "Dimension"), _dim(1, "RegioS", "GeoDimension"),
                  _dim(2, "Perioden", "TimeDimension")]
    properties += [_topic(3 + i, f"{stam}_{i + 1}", titel, unit) for i, (stam, titel, unit, _) in enumerate(measures)]
    rows = []
    for populatie, factor in (("1050010", 1.0), ("1050015", 0.9)):
        for periode, jaar_factor in (("2023JJ00", 0.95), ("2024JJ00", 1.0)):
            for r in snapshot.inkomen.to_dict("records"):
                rows.append({"ID": len(rows), "Populatie": populatie, "RegioS": _pad(r["regio_code"]),
                             "Perioden": periode,
                             **{f"{stam}_{i + 1}": None if (v := _getal(r[kolom])) is None
                                else round(v * factor * jaar_factor, 1)
                                for i, (stam, _, _, kolom) in enumerate(measures)}})
    codes = {"Populatie": [{"Key": "1050010", "Title": "Particuliere huishoudens incl. studenten"},
                           {"Key": "1050015", "Title": "Particuliere huishoudens excl. studenten"}],
             "Perioden": [{"Key": "2023JJ00", "Title": "2023"}, {"Key": "2024JJ00", "Title": "2024*"}],
             "RegioS": [{"Key": _pad(c), "Title": n}
                        for c, n in zip(snapshot.inkomen["regio_code"], snapshot.inkomen["regio_naam"], strict=True)]}
    titel = "Inkomen van huishoudens; huishoudenskenmerken, regio (indeling 2024)"
    return StandinTabel(_info(INKOMEN_TABEL, titel, 2024), properties, rows, codes)


GRENZEN_BRON = {2015: "2015", 2016: "2016", 2017: "2017", 2018: "2018_pdok_wijkbuurtkaart_land",
                2019: "2019_pdok_wijkbuurtkaart_land", 2020: "2019_pdok_wijkbuurtkaart_land",
                2021: "2022_pdok_wijkbuurtkaart_land", 2022: "2022_pdok_wijkbuurtkaart_land",
                2023: "2023_pdok_wijkbuurtkaart_land", 2024: "2024_pdok_wijkbuurtkaart_land", 2025: "2025"}


def grenzen(snapshot: Snapshot) -> dict[int, dict]:
    """The snapshot's boundaries with PDOK's property names (statcode, statnaam)."""
    out = {}
    for jaar, bron in GRENZEN_BRON.items():
        data = json.loads((snapshot.folder / "geo" / f"cbs_gemeenten_{bron}.geojson").read_text(encoding="utf-8"))
        features = []
        for feature in data["features"]:
            p = feature["properties"]
            code = p.get("statcode") or p.get("gemeentecode") or p.get("area_code")
            naam = p.get("statnaam") or p.get("gemeentenaam") or p.get("name")
            features.append({"type": "Feature", "id": f"gemeente_gegeneraliseerd.{code}",
                             "geometry": feature["geometry"],
                             "properties": {"statcode": code, "statnaam": naam, "jrstatcode": f"{jaar}{code}"}})
        out[jaar] = {"type": "FeatureCollection", "features": features}
    return out


def alle_tabellen(snapshot: Snapshot) -> dict[str, StandinTabel]:
    tabellen = {tabel: bijstand_tabel(snapshot, tabel) for tabel in BIJSTAND}
    tabellen |= {KWB[jaar]: kwb_tabel(snapshot, jaar) for jaar in KWB}
    tabellen |= {UITKERING[jaar]: uitkering_tabel(snapshot, jaar) for jaar in UITKERING if jaar < 2025}
    tabellen[UITKERING[2025]] = uitkering_tabel_met_soort(snapshot, 2025)
    tabellen |= {f"997{jaar % 100:02d}NED": gebieden_tabel(snapshot, jaar) for jaar in snapshot.lijsten}
    tabellen[INKOMEN_TABEL] = inkomen_tabel(snapshot)
    return tabellen
