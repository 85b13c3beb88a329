"""Prognose & budget, for the manager: what caseload and BUIG result to expect next year, how sure we
are, how accurate the method has been, and what a change in inflow or outflow to work would do.

An internal page: exact values, and no figure computed here. Forecasts are fitted in the build
(marts.forecast_*); the scenario runs the stock-flow model of pipelines/scenario.py (microseconds per
slider move); the budget table, the vangnet and its explanation step by step come from
marts.budget_prognose. The manager's own cost per benefit and budget and the scenario's caseload change
per month reach the euros through the macro that defines that mart (intermediate.budget_berekening,
called by dashboard/data.py), so the baseline and the what-if share one definition of the result and vangnet.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, components, data, fouten
from dashboard import format as fmt
from pipelines.scenario import REPLAY_MONTHS, StockFlowModel, caseload_change, replay, simulate

TRENDBREUK = ("Let op: de Participatiewet in balans verandert vanaf 2026-2027 de regels voor inkomsten en "
              "terugvordering. De prognose volgt het verleden en kent die trendbreuk niet.")
HISTORIE = {"maand": 36, "kwartaal": 12}  # observed periods drawn before the forecast
STAP_EENHEID = {"maand": "maanden", "kwartaal": "kwartalen"}
SCENARIO_MAANDEN = 24
MODEL_LABELS = {"AutoETS": "exponentiële afvlakking (AutoETS)", "Theta": "Theta-methode",
                "SeasonalNaive": "zelfde periode vorig jaar (seizoensnaïef)",
                "AutoETS_zonder_seizoen": "exponentiële afvlakking zonder seizoen (korte reeks)",
                "Naive": "laatste waarde doorgetrokken (zeer korte reeks)"}

EXPORT_KOLOMMEN = ["gemeente_code", "jaar", "soort", "fase", "budget_aangenomen", "budget", "aanname_bron_jaar",
                   "aanname_bron_fase", "aanname_index", "kosten_per_uitkering", "lasten_lks",
                   "bruto_lasten", "aflossingen", "netto_lasten", "netto_lasten_laag", "netto_lasten_hoog",
                   "resultaat", "resultaat_pct", "resultaat_3jr", "vangnet_aandeel", "vangnet_bedrag", "regeljaar",
                   "regels_aangenomen"]
KORTE_NAMEN = {"SeasonalNaive": "seizoensnaïef"}  # legend of the narrow accuracy chart


def _model_label(model: str) -> str:
    return MODEL_LABELS.get(model, model)


def _fase(fase: str) -> str:
    """A budget version in Dutch (config/budget_fasen.csv)."""
    return data.budget_fasen()[fase]


def _prognose_blok(gemeente: str, soort: str) -> pd.DataFrame | None:
    """Fan chart and backtest; returns the monthly forecast for the scenario, or None."""
    model = data.prognose_model(gemeente, soort)
    prognose = data.prognose(gemeente, soort)
    if not model or prognose.empty:
        st.info("Voor deze gemeente is geen prognose berekend. De build voorspelt alle gemeenten met "
                "WIMI_FORECAST_SCOPE=all, alleen gemeenten met een extract met 'extract'.")
        return None
    werkelijk = data.kpi([gemeente], ["bijstandsvolume"], soort, model["basis_bron"])
    werkelijk = werkelijk[werkelijk["volledig"]].tail(HISTORIE[soort])
    dekking = data.prognose_dekking(gemeente, soort)
    links, rechts = st.columns([3, 2])
    with links:
        eind = prognose.iloc[-1]
        samenvatting = (
            f"Verwacht bijstandsvolume {fmt.periode(eind['periode'])}: {fmt.getal(eind['waarde'])} uitkeringen; "
            f"80%-interval {fmt.getal(eind['p10'])} tot {fmt.getal(eind['p90'])}, 95%-interval "
            f"{fmt.getal(eind['p2_5'])} tot {fmt.getal(eind['p97_5'])}. Model: {_model_label(model['model'])}, "
            f"geschat op {model['waarnemingen']} {STAP_EENHEID[soort]} t/m {fmt.periode(model['laatste_waarneming'])}"
            f" ({components.bron_label(model['basis_bron'], gemeente)}).")
        waaier = charts.waaier(werkelijk, prognose, "Bijstandsvolume: werkelijk en prognose",
                               dekking={niveau: dekking.get(f"dekking_{niveau}") for niveau in (80, 95)})
        components.grafiek(waaier, samenvatting, key="prognose_waaier")
        components.prognose_onderschrift(eind["periode"], model["basis_bron"], model["laatste_waarneming"],
                                         vanaf=werkelijk["periode"].iloc[0] if len(werkelijk) else None)
        st.caption(_dekking_tekst(dekking, soort, gemeente))
        if not fmt.ontbreekt(dekking.get("dekking_80")) and dekking["dekking_80"] < TE_SMAL_ONDER:
            st.warning(f"Let op: deze band is te smal. In de backtest viel maar "
                       f"{fmt.procent(dekking['dekking_80'], 0)} van de waarnemingen binnen de 80%-band; reken met "
                       "meer onzekerheid dan de band laat zien.")
        st.caption(TRENDBREUK)
    with rechts:
        _backtest_blok(gemeente, soort, model)
    return prognose


def _backtest_blok(gemeente: str, soort: str, model: dict) -> None:
    scores = data.prognose_backtest(gemeente, soort)
    if scores.empty:
        st.info("De reeks is te kort voor een backtest: de nauwkeurigheid is onbekend.")
        return
    scores = scores.assign(model=scores["model"].map(lambda m: KORTE_NAMEN.get(m, m)))
    fig = charts.backtest(scores, "Nauwkeurigheid (MASE)", STAP_EENHEID[soort])
    gekozen = scores[scores["gekozen"]]
    naief = scores[scores["model"] == KORTE_NAMEN["SeasonalNaive"]]
    tekst = (f"Gemiddelde MASE van het gekozen model over 1 tot {gekozen['stap'].max()} {STAP_EENHEID[soort]} "
             f"vooruit: {fmt.getal(gekozen['mase'].mean(), 2)}; van 'zelfde periode vorig jaar': "
             f"{fmt.getal(naief['mase'].mean(), 2)}. Lager is beter.")
    components.grafiek(fig, tekst, key="prognose_backtest")
    with st.expander("Wat betekent MASE?"):
        st.markdown(
            f"We knipten de reeks op {int(gekozen['vensters'].max())} momenten in het verleden af en lieten elk model "
            "voorspellen wat daarna kwam. MASE is de gemiddelde fout, gedeeld door de gemiddelde fout van "
            "'zelfde periode vorig jaar' binnen de historie. 1 betekent: even goed als die vuistregel in het "
            "verleden; 0,5: half zo grote fouten. Het model met de kleinste fout over alle stappen maakt de prognose.")


# below this share of backtest values inside the 80% band, the band cannot be read as "80%"
TE_SMAL_ONDER = 0.70


def _dekking_tekst(dekking: dict, soort: str, gemeente: str) -> str:
    """The measured coverage of the bands beside the fan, with its periods and source."""
    if not dekking:
        return ("80%- en 95%-interval van het model zelf; hoe vaak ze klopten is niet getoetst: de reeks is te "
                "kort voor een backtest.")
    hoe = ("gekalibreerd op de eigen fouten van het model over de laatste twee horizonnen (conformal)"
           if dekking["interval"] == "conformal" else
           "van het model zelf (de reeks is te kort om ze te kalibreren)")
    return (f"80%-band; in de backtest viel {fmt.procent(dekking['dekking_80'], 0)} van de waarnemingen erbinnen, "
            f"95%-band: {fmt.procent(dekking['dekking_95'], 0)} · {fmt.getal(dekking['waarden_getoetst'])} "
            f"waarnemingen {fmt.periode(dekking['toets_van'])} t/m {fmt.periode(dekking['toets_tot'])}, "
            f"{int(dekking['vensters'])} afkappunten, 1 tot {int(dekking['stappen'])} {STAP_EENHEID[soort]} vooruit"
            f" · bron: {components.bron_label(dekking['basis_bron'], gemeente)} · intervallen "
            f"{hoe}.")


def _delta_kleur(verschil: float, richting: str = "normal") -> str:
    """Grey for a change that rounds to nothing: Streamlit otherwise draws '0' as a green rise."""
    return richting if abs(verschil) >= 0.5 else "off"


def _scenario_blok(gemeente: str, prognose_maand: pd.DataFrame) -> pd.DataFrame | None:
    """The stock-flow what-if; returns per forecast month the caseload change it makes (maand, verschil),
    or None when the extract cannot feed the model."""
    invoer = data.scenario_invoer(gemeente)
    voorraad = invoer["voorraad"]
    if voorraad.empty or invoer["uitstroomkans"].empty:
        st.info("Te weinig gegevens in het extract voor het instroom-uitstroommodel.")
        return None
    start = pd.Timestamp(voorraad.loc[voorraad["startpunt"], "stand_datum"].iloc[0])
    model = StockFlowModel.from_tables(voorraad, invoer["instroom"], invoer["uitstroomkans"], start)
    maanden = [(start + pd.offsets.MonthEnd(i)).strftime("%Y-%m") for i in range(1, SCENARIO_MAANDEN + 1)]
    a, b, c = st.columns(3)
    instroom = a.slider("Verandering instroom", -30, 30, 0, step=1, format="%d%%", key="scenario_instroom")
    werk = b.slider("Verandering uitstroom naar werk", -50, 50, 0, step=5, format="%d%%", key="scenario_werk")
    vanaf = c.select_slider("Vanaf", maanden, value=maanden[0], format_func=fmt.periode, key="scenario_vanaf")
    stap = maanden.index(vanaf) + 1
    basis = simulate(model, SCENARIO_MAANDEN)
    variant = simulate(model, SCENARIO_MAANDEN, instroom / 100, werk / 100, stap)
    lijnen = pd.concat([
        pd.DataFrame({"periode": maanden, "waarde": basis["volume"], "reeks": "instroom-uitstroommodel"}),
        pd.DataFrame({"periode": maanden, "waarde": variant["volume"], "reeks": "scenario"}),
    ])
    werkelijk = voorraad.groupby("stand_datum", as_index=False)["voorraad"].sum()
    werkelijk = pd.DataFrame({"periode": pd.to_datetime(werkelijk["stand_datum"]).dt.strftime("%Y-%m"),
                              "waarde": werkelijk["voorraad"]})
    eind, verschil = variant["volume"].iloc[-1], variant["volume"].iloc[-1] - basis["volume"].iloc[-1]
    model_kolom, begroting_kolom = st.columns(2)
    model_kolom.metric(f"Scenario {fmt.periode(maanden[-1])}", fmt.getal(eind),
                       delta=fmt.verschil(eind, basis["volume"].iloc[-1], "aantal"),
                       delta_color=_delta_kleur(verschil, "inverse"), delta_description="t.o.v. zonder verandering",
                       help="Het instroom-uitstroommodel met uw scenario (de lijn in de grafiek)")
    statistisch = prognose_maand.loc[prognose_maand["periode"] == maanden[-1], "waarde"]
    if len(statistisch):
        # the budget adds the scenario's difference to the statistical forecast: show that volume too
        begroting_kolom.metric(f"Volume {fmt.periode(maanden[-1])} in de budgetprognose",
                               fmt.getal(statistisch.iloc[0] + verschil),
                               delta=fmt.verschil(statistisch.iloc[0] + verschil, statistisch.iloc[0], "aantal"),
                               delta_color=_delta_kleur(verschil, "inverse"),
                               delta_description="t.o.v. de statistische prognose",
                               help="Statistische prognose plus het verschil dat het scenario maakt; hiermee "
                                    "rekenen het BUIG-resultaat en het vangnet hieronder")
    components.prognose_onderschrift(maanden[-1], "extract", start.strftime("%Y-%m"),
                                     methode="instroom-uitstroommodel met uw scenario")
    components.grafiek(
        charts.waaier(werkelijk, prognose_maand, "Scenario tegen de statistische prognose", lijnen),
        (f"Zonder verandering in instroom en uitstroom naar werk komt het volume in {fmt.periode(maanden[-1])} "
         f"op {fmt.getal(eind)}." if instroom == werk == 0 else
         f"Met {instroom:+d}% instroom en {werk:+d}% uitstroom naar werk vanaf {fmt.periode(vanaf)} komt het "
         f"volume in {fmt.periode(maanden[-1])} op {fmt.getal(eind)}, {fmt.getal(abs(verschil))} "
         f"{'meer' if verschil >= 0 else 'minder'} dan zonder verandering."), key="scenario_grafiek")
    st.caption(_controle_tekst(voorraad, invoer))
    st.caption(_een_basis_tekst(gemeente))
    return caseload_change(basis, variant)


def _een_basis_tekst(gemeente: str) -> str:
    """Which forecast the budget uses, and why the two lines need not meet at the start."""
    model = data.prognose_model(gemeente, "maand")
    return ("Eén basis: de budgetprognose hieronder rekent met de statistische prognose van het volume ("
            f"{_model_label(model['model']) if model else 'statistisch model'}). Het scenario telt daar per maand "
            "het verschil bij op dat het instroom-uitstroommodel geeft tussen uw scenario en geen verandering. "
            "De lijn van het instroom-uitstroommodel kan al bij de start van de statistische prognose afwijken: "
            "hij begint bij de laatste getelde stand en rekent met de instroom en uitstroomkansen van de laatste "
            "12 tot 24 maanden, terwijl de statistische prognose niveau, trend en seizoen van de hele reeks volgt.")


def _controle_tekst(voorraad: pd.DataFrame, invoer: dict) -> str:
    """The model replayed over the estimation window against the observed stock, in words."""
    controle = replay(voorraad, invoer["instroom"], invoer["uitstroomkans"])
    if controle is None:
        return "Te korte historie om het model na te rekenen."
    return (f"Controle: het model, teruggerekend vanaf {fmt.periode(controle.begin.strftime('%Y-%m'))} met dezelfde "
            f"instroom en uitstroomkansen, wijkt hoogstens {fmt.procent(controle.max_deviation)} af van de werkelijke "
            f"stand. Instroom: gemiddelde van de laatste 12 maanden met het seizoen van 3 jaar; uitstroomkansen per "
            f"duurklasse over de laatste {REPLAY_MONTHS} maanden.")


@st.fragment  # sliders, inputs and the chosen year rerun this part only, not the forecasts above
@fouten.afgevangen()  # a fragment's rerun runs outside app.py's guard
def _wat_als_en_budget(gemeente: str, prognose_maand: pd.DataFrame | None) -> None:
    st.subheader("Wat als? Instroom en uitstroom naar werk")
    verschil = _scenario_blok(gemeente, prognose_maand) if prognose_maand is not None else None
    st.subheader("Budget: verwacht resultaat op de BUIG en het vangnet")
    _budget_blok(gemeente, verschil)


def _budget_blok(gemeente: str, verschil: pd.DataFrame | None) -> None:
    basis = data.budget_prognose(gemeente)
    prognosejaren = basis[basis["soort"] == "prognose"]
    if prognosejaren.empty:
        st.info("Geen budgetprognose: er is geen prognose of geen volledig jaar met lasten.")
        return
    basisjaar = int(prognosejaren["basisjaar"].iloc[0])
    kosten_data = float(prognosejaren["kosten_per_uitkering_basisjaar"].iloc[0])
    links, rechts = st.columns(2)
    # keyed per municipality: one's own cost or budget must not carry over to the next one chosen
    with links:
        kosten = _bedrag_invoer(f"Lasten per uitkering per jaar (prijspeil {basisjaar})", kosten_data,
                                f"budget_kosten_{gemeente}", "Vul uw eigen bedrag in, bijvoorbeeld 16.734; per "
                                                             "maand geïndexeerd met de normen.")
        eigen_kosten = None if round(kosten) == round(kosten_data) else kosten
        st.caption(f"{fmt.geld(kosten, 0)} per uitkering per jaar: "
                   + (f"uw eigen bedrag (uit de gegevens: {fmt.geld(kosten_data, 0)})" if eigen_kosten is not None
                      else f"uit de gegevens, uitkeringslasten {basisjaar} / gemiddelde stand"))
    aangenomen = prognosejaren[prognosejaren["budget_aangenomen"]]
    eigen_budget = None
    if len(aangenomen):
        eerste = aangenomen.iloc[0]
        budget_data = float(eerste["budget"])
        with rechts:
            budget_aanname = _bedrag_invoer(
                f"BUIG-budget {int(eerste['jaar'])} (niet geleverd: aangenomen)", budget_data,
                f"budget_aanname_{gemeente}", "Vul het budget uit uw beschikking in, bijvoorbeeld 52.300.000; een "
                                              "later jaar zonder budget volgt de index.")
            eigen_budget = None if round(budget_aanname) == round(budget_data) else budget_aanname
            st.caption(f"{fmt.geld(budget_aanname, 0)} voor {int(eerste['jaar'])}: "
                       + ("uw eigen aanname" if eigen_budget is not None else _aanname_bron(eerste)))
    tabel = data.budget_prognose(gemeente, eigen_kosten, eigen_budget)
    getoond = tabel[tabel["jaar"] >= int(prognosejaren["jaar"].min()) - 2]
    budget_tabel = _budget_tabel(getoond)
    components.tabel(budget_tabel, key="budget_tabel", kolommen=BUDGET_KOLOMMEN, procenten=("% budget",),
                     hele_euros=tuple(k for k in budget_tabel.columns if k not in ("Jaar", "Budgetversie", "% budget")))
    laatste = data.prognose_model(gemeente, "maand").get("laatste_waarneming", str(basisjaar))
    st.caption(components.prognose_bron_tekst(str(getoond["jaar"].max()), components.getoonde_bron("extract", gemeente),
                                              laatste, vanaf=str(getoond["jaar"].min()))
               + " · budgetversie per rij; aangenomen: nog niet geleverd, het nieuwste geleverde budget "
                 "geïndexeerd zoals de lasten per uitkering")
    if (zonder_lks := _lks_ontbreekt_tekst(getoond)) is not None:
        st.warning(zonder_lks)
    components.download_tabel(getoond[EXPORT_KOLOMMEN], f"wimi_budgetprognose_{gemeente}", key="budget_download")
    st.caption(_regels_tekst(getoond))
    if verschil is not None:
        _scenario_budget(gemeente, verschil, eigen_kosten, eigen_budget)
    _berekening(tabel[tabel["soort"] == "prognose"])


def _bedrag_invoer(label: str, uit_de_gegevens: float, key: str, help: str) -> float:
    """An amount the manager may type in the Dutch notation (16.734, not 16734); what is no amount is
    said in Dutch and the figure from the data stays."""
    tekst = st.text_input(label, value=fmt.getal(uit_de_gegevens), key=key, help=help)
    try:
        return fmt.lees_bedrag(tekst)
    except ValueError as fout:
        st.error(f"{fout} Gerekend wordt met het bedrag uit de gegevens.")
        return uit_de_gegevens


def _aanname_bron(rij: pd.Series) -> str:
    """Where an assumed budget comes from, in words."""
    return (f"het nieuwste geleverde budget ({int(rij['aanname_bron_jaar'])} "
            f"{_fase(rij['aanname_bron_fase'])}) x {fmt.getal(rij['aanname_index'], 3)}, "
            "de index van de lasten per uitkering (normen)")


def _lks_ontbreekt_tekst(rijen: pd.DataFrame) -> str | None:
    """The page's warning when spending lacks the wage-cost subsidies of some years (lasten_lks.csv)."""
    zonder = sorted(rijen.loc[~rijen["lks_geleverd"], "jaar"].unique())
    if not zonder:
        return None
    jaren = fmt.opsomming([str(j) for j in zonder])
    return (f"Loonkostensubsidies ontbreken voor {jaren} (geen lasten_lks.csv of geen rij voor dat jaar). Het "
            "BUIG-budget omvat ze wel: de netto lasten missen dat deel en het resultaat is er te gunstig door.")


