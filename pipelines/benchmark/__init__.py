"""Benchmark without a middleman (issue 15): sharing a municipality's masked figures (deel), reading partners'
packages into the feed (importeer), combining packages for redistribution (bundel); the format in pakket."""
