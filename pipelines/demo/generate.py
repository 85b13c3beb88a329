"""`wimi demo`: deterministic demo data from a seed, never from today's date.

Writes one contract delivery per focus municipality (data/demo/extracts/<code>/), the synthetic
benchmark feed for every municipality (data/feed/synthetic_demo.parquet) and, with --dirty, a messy
copy of each delivery with a manifest of what was broken (data/demo/extracts_dirty/<code>/).
"""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.demo.benefits import simulate_benefits
from pipelines.demo.budget import budget_tables
from pipelines.demo.calendar import first_day, last_day, parse_month
from pipelines.demo.casework import simulate_applications, simulate_contacts, simulate_reductions
from pipelines.demo.claims import CLAIM_HISTORY_YEARS, simulate_claims
from pipelines.demo.dirty import write_dirty_copy
from pipelines.demo.feed import build_feed, write_feed
from pipelines.demo.files import DEMO_BRONSYSTEEM, write_delivery
from pipelines.demo.frame import load_frame
from pipelines.demo.payments import simulate_payments
from pipelines.demo.profile import Profile, make_profile, municipality_number
from pipelines.settings import Settings, get_settings

DEFAULT_FOCUS = ("GM0344", "GM0796", "GM0106", "GM0289", "GM1730")  # Utrecht .. Tynaarlo: five sizes
_ID_SPACE = 16 ** 10
_ID_STEP = 0x9E3779B97  # odd, so number -> id is one-to-one within the id space


def pseudonyms(numbers: np.ndarray, offset: int) -> np.ndarray:
    """'C' + 10 hex digits: unique per number, never nine digits, so never mistaken for a BSN."""
    return np.array([f"C{(int(n) * _ID_STEP + offset) % _ID_SPACE:010x}" for n in numbers], dtype=object)


def focus_codes(frame: pd.DataFrame, gemeenten: str) -> list[str]:
    known = set(frame["gemeente_code"])
    choice = gemeenten.strip()
    if choice == "all":
        return sorted(known)
    if choice == "default":
        if set(DEFAULT_FOCUS) <= known:
            return list(DEFAULT_FOCUS)
        # a frame without these (the fictional one): five municipalities spread over the sizes
        by_size = frame.sort_values(["inwoners", "gemeente_code"], ascending=[False, True])["gemeente_code"].tolist()
        return [by_size[round(q * (len(by_size) - 1))] for q in (0.0, 0.25, 0.5, 0.75, 1.0)]
    codes = [c.strip().upper() for c in choice.split(",") if c.strip()]
    unknown = [c for c in codes if c not in known]
    if unknown or not codes:
        raise ValueError(f"onbekende gemeentecode(s): {', '.join(unknown) or gemeenten}; "
                         f"gebruik codes uit de gemeentelijst (bijv. {min(known)}), 'default' of 'all'")
    return codes


def delivery_tables(profile: Profile, seed: int, first: int, last: int) -> dict[str, pd.DataFrame]:
    """Every contract file of one municipality's delivery."""
    rng = np.random.default_rng([seed, municipality_number(profile.gemeente_code)])
    window_start, peildatum = first_day(np.array([first]))[0], last_day(np.array([last]))[0]
    history = simulate_benefits(rng, profile, first - CLAIM_HISTORY_YEARS * 12, first, last)
    offset = int(rng.integers(0, _ID_SPACE))
    history["client_id"] = pseudonyms(history["client"].to_numpy(), offset)
    # the benefit administration holds what ran in the window; claims go further back (claims.py)
    benefits = history[history["end_day"] >= window_start].reset_index(drop=True)
    benefits["uitkering_id"] = [f"U{i + 1:07d}" for i in range(len(benefits))]
    benefits["gemeente_code"] = profile.gemeente_code
    running = benefits["end_day"] > peildatum
    benefits["startdatum"] = benefits["start_day"]
    benefits["einddatum"] = benefits["end_day"].where(~running)
    benefits["reden_einde"] = benefits["reason"].where(~running)

    unused_numbers = itertools.count(int(history["client"].max()) + 1 if len(history) else 0)

    def new_client_ids(count: int) -> np.ndarray:
        """Pseudonyms for applicants who never got a benefit."""
        return pseudonyms(np.array([next(unused_numbers) for _ in range(count)]), offset)

    payments = simulate_payments(rng, benefits, profile, first, last)
    claims, movements = simulate_claims(rng, history, profile, window_start, peildatum)
    return {
        "levering": pd.DataFrame({"peildatum": [peildatum], "bronsysteem": [DEMO_BRONSYSTEEM]}),
        "uitkeringen": benefits,
        "betalingen": payments,
        "vorderingen": claims,
        "aflossingen": movements,
        "aanvragen": simulate_applications(rng, benefits, profile, window_start, peildatum, new_client_ids),
        "contacten": simulate_contacts(rng, benefits, profile, window_start, peildatum),
        "maatregelen": simulate_reductions(rng, benefits, window_start, peildatum),
        **budget_tables(rng, payments, movements, profile, peildatum),  # budget and lasten_lks
    }


