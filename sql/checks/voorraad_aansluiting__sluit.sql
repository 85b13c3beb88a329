-- Periods whose stock change is not instroom - uitstroom - uitstroom_aow + voortgezette_mutaties.
-- The stock convention (einddatum is the last day in the stock) and the flows on bijstandsperiodes
-- make this exact: any row means a figure counts a window differently from the stock.
SELECT *
FROM marts.voorraad_aansluiting
WHERE verschil <> 0 OR verschil IS NULL
