"""Kwaliteit & verantwoording, for the accountant and controller: are the figures right and lawful?

Inside the municipality: exact values, nothing masked. Four views: quality indicators against their
norms (config/normen.csv), the yearly spending statement with its controls, the load history with
the quarantined rows, and the drill-down from any extract figure to the rows behind it. Every table
downloads as CSV (Dutch Excel) and .xlsx; the whole KPI table as CSV or Parquet. One function per view, and
only the open one runs, so a rerun asks the warehouse only for what is on screen. A quality-table row and a
statement line link to the rows behind their figure.
"""
from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard import auth, charts, components, data
from dashboard import format as fmt
from pipelines.export import to_dutch_csv
from pipelines.settings import get_settings

KWARTAAL = "kwartaal"
TREND_KWARTALEN = 8
STATUS = {"voldoet": "✓ voldoet", "voldoet niet": "✗ voldoet niet", "geen gegevens": "– geen gegevens"}
PERIODE_SOORTEN = {"maand": "Maand", "kwartaal": "Kwartaal", "jaar": "Jaar"}
ROLLEN = {"teller": "Teller", "noemer": "Noemer", "waarde": "Waarde"}
HERLEIDEN = components.HERLEID_TAB
# a cell that opens the rows behind its figure (components.herleid_url): bookmarkable, in a new browser tab
HERLEID_KOLOM = st.column_config.LinkColumn("Herleiden", display_text="Herleiden",
                                            help="De rijen achter dit cijfer (opent in een nieuw tabblad)")
# columns of a row-level model holding an amount in euro: a role adding these up is shown as money
BEDRAG_KOLOMMEN = ("bedrag", "inkomsten_arbeid", "openstaand")
INCASSO_FORMULE = (
    "**Incassoratio** = aflossingen in de 12 maanden tot en met T ÷ (openstaand saldo op T0 + bedrag van "
    "de vorderingen ontstaan na T0 tot en met T), met T de laatste dag van de periode en T0 dezelfde dag "
    "12 maanden eerder. Dit is de stroom-voorraadratio; andere incassoratio's (cohort, voorraad) geven "
    "andere uitkomsten en zijn niet vergelijkbaar."
)
BOETE_BELEID = (
    "**Boetes**: een boete alleen bij opzet of grove schuld is *lokaal beleid*, vooruitlopend op de Wet "
    "handhaving sociale zekerheid; de Participatiewet staat nu ook een lagere boete bij normale of verminderde "
    "verwijtbaarheid toe. Een boete zonder enige verwijtbaarheid is wel onrechtmatig: daarvoor is de norm 0."
)


def aantal_of_bedrag(x: float | None) -> str:
    """An exact teller or noemer: whole numbers without decimals, anything else with two."""
    if fmt.ontbreekt(x):
        return fmt.LEEG
    return fmt.getal(x, 0 if float(x).is_integer() else 2)


def norm_tekst(richting: str, norm: float, eenheid: str) -> str:
    teken = "≥" if richting == "minimaal" else "≤"
    return f"{teken} {fmt.procent(norm, 0) if eenheid == 'percentage' else fmt.getal(norm)}"


def label(definities: pd.DataFrame, indicator: str) -> str:
    return definities.loc[indicator, "label"] if indicator in definities.index else indicator


def eenheid(definities: pd.DataFrame, indicator: str) -> str:
    return definities.loc[indicator, "eenheid"] if indicator in definities.index else "aantal"


def herleid_links(gemeente: str, perioden: pd.Series, indicatoren: pd.Series,
                  uitsplitsingen: pd.Series | None = None) -> list[str | None]:
    """Per table row the link to the rows behind its figure; none where the figure has no drill-down rule
    or the role may not open rows."""
    te_herleiden = set(data.drilldown_indicatoren()) if auth.mag_rijen() else set()
    uitsplitsingen = pd.Series("", index=perioden.index) if uitsplitsingen is None else uitsplitsingen
    return [components.herleid_url(gemeente, p, i, u) if i in te_herleiden else None
            for p, i, u in zip(perioden, indicatoren, uitsplitsingen, strict=True)]


