"""The delivery contract (data-contract.md §1) as data, and the SQL that checks a file against it.

Each contract file is described once: its columns with a kind, row rules across columns, its key and
its parent. From that description `validation_sql` writes one SELECT that types every value and gives
each source row at most one fault (the first broken rule, in a fixed order), so the check runs inside
DuckDB at any volume and the wording of every quarantine reason lives here.
"""
from __future__ import annotations

from dataclasses import dataclass

# Quarantine reasons: stable Dutch wording, read by the accountant page and by tests.
ONTBREEKT = "verplichte waarde ontbreekt"
ONBEKENDE_GEMEENTE = "gemeentecode bestaat niet in de CBS-gemeentelijsten"
TE_VEEL_DECIMALEN = "bedrag heeft meer dan twee decimalen"
ONLEESBAAR = {
    "gemeente": "gemeentecode ongeldig",
    "keuze": "onbekende waarde",
    "datum": "datum onleesbaar",
    "maand": "maand onleesbaar",
    "bedrag": "bedrag onleesbaar",
    "percentage": "getal onleesbaar",
    "jaar": "jaar onleesbaar",
    "janee": "ja of nee verwacht",
}
NIET_POSITIEF = "bedrag moet groter dan 0 zijn"
NEGATIEF = "bedrag mag niet negatief zijn"
DUBBEL = "dubbele sleutel"
REGEL_ONLEESBAAR = "regel onleesbaar"
EINDE_VOOR_START = "einddatum voor startdatum"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "tekst"  # tekst or a key of ONLEESBAAR
    required: bool = True  # a value is required in every row
    optional_column: bool = False  # the column itself may be absent from the file
    choices: tuple[str, ...] = ()  # for kind keuze, in their canonical spelling
    minimum: str | None = None  # for kind bedrag: 'positief' (> 0) or 'niet_negatief' (>= 0)


@dataclass(frozen=True)
class Rule:
    """A rule across columns: `broken` is SQL over the typed columns, true when the row breaks it."""

    broken: str
    column: str
    reason: str


@dataclass(frozen=True)
class Parent:
    file: str
    column: str
    unknown: str  # reason when no row of the parent file has this key
    quarantined: str  # reason when every parent row with this key is in quarantine


@dataclass(frozen=True)
class ContractFile:
    stem: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = ()
    key: tuple[str, ...] = ()
    parent: Parent | None = None
    optional_file: bool = False
    landing_table: bool = True  # False for levering: it becomes a row of `leveringen`

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if not c.optional_column]


def _id(name: str, required: bool = True) -> Column:
    return Column(name, "tekst", required)


GEMEENTE = Column("gemeente_code", "gemeente")

LEVERING = ContractFile(
    "levering",
    (Column("peildatum", "datum"), Column("bronsysteem", required=False, optional_column=True)),
    landing_table=False,
)

