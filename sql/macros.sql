-- The period-window shapes every extract figure and its drill-down rows share (pipelines/build.py
-- creates them first, so they live in the warehouse for the pages too). Each takes a row's date and
-- the figure's period: its first day and its meetdatum T (the last day, or the peildatum for the
-- period holding it). A figure's SQL and its rule in marts.drilldown_regels name the same macro, so
-- the KPI row and the rows behind it cannot mean different windows.

-- dates within the period, up to T
CREATE OR REPLACE MACRO in_periode(datum, periode_start, meetdatum) AS
    datum BETWEEN periode_start AND meetdatum;

-- a stock taken at T (a month-end row of a row-level model)
CREATE OR REPLACE MACRO op_meetdatum(datum, periode_start, meetdatum) AS
    datum = meetdatum;

-- a stock taken at the end of the previous period (the day before the period's first day)
CREATE OR REPLACE MACRO aan_begin(datum, periode_start, meetdatum) AS
    datum = CAST(periode_start - INTERVAL 1 DAY AS DATE);

-- the stocks at the end of the previous period and at T (an average of the two)
CREATE OR REPLACE MACRO begin_en_eind(datum, periode_start, meetdatum) AS
    aan_begin(datum, periode_start, meetdatum) OR op_meetdatum(datum, periode_start, meetdatum);

-- dates in T's calendar year (the 12 month-end stocks of a complete year, for a yearly mean)
CREATE OR REPLACE MACRO in_jaar_van(datum, periode_start, meetdatum) AS
    year(datum) = year(meetdatum);

-- the last month of the period (payments are for a month: its first day)
CREATE OR REPLACE MACRO laatste_maand(datum, periode_start, meetdatum) AS
    datum = date_trunc('month', meetdatum);

-- the 12 months up to T: (T - 12 months, T]
CREATE OR REPLACE MACRO in_12m_tot(datum, periode_start, meetdatum) AS
    datum > meetdatum - INTERVAL 12 MONTH AND datum <= meetdatum;

-- ended 12 to 24 months before T: (T - 24 months, T - 12 months], so a year after is known by T
CREATE OR REPLACE MACRO in_12_tot_24m_voor(datum, periode_start, meetdatum) AS
    datum > meetdatum - INTERVAL 24 MONTH AND datum <= meetdatum - INTERVAL 12 MONTH;

-- everything up to T
CREATE OR REPLACE MACRO tot_en_met(datum, periode_start, meetdatum) AS
    datum <= meetdatum;

-- everything up to T0, the same day 12 months before T
CREATE OR REPLACE MACRO tot_en_met_12m_voor(datum, periode_start, meetdatum) AS
    datum <= meetdatum - INTERVAL 12 MONTH;

-- the year of T (a budget or yearly amount keyed by jaar)
CREATE OR REPLACE MACRO in_jaar(jaar, periode_start, meetdatum) AS
    jaar = year(meetdatum);

-- A new bijstandsperiode begins when a benefit starts more than 30 days after the latest last day of
-- entitlement so far (indicators.md: startdatum <= that einddatum + 31 days continues the period).
CREATE OR REPLACE MACRO begint_nieuwe_bijstandsperiode(startdatum, laatste_einddatum_tot_nu) AS
    laatste_einddatum_tot_nu IS NULL OR startdatum > laatste_einddatum_tot_nu + INTERVAL 31 DAY;

-- A sum of DOUBLE figures (CBS counts times a crosswalk share) that does not depend on the order the
-- threads add them in: each term is exact to 10 decimals, so every rebuild gives the same bytes.
CREATE OR REPLACE MACRO som_exact(x) AS
    CAST(sum(CAST(x AS DECIMAL(38, 10))) AS DOUBLE);

-- The decision term on an application: 8 weeks (Participatiewet art. 44; normen.csv names it in words).
-- An application decided within it is on time; one open beyond it at T is over the term.
CREATE OR REPLACE MACRO beslistermijn_dagen() AS 56;

-- The longest duration in months the stock-flow model tells apart: this month holds every benefit of
-- five years and longer (pipelines/scenario.py keeps one state per month, DURATIONS = this + 1).
CREATE OR REPLACE MACRO duur_max_maanden() AS 60;

-- A period as the KPI table writes it: '2024-09' a month, '2024Q3' a quarter, '2024' a year. Its kind,
-- first day and last day, so a model that receives period strings (the benchmark feed, the forecasts)
-- reads them one way.
CREATE OR REPLACE MACRO periode_soort(periode) AS CASE
    WHEN periode LIKE '____-__' THEN 'maand'
    WHEN periode LIKE '____Q_' THEN 'kwartaal'
    ELSE 'jaar'
END;

CREATE OR REPLACE MACRO periode_start(periode) AS CASE periode_soort(periode)
    WHEN 'maand' THEN CAST(periode || '-01' AS DATE)
    WHEN 'kwartaal' THEN make_date(CAST(left(periode, 4) AS INTEGER), CAST(right(periode, 1) AS INTEGER) * 3 - 2, 1)
    ELSE make_date(CAST(periode AS INTEGER), 1, 1)
END;

CREATE OR REPLACE MACRO periode_einde(periode) AS
    CAST(periode_start(periode) + CASE periode_soort(periode)
                                      WHEN 'maand' THEN INTERVAL 1 MONTH
                                      WHEN 'kwartaal' THEN INTERVAL 3 MONTH
                                      ELSE INTERVAL 1 YEAR
                                  END - INTERVAL 1 DAY AS DATE);

-- data-contract §4: a figure a public audience may not see exactly (dashboard/format.afgeschermd says the
-- same for the pages; a test holds them together): a level counted in units below 10, a ratio whose
-- teller or noemer is a count below 10. Per 1,000 inhabitants only the teller is a count, a mean in euro
-- only the noemer. The benchmark package leaves such rows out (marts.deelbare_cijfers) and the import
-- refuses a package holding one.
CREATE OR REPLACE MACRO klein_aantal(teller, noemer, waarde, eenheid) AS
    CASE
        WHEN teller IS NULL AND noemer IS NULL
            THEN coalesce(eenheid, 'aantal') = 'aantal' AND coalesce(waarde < 10, false)
        WHEN eenheid = 'per_1000' THEN coalesce(teller < 10, false)
        WHEN eenheid = 'euro' THEN coalesce(noemer < 10, false)
        ELSE coalesce(teller < 10, false) OR coalesce(noemer < 10, false)
    END;