def voorraad_en_stromen(gemeente: str) -> None:
    """The stock change per period split into the flows on bijstandsperiodes and the reconciling item."""
    st.subheader("Aansluiting voorraad en stromen")
    st.markdown("Instroom en uitstroom tellen **bijstandsperiodes** (zoals het CBS): een nieuwe uitkering binnen "
                "30 dagen na de vorige is geen uitstroom en geen nieuwe instroom, en uitstroom wegens de "
                "AOW-leeftijd telt apart. Het volume telt uitkeringen. Daarom geldt:  \n"
                "**voorraad eind = voorraad begin + instroom − uitstroom − uitstroom AOW + voortgezette mutaties**, "
                "waarbij voortgezette mutaties = (gestarte uitkeringen − begonnen periodes) − (beëindigde "
                "uitkeringen − beëindigde periodes): wisselingen van leefvorm of regeling, terugkeer binnen 30 "
                "dagen en overlap.")
    soort = st.segmented_control("Per", ["maand", "kwartaal", "jaar"], default=KWARTAAL,
                                 key="aansluiting_voorraad_soort") or KWARTAAL
    tabel = data.voorraad_aansluiting(gemeente, soort)
    if tabel.empty:
        st.info("Voor deze gemeente zijn nog geen voorraadcijfers.")
        return
    components.tabel(pd.DataFrame({
        "Periode": tabel["periode"].map(fmt.periode) + tabel["volledig"].map({True: "", False: " (onvolledig)"}),
        "Voorraad begin": tabel["voorraad_begin"],
        "+ Instroom": tabel["instroom"],
        "− Uitstroom": tabel["uitstroom"],
        "− Uitstroom AOW": tabel["uitstroom_aow"],
        "+ Voortgezette mutaties": tabel["voortgezette_mutaties"],
        "Voorraad eind": tabel["voorraad_eind"],
        "Verschil": tabel["verschil"],
    }).iloc[::-1], key="aansluiting_voorraad_tabel")
    open_verschil = tabel[tabel["verschil"] != 0]
    if len(open_verschil):
        st.error(f"{len(open_verschil)} periode(s) sluiten niet: "
                 + ", ".join(open_verschil["periode"].map(fmt.periode)))
    else:
        st.success("Elke periode sluit: de voorraadverandering is precies verklaard.")
    components.bron_onderschrift(tabel["periode"].iloc[-1], "extract", bool(tabel["volledig"].iloc[-1]),
                                 vanaf=tabel["periode"].iloc[0])
    components.download_tabel(tabel.drop(columns=["periode_einde"]), f"aansluiting_voorraad_{gemeente}_{soort}",
                              key="aansluiting_voorraad_download")