CONTRACT: tuple[ContractFile, ...] = (
    LEVERING,
    ContractFile(
        "uitkeringen",
        (
            _id("uitkering_id"), _id("client_id"), GEMEENTE,
            Column("regeling", "keuze", choices=("PW", "IOAW", "IOAZ", "BBZ")),
            Column("leefvorm", "keuze", choices=("alleenstaand", "alleenstaande_ouder", "gehuwd")),
            Column("geboortejaar", "jaar", required=False, optional_column=True),
            Column("startdatum", "datum"),
            Column("einddatum", "datum", required=False),
            Column("reden_einde", "keuze", required=False, choices=(
                "werk", "eigen_bedrijf", "inkomen_partner", "verhuizing", "aow", "overlijden", "overig", "onbekend")),
        ),
        rules=(
            Rule("einddatum < startdatum", "einddatum", EINDE_VOOR_START),
            Rule("einddatum IS NOT NULL AND reden_einde IS NULL", "reden_einde", "reden_einde ontbreekt bij einddatum"),
            Rule("einddatum IS NULL AND reden_einde IS NOT NULL", "reden_einde", "reden_einde zonder einddatum"),
        ),
        key=("uitkering_id",),
    ),
    ContractFile(
        "betalingen",
        (
            _id("uitkering_id"), Column("maand", "maand"),
            Column("bruto_bedrag", "bedrag", minimum="niet_negatief"),
            Column("inkomsten_arbeid", "bedrag", minimum="niet_negatief"),
            Column("vrijlating", "bedrag", required=False, optional_column=True, minimum="niet_negatief"),
        ),
        key=("uitkering_id", "maand"),
        parent=Parent("uitkeringen", "uitkering_id", "onbekende uitkering", "uitkering in quarantaine"),
    ),
    ContractFile(
        "vorderingen",
        (
            _id("vordering_id"), _id("client_id"), GEMEENTE,
            Column("soort", "keuze", choices=("terugvordering", "verhaal", "boete")),
            Column("ontstaan", "datum"),
            Column("bedrag", "bedrag", minimum="positief"),
            Column("verwijtbaarheid", "keuze", required=False,
                   choices=("opzet", "grove_schuld", "normaal", "verminderd", "geen")),
            # empty: a claim on a BUIG benefit; the others are claims the BUIG does not pay for
            Column("regeling", "keuze", required=False, optional_column=True,
                   choices=("PW", "IOAW", "IOAZ", "BBZ", "BB", "BBZ_KAPITAAL", "OVERIG")),
        ),
        rules=(
            Rule("soort = 'boete' AND verwijtbaarheid IS NULL", "verwijtbaarheid",
                 "verwijtbaarheid ontbreekt bij boete"),
            Rule("soort <> 'boete' AND verwijtbaarheid IS NOT NULL", "verwijtbaarheid",
                 "verwijtbaarheid alleen bij boete"),
        ),
        key=("vordering_id",),
    ),
    ContractFile(
        "aflossingen",
        (
            _id("vordering_id"), Column("datum", "datum"),
            Column("bedrag", "bedrag", minimum="positief"),
            Column("soort", "keuze", choices=("aflossing", "kwijtschelding", "afboeking", "buiten_invordering")),
        ),
        parent=Parent("vorderingen", "vordering_id", "onbekende vordering", "vordering in quarantaine"),
    ),
    ContractFile(
        "aanvragen",
        (
            _id("aanvraag_id"), _id("client_id"), GEMEENTE,
            Column("ontvangen", "datum"),
            Column("besluit_datum", "datum", required=False),
            Column("besluit", "keuze", required=False,
                   choices=("toegekend", "afgewezen", "buiten_behandeling", "ingetrokken")),
        ),
        rules=(
            Rule("besluit_datum < ontvangen", "besluit_datum", "besluit_datum voor ontvangen"),
            Rule("besluit IS NOT NULL AND besluit_datum IS NULL", "besluit_datum",
                 "besluit_datum ontbreekt bij besluit"),
            Rule("besluit IS NULL AND besluit_datum IS NOT NULL", "besluit", "besluit ontbreekt bij besluit_datum"),
        ),
        key=("aanvraag_id",),
    ),
    ContractFile(
        "contacten",
        (_id("client_id"), Column("datum", "datum"),
         Column("kanaal", "keuze", choices=("gesprek", "telefoon", "email", "huisbezoek", "video"))),
        optional_file=True,
    ),
    ContractFile(
        "maatregelen",
        (
            _id("maatregel_id"), _id("client_id"), Column("start", "datum"),
            Column("eind", "datum", required=False), Column("percentage", "percentage"),
            Column("herzien", "janee"), Column("herzien_datum", "datum", required=False),
        ),
        rules=(
            Rule("eind < start", "eind", EINDE_VOOR_START),
            Rule("percentage NOT BETWEEN 0 AND 100", "percentage", "percentage buiten 0 tot 100"),
        ),
        key=("maatregel_id",),
        optional_file=True,
    ),
    ContractFile(
        "budget",
        (
            GEMEENTE, Column("jaar", "jaar"),
            Column("fase", "keuze", choices=("voorlopig", "nader_voorlopig", "definitief")),
            Column("bedrag", "bedrag", minimum="positief"),
        ),
        key=("gemeente_code", "jaar", "fase"),
    ),
    ContractFile(
        "lasten_lks",
        (GEMEENTE, Column("jaar", "jaar"), Column("bedrag", "bedrag", minimum="niet_negatief")),
        key=("gemeente_code", "jaar"),
        optional_file=True,
    ),
)

