"""Run one command and report its wall time and peak memory (resident set of the child, in MB).

Used by bench/run.py so each stage is measured in a fresh process: `python bench/measure.py CMD...`
prints one JSON line on stdout after the command's own output (which goes to stderr).
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

started = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=sys.stderr)
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux reports kB
print(json.dumps({"exit": code, "seconds": round(seconds, 2), "peak_mb": round(peak_mb)}))
sys.exit(code)