def kwaliteit(gemeente: str, definities: pd.DataFrame) -> None:
    """Quality indicators against their norms, per quarter and over time."""
    perioden = data.perioden(gemeente, KWARTAAL, "extract")
    kwaliteit = data.kwaliteit(gemeente, KWARTAAL)
    if perioden.empty or kwaliteit.empty:
        st.info("Voor deze gemeente zijn nog geen kwaliteitscijfers per kwartaal.")
    else:
        periode = components.kies_periode(perioden, key="kwaliteit_periode", label="Kwartaal")
        nu = kwaliteit[kwaliteit["periode"] == periode]
        eenheden = nu["indicator"].map(lambda i: eenheid(definities, i))
        # Waarde and Norm stay text: their unit differs per row (a percentage, a count)
        components.tabel(pd.DataFrame({
            "Indicator": nu["indicator"].map(lambda i: label(definities, i)),
            "Waarde": [fmt.waarde(w, e) for w, e in zip(nu["waarde"], eenheden, strict=True)],
            "Teller": nu["teller"].astype(float),
            "Noemer": nu["noemer"].astype(float),
            "Norm": [norm_tekst(r, n, e) for r, n, e in zip(nu["richting"], nu["norm"], eenheden, strict=True)],
            "Status": nu["status"].map(STATUS),
            "Herleiden": herleid_links(gemeente, nu["periode"], nu["indicator"]),
        }), key="kwaliteit_tabel", kolommen={"Herleiden": HERLEID_KOLOM})
        # as text that wraps: a table cell cuts a sentence off at its column's edge
        st.markdown("**Toelichting bij de normen**  \n" + "  \n".join(
            f"{label(definities, i)}: {t}" for i, t in zip(nu["indicator"], nu["norm_toelichting"], strict=True)
            if isinstance(t, str) and t))
        components.bron_onderschrift(periode, "extract", bool(nu["volledig"].all()))
        st.caption("De normen staan in config/normen.csv; pas ze daar aan het eigen beleid aan.")
        components.download_tabel(
            nu[["gemeente_code", "periode", "indicator", "teller", "noemer", "waarde", "richting", "norm", "status"]],
            f"kwaliteit_{gemeente}_{periode}", key="kwaliteit_download")

        incasso = nu[nu["indicator"] == "incassoratio"]
        st.markdown(INCASSO_FORMULE)
        if len(incasso):
            rij = incasso.iloc[0]
            st.markdown(f"In {fmt.periode(periode)}: {fmt.geld(rij['teller'])} ÷ {fmt.geld(rij['noemer'])} = "
                        f"**{fmt.procent(rij['waarde'])}**")
        st.markdown(BOETE_BELEID)

        st.subheader("Status per kwartaal")
        recent = perioden[perioden["periode_einde"] <= perioden.set_index("periode").loc[periode, "periode_einde"]]
        recent = recent.tail(TREND_KWARTALEN)["periode"].tolist()
        verloop = kwaliteit[kwaliteit["periode"].isin(recent)].assign(
            Indicator=lambda df: df["indicator"].map(lambda i: label(definities, i)),
            kwartaal=lambda df: df["periode"].map(fmt.periode),
            cel=lambda df: [fmt.LEEG if s == "geen gegevens"
                            else f"{fmt.waarde(w, eenheid(definities, i))} {STATUS[s][0]}"
                            for w, i, s in zip(df["waarde"], df["indicator"], df["status"], strict=True)],
        )
        matrix = verloop.pivot(index="Indicator", columns="kwartaal", values="cel")
        st.dataframe(matrix[[fmt.periode(p) for p in recent if fmt.periode(p) in matrix.columns]],
                     key="kwaliteit_verloop")
        components.download_tabel(
            kwaliteit[["gemeente_code", "periode", "indicator", "teller", "noemer", "waarde", "norm", "status"]],
            f"kwaliteit_{gemeente}_per_kwartaal", key="kwaliteit_verloop_download")

        keuze = st.selectbox("Verloop van", sorted(kwaliteit["indicator"].unique()), key="kwaliteit_trend",
                             format_func=lambda i: label(definities, i))
        reeks = kwaliteit[(kwaliteit["indicator"] == keuze) & kwaliteit["periode"].isin(recent)]
        reeks = reeks.assign(reeks=charts.EIGEN_GEMEENTE)
        figuur = charts.trend(reeks, label(definities, keuze), eenheid(definities, keuze))
        figuur.add_hline(y=reeks["norm"].iloc[0], line_dash="dash", line_color=charts.KLEUREN[charts.NEDERLAND],
                         annotation_text="norm " + norm_tekst(reeks["richting"].iloc[0], reeks["norm"].iloc[0],
                                                              eenheid(definities, keuze)))
        samenvatting = components.trend_samenvatting(reeks, label(definities, keuze), eenheid(definities, keuze))
        niet = reeks.loc[reeks["status"] == "voldoet niet", "periode"]
        samenvatting += (" Voldoet niet aan de norm in: " + ", ".join(map(fmt.periode, niet)) + "."
                         if len(niet) else " Voldoet in elk getoond kwartaal met gegevens aan de norm.")
        components.grafiek(figuur, samenvatting, key="kwaliteit_trend_grafiek")
        components.bron_onderschrift(periode, "extract", bool(nu["volledig"].all()), vanaf=recent[0])