BY_STEM = {f.stem: f for f in CONTRACT}

# Macros the validation SQL uses; created once per connection by `create_macros`. The decimal mark is
# the file's (`komma`): in a decimal-comma file a point groups thousands (1.234 is 1234), in a
# decimal-point file a comma does; grouping must come in threes. A point that cannot group (200.50)
# is a decimal point in any file.
_MACROS = r"""
CREATE OR REPLACE TEMP MACRO wimi_getal(v, komma) AS
    CASE
        WHEN komma AND regexp_full_match(v, '-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?')
            THEN replace(replace(v, '.', ''), ',', '.')
        WHEN regexp_full_match(v, '-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?')
            THEN replace(v, ',', '')
    END;
CREATE OR REPLACE TEMP MACRO wimi_decimalen(v, komma) AS length(rtrim(split_part(wimi_getal(v, komma), '.', 2), '0'));
"""


def decimal_comma_sql(spec: ContractFile, source: str, present: set[str]) -> str | None:
    """SQL for whether the file writes decimal commas: some number in it has a comma as its last mark."""
    numbers = [c.name for c in spec.columns if c.kind in ("bedrag", "percentage") and c.name in present]
    if not numbers:
        return None
    found = " OR ".join(f"regexp_matches(trim({quote(n)}), ',[0-9]*$')" for n in numbers)
    return f"SELECT coalesce(bool_or({found}), false) FROM {source}"


def create_macros(con) -> None:
    con.execute(_MACROS)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _typed(column: Column, raw: str, komma: str) -> str:
    """SQL turning the trimmed text `raw` into the column's type; NULL when it cannot be read."""
    kind = column.kind
    if kind == "tekst":
        return raw
    if kind == "gemeente":
        return f"CASE WHEN regexp_full_match(upper({raw}), 'GM[0-9]{{4}}') THEN upper({raw}) END"
    if kind == "keuze":
        choices = ", ".join(_sql_text(c) for c in column.choices)
        return f"list_filter([{choices}], lambda x: lower(x) = lower({raw}))[1]"
    if kind == "datum":
        return f"try_strptime({raw}, ['%Y-%m-%d', '%d-%m-%Y'])::DATE"
    if kind == "maand":
        # the first of the month too: a Parquet or Excel maand typed as a date
        return (f"CASE WHEN regexp_full_match({raw}, '[0-9]{{4}}-(0[1-9]|1[0-2])(-01)?') "
                f"THEN strptime(left({raw}, 7) || '-01', '%Y-%m-%d')::DATE END")
    if kind == "bedrag":
        return f"TRY_CAST(wimi_getal({raw}, {komma}) AS DECIMAL(14, 2))"
    if kind == "percentage":
        return f"TRY_CAST(wimi_getal({raw}, {komma}) AS DECIMAL(6, 2))"
    if kind == "jaar":
        return f"CASE WHEN TRY_CAST({raw} AS INTEGER) BETWEEN 1900 AND 2100 THEN TRY_CAST({raw} AS INTEGER) END"
    if kind == "janee":
        # true/false is how a Parquet boolean column reads as text
        return (f"CASE WHEN lower({raw}) IN ('ja', 'true') THEN true "
                f"WHEN lower({raw}) IN ('nee', 'false') THEN false END")
    raise ValueError(f"onbekende kolomsoort {kind}")


def _fault(column: str | None, reason: str) -> str:
    kolom = "NULL" if column is None else _sql_text(column)
    return f"{{'kolom': {kolom}, 'reden': {_sql_text(reason)}}}"


