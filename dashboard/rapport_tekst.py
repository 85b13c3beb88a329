"""The sentences of the quarterly report, written from the figures by rules (no generative model).

Each sentence names its period. Whether a change is "stabiel", "licht" or "sterk" comes from the
thresholds in config/rapport.toml; a figure that is masked (data-contract §4) is said to be so and never
compared. Pure functions: figures in, Dutch text out.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from dashboard import format as fmt
from pipelines.settings import CONFIG_DIR

RAPPORT_CONFIG = CONFIG_DIR / "rapport.toml"


@dataclass(frozen=True)
class Drempels:
    stabiel: float
    sterk: float
    stabiel_procentpunt: float
    sterk_procentpunt: float
    gelijk: float


def lees_drempels(pad: Path = RAPPORT_CONFIG) -> Drempels:
    with pad.open("rb") as handle:
        raw = tomllib.load(handle)
    return Drempels(**raw["verandering"], gelijk=raw["vergelijking"]["gelijk"])


@dataclass(frozen=True)
class Cijfer:
    """One figure as the report shows it: its period, the exact value (None when masked) and its text."""
    periode: str
    waarde: float | None
    tekst: str
    afgeschermd: bool = False

    @property
    def bruikbaar(self) -> bool:
        return not self.afgeschermd and not fmt.ontbreekt(self.waarde)


def mate(nu: float, vorig: float, eenheid: str, d: Drempels) -> str:
    """'stabiel', 'licht gestegen', 'sterk gedaald', ...: the size of a change by the configured thresholds."""
    if eenheid == "percentage":
        grootte, stabiel, sterk = abs(nu - vorig) * 100, d.stabiel_procentpunt, d.sterk_procentpunt
    elif vorig == 0:
        grootte, stabiel, sterk = (0.0 if nu == 0 else float("inf")), d.stabiel, d.sterk
    else:
        grootte, stabiel, sterk = abs(nu / vorig - 1), d.stabiel, d.sterk
    grootte = round(grootte, 9)  # 90 / 100 - 1 is -0.0999..., and exactly 10% must read as 10%
    if grootte < stabiel:
        return "stabiel"
    richting = "gestegen" if nu > vorig else "gedaald"
    return f"{'sterk' if grootte >= sterk else 'licht'} {richting}"


def _verschil(nu: float, vorig: float, eenheid: str) -> str:
    """The change as the sentence gives it: procentpunt for percentages, else relative (+2,1%)."""
    if eenheid == "percentage":
        return fmt.verschil(nu, vorig, eenheid)
    if vorig == 0:
        return fmt.verschil(nu, vorig, eenheid)
    relatief = fmt.procent(nu / vorig - 1)
    return f"+{relatief}" if nu > vorig and any(c in "123456789" for c in relatief) else relatief


def _tegen(nu: Cijfer, ander: Cijfer | None, eenheid: str, d: Drempels) -> str | None:
    if ander is None or not ander.bruikbaar:
        return None
    return (f"{mate(nu.waarde, ander.waarde, eenheid, d)} ten opzichte van {_het(ander.periode)} "
            f"({ander.tekst}; {_verschil(nu.waarde, ander.waarde, eenheid)})")


def _het(periode: str) -> str:
    """'het 3e kwartaal 2025' (a year stays '2025')."""
    tekst = fmt.periode(periode)
    return f"het {tekst}" if "kwartaal" in tekst else tekst


def verandering_zin(label: str, eenheid: str, nu: Cijfer, vorig: Cijfer | None, jaar_eerder: Cijfer | None,
                    d: Drempels) -> str:
    """'Bijstandsvolume, 4e kwartaal 2025: 1.260, licht gestegen ten opzichte van het 3e kwartaal 2025
    (1.234; +2,1%) en stabiel ten opzichte van het 4e kwartaal 2024 (1.255; +0,4%).'"""
    kop = f"{label}, {fmt.periode(nu.periode)}"
    if nu.afgeschermd:
        reden = ("minder dan 10" if nu.tekst == fmt.AFGESCHERMD
                 else "afgeschermd, omdat teller of noemer kleiner is dan 10")
        return f"{kop}: {reden}; bij zulke kleine aantallen noemt dit rapport geen verandering."
    if fmt.ontbreekt(nu.waarde):
        return f"{kop}: geen cijfer."
    delen = [z for z in (_tegen(nu, vorig, eenheid, d), _tegen(nu, jaar_eerder, eenheid, d)) if z]
    if not delen:
        return f"{kop}: {nu.tekst}; er is geen vergelijkbaar eerder kwartaal."
    return f"{kop}: {nu.tekst}, {' en '.join(delen)}."