def _regels_tekst(rijen: pd.DataFrame) -> str:
    """Which vangnet rules the shown years assume, named."""
    delen = []
    for regeljaar, groep in rijen.groupby("regeljaar"):
        jaren = fmt.opsomming([str(j) for j in sorted(groep["jaar"].unique())])
        toelichting = data.vangnet_regels(int(regeljaar))["toelichting"].iloc[0]
        status = "aangenomen" if groep["regels_aangenomen"].any() else "gepubliceerd"
        delen.append(f"{jaren}: regels van {int(regeljaar)} ({status}; {toelichting})")
    return "Vangnetregels per jaar: " + "; ".join(delen) + "."


def _scenario_budget(gemeente: str, verschil: pd.DataFrame, eigen_kosten: float | None,
                     eigen_budget: float | None) -> None:
    """The forecast years' BUIG result, three years and vangnet with the what-if beside the baseline,
    both from the budget mart's one definition (the scenario passes its caseload change per month)."""
    naast = data.budget_scenario(gemeente, eigen_kosten, eigen_budget,
                                 tuple(zip(verschil["maand"], verschil["verschil"], strict=True)))
    st.markdown("**Het scenario in euro's**")
    laatste = naast.iloc[-1]
    jaar, versie = int(laatste["jaar"]), laatste["fase_label"]
    a, b = st.columns(2)
    a.metric(f"BUIG-resultaat {jaar} ({versie}) met scenario", fmt.geld(laatste["resultaat_scenario"], 0),
             delta=fmt.verschil(laatste["resultaat_scenario"], laatste["resultaat"], "euro"),
             delta_color=_delta_kleur(laatste["resultaat_scenario"] - laatste["resultaat"]),
             delta_description="t.o.v. de basis")
    b.metric(f"Vangnet {jaar} ({versie}) met scenario", fmt.geld(laatste["vangnet_bedrag_scenario"], 0),
             delta=fmt.verschil(laatste["vangnet_bedrag_scenario"], laatste["vangnet_bedrag"], "euro"),
             delta_color=_delta_kleur(laatste["vangnet_bedrag_scenario"] - laatste["vangnet_bedrag"]),
             delta_description="t.o.v. de basis")
    bedragen = {"Resultaat basis": "resultaat", "Resultaat scenario": "resultaat_scenario",
                "Drie jaar basis": "resultaat_3jr", "Drie jaar scenario": "resultaat_3jr_scenario",
                "Vangnet basis": "vangnet_bedrag", "Vangnet scenario": "vangnet_bedrag_scenario"}
    components.tabel(pd.DataFrame({"Jaar": naast["jaar"].astype(str), "Budgetversie": naast["fase_label"]}
                                  | {kop: naast[kolom].astype(float) for kop, kolom in bedragen.items()}),
                     key="scenario_budget_tabel", hele_euros=tuple(bedragen))
    st.caption("Basis: de statistische prognose van het volume; scenario: die prognose plus het verschil dat het "
               "instroom-uitstroommodel met uw scenario per maand geeft. Drie jaar: het resultaat van het jaar plus "
               "dat van de twee jaren ervoor (definitief, anders de nieuwste versie), zodat het scenario in een "
               "prognosejaar ook de toets van het jaar erna verschuift.")