def _column_checks(column: Column, komma: str, known_municipalities: str | None) -> list[tuple[str, str]]:
    """(broken condition, fault) per column, over typed `name` and trimmed text `name__tekst`."""
    name, text = quote(column.name), quote(column.name + "__tekst")
    checks = []
    if column.required:
        checks.append((f"{text} IS NULL", _fault(column.name, ONTBREEKT)))
    if column.kind != "tekst":
        checks.append((f"{text} IS NOT NULL AND {name} IS NULL", _fault(column.name, ONLEESBAAR[column.kind])))
    if column.kind == "gemeente" and known_municipalities:
        checks.append((f"{name} NOT IN (SELECT gemeente_code FROM {known_municipalities})",
                       _fault(column.name, ONBEKENDE_GEMEENTE)))
    if column.kind == "bedrag":  # rounding it would change the figure without anyone knowing
        checks.append((f"wimi_decimalen({text}, {komma}) > 2", _fault(column.name, TE_VEEL_DECIMALEN)))
    if column.minimum == "positief":
        checks.append((f"{name} <= 0", _fault(column.name, NIET_POSITIEF)))
    if column.minimum == "niet_negatief":
        checks.append((f"{name} < 0", _fault(column.name, NEGATIEF)))
    return checks


def validation_sql(spec: ContractFile, source: str, present: set[str], parent_table: str | None,
                   decimal_comma: bool = False, known_municipalities: str | None = None) -> str:
    """One SELECT: per source row its line, the typed contract columns and `fout` (struct kolom, reden;
    NULL for a good row).

    `source` has a `regel` column and one VARCHAR column per header name in `present`; contract columns
    absent from the file are NULL. `parent_table` is the parent file's validated table. `decimal_comma`:
    the file's decimal mark. `known_municipalities`: a table of the codes CBS knows (`gemeente_code`), or
    None when no CBS code list is at hand (no check). Duplicates and
    parents are found by hash joins on aggregates, not windows, so the check holds at national volume.
    """
    texts = ",\n        ".join(
        (f"nullif(trim({quote(c.name)}), '')" if c.name in present else "NULL::VARCHAR")
        + f" AS {quote(c.name + '__tekst')}"
        for c in spec.columns
    )
    komma = "true" if decimal_comma else "false"
    typed = ",\n        ".join(f"{_typed(c, quote(c.name + '__tekst'), komma)} AS {quote(c.name)}"
                              for c in spec.columns)
    checks = [check for c in spec.columns for check in _column_checks(c, komma, known_municipalities)]
    checks += [(rule.broken, _fault(rule.column, rule.reason)) for rule in spec.rules]
    duplicates, joins = "", []
    if spec.key:
        keys = ", ".join(f"{quote(k)} AS {quote('dubbel_' + k)}" for k in spec.key)
        duplicates = (f", dubbel AS (SELECT {keys}, min(regel) AS eerste_regel FROM getypeerd "
                      f"GROUP BY ALL HAVING count(*) > 1)")
        joins.append("LEFT JOIN dubbel ON " + " AND ".join(f"dubbel.{quote('dubbel_' + k)} = t.{quote(k)}"
                                                           for k in spec.key))
        # named by the key's last column: the one that repeats within the rest (a month of one benefit)
        checks.append(("t.regel > dubbel.eerste_regel", _fault(spec.key[-1], DUBBEL)))
    if spec.parent is not None:
        p = spec.parent
        joins.append(f"LEFT JOIN (SELECT {quote(p.column)} AS ouder_sleutel, bool_or(fout IS NULL) AS ouder_geladen "
                     f"FROM {parent_table} GROUP BY ALL) ouder ON ouder.ouder_sleutel = t.{quote(p.column)}")
        checks.append(("ouder.ouder_sleutel IS NULL", _fault(p.column, p.unknown)))
        checks.append(("NOT ouder.ouder_geladen", _fault(p.column, p.quarantined)))
    fault = "CASE\n        " + "\n        ".join(f"WHEN {c} THEN {f}" for c, f in checks) + "\n    END"
    columns = ", ".join(f"t.{quote(c.name)}" for c in spec.columns)
    return f"""
WITH tekst AS (
    SELECT regel,
        {texts}
    FROM {source}
), getypeerd AS (
    SELECT *,
        {typed}
    FROM tekst
){duplicates}
SELECT t.regel, {columns},
    {fault} AS fout
FROM getypeerd t
{chr(10).join(joins)}
"""


def original_row_sql(source: str, present: list[str]) -> str:
    """The source row as JSON text, as it stood in the file (for quarantine)."""
    fields = ", ".join(f"{_sql_text(name)}: {source}.{quote(name)}" for name in present)
    return f"to_json({{{fields}}})::VARCHAR"