def _positie(eigen: float, ander: float, d: Drempels) -> str:
    if ander == 0 or abs(eigen / ander - 1) < d.gelijk:
        return "vergelijkbaar met"
    return "hoger dan" if eigen > ander else "lager dan"


def vergelijking_zin(label: str, nu: Cijfer, groep: Cijfer | None, nederland: Cijfer | None, naam: str,
                     d: Drempels) -> str | None:
    """'Uitstroomkans naar werk, 4e kwartaal 2025: Utrecht 2,1%, lager dan de vergelijkbare gemeenten
    (2,6%) en vergelijkbaar met Nederland (2,2%).' None when there is nothing to compare."""
    if not nu.bruikbaar:
        return None
    delen = [f"{_positie(nu.waarde, ander.waarde, d)} {wie} ({ander.tekst})"
             for ander, wie in ((groep, "de vergelijkbare gemeenten"), (nederland, "Nederland"))
             if ander is not None and ander.bruikbaar]
    if not delen:
        return None
    return f"{label}, {fmt.periode(nu.periode)}: {naam} {nu.tekst}, {' en '.join(delen)}."


def prognose_zin(laatste: Cijfer | None, verwacht: Cijfer, onder: str, boven: str, d: Drempels) -> str:
    """'Prognose bijstandsvolume, 4e kwartaal 2026: verwacht 1.300 (80%-interval 1.250 tot 1.350), licht
    gestegen ten opzichte van het 4e kwartaal 2025 (1.260; +3,2%).'"""
    kop = f"Prognose bijstandsvolume, {fmt.periode(verwacht.periode)}"
    if verwacht.afgeschermd or laatste is None or not laatste.bruikbaar:
        return f"{kop}: verwacht {verwacht.tekst} (80%-interval {onder} tot {boven})."
    return (f"{kop}: verwacht {verwacht.tekst} (80%-interval {onder} tot {boven}), "
            f"{_tegen(verwacht, laatste, 'aantal', d)}.")


def budget_zin(jaar: int, fase_label: str, soort: str, resultaat: float, resultaat_pct: float, vangnet: float,
               drempel_pct: float | None, resultaat_laag_pct: float | None) -> str:
    """'BUIG 2026 (budgetversie voorlopig, verwacht): tekort van € 11.811.473 (5,8% van het budget); het
    tekort blijft onder de vangnetdrempel van 7,5%: geen vangnetuitkering verwacht (ongunstige kant van
    de prognose: tekort 7,8%).'"""
    soort_tekst = "verwacht" if soort == "prognose" else "gerealiseerd"
    uitkomst = "tekort" if resultaat < 0 else "overschot"
    zin = (f"BUIG {jaar} (budgetversie {fase_label}, {soort_tekst}): {uitkomst} van "
           f"{fmt.geld(abs(resultaat), 0)} ({fmt.procent(abs(resultaat_pct))} van het budget)")
    if vangnet > 0:
        return zin + f"; het vangnet vergoedt naar verwachting {fmt.geld(vangnet, 0)}."
    if drempel_pct is None:
        return zin + "."
    kans = ""
    if soort == "prognose" and resultaat_laag_pct is not None and resultaat_laag_pct < 0:
        kant = -resultaat_laag_pct * 100 > drempel_pct
        kans = (f" (aan de ongunstige kant van de prognose een tekort van {fmt.procent(-resultaat_laag_pct)}: "
                f"{'dan wel boven' if kant else 'ook dan onder'} de drempel)")
    if resultaat >= 0:
        return zin + f": geen vangnetuitkering{kans}."
    if -resultaat_pct * 100 > drempel_pct:  # the year alone is over the threshold, the three years are not
        return (zin + f"; boven de vangnetdrempel van {fmt.getal(drempel_pct, 1)}%, maar over drie jaar samen "
                "niet: geen vangnetuitkering verwacht.")
    return (zin + f"; het tekort blijft onder de vangnetdrempel van {fmt.getal(drempel_pct, 1)}%: geen "
            f"vangnetuitkering verwacht{kans}.")
