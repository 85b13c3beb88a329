"""Overzicht, for the alderman: is caseload going up or down, do more people find work than last quarter?

Small numbers are masked (data-contract §4) for the roles without exact figures (the wethouder).
Municipality and quarter live in the URL (?gemeente=GM0344&periode=2024Q3) so a view can be bookmarked.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, charts, components, data, rapport
from dashboard import format as fmt

PUBLIEK = auth.afschermen()  # the role decides, not the page
PERIODE_SOORT = "kwartaal"
KAARTEN = ("bijstandsvolume", "bijstand_per_1000_inwoners", "instroom", "uitstroom", "uitstroom_naar_werk",
           "uitstroomkans_werk", "aandeel_parttime", "duur_mediaan_maanden")
TRENDS = ("bijstandsvolume", "uitstroom_naar_werk")
# ratios, so the own municipality stands beside its comparable municipalities and the Netherlands
VERGELEKEN_TRENDS = ("bijstand_per_1000_inwoners", "uitstroomkans_werk")
TREND_KWARTALEN = 12  # three years: long enough to see a direction, short enough to read every label
KAARTEN_PER_RIJ = 4

st.title("Overzicht")
gemeenten = data.gemeenten()
if gemeenten.empty:
    st.info("Het warehouse bevat nog geen cijfers per gemeente.")
    st.stop()

links, rechts = st.columns(2)
with links:
    gemeente = components.kies_gemeente(gemeenten, key="overzicht_gemeente")
heeft_extract = bool(gemeenten.set_index("gemeente_code").loc[gemeente, "heeft_extract"])
bron = "extract" if heeft_extract else "synthetic"
perioden = data.perioden(gemeente, PERIODE_SOORT, bron)
if perioden.empty:
    st.info("Voor deze gemeente zijn nog geen kwartaalcijfers.")
    st.stop()
with rechts:
    periode = components.kies_periode(perioden, key="overzicht_periode", label="Kwartaal")
if heeft_extract:
    st.caption(f"Cijfers uit het {components.bron_label(bron, gemeente)} van de gemeente.")
else:
    st.caption("Deze gemeente heeft geen extract geleverd: u ziet synthetische demo-cijfers, geen echte.")

definities = data.indicatoren()
getoond = [i for i in KAARTEN if i in definities.index]
einde = perioden.set_index("periode").loc[periode, "periode_einde"]
rijen = data.kpi([gemeente], getoond, PERIODE_SOORT, bron)
rijen = rijen[rijen["periode_einde"] <= einde]
# extract figures link to their rows on Kwaliteit & verantwoording (traceable from any page)
herleidbaar = set(data.drilldown_indicatoren()) if data.table_exists("marts.drilldown_regels") else set()

for start in range(0, len(getoond), KAARTEN_PER_RIJ):
    for kolom, indicator in zip(st.columns(KAARTEN_PER_RIJ), getoond[start:start + KAARTEN_PER_RIJ], strict=False):
        with kolom:
            components.kpi_kaart(definities.loc[indicator], rijen[rijen["indicator"] == indicator], periode,
                                 publiek=PUBLIEK, key=f"kaart_{indicator}", herleidbaar=indicator in herleidbaar)

st.subheader("Ontwikkeling per kwartaal")
tabellen = []
for kolom, indicator in zip(st.columns(len(TRENDS)), TRENDS, strict=True):
    if indicator not in definities.index:
        continue
    definitie = definities.loc[indicator]
    reeks = rijen[rijen["indicator"] == indicator].tail(TREND_KWARTALEN)
    reeks = fmt.maskeer(reeks, definitie["eenheid"]) if PUBLIEK else reeks.assign(afgeschermd=False)
    reeks = reeks.assign(reeks=charts.EIGEN_GEMEENTE)
    with kolom:
        figuur = charts.trend(reeks, definitie["label"], definitie["eenheid"])
        components.grafiek(figuur, components.trend_samenvatting(reeks, definitie["label"], definitie["eenheid"]),
                           key=f"trend_{indicator}")
        components.bron_onderschrift(periode, bron, bool(perioden.set_index("periode").loc[periode, "volledig"]),
                                     vanaf=reeks["periode"].iloc[0] if len(reeks) else None)
    tabellen.append(pd.DataFrame({
        "gemeente_code": gemeente,
        "periode": reeks["periode"],
        "kwartaal": reeks["periode"].map(fmt.periode),
        "indicator": definitie["label"],
        "waarde": reeks["waarde"],
        "afgeschermd": reeks["afgeschermd"],
        "volledig": reeks["volledig"],
        "bron": components.bron_label(bron, gemeente),
    }))

vergeleken = [i for i in VERGELEKEN_TRENDS if i in definities.index]
if vergeleken:
    st.subheader("Vergeleken met vergelijkbare gemeenten en Nederland")
    trend_perioden = rijen.loc[rijen["periode_einde"] <= einde, "periode"].drop_duplicates().tail(TREND_KWARTALEN)
    for kolom, indicator in zip(st.columns(len(vergeleken)), vergeleken, strict=True):
        definitie = definities.loc[indicator]
        reeks = components.trend_vergelijking(gemeente, indicator, definitie["eenheid"], trend_perioden.tolist(),
                                              publiek=PUBLIEK)
        with kolom:
            if reeks.empty:
                st.caption(f"{definitie['label']}: geen cijfers.")
                continue
            components.grafiek(charts.trend(reeks, definitie["label"], definitie["eenheid"]),
                               components.trend_samenvatting(reeks, definitie["label"], definitie["eenheid"]),
                               key=f"vergeleken_{indicator}")
            st.caption("Vergelijkbare gemeenten: de opgeslagen groep op CBS-kenmerken (tellers en noemers "
                       "opgeteld); Nederland: het landelijke cijfer, of alle gemeenten samen waar dat ontbreekt.")



@st.fragment
def kwartaalrapportage(gemeente: str, periode: str) -> None:
    """Made on request (a few seconds), in this run where the user is known; a fragment, so only this reruns."""
    st.subheader("Kwartaalrapportage")
    st.caption(f"De rapportage voor de raad over het {fmt.periode(periode)}: kerncijfers, grafieken, tekst bij de "
               "cijfers en een colofon, als PDF. Openbaar: kleine aantallen zijn afgeschermd, voor elke rol.")
    if not st.button("Kwartaalrapportage maken", key="overzicht_rapport_maken", icon=":material/description:"):
        return
    try:
        with st.spinner("De kwartaalrapportage wordt gemaakt..."):
            inhoud = rapport.maak(gemeente, periode)
    except rapport.RapportFout as fout:
        st.info(str(fout))
        return
    components.download_rapport(lambda: inhoud, gemeente, periode, key="overzicht_rapport")


kwartaalrapportage(gemeente, periode)

if tabellen:
    with st.expander("Tabel en download"):
        tabel = pd.concat(tabellen, ignore_index=True)
        # the headers of the download (Gemeentecode, Afgeschermd), not the code names
        koppen = dict(zip(tabel.columns, components.koppen_nl(tabel).columns, strict=True))
        components.tabel(tabel, key="overzicht_tabel", kolommen=koppen)
        components.download_tabel(tabel, f"wimi_overzicht_{gemeente}_{periode}", key="overzicht_download",
                                  koppen=True)

with st.expander("Definities en formules"):
    st.dataframe(definities.loc[getoond, ["label", "formule"]].rename(columns={"label": "Cijfer",
                                                                            "formule": "Formule"}),
                 hide_index=True, key="overzicht_formules")
