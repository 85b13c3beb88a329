-- key: gemeente_code
-- One row per municipality of the 2025 division: its boundary as a GeoJSON geometry (text, WGS84).
-- Read as plain JSON so no spatial extension or download is needed. A downloaded folder names the
-- properties as PDOK does (statcode/statnaam), the snapshot and the fictional frame area_code/name.
SELECT
    coalesce(feature ->> '$.properties.statcode', feature ->> '$.properties.area_code')  AS gemeente_code,
    coalesce(feature ->> '$.properties.statnaam', feature ->> '$.properties.name')       AS gemeentenaam,
    feature ->> '$.geometry'                                                             AS geometrie
FROM (
    SELECT unnest(json_extract(json, '$.features[*]')) AS feature
    FROM read_json_objects('{{ cbs_dir }}/geo/cbs_gemeenten_2025.geojson',
                           format = 'unstructured', maximum_object_size = 200000000)
)