def verantwoording(gemeente: str, definities: pd.DataFrame) -> None:
    """The yearly spending statement, tied out, and the stock reconciled with the flows."""
    staat = data.verantwoording(gemeente)
    controles = data.verantwoording_aansluiting(gemeente)
    if staat.empty:
        st.info("Voor deze gemeente is nog geen verantwoording.")
    else:
        volledig = staat.groupby("jaar")["volledig"].all()
        jaren = sorted(volledig.index, reverse=True)
        standaard = next((j for j in jaren if volledig[j]), jaren[0])
        jaar = st.selectbox("Jaar", jaren, index=jaren.index(standaard), key="verantwoording_jaar",
                            format_func=lambda j: j + ("" if volledig[j] else " (onvolledig)"))
        regels = staat[staat["jaar"] == jaar]
        components.tabel(pd.DataFrame({
            "Post": regels["post"],
            "Bedrag": regels["bedrag"].astype(float),
            "Aantal rijen": regels["aantal_rijen"],
            "Herleiden": herleid_links(gemeente, regels["jaar"], regels["herleid_indicator"],
                                       regels["herleid_uitsplitsing"]),
        }), key="verantwoording_tabel", kolommen={"Herleiden": HERLEID_KOLOM}, geld=("Bedrag",))
        if not volledig[jaar]:
            st.caption("Onvolledig jaar: de levering loopt tot de peildatum, niet tot het einde van het jaar.")
        st.caption("Ontvangsten zijn aflossingen (geen kwijtscheldingen, afboekingen of buiten invordering "
                   "gestelde bedragen) op vorderingen van de BUIG-regelingen, naar datum van ontvangst. Aflossingen "
                   "op vorderingen bijzondere bijstand, Bbz-bedrijfskapitaal of overige regelingen verlagen de "
                   "BUIG-lasten niet.")

        st.subheader("Aansluiting")
        gekozen = controles[controles["jaar"].isin([jaar, "alle jaren"])]
        bedragen = {"Volgens overzicht": "bedrag_overzicht", "Controlebedrag": "bedrag_controle",
                    "Verschil": "verschil"}
        components.tabel(pd.DataFrame({"Jaar": gekozen["jaar"], "Controle": gekozen["controle"]}
                                      | {kop: gekozen[kolom].astype(float) for kop, kolom in bedragen.items()}
                                      | {"Sluit": gekozen["sluitend"].map({True: "✓ sluit", False: "✗ verschil"})}),
                         key="verantwoording_aansluiting", geld=tuple(bedragen))
        open_verschil = gekozen[~gekozen["sluitend"]]
        if len(open_verschil):
            st.error(f"{len(open_verschil)} controle(s) sluiten niet: "
                     + "; ".join(f"{c} (verschil {fmt.geld(v)})"
                                 for c, v in zip(open_verschil["controle"], open_verschil["verschil"], strict=True)))
        else:
            st.success("Alle controles sluiten.")

        per_jaar = data.verantwoording_per_jaar(gemeente).drop(columns=["gemeente_code", "volgorde"]).dropna(
            axis=1, how="all")
        per_jaar = per_jaar.rename(columns={"post": "Post"}).astype({j: float for j in per_jaar.columns[1:]})
        st.markdown("**Download het overzicht** (alle jaren, posten onder elkaar)")
        components.download_tabel(per_jaar, f"verantwoording_{gemeente}", key="verantwoording_download")
        st.markdown("**Download de aansluiting** (alle jaren)")
        components.download_tabel(controles.astype({"bedrag_overzicht": float, "bedrag_controle": float,
                                                    "verschil": float}),
                                  f"aansluiting_{gemeente}", key="aansluiting_download")
    voorraad_en_stromen(gemeente)