BUDGET_KOLOMMEN = {  # ten columns fit a 1400 px window; narrower, the table scrolls with the year kept in view
    "Jaar": st.column_config.TextColumn("Jaar", width=110, help="Een prognosejaar is gemarkeerd", pinned=True),
    "BUIG-budget": {"help": "De hele gebundelde uitkering, het deel voor loonkostensubsidie inbegrepen"},
    "Netto lasten": {"help": "Uitkeringslasten plus loonkostensubsidies min aflossingen op BUIG-vorderingen"},
    "Loonkostensubsidie": {"help": f"Uit lasten_lks.csv; {fmt.LEEG} als niet geleverd"},
    "Resultaat": {"help": "Budget min netto lasten; negatief is een tekort"},
    "% budget": {"help": "Resultaat in % van het BUIG-budget van deze versie"},
    **{kop: {"help": f"Bij een prognose: het resultaat bij de {grens} van het 80%-interval van het volume (hoe "
                     "vaak dat interval in de backtest raak was, staat bij de prognose)"}
       for kop, grens in (("80%-band laag", "ondergrens"), ("80%-band hoog", "bovengrens"))},
    "Vangnet": {"help": "Verwachte vergoeding uit het vangnet"},
}


def _budget_tabel(rijen: pd.DataFrame) -> pd.DataFrame:
    """The budget rows as numbers, so a click on a header sorts them as numbers; no band for a realised year
    and no loonkostensubsidie where lasten_lks.csv has none (NULL, shown as fmt.LEEG)."""
    prognose = (rijen["soort"] != "realisatie").to_numpy()
    return pd.DataFrame({
        "Jaar": [f"{j} (prognose)" if s == "prognose" else str(j)
                 for j, s in zip(rijen["jaar"], rijen["soort"], strict=True)],
        "Budgetversie": rijen["fase_label"],
        "BUIG-budget": rijen["budget"].astype(float),
        "Loonkostensubsidie": rijen["lasten_lks"].astype(float).where(rijen["lks_geleverd"].astype(bool)),
        "Netto lasten": rijen["netto_lasten"].astype(float),
        "Resultaat": rijen["resultaat"].astype(float),
        "% budget": rijen["resultaat_pct"].astype(float),
        "80%-band laag": rijen["resultaat_laag"].astype(float).where(prognose),
        "80%-band hoog": rijen["resultaat_hoog"].astype(float).where(prognose),
        "Vangnet": rijen["vangnet_bedrag"].astype(float),
    })


