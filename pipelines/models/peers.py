"""Build step: marts.peer_features and marts.peers from the CBS characteristics (pipelines/peers.py)."""
from __future__ import annotations

import duckdb

from pipelines import peers
from pipelines.settings import Settings

PRODUCES = ["marts.peer_features", "marts.peers"]
DEPENDS_ON = ["intermediate.cbs_kenmerken"]
KEYS = {"marts.peer_features": ("gemeente_code",), "marts.peers": ("gemeente_code", "methode", "peer_code")}


def run(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    kenmerken = con.execute("SELECT * FROM intermediate.cbs_kenmerken").df()
    features = peers.peer_features(kenmerken)
    peer_sets = peers.all_peers(features, peers.load_config())
    con.register("peer_features_frame", features)
    con.register("peers_frame", peer_sets)
    # grain: one row per municipality of the 2025 division
    con.execute("CREATE OR REPLACE TABLE marts.peer_features AS SELECT * FROM peer_features_frame")
    # grain: one row per (municipality, methode, peer); rang 1 is the nearest
    con.execute("""CREATE OR REPLACE TABLE marts.peers AS
                   SELECT gemeente_code, peer_code, CAST(rang AS INTEGER) AS rang, afstand, methode, toelichting
                   FROM peers_frame ORDER BY methode, gemeente_code, rang""")
    con.unregister("peer_features_frame")
    con.unregister("peers_frame")