def laadhistorie(gemeente: str, definities: pd.DataFrame) -> None:
    """Every delivery, its files, what was quarantined, and the whole KPI table."""
    bewaar_dagen = get_settings().quarantine_retention_days
    historie = data.laadhistorie(gemeente)
    if historie.empty:
        st.info("Er is nog geen levering geladen.")
    else:
        components.tabel(components.laadhistorie_weergave(historie), key="laadhistorie_tabel")
        components.download_tabel(historie, f"laadhistorie_{gemeente}", key="laadhistorie_download")

        leveringen = historie.loc[historie["bestanden"] > 0, "levering_id"].drop_duplicates().tolist()
        if leveringen:
            levering = st.selectbox("Levering", leveringen, key="laadhistorie_levering")
            rapport = data.laadrapport(levering)
            st.subheader("Bestanden van de levering")
            components.tabel(pd.DataFrame({
                "Bestand": rapport["bestand"],
                "SHA-256": rapport["sha256"],
                "Gelezen": rapport["rijen_gelezen"],
                "Geladen": rapport["rijen_geladen"],
                "Quarantaine": rapport["rijen_quarantaine"],
                "Gelezen = geladen + quarantaine": rapport["sluitend"].map({True: "✓", False: "✗"}),
            }), key="laadrapport_tabel")
            components.download_tabel(rapport, f"laadrapport_{levering}", key="laadrapport_download")

            st.subheader("Rijen in quarantaine")
            st.info(f"Rijen in quarantaine bevatten persoonsgegevens. Ze worden {bewaar_dagen} dagen bewaard "
                    "(instelling WIMI_QUARANTINE_DAYS) en daarna bij het eerstvolgende laden verwijderd.")
            rijen = data.quarantaine(levering, date.today() - timedelta(days=bewaar_dagen))
            if rijen.empty:
                st.caption("Geen rijen in quarantaine binnen de bewaartermijn.")
            else:
                links, rechts = st.columns(2)
                bestanden = links.multiselect("Bestand", sorted(rijen["bestand"].unique()), key="quarantaine_bestand",
                                             placeholder=components.ALLES_KIEZEN)
                redenen = rechts.multiselect("Reden", sorted(rijen["reden"].unique()), key="quarantaine_reden",
                                             placeholder=components.ALLES_KIEZEN)
                getoond = rijen[rijen["bestand"].isin(bestanden or rijen["bestand"])
                                & rijen["reden"].isin(redenen or rijen["reden"])]
                per_reden = getoond.groupby(["bestand", "reden"]).size().reset_index(name="rijen")
                components.tabel(per_reden.rename(columns={"bestand": "Bestand", "reden": "Reden", "rijen": "Rijen"}),
                                 key="quarantaine_per_reden")
                components.tabel(pd.DataFrame({
                    "Bestand": getoond["bestand"], "Record": getoond["regel"], "Kolom": getoond["kolom"].fillna(""),
                    "Reden": getoond["reden"], "Oorspronkelijke rij": getoond["rij"],
                    "Geladen op": getoond["geladen_op"],
                }), key="quarantaine_tabel")
                components.download_tabel(getoond, f"quarantaine_{levering}", key="quarantaine_download")

    st.subheader("Volledige KPI-tabel")
    st.caption("Alle cijfers van alle gemeenten in de kolommen van het datacontract (ook met `wimi export kpi`).")
    links, rechts = st.columns(2)
    kpi_tabel, vastleggen = data.kpi_export(), auth.download_vastlegger(None, "kpi")

    def _csv() -> str:
        tabel = kpi_tabel()
        vastleggen(len(tabel))
        return to_dutch_csv(tabel)

    links.download_button("Download CSV", _csv, file_name="kpi.csv", mime="text/csv", key="kpi_export_csv",
                          on_click="ignore")

    def _parquet() -> bytes:
        tabel = kpi_tabel()
        vastleggen(len(tabel))
        buffer = io.BytesIO()
        tabel.to_parquet(buffer, index=False)
        return buffer.getvalue()

    rechts.download_button("Download Parquet", _parquet, file_name="kpi.parquet",
                           mime="application/vnd.apache.parquet", key="kpi_export_parquet", on_click="ignore")