def _eerdere_jaren(r: pd.Series) -> str:
    """The earlier years of the three-year condition with the budget version each counts in."""
    return ", ".join(f"{e['jaar']} {_fase(e['fase'])} {fmt.geld(e['resultaat'], 0)}"
                     for e in (r["eerdere_jaren"] if isinstance(r["eerdere_jaren"], list | np.ndarray) else []))


def _berekening(prognose: pd.DataFrame) -> None:
    with st.expander("De berekening stap voor stap"):
        keuze = st.selectbox("Jaar en budgetversie", list(range(len(prognose))), key="budget_berekening",
                             format_func=lambda i: f"{prognose['jaar'].iloc[i]}, "
                                                   f"{prognose['fase_label'].iloc[i]}")
        r = prognose.iloc[keuze]
        jaar, betaald = int(r["jaar"]), int(r["maanden_gerealiseerd"])
        budget, netto, resultaat = fmt.geld(r["budget"], 0), fmt.geld(r["netto_lasten"], 0), r["resultaat"]
        lks = (f"{fmt.geld(r['lasten_lks'], 0)} (zoals in {int(r['basisjaar'])})" if r["lks_geleverd"]
               else "ontbreekt (niet geleverd)")
        st.markdown("\n".join([
            (f"1. Lasten per uitkering: {fmt.geld(r['kosten_per_uitkering'], 0)} per jaar (prijspeil "
             f"{int(r['basisjaar'])}); per maand een twaalfde, geïndexeerd met de halfjaarlijkse normen."),
            ("2. " + (f"Nog geen maand van {jaar} is betaald; voor alle 12 maanden" if betaald == 0 else
                      f"Van {jaar} zijn {betaald} van de 12 maanden al betaald (werkelijke lasten); voor de "
                      f"andere {12 - betaald}")
             + ": het verwachte volume van die maand x de lasten per uitkering per maand."),
            f"3. Bruto uitkeringslasten {jaar}: {fmt.geld(r['bruto_lasten'], 0)}.",
            (f"4. Loonkostensubsidies: {lks}; verwachte aflossingen op BUIG-vorderingen (zoals in "
             f"{int(r['basisjaar'])}): {fmt.geld(r['aflossingen'], 0)}."),
            (f"5. Netto lasten = {fmt.geld(r['bruto_lasten'], 0)} + "
             f"{fmt.geld(r['lasten_lks'] if r['lks_geleverd'] else 0, 0)} - {fmt.geld(r['aflossingen'], 0)} = "
             f"{netto} (80%-interval van het volume: {fmt.geld(r['netto_lasten_laag'], 0)} tot "
             f"{fmt.geld(r['netto_lasten_hoog'], 0)})."),
            (f"6. BUIG-budget {jaar}, {r['fase_label']}: {budget}"
             + (f" ({_aanname_bron(r)})." if r["budget_aangenomen"] and not fmt.ontbreekt(r["aanname_bron_fase"])
                else " (uw eigen aanname, geïndexeerd)." if r["budget_aangenomen"] else ".")),
            (f"7. Resultaat = budget - netto lasten = {budget} - {netto} = {fmt.geld(resultaat, 0)}, "
             f"{fmt.procent(r['resultaat_pct'])} van het budget ({_tekort_of_overschot(resultaat)})."),
            (f"8. Resultaat {jaar - int(r['jaren_in_3jr']) + 1} t/m {jaar} samen (eerdere jaren definitief, "
             f"anders de nieuwste versie: {_eerdere_jaren(r)}): {fmt.geld(r['resultaat_3jr'], 0)}, "
             f"{fmt.procent(-r['tekort_3jr_aandeel'])} van het budget {jaar} "
             f"({_tekort_of_overschot(r['resultaat_3jr'])})."),
            f"9. {_vangnet_zin(r)}",
        ]))
    with st.expander("Hoe werkt het vangnet?"):
        regels = data.vangnet_regels(int(prognose["jaar"].max()))
        drempel = fmt.procent(regels["drempel_pct"].iloc[0] / 100)
        st.markdown(
            "Het vangnet vergoedt een deel van een groot tekort op de BUIG. Er zijn twee voorwaarden, allebei "
            f"boven de drempel van {drempel} van het budget van dit jaar:\n"
            "- het tekort in het jaar zelf;\n"
            "- het tekort over dit jaar en de twee jaren ervoor samen, die twee in hun definitieve versie (een "
            "overschot telt mee en verkleint het tekort).\n\n"
            "Is aan beide voldaan, dan wordt het deel van het tekort in elke band vergoed tegen het percentage van "
            "die band (tabel). Voorbeeld met de regels van 2019-2024: een tekort van 15% geeft "
            "(12,5% - 7,5%) x 50% + (15% - 12,5%) x 100% = 2,5% + 2,5% = 5% van het budget terug.\n\n"
            "De toetsingscommissie trekt van een tekort ook onrechtmatige lasten boven de BADO-norm af; WIMI kent "
            "die niet en rekent zonder die aftrek.")
        banden = pd.DataFrame({
            "Regels van": regels["regeljaar"].astype(str),
            "Tekort vanaf": regels["ondergrens_pct"].astype(float) / 100,
            "tot": regels["bovengrens_pct"].astype(float) / 100,
            "Vergoed": regels["vergoeding_pct"].astype(float) / 100,
            "Status": regels["aangenomen"].map({True: "aangenomen", False: "gepubliceerd"}),
            "Toelichting": regels["toelichting"],
        })
        components.tabel(banden, key="vangnet_regels", procenten=("Tekort vanaf", "tot", "Vergoed"))
        components.download_tabel(regels, "wimi_vangnetregels", key="vangnet_download")


