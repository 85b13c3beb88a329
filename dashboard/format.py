"""Dutch formatting of figures and periods, and the masking of small numbers for public pages.

Pure functions (no Streamlit), so pages, charts, exports and the quarterly report say a figure the
same way: 1.234 / € 1.234,56 / 12,3% / "3e kwartaal 2024".
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

LEEG = "–"
KLEIN_AANTAL = 10  # data-contract §4: counts below this never appear on public pages
AFGESCHERMD = "<10"

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

_KWARTAAL = re.compile(r"^(\d{4})Q([1-4])$")
_MAAND = re.compile(r"^(\d{4})-(\d{2})$")
_JAAR = re.compile(r"^\d{4}$")
# an amount as a Dutch reader types it: 16.734 or 16734, optionally ,50 and a euro sign
_BEDRAG = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")


def ontbreekt(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _nl(text: str) -> str:
    """Python's 1,234.5 as Dutch 1.234,5."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def afgerond(x: float | Decimal, decimalen: int) -> Decimal:
    """Rounded half away from zero on the shortest decimal form, as people round: 0.0305 -> 3,1%."""
    rounded = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded  # no "-0"


def getal(x: float | Decimal | None, decimalen: int = 0) -> str:
    if ontbreekt(x):
        return LEEG
    return _nl(f"{afgerond(x, decimalen):,.{decimalen}f}")


def geld(x: float | None, decimalen: int = 2) -> str:
    if ontbreekt(x):
        return LEEG
    teken = "-" if x < 0 else ""
    return f"{teken}€ {getal(abs(x), decimalen)}"


def lees_bedrag(tekst: str) -> float:
    """An amount typed the Dutch way ('€ 16.734,50', '16.734', '16734') as a number; anything else raises
    ValueError with a Dutch message the page can show ('16734.5' too: a point groups thousands)."""
    kaal = tekst.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not _BEDRAG.match(kaal):
        raise ValueError(f"'{tekst.strip()}' is geen bedrag: schrijf bijvoorbeeld 16.734 of 16.734,50.")
    return float(kaal.replace(".", "").replace(",", "."))


def procent(fractie: float | None, decimalen: int = 1) -> str:
    """A ratio stored as a fraction (0.123) shown as a percentage (12,3%)."""
    if ontbreekt(fractie):
        return LEEG
    return f"{getal(Decimal(repr(float(fractie))) * 100, decimalen)}%"


def waarde(x: float | None, eenheid: str) -> str:
    """A KPI value in its unit (marts.indicatoren.eenheid)."""
    if eenheid == "percentage":
        return procent(x)
    if eenheid == "euro":
        return geld(x, 0)
    if eenheid == "maanden":
        return LEEG if ontbreekt(x) else f"{getal(x, 1)} mnd"
    if eenheid == "per_1000":
        return getal(x, 1)
    return getal(x)


def verschil(nu: float | None, vorig: float | None, eenheid: str) -> str | None:
    """Change between two values of one indicator: points for percentages, else in the unit, signed."""
    if ontbreekt(nu) or ontbreekt(vorig):
        return None
    delta = nu - vorig
    tekst = f"{procent(delta, 1)[:-1]} procentpunt" if eenheid == "percentage" else waarde(delta, eenheid)
    rounds_to_zero = not any(c in "123456789" for c in tekst)
    return tekst.lstrip("-") if rounds_to_zero else ("+" if delta > 0 else "") + tekst


def periode(code: str) -> str:
    """'2024Q3' -> '3e kwartaal 2024', '2024-09' -> 'september 2024', '2024' -> '2024'."""
    if m := _KWARTAAL.match(code):
        return f"{m.group(2)}e kwartaal {m.group(1)}"
    if m := _MAAND.match(code):
        return f"{MAANDEN[int(m.group(2)) - 1]} {m.group(1)}"
    if _JAAR.match(code):
        return code
    raise ValueError(f"onbekende periode {code!r}: verwacht 2024Q3, 2024-09 of 2024")


def periode_kort(code: str, met_jaar: bool = True) -> str:
    """The short form for a chart axis: '2024Q3' -> 'K3 2024' (as in Dutch quarterly reports),
    '2024-09' -> 'sep 2024', '2024' -> '2024'; without the year ('K3', 'sep') where the axis says it once
    for several periods. Twelve quarters fit side by side on a half-width chart, horizontally."""
    jaar = f" {code[:4]}" if met_jaar else ""
    if m := _KWARTAAL.match(code):
        return f"K{m.group(2)}{jaar}"
    if m := _MAAND.match(code):
        return f"{MAANDEN_KORT[int(m.group(2)) - 1]}{jaar}"
    return periode(code)


def is_klein(x: float | None) -> bool:
    return not ontbreekt(x) and x < KLEIN_AANTAL


def afgeschermd(teller: float | None, noemer: float | None, x: float | None, eenheid: str) -> bool:
    """True when a public page must not show this figure exactly (data-contract §4).

    A level counted in units (eenheid 'aantal', no teller/noemer) below 10 is shown as "<10";
    a ratio whose teller or noemer is a count below 10 is hidden. Not every part is a count of people:
    per 1,000 inhabitants the noemer is inhabitants / 1,000, and a mean in euro has an amount as teller.
    """
    if ontbreekt(teller) and ontbreekt(noemer):
        return eenheid == "aantal" and is_klein(x)
    if eenheid == "per_1000":
        return is_klein(teller)
    if eenheid == "euro":
        return is_klein(noemer)
    return is_klein(teller) or is_klein(noemer)


def publieke_waarde(teller: float | None, noemer: float | None, x: float | None, eenheid: str) -> str:
    """The value as a public page shows it: masked when afgeschermd."""
    if afgeschermd(teller, noemer, x, eenheid):
        return AFGESCHERMD if ontbreekt(teller) and ontbreekt(noemer) else "afgeschermd"
    return waarde(x, eenheid)


def maskeer(rows: pd.DataFrame, eenheid: str) -> pd.DataFrame:
    """KPI rows for a public page: `waarde` emptied where afgeschermd, `tekst` the value as shown."""
    shown = rows.copy()
    hidden = [afgeschermd(t, n, x, eenheid)
              for t, n, x in zip(shown["teller"], shown["noemer"], shown["waarde"], strict=True)]
    shown["tekst"] = [publieke_waarde(t, n, x, eenheid)
                      for t, n, x in zip(shown["teller"], shown["noemer"], shown["waarde"], strict=True)]
    shown["afgeschermd"] = hidden
    shown.loc[hidden, "waarde"] = float("nan")
    return shown


def opsomming(delen: list[str]) -> str:
    """A list as a Dutch sentence says it: '2024, 2025 en 2026'."""
    if len(delen) <= 1:
        return "".join(delen)
    return f"{', '.join(delen[:-1])} en {delen[-1]}"


def decimalen(waarden: pd.Series, hoogstens: int = 3) -> int:
    """The one number of decimals for a column of numbers: the fewest (up to `hoogstens`) that show every
    value, so 0,170 stands beside 0,129 and not 0,17."""
    getoond = [Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-hoogstens)).normalize()
               for x in waarden if not ontbreekt(x)]
    return max([max(-x.as_tuple().exponent, 0) for x in getoond], default=0)
