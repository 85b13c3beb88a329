"""The `wimi` command. Each command is a thin shell around one module; errors become messages."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pipelines.settings import REPO_ROOT, SettingsError, get_settings

app = typer.Typer(help="WIMI: managementinformatie Participatiewet", no_args_is_help=True, add_completion=False)
export_app = typer.Typer(help="Tabellen exporteren", no_args_is_help=True)
app.add_typer(export_app, name="export")
gebruiker_app = typer.Typer(help="Gebruikers voor WIMI_AUTH=lokaal (in de datamap)", no_args_is_help=True)
app.add_typer(gebruiker_app, name="gebruiker")
console = Console(stderr=True)


def _fail(message: str) -> None:
    console.print(f"[bold red]Fout:[/] {message}")
    raise typer.Exit(code=1)


@app.callback()
def check_settings() -> None:
    """Every command reads the settings; a bad value is a Dutch message here, not a traceback later."""
    try:
        get_settings()
    except SettingsError as exc:
        _fail(str(exc))


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TimeElapsedColumn(), console=console, transient=False)


@app.command()
def demo(
    van: str = typer.Option("2016-01", help="Eerste maand (JJJJ-MM)"),
    tot: str = typer.Option("2025-12", help="Laatste maand (JJJJ-MM); de peildatum is de laatste dag"),
    gemeenten: str = typer.Option("default", help="'default' (vijf), 'all', of codes gescheiden door komma's"),
    scale: float = typer.Option(1.0, help="Schaal ten opzichte van het echte aantal uitkeringen"),
    seed: int = typer.Option(20240101, help="Startwaarde van de toevalsgenerator"),
    dirty: bool = typer.Option(False, help="Voeg rommel toe zoals echte extracten die bevatten"),
    output: Path | None = typer.Option(None, help="Map voor de demodata (standaard data/demo)"),
    parquet: bool | None = typer.Option(None, help="Parquet in plaats van CSV (standaard bij 'all')"),
) -> None:
    """Schrijf de demodata: extracten per gemeente en de synthetische benchmarkfeed."""
    from pipelines.demo.generate import generate_demo

    try:
        summary = generate_demo(van=van, tot=tot, gemeenten=gemeenten, scale=scale, seed=seed, dirty=dirty,
                                output=output, parquet=parquet, console=console)
    except ValueError as exc:
        _fail(str(exc))
    console.print(summary)


@app.command()
def load(
    folders: list[Path] = typer.Argument(None, help="Leveringsmappen (met levering.csv)"),
    demo: bool = typer.Option(False, "--demo", help="Laad alle demo-extracten"),
) -> None:
    """Laad een of meer leveringen in de landingsdatabase (alles of niets per levering)."""
    from pipelines.load.delivery import LoadError, load_delivery

    settings = get_settings()
    if demo:
        folders = sorted(p for p in settings.demo_extracts_dir.glob("*") if (p / "levering.csv").exists()
                         or any(p.glob("levering.*")))
        if not folders:
            _fail(f"geen demo-extracten in {settings.demo_extracts_dir}; draai eerst `wimi demo`")
    if not folders:
        _fail("geef een leveringsmap op, of --demo")
    for folder in folders:
        try:
            report = load_delivery(folder, settings)
        except LoadError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail(f"lading van {folder} afgebroken; van die levering is niets geladen")
        console.print(report.summary())


@app.command()
def build() -> None:
    """Bouw het warehouse opnieuw; bij een fout blijft het vorige in gebruik."""
    from pipelines.build import BuildError
    from pipelines.build import build as run_build

    with _progress() as bar:
        task = bar.add_task("modellen", total=None)

        def show(index: int, total: int, name: str) -> None:
            bar.update(task, total=total, completed=index - 1, description=name)

        try:
            result = run_build(progress=show)
        except BuildError as exc:
            bar.stop()
            _fail(f"{exc}. Het vorige warehouse is ongewijzigd.")
        except KeyboardInterrupt:
            bar.stop()
            _fail("build afgebroken. Het vorige warehouse is ongewijzigd.")
        bar.update(task, completed=len(result["models"]), description="klaar")
    if result["opgeruimd"]:
        console.print(f"Resten van een afgebroken build verwijderd: {', '.join(result['opgeruimd'])}")
    console.print(f"CBS-cijfers uit: {CBS_BRONNEN[result['cbs_bron']]} ({result['cbs_map']})")
    console.print(f"Warehouse gebouwd in {result['seconds']:.1f} s: {result['warehouse']}")


# settings.cbs_source() kinds, in words (fictief also for a fictional frame named by WIMI_CBS_DIR)
CBS_BRONNEN = {
    "setting": "de map van WIMI_CBS_DIR",
    "download": "de download van `wimi fetch-cbs`",
    "snapshot": "de CBS-snapshot naast de repository",
    "fictief": "het fictieve kader (verzonnen gemeenten, geen CBS-cijfers)",
}


@app.command()
def serve(port: int = typer.Option(8501), address: str = typer.Option("127.0.0.1")) -> None:
    """Start het dashboard (Streamlit, headless)."""
    from pipelines.settings import LOKALE_ADRESSEN, SettingsError

    try:
        settings = get_settings()
    except SettingsError as exc:
        _fail(str(exc))
    if settings.auth == "uit" and address not in LOKALE_ADRESSEN:
        _fail(f"WIMI_AUTH=uit (zonder login) mag alleen op 127.0.0.1, niet op {address}")
    if settings.auth == "lokaal" and not settings.users_path.exists():
        console.print(f"[bold yellow]Nog geen gebruikers in {settings.users_path}:[/] maak er een aan met "
                      "`wimi gebruiker toevoegen NAAM --rol beheerder`.")
    app_path = REPO_ROOT / "dashboard" / "app.py"
    # Streamlit takes this process's place: a SIGTERM (systemd, kill) reaches the server itself, and no
    # child is left running when the parent is stopped
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(REPO_ROOT)
    os.execv(sys.executable, [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.headless", "true",
                              "--server.port", str(port), "--server.address", address])


@gebruiker_app.command("toevoegen")
def gebruiker_toevoegen(
    naam: str = typer.Argument(..., help="Aanmeldnaam"),
    rol: str = typer.Option(..., help="wethouder, manager, accountant of beheerder"),
    gemeente: list[str] = typer.Option(None, help="Gemeentecode (GMxxxx) binnen het bereik; herhaal voor meer; "
                                                  "zonder: alle gemeenten"),
    wachtwoord_stdin: bool = typer.Option(False, "--wachtwoord-stdin", help="Lees het wachtwoord van stdin"),
) -> None:
    """Voeg een gebruiker toe (of geef een bestaande een nieuw wachtwoord, rol en bereik)."""
    from pipelines.gebruikers import GebruikerFout, voeg_toe

    if wachtwoord_stdin:
        wachtwoord = sys.stdin.readline().rstrip("\n")
    else:
        wachtwoord = typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    try:
        wie = voeg_toe(get_settings().users_path, naam, wachtwoord, rol, gemeente or [])
    except GebruikerFout as exc:
        _fail(str(exc))
    console.print(f"Gebruiker {wie.naam} ({wie.rol}; {', '.join(wie.gemeenten) or 'alle gemeenten'}) opgeslagen "
                  f"in {get_settings().users_path}")


@gebruiker_app.command("verwijderen")
def gebruiker_verwijderen(naam: str = typer.Argument(..., help="Aanmeldnaam")) -> None:
    """Verwijder een gebruiker."""
    from pipelines.gebruikers import GebruikerFout, verwijder

    try:
        verwijder(get_settings().users_path, naam)
    except GebruikerFout as exc:
        _fail(str(exc))
    console.print(f"Gebruiker {naam} verwijderd.")


@gebruiker_app.command("lijst")
def gebruiker_lijst() -> None:
    """Toon de gebruikers met hun rol en gemeenten."""
    from pipelines.gebruikers import GebruikerFout, lijst

    try:
        alle = lijst(get_settings().users_path)
    except GebruikerFout as exc:
        _fail(str(exc))
    if not alle:
        console.print(f"Nog geen gebruikers in {get_settings().users_path}.")
    for wie in alle:
        typer.echo(f"{wie.naam}\t{wie.rol}\t{', '.join(wie.gemeenten) or 'alle gemeenten'}")


@gebruiker_app.command("demo")
def gebruiker_demo() -> None:
    """Maak een demogebruiker per rol als er nog geen gebruikers zijn (make run)."""
    import secrets

    from pipelines.gebruikers import ROLLEN, lijst, voeg_toe

    pad = get_settings().users_path
    if lijst(pad):
        console.print(f"Gebruikers uit {pad}; `wimi gebruiker lijst` toont ze.")
        return
    # random passwords: the demo users stay safe should the server ever be opened to the network
    console.print("Demogebruikers, een per rol (schrijf de wachtwoorden op: ze worden niet opnieuw getoond):")
    for rol in ROLLEN:
        wachtwoord = secrets.token_urlsafe(9)
        voeg_toe(pad, f"demo-{rol}", wachtwoord, rol)
        console.print(f"  naam [bold]demo-{rol}[/]  wachtwoord [bold]{wachtwoord}[/]")
    console.print("Meld u aan op http://127.0.0.1:8501 met een van deze namen. Een nieuw wachtwoord: "
                  "`wimi gebruiker toevoegen demo-beheerder --rol beheerder`.")


leveringen_app = typer.Typer(help="Geladen leveringen tonen en intrekken", invoke_without_command=True)
app.add_typer(leveringen_app, name="leveringen")


@leveringen_app.callback()
def leveringen(ctx: typer.Context) -> None:
    """Toon de geladen leveringen: id, peildatum, gemeenten, bronsysteem, map."""
    if ctx.invoked_subcommand is not None:
        return
    from pipelines.leveringen import lijst
    from pipelines.load.read import LoadError

    try:
        alle = lijst(get_settings())
    except LoadError as exc:
        _fail(str(exc))
    if not alle:
        console.print("Nog geen leveringen geladen.")
    for lev in alle:
        typer.echo(f"{lev.levering_id}\tpeildatum {lev.peildatum:%d-%m-%Y}\t{', '.join(lev.gemeenten)}\t"
                   f"{lev.bronsysteem or '-'}\tgeladen {lev.geladen_op:%d-%m-%Y %H:%M}\t{lev.map}")


@leveringen_app.command("intrekken")
def leveringen_intrekken(
    levering_id: str = typer.Argument(..., help="Levering-id (zie `wimi leveringen`)"),
    gemeente: list[str] = typer.Option(None, help="Alleen het deel van deze gemeente (GMxxxx); herhaal voor meer; "
                                                  "zonder: de hele levering"),
) -> None:
    """Trek een levering in, of het deel van een of meer gemeenten; staat in de laadhistorie."""
    from pipelines.leveringen import intrekken
    from pipelines.load.read import LoadError

    try:
        rest = intrekken(get_settings(), levering_id, gemeente or None)
    except LoadError as exc:
        _fail(str(exc))
    if rest is None:
        console.print(f"Levering {levering_id} ingetrokken.")
    else:
        console.print(f"Levering {levering_id} ingetrokken voor {', '.join(sorted(set(g.upper() for g in gemeente)))}; "
                      f"blijft geladen voor {', '.join(rest.gemeenten)}.")
    console.print("Draai `wimi build` om het warehouse bij te werken.")


@app.command()
def deel(
    output: Path = typer.Option(..., help="Map voor de pakketten (een submap per gemeente)"),
    gemeente: list[str] = typer.Option(None, help="Alleen deze gemeente (GMxxxx); herhaal voor meer; zonder: elke "
                                                  "gemeente met een eigen extract"),
) -> None:
    """Schrijf de deelbare cijfers van het eigen extract als benchmarkpakket (kleine aantallen weggelaten)."""
    from pipelines.benchmark.deel import DeelFout
    from pipelines.benchmark.deel import deel as maak

    try:
        mappen = maak(get_settings(), output, gemeente or None)
    except DeelFout as exc:
        _fail(str(exc))
    for folder in mappen:
        console.print(f"Pakket geschreven: {folder}")


benchmark_app = typer.Typer(help="Benchmarkpakketten van partnergemeenten", no_args_is_help=True)
app.add_typer(benchmark_app, name="benchmark")


@benchmark_app.command("importeer")
def benchmark_importeer(
    paden: list[Path] = typer.Argument(..., help="Pakketmappen, mappen met pakketten, of bundels (.zip)"),
) -> None:
    """Lees pakketten van partners in de benchmarkfeed; wat niet klopt gaat met een reden in quarantaine."""
    from rich.markup import escape

    from pipelines.benchmark.importeer import importeer
    from pipelines.load.read import LoadError

    try:
        uitkomsten = importeer(get_settings(), paden)
    except LoadError as exc:
        _fail(str(exc))
    for u in uitkomsten:
        wie = f"{u.gemeente_code} (peildatum {u.peildatum:%d-%m-%Y})" if u.gemeente_code else u.herkomst
        kleur = "red" if u.status == "geweigerd" else "green"
        console.print(f"[{kleur}]{u.status}[/]: {escape(wie)}: {escape(u.melding)}"
                      + (f" (uit {escape(u.herkomst)})" if u.gemeente_code else ""))
    geladen = sum(u.status == "geladen" for u in uitkomsten)
    geweigerd = sum(u.status == "geweigerd" for u in uitkomsten)
    from pipelines.benchmark.pakket import quarantaine_dir

    console.print(f"{geladen} pakket(ten) geladen, {geweigerd} geweigerd (apart gezet in "
                  f"{quarantaine_dir(get_settings())})."
                  + (" Draai `wimi build` om het warehouse bij te werken." if geladen else ""))
    if geweigerd:
        raise typer.Exit(code=1)


@benchmark_app.command("bundel")
def benchmark_bundel(
    paden: list[Path] = typer.Argument(..., help="Pakketmappen, mappen met pakketten, of bundels (.zip)"),
    output: Path = typer.Option(..., help="Het bundelbestand (.zip)"),
) -> None:
    """Bundel pakketten tot één bestand om te verspreiden (zelfde pakketten geven hetzelfde bestand)."""
    from pipelines.benchmark.bundel import BundelFout, bundel

    try:
        manifests = bundel(paden, output)
    except BundelFout as exc:
        _fail(str(exc))
    console.print(f"{len(manifests)} pakket(ten) gebundeld in {output}: "
                  f"{', '.join(m.gemeente_code for m in manifests)}")


@export_app.command("kpi")
def export_kpi(output: Path = typer.Option(..., help="Bestand: .csv (Nederlandse Excel) of .parquet")) -> None:
    """Schrijf de volledige KPI-tabel."""
    from pipelines.export import ExportError, cbs_note_path, demo_note_path, export_kpi_table

    try:
        rows = export_kpi_table(output, get_settings())
    except ExportError as exc:
        _fail(str(exc))
    console.print(f"{rows} rijen geschreven naar {output}")
    note = demo_note_path(output)
    if note.exists():
        console.print(f"[bold yellow]{note.read_text(encoding='utf-8').strip()}[/] (ook in {note})")
    if cbs_note_path(output).exists():
        console.print(f"Welke CBS-reeks elke periode gebruikt en waar die breekt: {cbs_note_path(output)}")


@app.command()
def rapport(
    gemeente: str = typer.Option(..., help="Gemeentecode, bijvoorbeeld GM0344"),
    kwartaal: str = typer.Option(..., help="Kwartaal: 2025K4 (of 2025Q4)"),
    output: Path = typer.Option(..., help="Het PDF-bestand"),
) -> None:
    """Schrijf de kwartaalrapportage van een gemeente als PDF (openbaar: kleine aantallen afgeschermd)."""
    import time

    from dashboard import rapport as kwartaalrapport

    start = time.perf_counter()
    kwartaalrapport.als_opdrachtregel()
    try:
        inhoud = kwartaalrapport.maak(gemeente.strip().upper(), kwartaal)
    except kwartaalrapport.RapportFout as exc:
        _fail(str(exc))
    except FileNotFoundError:
        _fail(f"geen warehouse in {get_settings().warehouse_path}; draai eerst `wimi build`")
    output.write_bytes(inhoud)
    console.print(f"Kwartaalrapportage geschreven: {output} ({time.perf_counter() - start:.1f} s)")


@app.command("fetch-cbs")
def fetch_cbs(
    if_missing: bool = typer.Option(False, help="Alleen als er nog geen download is"),
    timeout: float = typer.Option(10.0, help="Seconden voordat we opgeven zonder netwerk"),
    tabel: str = typer.Option(None, help="Alleen deze CBS-tabel (bijv. 86003NED) opnieuw, in de bestaande download"),
) -> None:
    """Download de CBS-gegevens (StatLine, PDOK-grenzen) naar data/cbs/."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from pipelines.cbs.fetch import fetch
    from pipelines.cbs.odata import CbsFout

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:>6.0f} rijen"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        vorige: list = []

        def voortgang(label: str):
            # a table's size is known only at its last page: the bar pulses until the next table starts
            if vorige:
                progress.update(vorige[-1], total=progress.tasks[-1].completed or 1)
            vorige.append(progress.add_task(label, total=None))
            return lambda rijen: progress.update(vorige[-1], completed=rijen)

        try:
            message = fetch(get_settings(), if_missing=if_missing, timeout=timeout, tabel=tabel, voortgang=voortgang)
        except CbsFout as exc:
            progress.stop()
            _fail(str(exc))
        if vorige:
            progress.update(vorige[-1], total=progress.tasks[-1].completed or 1)
    console.print(message)


@app.command()
def forecast(
    input: Path = typer.Option(..., "--input", help="CSV met kolommen periode,waarde"),
    horizon: int = typer.Option(..., help="Aantal perioden vooruit"),
    output: Path = typer.Option(..., help="CSV met periode,waarde,p10,p90,p2_5,p97_5"),
) -> None:
    """Voorspel een willekeurige reeks (maand, kwartaal of jaar)."""
    from pipelines.forecast.file import ForecastInputError, forecast_file

    try:
        message = forecast_file(input, horizon, output)
    except ForecastInputError as exc:
        _fail(str(exc))
    console.print(message)


if __name__ == "__main__":
    app()