def _dutch(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


def generate_demo(van: str = "2016-01", tot: str = "2025-12", gemeenten: str = "default", scale: float = 1.0,
                  seed: int = 20240101, dirty: bool = False, output: Path | None = None,
                  parquet: bool | None = None, console=None, settings: Settings | None = None) -> str:
    """Write the demo data and return a short Dutch summary."""
    settings = settings or get_settings()
    first, last = parse_month(van), parse_month(tot)
    if first > last:
        raise ValueError(f"van ({van}) ligt na tot ({tot})")
    if scale <= 0:
        raise ValueError("de schaal moet groter zijn dan 0")
    frame = load_frame(settings)
    codes = focus_codes(frame, gemeenten)
    parquet = (gemeenten.strip() == "all") if parquet is None else parquet
    demo_dir = Path(output) if output else settings.demo_dir
    extracts, dirty_dir = demo_dir / "extracts", demo_dir / "extracts_dirty"
    feed_path = demo_dir / "feed" / settings.demo_feed_path.name if output else settings.demo_feed_path
    (demo_dir / ".complete").unlink(missing_ok=True)
    shutil.rmtree(extracts, ignore_errors=True)
    shutil.rmtree(dirty_dir, ignore_errors=True)

    rows = frame.set_index("gemeente_code", drop=False)
    benefit_count = payment_count = 0
    for index, code in enumerate(codes, start=1):
        tables = delivery_tables(make_profile(rows.loc[code], seed, scale), seed, first, last)
        write_delivery(extracts / code, tables, parquet)
        if dirty:
            write_dirty_copy(tables, dirty_dir / code, np.random.default_rng([seed, municipality_number(code), 13]))
        benefit_count += len(tables["uitkeringen"])
        payment_count += len(tables["betalingen"])
        if console is not None:
            console.print(f"{index}/{len(codes)} {code} {rows.at[code, 'gemeentenaam']}: "
                          f"{_dutch(len(tables['uitkeringen']))} uitkeringen")

    feed = build_feed([make_profile(row, seed, 1.0) for _, row in frame.iterrows()], seed, first, last)
    write_feed(feed, feed_path)
    (demo_dir / ".complete").write_text(f"seed={seed} van={van} tot={tot}\n", encoding="utf-8")
    names = ", ".join(f"{c} {rows.at[c, 'gemeentenaam']}" for c in codes[:5]) + (" ..." if len(codes) > 5 else "")
    return (f"Demodata geschreven naar {demo_dir}: {len(codes)} gemeente(n) ({names}), "
            f"{_dutch(benefit_count)} uitkeringen, {_dutch(payment_count)} betalingen; peildatum "
            f"{last_day(np.array([last]))[0].astype(object):%d-%m-%Y}. Benchmarkfeed: {_dutch(len(feed))} rijen "
            f"voor {len(frame)} gemeenten en NL." + (" Rommelige kopieën in extracts_dirty/." if dirty else ""))
