"""``kiosk ocr`` (files → searchable PDFs, text and fields) and ``kiosk scan`` (a scanner → pages).

Heavy imports (cv2, tesseract, pdfium, SANE) stay inside the commands so ``kiosk --help`` is fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from kiosk.cli.common import ConfigOption, load_or_exit


def _material_json(path: Path, material) -> dict:
    data = material.to_json()
    data["file"] = str(path)
    data["error"] = None
    if not material.pages:
        codes = [p["code"] for p in data["problems"]] or ["capture.no_pages"]
        data["error"] = codes[0]
    return data


def ocr(
    files: list[Path] = typer.Argument(..., help="Images (JPEG, PNG, TIFF, PNM) or PDFs, one material each."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array, one object per file, in input order."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the searchable PDFs (default: a temp dir)."),
    workers: int = typer.Option(0, "--workers", help="OCR processes (0 = settings, then one per core)."),
    config: ConfigOption = None,
) -> None:
    """Recognise Chinese filings: searchable PDF, text, confidence, document type, fields, flags."""
    import tempfile

    from kiosk.capture.inputs import pages_of_file
    from kiosk.capture.pipeline import CapturePipeline

    settings = load_or_exit(config)
    out_dir = out or Path(tempfile.mkdtemp(prefix="kiosk-ocr-"))
    results, failed = [], 0
    with CapturePipeline(settings, workers=workers or None) as pipeline:
        for index, path in enumerate(files, 1):
            name = f"{index:02d}-{path.stem}"
            material = pipeline.process_material(pages_of_file(path, pipeline.dpi), out_dir=out_dir, name=name)
            data = _material_json(path, material)
            failed += data["error"] is not None
            results.append(data)
            if not as_json:
                _print_summary(data)
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    if failed:
        raise typer.Exit(1)


def _print_summary(data: dict) -> None:
    fields = data["fields"]
    typer.echo(f"{data['file']}: {data['pages']} page(s), {data['doc_type'] or '未识别类型'}, "
               f"confidence {data['confidence']}, PDF {data['pdf']}")
    for key in ("id_numbers", "phones", "case_numbers", "amounts", "dates"):
        values = [str(v["value"]) for v in fields[key]]
        if values:
            typer.echo(f"  {key}: {', '.join(values)}")
    if fields["court"]:
        typer.echo(f"  court: {fields['court']['value']}")
    for party in fields["parties"]:
        typer.echo(f"  party: {party['role']} {party['name']} ({party['kind']})")
    for note in data["problems"] + data["rescan_requests"]:
        typer.echo(f"  page {note['page']}: {note['code']} {note['message']}", err=True)
    for flag in data["flags"]:
        typer.echo(f"  flag: {flag['category']} “{flag['term']}” page {flag['page'] + 1}", err=True)
    if data["error"]:
        typer.echo(f"  error: {data['error']}", err=True)


def scan(
    device: str = typer.Option("sim://", "--device", "-d",
                               help="sim://[seed], fake://, or a SANE device name (test, sane:fujitsu:...)."),
    pages: int = typer.Option(1, "--pages", "-n", min=1, help="Pages to scan."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for page-NNN.png (and material.pdf with --ocr)."),
    source: str = typer.Option("feeder", "--source", help="feeder or flatbed."),
    resolution: int = typer.Option(300, "--resolution", help="Dots per inch."),
    mode: str = typer.Option("gray", "--mode", help="gray or color."),
    duplex: bool = typer.Option(False, "--duplex", help="Both sides, where the scanner offers it."),
    run_ocr: bool = typer.Option(False, "--ocr", help="Also make the searchable PDF and print its fields."),
    config: ConfigOption = None,
) -> None:
    """Scan pages from a scanner into DIR; faults (jam, no paper, cover open) exit 3 with the litigant message."""
    from drivers.errors import DeviceError
    from drivers.scanner import ScanSettings, scanner_from_url
    from kiosk.messages import litigant_message

    out.mkdir(parents=True, exist_ok=True)
    scanner = scanner_from_url(device)
    saved: list[Path] = []
    try:
        scanner.open()
        for page in scanner.scan(ScanSettings(source=source, pages=pages, resolution=resolution,
                                              mode=mode, duplex=duplex)):
            path = out / f"page-{page.index + 1:03d}.png"
            page.image.save(path, dpi=(page.dpi, page.dpi))
            saved.append(path)
            typer.echo(f"scanned {path} ({page.image.size[0]}x{page.image.size[1]}, {page.dpi} dpi)")
    except DeviceError as exc:
        typer.echo(f"{exc.code}: {litigant_message(exc)} ({exc}); kept {len(saved)} page(s) in {out}", err=True)
        raise typer.Exit(3) from None
    finally:
        scanner.close()
    if run_ocr and saved:
        from kiosk.capture.pipeline import CapturePipeline

        with CapturePipeline(load_or_exit(config)) as pipeline:
            material = pipeline.process_material(saved, out_dir=out, name="material")
        typer.echo(json.dumps(_material_json(out, material), ensure_ascii=False, indent=2, default=str))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add ``kiosk ocr`` and ``kiosk scan`` to the main app."""
    app.command("ocr")(ocr)
    app.command("scan")(scan)