def herleiden(gemeente: str, definities: pd.DataFrame) -> None:
    """From a figure to its teller, noemer and rows; a link names the figure in the URL."""
    # the figure a link names (its own parameter names, so the quarter selector's ?periode= never moves it)
    gevraagd = {k: st.query_params.get(f"herleid_{k}", "") for k in ("periode", "indicator", "uitsplitsing")}
    te_herleiden = [i for i in data.drilldown_indicatoren() if i in definities.index]
    url_periode = gevraagd["periode"]
    url_soort = "maand" if "-" in url_periode else "jaar" if len(url_periode) == 4 else KWARTAAL
    soorten = list(PERIODE_SOORTEN)
    soort = st.selectbox("Soort periode", soorten, index=soorten.index(url_soort), key="herleiden_soort",
                         format_func=PERIODE_SOORTEN.get)
    keuzes = data.perioden(gemeente, soort, "extract")
    if keuzes.empty or not te_herleiden:
        st.info("Voor deze gemeente zijn geen cijfers uit het extract om te herleiden.")
    else:
        opties = keuzes["periode"].tolist()[::-1]
        volledige = keuzes.loc[keuzes["volledig"], "periode"].tolist()
        standaard = url_periode if url_periode in opties else (volledige[-1] if volledige else opties[0])
        links, midden, rechts = st.columns(3)
        periode = links.selectbox("Periode", opties, index=opties.index(standaard), key="herleiden_periode",
                                  format_func=fmt.periode)
        url_indicator = gevraagd["indicator"]
        indicator = midden.selectbox("Indicator", te_herleiden, key="herleiden_indicator",
                                     index=te_herleiden.index(url_indicator) if url_indicator in te_herleiden else 0,
                                     format_func=lambda i: label(definities, i))
        splitsingen = data.uitsplitsingen(gemeente, periode, indicator) or [""]
        url_splitsing = gevraagd["uitsplitsing"]
        uitsplitsing = rechts.selectbox("Uitsplitsing", splitsingen, key="herleiden_uitsplitsing",
                                        index=splitsingen.index(url_splitsing) if url_splitsing in splitsingen else 0,
                                        format_func=lambda u: u or "totaal")
        herleiding = data.drill(gemeente, periode, indicator, uitsplitsing)
        definitie = definities.loc[indicator]
        if herleiding.kpi is None:
            st.info(f"Geen cijfer voor {label(definities, indicator)} in {fmt.periode(periode)}.")
        else:
            figuur = herleiding.kpi
            kolommen = st.columns(3)
            kolommen[0].metric("Waarde", fmt.waarde(figuur["waarde"], definitie["eenheid"]))
            kolommen[1].metric("Teller", aantal_of_bedrag(figuur["teller"]),
                               help=definitie.get("teller_omschrijving"))
            kolommen[2].metric("Noemer", aantal_of_bedrag(figuur["noemer"]),
                               help=definitie.get("noemer_omschrijving"))
            st.caption(f"Formule: {definitie.get('formule')}")
            components.bron_onderschrift(periode, "extract", bool(figuur["volledig"]))
            for rol in [r for r in ROLLEN if r in set(herleiding.rijen["rol"])]:
                rijen = herleiding.rijen[herleiding.rijen["rol"] == rol].dropna(axis=1, how="all")
                regels_rol = [r for r in herleiding.regels if r.rol == rol]
                bedrag = any(kolom in r.bijdrage for r in regels_rol for kolom in BEDRAG_KOLOMMEN)
                mediaan = any(r.aggregatie == "mediaan" for r in regels_rol)
                som, kpi_waarde = herleiding.som(rol), figuur[rol]
                tekst = fmt.geld if bedrag else aantal_of_bedrag
                sluit = herleiding.sluit(rol)
                st.subheader(f"{ROLLEN[rol]}: {fmt.getal(len(rijen))} rijen")
                st.markdown(
                    f"{'Mediaan' if mediaan else 'Opgeteld'}: **{tekst(som)}**; in de KPI-tabel: "
                    f"**{tekst(kpi_waarde) if rol != 'waarde' else fmt.waarde(kpi_waarde, definitie['eenheid'])}**"
                    f" {'✓ sluit' if sluit else '✗ sluit niet'}")
                components.tabel(rijen, key=f"herleiden_rijen_{rol}")
                components.download_tabel(rijen, f"rijen_{indicator}_{gemeente}_{periode}_{rol}",
                                          key=f"herleiden_download_{rol}", koppen=True)
            if herleiding.rijen.empty:
                st.caption("Geen rijen: de teller en noemer zijn 0.")
            with st.expander("Hoe de rijen gekozen zijn"):
                st.dataframe(pd.DataFrame([{
                    "Rol": ROLLEN[r.rol], "Model": r.rijen_model, "Voorwaarde": r.voorwaarde,
                    "Bijdrage per rij": r.bijdrage, "Omschrijving": r.omschrijving,
                } for r in herleiding.regels]), hide_index=True, key="herleiden_regels")
                st.caption("p is de gekozen periode: p.periode_start tot en met p.meetdatum (de laatste dag, of de "
                           "peildatum als de periode die bevat); r is een rij van het model. De bijdragen van de "
                           "rijen tellen op tot teller en noemer.")


