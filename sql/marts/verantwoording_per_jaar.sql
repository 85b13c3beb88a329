-- key: gemeente_code, volgorde
-- One row per municipality and line of the spending statement, one column per year: the statement as
-- it is filed, lines down and years across (for the Excel download). A year a municipality's statement
-- does not cover is empty.
PIVOT (SELECT gemeente_code, volgorde, post, jaar, bedrag FROM marts.verantwoording)
ON jaar
USING sum(bedrag)
ORDER BY gemeente_code, volgorde
