-- severity: warn
-- Payment rows for a month wholly before the benefit's first month or after its last month.
SELECT gemeente_code, levering_id, uitkering_id, maand, bruto_bedrag, startdatum, einddatum
FROM intermediate.uitkering_betaalmaanden
WHERE buiten_looptijd
