"""Vergelijken, for the alderman: how do we do against municipalities like ours?

Like is compared with like: CBS figures (persons, per quarter where the CBS folder has the quarterly
series, else per year) with CBS figures, extract and feed figures (benefits, per quarter) with their own
kind. Beside a CBS quarter stands the municipality's own extract figure, with what differs between them.
The synthetic feed is only the demo's fallback and says so. Every figure comes from marts.peer_vergelijking
(SQL): the peer figure pools numerators and denominators of the peers; median and quartiles are of their own
values. For roles without exact figures small numbers are masked (data-contract §4) after the peer and NL
figures are computed from exact values.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, charts, components, data
from dashboard import format as fmt
from pipelines import peers as peer_model

PUBLIEK = auth.afschermen()  # the role decides, not the page: a wethouder never sees an exact count below 10
SOORTEN = {  # quarterly kinds first: the page opens on the latest quarter, not on a year
    "cbs_kwartaal": ("CBS-cijfers (personen, per kwartaal)", ("cbs",), "kwartaal", "cbs_bijstand_per_1000_inwoners"),
    "eigen": ("Extract en benchmarkfeed (uitkeringen, per kwartaal)", components.UITKERINGSBRONNEN, "kwartaal",
              "bijstand_per_1000_inwoners"),
    "cbs": ("CBS-cijfers (personen, per jaar)", ("cbs",), "jaar", "cbs_bijstand_per_1000_inwoners"),
    # deeltijdwerk and the collection ratio: the feed gives them per year
    "eigen_jaar": ("Extract en benchmarkfeed (uitkeringen, per jaar)", components.UITKERINGSBRONNEN, "jaar",
                   "bijstand_per_1000_inwoners"),
}
CBS_SOORTEN = ("cbs_kwartaal", "cbs")
GEWICHT_STAPPEN = tuple(stap / 2 for stap in range(11))  # 0 to 5 in halves: a weight is a relative importance
METHODEN = {
    "kenmerken": "Vergelijkbare gemeenten (kenmerken)",
    "grootteklasse": "Zelfde grootteklasse",
    "provincie": "Zelfde provincie",
    "arbeidsmarktregio": "Zelfde arbeidsmarktregio",
    "corop": "Zelfde COROP-gebied",
}
BRON_CBS = "Bron: CBS (StatLine / Kerncijfers wijken en buurten / CBS-gebiedsindelingen), CC BY 4.0"
CBS_BRONNEN = {  # marts.build_info.cbs_bron: which CBS folder the build read
    "setting": "de map uit WIMI_CBS_DIR",
    "download": "gedownload met wimi fetch-cbs",
    "snapshot": "momentopname van CBS-bestanden",
    "fictief": "fictieve gemeenten, geen echte CBS-cijfers",
}


def toon(waarde: float | None, teller: float | None, noemer: float | None, eenheid: str) -> str:
    return fmt.publieke_waarde(teller, noemer, waarde, eenheid) if PUBLIEK else fmt.waarde(waarde, eenheid)


@st.cache_data(show_spinner=False, max_entries=64)
def kaart(versie: int | None, waarden: pd.DataFrame, gemeente: str, peer_codes: tuple[str, ...], titel: str,
          eenheid: str):
    """The map of 342 shapes takes half a second to draw: once per figure, period, group and warehouse version
    (`versie` is only part of the cache key)."""
    return charts.kaart(data.kaart_gemeenten(), waarden, gemeente, list(peer_codes), titel, eenheid)


st.title("Vergelijken")
gemeenten = data.gemeentelijst()
if gemeenten.empty:
    st.info("Het warehouse bevat nog geen CBS-gegevens over gemeenten; bouw het opnieuw met `wimi build`.")
    st.stop()
namen = dict(zip(gemeenten["gemeente_code"], gemeenten["gemeentenaam"], strict=True))
definities = data.indicatoren()
config = peer_model.load_config()

links, midden, rechts = st.columns(3)
with links:
    gemeente = components.kies_gemeente(gemeenten, key="vergelijken_gemeente")
with midden:
    soort = st.radio("Soort cijfers", [s for s in SOORTEN if s != "cbs_kwartaal" or data.heeft_cbs_kwartalen()],
                     format_func=lambda s: SOORTEN[s][0], key="vergelijken_soort")
_, bronnen, periode_soort, standaard = SOORTEN[soort]
keuzes = [i for i in data.ratio_indicatoren(bronnen) if i in definities.index]
if not keuzes:
    st.info("Voor deze soort cijfers staan nog geen vergelijkbare indicatoren in het warehouse.")
    st.stop()
with rechts:
    indicator = st.selectbox("Indicator", keuzes, index=keuzes.index(standaard) if standaard in keuzes else 0,
                             format_func=lambda i: definities.loc[i, "label"], key="vergelijken_indicator")
definitie = definities.loc[indicator]
eenheid = definitie["eenheid"]
hoger_is_beter = None if pd.isna(definitie["hoger_is_beter"]) else bool(definitie["hoger_is_beter"])

# per municipality one kind: its own extract where it delivered one, else the feed (for the map and the table)
rijen = data.kpi_een_bron(indicator, periode_soort, bronnen)
eigen_rijen = rijen[rijen["gemeente_code"] == gemeente]
if eigen_rijen.empty:
    st.info(f"Voor {namen[gemeente]} is er geen cijfer voor {definitie['label'].lower()}.")
    st.stop()
perioden = eigen_rijen.sort_values("periode_einde")[["periode", "volledig"]]

links, midden, rechts = st.columns(3)
with links:
    periode = components.kies_periode(perioden, key="vergelijken_periode",
                                      label="Jaar" if periode_soort == "jaar" else "Kwartaal")
with midden:
    methode = st.radio("Vergelijkingsgroep", list(METHODEN), format_func=METHODEN.get, key="vergelijken_methode")
with st.expander("Kenmerken en gewichten van de vergelijkbare gemeenten"):
    st.caption("Elk kenmerk staat op een schaal waarop gelijke stappen even groot verschil betekenen (logaritmisch "
               "voor inwoners, dichtheid, prijzen en scheve aandelen) en is robuust geschaald: 0 is de middelste "
               "gemeente, 1 het verschil tussen het 10e en het 90e percentiel. Zo blijven verschillen in de staart "
               "zichtbaar en is een gewicht het relatieve belang. De afstand is euclidisch; gewicht 0 laat een "
               "kenmerk weg.")
    # a form: moving a slider does not rerun the page, only "Toepassen" does
    with st.form("vergelijken_gewichten", border=False):
        k = st.slider("Aantal vergelijkbare gemeenten", 5, 40, config.k, key="vergelijken_k")
        kolommen = st.columns(4)
        # a select_slider: a slider's printf format writes 1.00, this one says 1,0; a configured weight
        # off the half steps stays selectable
        gewichten = {kenmerk.naam: kolommen[i % 4].select_slider(
                         kenmerk.label, sorted({*GEWICHT_STAPPEN, config.gewichten[kenmerk.naam]}),
                         config.gewichten[kenmerk.naam], format_func=lambda x: fmt.getal(x, 1),
                         key=f"vergelijken_gewicht_{kenmerk.naam}")
                     for i, kenmerk in enumerate(peer_model.KENMERKEN)}
        st.form_submit_button("Toepassen", key="vergelijken_toepassen")

features = data.peer_features()
if k == config.k and gewichten == config.gewichten:
    groep = data.peers(gemeente, methode)
else:  # the user's own weights: recomputed from the stored characteristics, cached per setting
    groep = data.eigen_peers(gemeente, methode, k if methode == "kenmerken" else None, tuple(gewichten.items()))
if groep.empty:
    st.info(f"{METHODEN[methode]}: niet beschikbaar, omdat de CBS-gegevens in het warehouse voor "
            f"{namen[gemeente]} geen {METHODEN[methode].removeprefix('Zelfde ')} noemen (een download met "
            "`wimi fetch-cbs` heeft ze). Kies een andere vergelijkingsgroep.")
    st.stop()
peer_codes = groep["peer_code"].tolist()
# every figure of this page: the municipality, its peers pooled and the Netherlands, per period
per_periode = data.peer_vergelijking(gemeente, peer_codes, indicator, periode_soort, bronnen).set_index("periode")
vergelijking = per_periode.loc[periode]

bron_eigen = vergelijking["eigen_bron"]
bron_groep = list(vergelijking["groep_bronnen"])
reeksen = data.cbs_reeksen(periode_soort).set_index("periode") if soort in CBS_SOORTEN else None
if soort in CBS_SOORTEN:
    st.caption("U ziet CBS-cijfers: personen met algemene bijstand zoals CBS ze telt, niet uitkeringen; "
               "ze worden alleen met CBS-cijfers van andere gemeenten vergeleken.")
else:
    st.caption(f"U ziet {components.bron_label(bron_eigen, gemeente)} van {namen[gemeente]} tegen "
               f"{' en '.join(components.bron_label(b) for b in bron_groep) or 'geen cijfers'} van de "
               "vergelijkingsgroep: uitkeringen volgens dezelfde definities, geen CBS-tellingen.")
    if "synthetic" in bron_groep:
        st.warning("Terugval voor de demo: de vergelijkingsgroep bestaat uit synthetische demo-cijfers, geen echte "
                   "cijfers van die gemeenten, zolang er geen echte benchmarkfeed is. Echte cijfers van "
                   "vergelijkbare gemeenten: kies CBS-cijfers.", icon=":material/science:")

in_periode = rijen[rijen["periode"] == periode]
eigen = in_periode[in_periode["gemeente_code"] == gemeente].iloc[0]
nl_waarde, nl_naam = vergelijking["nl_waarde"], vergelijking["nl_naam"] or "Alle gemeenten"

kaarten = st.columns(5)
kaarten[0].metric(namen[gemeente], toon(eigen["waarde"], eigen["teller"], eigen["noemer"], eenheid),
                  help=definitie["formule"])
kaarten[1].metric(f"Vergelijkingsgroep ({len(peer_codes)})",
                  toon(vergelijking["groep_waarde"], vergelijking["groep_teller"], vergelijking["groep_noemer"],
                       eenheid),
                  help="Som van de tellers van de vergelijkbare gemeenten gedeeld door de som van hun noemers")
# a median (and a quartile) is one peer's own value, or two peers' mixed: hidden when any peer's is
groep_rijen = in_periode[in_periode["gemeente_code"].isin(peer_codes)]
klein_in_groep = PUBLIEK and any(fmt.afgeschermd(t, n, w, eenheid) for t, n, w in
                                 zip(groep_rijen["teller"], groep_rijen["noemer"], groep_rijen["waarde"], strict=True))
if klein_in_groep:
    kaarten[2].metric("Mediaan groep", "afgeschermd", help="Middelste waarde van de gemeenten in de groep")
    kaarten[2].caption("Mediaan en kwartielen afgeschermd: een gemeente in de groep heeft een teller of "
                       "noemer kleiner dan 10.")
else:
    kaarten[2].metric("Mediaan groep", fmt.waarde(vergelijking["mediaan"], eenheid),
                      help="Middelste waarde van de gemeenten in de groep")
    kaarten[2].caption(f"Kwartielen: {fmt.waarde(vergelijking['kwartiel_1'], eenheid)} tot "
                       f"{fmt.waarde(vergelijking['kwartiel_3'], eenheid)}")
kaarten[3].metric(nl_naam, fmt.waarde(nl_waarde, eenheid))
eigen_afgeschermd = PUBLIEK and fmt.afgeschermd(eigen["teller"], eigen["noemer"], eigen["waarde"], eenheid)
if eigen_afgeschermd:  # a rank among known values would give the hidden value away
    rang_tekst = "afgeschermd"
elif pd.isna(vergelijking["rang"]):
    rang_tekst = fmt.LEEG
else:
    rang_tekst = f"{int(vergelijking['rang'])} van {int(vergelijking['aantal'])}"
kaarten[4].metric("Rang in de groep", rang_tekst,
                  help="1 is de gunstigste waarde" if hoger_is_beter is not None else "1 is de hoogste waarde")
components.bron_onderschrift(periode, bron_eigen, bool(eigen["volledig"]))
bron_nl = list(vergelijking["nl_bronnen"])
st.caption(f"Vergelijkingsgroep, mediaan en rang: {' en '.join(components.bron_label(b) for b in bron_groep) or '-'}"
           f" · {nl_naam}: {' en '.join(components.bron_label(b) for b in bron_nl) or '-'}")
st.caption(f"Formule: {definitie['formule']}. Vergelijkingsgroep: som van de tellers van de vergelijkbare "
           "gemeenten gedeeld door de som van hun noemers.")
if soort in CBS_SOORTEN:
    if periode in reeksen.index:
        st.caption(f"CBS-reeks van {fmt.periode(periode)}: {reeksen.loc[periode, 'toelichting']}.")
    herindeling = data.herindeling(gemeente, periode)
    if herindeling.get("benaderd"):
        st.caption("Benaderd: dit cijfer is via een herindeling naar de huidige gemeentegrenzen omgerekend "
                   f"(oude gemeenten {', '.join(herindeling['gemeente_codes_oud'])}, verdeeld naar oppervlakte).")

staaf = pd.DataFrame({
    "label": [namen[gemeente], f"Vergelijkingsgroep ({len(peer_codes)})", nl_naam],
    "waarde": [eigen["waarde"], vergelijking["groep_waarde"], nl_waarde],
    "reeks": [charts.EIGEN_GEMEENTE, charts.VERGELIJKINGSGROEP, charts.NEDERLAND],
    "tekst": [toon(eigen["waarde"], eigen["teller"], eigen["noemer"], eenheid),
              toon(vergelijking["groep_waarde"], vergelijking["groep_teller"], vergelijking["groep_noemer"], eenheid),
              fmt.waarde(nl_waarde, eenheid)],
})
if eigen_afgeschermd:
    staaf.loc[0, "waarde"] = float("nan")
if soort == "cbs_kwartaal":
    extract = data.kpi([gemeente], ["bijstandsvolume", "bijstand_per_1000_inwoners"], "kwartaal", "extract")
    extract = extract[extract["periode"] == periode].set_index("indicator")
    st.markdown(f"**Naast het CBS-cijfer: het eigen extract van {namen[gemeente]}, {fmt.periode(periode)}**")
    if extract.empty:
        st.caption(f"Het eigen extract heeft geen cijfer voor {fmt.periode(periode)}.")
    else:
        for kolom, indicator_id in zip(st.columns(3), ("bijstand_per_1000_inwoners", "bijstandsvolume"),
                                       strict=False):
            if indicator_id in extract.index and indicator_id in definities.index:
                rij, uitleg = extract.loc[indicator_id], definities.loc[indicator_id]
                kolom.metric(f"Extract: {uitleg['label']}", toon(rij["waarde"], rij["teller"], rij["noemer"],
                                                                  uitleg["eenheid"]), help=uitleg["formule"])
        peildatum = reeksen.loc[periode, "peildatum_tekst"] if periode in reeksen.index else fmt.periode(periode)
        volledig_extract = bool(extract["volledig"].all())
        st.caption(
            f"Wat verschilt: CBS telt personen met algemene bijstand (een paar telt als twee personen), stand op "
            f"{peildatum}, per 1.000 inwoners van de groep die de CBS-tabel geeft; het extract telt lopende "
            "uitkeringen (PW, IOAW, IOAZ en Bbz; een per huishouden) op de laatste dag van het kwartaal, per 1.000 "
            "inwoners van alle leeftijden"
            + ("" if volledig_extract else ", en dit kwartaal loopt na de peildatum van de levering nog door")
            + f". Bron: {components.bron_label('extract', gemeente)}.")

components.grafiek(
    charts.vergelijking(staaf, f"{definitie['label']}, {fmt.periode(periode)}", eenheid),
    " ".join(f"{r.label}: {r.tekst}." for r in staaf.itertuples()), key="vergelijken_staaf")

# the line is labelled Nederland: drawn only where the kind has a national figure, not all municipalities pooled
nationaal = per_periode["nl_naam"].where(per_periode["nl_naam"] == "Nederland")
trend = components.vergelijkingsrijen(per_periode.assign(nl_naam=nationaal).reset_index())
trend = fmt.maskeer(trend, eenheid) if PUBLIEK else trend
breuken = [] if reeksen is None else [p for p in reeksen.index[reeksen["breuk"]] if p in set(trend["periode"])]
components.grafiek(charts.trend(trend, f"{definitie['label']}: ontwikkeling", eenheid, tijdas=reeksen is not None,
                                breuken=breuken),
                   components.trend_samenvatting(trend, definitie["label"], eenheid), key="vergelijken_trend")
for breuk in breuken:
    st.caption(f"Let op, breuk in de CBS-reeks vanaf {fmt.periode(breuk)}: {reeksen.loc[breuk, 'toelichting']}. "
               "De lijn is daar onderbroken; vergelijk niet over die grens.")

waarden = in_periode[in_periode["gemeente_code"] != "NL"]
waarden = fmt.maskeer(waarden, eenheid) if PUBLIEK else waarden.assign(
    tekst=waarden["waarde"].map(lambda x: fmt.waarde(x, eenheid)))
components.grafiek(
    kaart(data.warehouse_version(), waarden[["gemeente_code", "waarde", "tekst"]], gemeente, tuple(peer_codes),
          f"{definitie['label']} per gemeente, {fmt.periode(periode)}", eenheid),
    f"Kaart van {int(waarden['waarde'].notna().sum())} gemeenten met een getoond cijfer (grijs: geen cijfer of "
    f"afgeschermd wegens kleine aantallen); {namen[gemeente]} dik omlijnd, "
    f"de {len(peer_codes)} gemeenten van de vergelijkingsgroep dun omlijnd.", key="vergelijken_kaart")

st.subheader("Waarom deze gemeenten?")
kenmerken = features.set_index("gemeente_code")
tabel = groep.assign(gemeente_code=groep["peer_code"])[["gemeente_code", "rang", "afstand", "toelichting"]]
tabel = pd.concat([pd.DataFrame([{"gemeente_code": gemeente, "rang": 0, "afstand": 0.0,
                                  "toelichting": "gekozen gemeente"}]), tabel], ignore_index=True)
tabel.insert(1, "gemeente", tabel["gemeente_code"].map(namen))
tabel["waarde"] = tabel["gemeente_code"].map(waarden.set_index("gemeente_code")["tekst"]).fillna(fmt.LEEG)
omschrijving = data.kpi_bronnen().set_index(["gemeente_code", "bron"])["bron_omschrijving"]
tabel["bron"] = [omschrijving.get((code, bron), bron) if isinstance(bron, str) else fmt.LEEG for code, bron in
                 zip(tabel["gemeente_code"], tabel["gemeente_code"].map(waarden.set_index("gemeente_code")["bron"]),
                     strict=True)]
for kenmerk in peer_model.KENMERKEN:
    tabel[kenmerk.label] = tabel["gemeente_code"].map(kenmerken[kenmerk.naam])
tabel["geschat"] = tabel["gemeente_code"].map(lambda code: ", ".join(
    k.label for k in peer_model.KENMERKEN if kenmerken.at[code, f"{k.naam}_geschat"]))
# what fits a 1280 px screen: why each one compares, its figure and source; the characteristics in an expander
kenmerk_kolommen = ["gemeente", *(k.label for k in peer_model.KENMERKEN), "geschat"]
kolommen = {
    "gemeente_code": st.column_config.TextColumn("Code"),
    "gemeente": st.column_config.TextColumn("Gemeente"),
    "rang": st.column_config.NumberColumn("Rang", width=50),
    "toelichting": st.column_config.TextColumn("Waarom vergelijkbaar", width=330),
    "afstand": st.column_config.TextColumn("Afstand", width=70,
                                           help="Euclidische afstand op de gewogen, geschaalde kenmerken"),
    # a short header: the indicator's label would be cut off
    "waarde": st.column_config.TextColumn("Cijfer", width=70, help=f"{definitie['label']}, {fmt.periode(periode)}"),
    "bron": st.column_config.TextColumn("Bron", width=140, help="Waar het cijfer vandaan komt: een pakket van de "
                                        "gemeente zelf (met peildatum), het eigen extract, CBS of de synthetische "
                                        "demofeed"),
    "geschat": st.column_config.TextColumn("Geschat", help="Ontbrekend bij CBS, geschat met de mediaan "
                                                           "van de grootteklasse"),
}
# rows taller than 4rem let Streamlit wrap a cell's text: the explanation in up to four lines, not cut off
components.tabel(tabel, key="vergelijken_peers", kolommen=kolommen, row_height=88,
                 column_order=[k for k in tabel.columns if k not in kenmerk_kolommen[1:] and k != "gemeente_code"])
with st.expander("Kenmerken van deze gemeenten"):
    # eleven characteristics are wider than a screen: the name stays in view while the table scrolls
    components.tabel(tabel, key="vergelijken_kenmerken", column_order=kenmerk_kolommen,
                     kolommen=kolommen | {"gemeente": st.column_config.TextColumn("Gemeente", pinned=True)})
components.download_tabel(tabel, f"wimi_vergelijken_{gemeente}_{indicator}_{periode}", key="vergelijken_download",
                          koppen=True)

cbs_bron = data.build_info().get("cbs_bron")
if components.cbs_fictief():
    st.caption(f"Bron: {CBS_BRONNEN['fictief']}; namen, grenzen en kenmerken zijn verzonnen.")
else:
    st.caption(f"{BRON_CBS} · CBS-gegevens: {CBS_BRONNEN.get(cbs_bron, cbs_bron or 'onbekend')}")
