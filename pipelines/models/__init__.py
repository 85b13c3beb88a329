"""Python models for the build: each module has PRODUCES, DEPENDS_ON and run(con, settings)."""
