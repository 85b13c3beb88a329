-- Columns of the warehouse whose name suggests a BSN: none may exist (client ids are pseudonyms).
SELECT table_schema, table_name, column_name
FROM information_schema.columns
WHERE column_name ILIKE '%bsn%' OR column_name ILIKE '%burgerservicenummer%'