st.title("Kwaliteit & verantwoording")
st.caption("Voor accountant en controller, binnen de gemeente: exacte waarden, kleine aantallen niet afgeschermd.")
gemeenten = data.gemeenten()
gemeenten = gemeenten[gemeenten["heeft_extract"]]
if gemeenten.empty:
    st.info("Er is nog geen extract van een gemeente geladen. Laad een levering met `wimi load MAP` "
            "en bouw het warehouse opnieuw met `wimi build`.")
    st.stop()
gemeente = components.kies_gemeente(gemeenten, key="kwaliteit_gemeente")
definities = data.indicatoren()
ONDERDELEN = {"Kwaliteit": kwaliteit, "Verantwoording": verantwoording, "Laadhistorie en quarantaine": laadhistorie,
              HERLEIDEN: herleiden}
# Only the open tab runs (its .open): the others' queries wait until they are opened. The open tab lives in the
# URL (?kwaliteit_onderdeel=, so a view can be bookmarked), kept there by hand rather than by st.tabs' own binding,
# which lets the tab open in this session win over a link's: a link to a figure (herleid_parameters) names the
# rows tab, and an older bookmark with only the figure opens there too.
TAB = components.KWALITEIT_TAB
gevraagde_tab = st.query_params.get(TAB) or (HERLEIDEN if st.query_params.get("herleid_indicator") else None)
if gevraagde_tab in ONDERDELEN:
    st.session_state[TAB] = gevraagde_tab
tabs = st.tabs(list(ONDERDELEN), key=TAB, on_change=lambda: st.query_params.update({TAB: st.session_state[TAB]}))
for tab, onderdeel in zip(tabs, ONDERDELEN.values(), strict=True):
    if tab.open:
        with tab:
            onderdeel(gemeente, definities)
