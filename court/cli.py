"""court-gateway command line (filled in by the transport work)."""
import typer

app = typer.Typer(help="Court-side gateway for the self-service kiosks.")


def main() -> None:
    app()