def _tekort_of_overschot(resultaat: float) -> str:
    return "tekort" if resultaat < 0 else "overschot"


def _vangnet_zin(r: pd.Series) -> str:
    """Step 9 in words: both conditions against the threshold, then the compensation band by band, all
    as the budget mart computed them."""
    drempel = r["vangnet_drempel_pct"] / 100

    def toets(aandeel: float) -> str:
        return f"{fmt.procent(max(aandeel, 0))} ({'boven' if aandeel > drempel else 'niet boven'} de drempel)"

    jaar = int(r["jaar"])
    zin = (f"Vangnet (regels van {int(r['regeljaar'])}{', aangenomen' if r['regels_aangenomen'] else ''}, "
           f"drempel {fmt.procent(drempel)}): tekort in {jaar} "
           f"{toets(r['tekort_aandeel'])}, over {jaar - int(r['jaren_in_3jr']) + 1} t/m {jaar} "
           f"{toets(r['tekort_3jr_aandeel'])}; ")
    if not r["vangnet_aandeel"] > 0:
        return zin + "dus geen vergoeding (€ 0)."
    banden = [f"({fmt.procent((band['ondergrens_pct'] + band['tekort_in_band_pct']) / 100)} - "
              f"{fmt.procent(band['ondergrens_pct'] / 100)}) x {fmt.procent(band['vergoeding_pct'] / 100, 0)}"
              for band in r["vangnet_banden"] if band["tekort_in_band_pct"] > 0]
    return (zin + f"vergoed wordt {' + '.join(banden)} = {fmt.procent(r['vangnet_aandeel'])} van het budget "
            f"= {fmt.geld(r['vangnet_bedrag'], 0)}.")


st.title("Prognose & budget")
gemeenten = data.gemeenten()
if gemeenten.empty:
    st.info("Het warehouse bevat nog geen cijfers per gemeente.")
    st.stop()
kies_links, kies_rechts = st.columns([2, 1])
with kies_links:
    gemeente = components.kies_gemeente(gemeenten, key="prognose_gemeente")
with kies_rechts:
    soort = st.radio("Perioden", ["maand", "kwartaal"], horizontal=True, key="prognose_soort",
                     format_func=lambda s: {"maand": "maanden", "kwartaal": "kwartalen"}[s])
heeft_extract = bool(gemeenten.set_index("gemeente_code").loc[gemeente, "heeft_extract"])

st.subheader("Verwacht bijstandsvolume")
prognose = _prognose_blok(gemeente, soort)

if not heeft_extract:
    st.subheader("Wat als? Instroom en uitstroom naar werk")
    st.info("Het instroom-uitstroommodel en de budgetprognose vragen het eigen extract van de gemeente.")
    st.stop()
_wat_als_en_budget(gemeente, None if prognose is None else
                   prognose if soort == "maand" else data.prognose(gemeente, "maand"))
