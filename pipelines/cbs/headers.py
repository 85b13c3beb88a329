"""The exact headers of the CBS snapshot files (../shared/data/real), so the fictional frame can be
written in the same shapes when the snapshot is absent. tests/pipelines/test_frame.py compares them
with the snapshot whenever it is present. Files the snapshot lacks take their header from the build's
empty stand-in (sql/staging/optioneel/), the one place their shape is written down."""
import csv

from pipelines.settings import OPTIONAL_CBS_DIR

CBS_HEADERS: dict[str, tuple[str, ...]] = {
    "cbs_gemeenten_per_jaar_2015_2025.csv": (
        'jaar', 'gemeentecode', 'gemeentenaam', 'provinciecode', 'provincienaam', 'bron'
    ),
    "cbs_bijstand_personen_gemeenten_2015_2024.csv": (
        'jaar', 'gemeente_code', 'gemeentenaam', 'inwoners', 'bijstand_personen', 'bron_tabel',
        'gemeente_indeling', 'peildatum_bijstand', 'inwoners_definitie', 'bijstand_definitie'
    ),
    "cbs_bijstand_reintegratie_wsw_gemeenten_2015_2017.csv": (
        'jaar', 'cbs_tabel', 'leeftijd_code', 'leeftijd', 'regio_code', 'regio_type', 'gemeentenaam',
        'inwoners', 'bijstandsontvangers', 'bijstandsdichtheid_per_1000_inw', 'instroom', 'instroom_pct',
        'uitstroom', 'uitstroom_pct', 'uitstroom_naar_werk', 'uitstroom_naar_werk_pct',
        'personen_met_reintegratievoorziening', 'werkenden_na_reintegratie',
        'werkenden_na_reintegratie_pct', 'personen_met_bijstand_en_reintegratie',
        'bijstandsontvangers_met_reintegratie_pct', 'reintegratieontvangers_met_bijstand_pct',
        'wsw_werknemers', 'wsw_dichtheid_per_1000_inw'
    ),
    "cbs_kwb2024_gemeenten_kerncijfers.csv": (
        'gemeentecode', 'gemeentenaam', 'indelingswijziging_wijken_en_buurten', 'water',
        'omgevingsadressendichtheid', 'stedelijkheid_adressen_per_km2',
        'bevolkingsdichtheid_inwoners_per_km2', 'aantal_inwoners', 'mannen', 'vrouwen',
        'percentage_personen_0_tot_15_jaar', 'percentage_personen_15_tot_25_jaar',
        'percentage_personen_25_tot_45_jaar', 'percentage_personen_45_tot_65_jaar',
        'percentage_personen_65_jaar_en_ouder', 'percentage_ongehuwd', 'percentage_gehuwd',
        'percentage_gescheid', 'percentage_verweduwd', 'geboorte_totaal', 'geboortes_per_1000_inwoners',
        'sterfte_totaal', 'sterfte_relatief', 'aantal_huishoudens', 'percentage_eenpersoonshuishoudens',
        'percentage_huishoudens_zonder_kinderen', 'percentage_huishoudens_met_kinderen',
        'gemiddelde_huishoudsgrootte', 'percentage_met_herkomstland_nederland',
        'percentage_met_herkomstland_uit_europa_excl_nl', 'percentage_met_herkomstland_buiten_europa',
        'percentage_geb_in_nl_met_herkomstland_nederland',
        'perc_geb_in_nl_met_herkomstland_in_europa_ex_nl', 'perc_geb_in_nl_met_herkomstland_buiten_europa',
        'perc_geb_buiten_nl_met_herkomstlnd_in_europa_ex_nl',
        'perc_geb_buiten_nl_met_herkomstlnd_buiten_europa', 'aantal_bedrijven_landbouw_bosbouw_visserij',
        'aantal_bedrijven_nijverheid_energie', 'aantal_bedrijven_handel_en_horeca',
        'aantal_bedrijven_vervoer_informatie_communicatie', 'aantal_bedrijven_financieel_onroerend_goed',
        'aantal_bedrijven_zakelijke_dienstverlening', 'aantal_bedrijven_overheid_onderwijs_en_zorg',
        'aantal_bedrijven_cultuur_recreatie_overige', 'aantal_bedrijfsvestigingen', 'woningvoorraad',
        'gemiddelde_woningwaarde', 'aantal_nieuwbouw_woningen', 'aantal_niet_woningvoorraad',
        'aantal_nieuwbouw_niet_woningen', 'percentage_eengezinswoning', 'perc_eengezinswoning_tussenwoning',
        'perc_eengezinswoning_hoekwoning', 'perc_eengezinswoning_2onder1kap',
        'perc_eengezinswoning_vrijstaand', 'percentage_meergezinswoning',
        'perc_bouwjaar_meer_dan_10_jaar_geleden', 'perc_bouwjaar_afgelopen_10_jaar', 'percentage_onbewoond',
        'percentage_koopwoningen', 'percentage_huurwoningen',
        'perc_huurwoningen_in_bezit_woningcorporaties', 'perc_huurwoningen_in_bezit_overige_verhuurders',
        'gemiddeld_aardgasverbruik', 'percentage_aardgaswoningen', 'percentage_aardgasvrije_woningen',
        'gemiddelde_elektriciteitslevering', 'gemiddelde_elektriciteitsteruglevering',
        'percentage_woningen_met_zonnestroom', 'percentage_woningen_met_stadsverwarming',
        'aantal_leerlingen_primair_onderwijs', 'aantal_leerlingen_voortgezet_onderwijs',
        'aantal_studenten_mbo', 'aantal_studenten_hbo', 'aantal_studenten_wo',
        'aantal_personen_met_een_ao_uitkering_totaal', 'aantal_personen_met_een_ww_uitkering_totaal',
        'aantal_personen_met_een_alg_bijstandsuitkering_tot',
        'aantal_personen_met_een_aow_uitkering_totaal', 'personenautos_totaal',
        'personenautos_per_huishouden', 'personenautos_per_km2', 'motortweewielers_totaal',
        'aantal_personenautos_met_brandstof_benzine', 'aantal_personenautos_met_overige_brandstof',
        'oppervlakte_totaal_in_ha', 'oppervlakte_land_in_ha', 'oppervlakte_water_in_ha',
        'huisartsenpraktijk_gemiddelde_afstand_in_km', 'huisartsenpraktijk_gemiddeld_aantal_binnen_1_km',
        'huisartsenpraktijk_gemiddeld_aantal_binnen_3_km',
        'huisartsenpraktijk_gemiddeld_aantal_binnen_5_km', 'huisartsenpost_gemiddelde_afstand_in_km',
        'apotheek_gemiddelde_afstand_in_km', 'ziekenhuis_incl_buitenpolikliniek_gem_afst_in_km',
        'ziekenhuis_incl_buitenpoli_gem_aantal_binnen_5_km',
        'ziekenhuis_incl_buitenpoli_gem_aantal_binnen_10_km',
        'ziekenhuis_incl_buitenpoli_gem_aantal_binnen_20_km',
        'ziekenhuis_excl_buitenpolikliniek_gem_afst_in_km',
        'ziekenhuis_excl_buitenpoli_gem_aantal_binnen_5_km',
        'ziekenhuis_excl_buitenpoli_gem_aantal_binnen_10_km',
        'ziekenhuis_excl_buitenpoli_gem_aantal_binnen_20_km', 'grote_supermarkt_gemiddelde_afstand_in_km',
        'grote_supermarkt_gemiddeld_aantal_binnen_1_km', 'grote_supermarkt_gemiddeld_aantal_binnen_3_km',
        'grote_supermarkt_gemiddeld_aantal_binnen_5_km', 'winkels_ov_dagelijkse_levensm_gem_afst_in_km',
        'winkels_ov_dagel_levensm_gem_aantal_binnen_1_km',
        'winkels_ov_dagel_levensm_gem_aantal_binnen_3_km',
        'winkels_ov_dagel_levensm_gem_aantal_binnen_5_km', 'warenhuis_gemiddelde_afstand_in_km',
        'warenhuis_gemiddeld_aantal_binnen_5_km', 'warenhuis_gemiddeld_aantal_binnen_10_km',
        'warenhuis_gemiddeld_aantal_binnen_20_km', 'cafe_gemiddelde_afstand_in_km',
        'cafe_gemiddeld_aantal_binnen_1_km', 'cafe_gemiddeld_aantal_binnen_3_km',
        'cafe_gemiddeld_aantal_binnen_5_km', 'cafetaria_gemiddelde_afstand_in_km',
        'cafetaria_gemiddeld_aantal_binnen_1_km', 'cafetaria_gemiddeld_aantal_binnen_3_km',
        'cafetaria_gemiddeld_aantal_binnen_5_km', 'restaurant_gemiddelde_afstand_in_km',
        'restaurant_gemiddeld_aantal_binnen_1_km', 'restaurant_gemiddeld_aantal_binnen_3_km',
        'restaurant_gemiddeld_aantal_binnen_5_km', 'hotel_gemiddelde_afstand_in_km',
        'hotel_gemiddeld_aantal_binnen_5_km', 'hotel_gemiddeld_aantal_binnen_10_km',
        'hotel_gemiddeld_aantal_binnen_20_km', 'kinderdagverblijf_gemiddelde_afstand_in_km',
        'kinderdagverblijf_gemiddeld_aantal_binnen_1_km', 'kinderdagverblijf_gemiddeld_aantal_binnen_3_km',
        'kinderdagverblijf_gemiddeld_aantal_binnen_5_km', 'buitenschoolse_opvang_gem_afstand_in_km',
        'buitenschoolse_opvang_gemiddeld_aantal_binnen_1_km',
        'buitenschoolse_opvang_gemiddeld_aantal_binnen_3_km',
        'buitenschoolse_opvang_gemiddeld_aantal_binnen_5_km', 'basisonderwijs_gemiddelde_afstand_in_km',
        'basisonderwijs_gemiddeld_aantal_binnen_1_km', 'basisonderwijs_gemiddeld_aantal_binnen_3_km',
        'basisonderwijs_gemiddeld_aantal_binnen_5_km', 'voortgezet_onderwijs_gem_afstand_in_km',
        'voortgezet_onderwijs_gemiddeld_aantal_binnen_3_km',
        'voortgezet_onderwijs_gemiddeld_aantal_binnen_5_km',
        'voortgezet_onderwijs_gemiddeld_aantal_binnen_10_km', 'vmbo_gemiddelde_afstand_in_km',
        'vmbo_gemiddeld_aantal_binnen_3_km', 'vmbo_gemiddeld_aantal_binnen_5_km',
        'vmbo_gemiddeld_aantal_binnen_10_km', 'havo_vwo_gemiddelde_afstand_in_km',
        'havo_vwo_gemiddeld_aantal_binnen_3_km', 'havo_vwo_gemiddeld_aantal_binnen_5_km',
        'havo_vwo_gemiddeld_aantal_binnen_10_km', 'brandweerkazerne_gemiddelde_afstand_in_km',
        'oprit_hoofdverkeersweg_gemiddelde_afstand_in_km', 'treinstation_gemiddelde_afstand_in_km',
        'overstapstation_gemiddelde_afstand_in_km', 'zwembad_gemiddelde_afstand_in_km',
        'kunstijsbaan_gemiddelde_afstand_in_km', 'bibliotheek_gemiddelde_afstand_in_km',
        'poppodium_gemiddelde_afstand_in_km', 'bioscoop_gemiddelde_afstand_in_km',
        'bioscoop_gemiddeld_aantal_binnen_5_km', 'bioscoop_gemiddeld_aantal_binnen_10_km',
        'bioscoop_gemiddeld_aantal_binnen_20_km', 'sauna_gemiddelde_afstand_in_km',
        'zonnebank_gemiddelde_afstand_in_km', 'attractiepark_gemiddelde_afstand_in_km',
        'attractiepark_gemiddeld_aantal_binnen_10_km', 'attractiepark_gemiddeld_aantal_binnen_20_km',
        'attractiepark_gemiddeld_aantal_binnen_50_km', 'theater_gemiddelde_afstand_in_km',
        'theater_gemiddeld_aantal_binnen_5_km', 'theater_gemiddeld_aantal_binnen_10_km',
        'theater_gemiddeld_aantal_binnen_20_km', 'gemiddelde_afstand_tot_museum',
        'gemiddeld_aantal_musea_binnen_5_km', 'gemiddeld_aantal_musea_binnen_10_km',
        'gemiddeld_aantal_musea_binnen_20_km', 'jrstatcode', 'jaar'
    ),
    "cbs_kwb_gemeenten_basis_pdok_2018_2019_2022_2023.csv": (
        'jaar', 'gemeentecode', 'gemeentenaam', 'aantal_inwoners', 'mannen', 'vrouwen',
        'bevolkingsdichtheid', 'geboorte_relatief', 'sterfte_relatief', 'stedelijkheid',
        'omgevingsadressendichtheid', '0_15', '15_25', '25_45', '45_65', '65plus', 'huishoudens',
        'gem_huishouden_grootte', 'pct_eenpersoonshhd', 'pct_hhd_met_kind', 'pct_hhd_zonder_kind',
        'pct_gehuwd', 'pct_ongehuwd', 'opl_hoog', 'opl_midden', 'opl_laag', 'gem_inkomen_inwoner',
        'gem_inkomen_ontvanger', 'gem_gestand_inkomen', 'mediaan_vermogen', 'pct_hh_hoog_inkomen',
        'pct_hh_laag_inkomen', 'pct_rond_sociaal_min', 'woningvoorraad', 'gem_woz_waarde', 'koopwoningen',
        'huurwoningen', 'pct_eengezins', 'pct_meergezins', 'pct_bouwjaar_na_2000', 'pct_leegstand',
        'pct_stadsverwarming', 'pct_huurcorporatie', 'gem_aardgas', 'gem_elektriciteit',
        'arbeidsparticipatie', 'bedrijfsvestigingen', 'pct_werknemers', 'pct_zelfstandigen', 'wmo_per_1000',
        'pct_jeugdzorg', 'afstand_huisarts', 'afstand_supermarkt', 'afstand_treinstation',
        'afstand_apotheek', 'afstand_basisonderwijs', 'afstand_kdv', 'afstand_ziekenhuis',
        'afstand_bibliotheek', 'afstand_restaurant', 'afstand_cafe', 'personenautos', 'auto_per_huishouden',
        'auto_per_km2', 'motorfietsen', 'afstand_oprit', 'opp_land', 'opp_water'
    ),
    "cbs_kwb_gemeenten_wonen_2020_2025.csv": (
        'jaar', 'gwb_code', 'gm_naam', 'a_inw', 'a_hh', 'a_woning', 'p_leegsw', 'g_wozbag_euro', 'p_koopw',
        'p_huurw', 'p_wcorpw', 'p_ov_hw', 'ste_mvs', 'bev_dich'
    ),
    "cbs_inkomen_huishoudens_gemeenten_2024.csv": (
        'jaar', 'voorlopig', 'regio_code', 'regio_naam', 'particuliere_huishoudens_x1000',
        'gem_gestandaardiseerd_inkomen_x1000_euro', 'mediaan_gestandaardiseerd_inkomen_x1000_euro',
        'gem_besteedbaar_inkomen_x1000_euro', 'mediaan_besteedbaar_inkomen_x1000_euro'
    ),
    "gemeente_crosswalk_naar_2025.csv": (
        'jaar', 'gemeente_code_oud', 'gemeentenaam_oud', 'gemeente_code_2025', 'gemeentenaam_2025',
        'aandeel', 'soort'
    ),
}


def _stand_in_header(path) -> tuple[str, ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(next(csv.reader(handle)))


CBS_HEADERS.update({path.name: _stand_in_header(path) for path in sorted(OPTIONAL_CBS_DIR.glob("*.csv"))})
