"""Benchmark: our capture pipeline vs OCRmyPDF on the same scanned-looking Chinese filings.

One run prints: our pages/s (searchable PDF + text + fields + layer check) and
``ocrmypdf -l chi_sim --jobs <cores>`` pages/s on the same pages, with the ratio; the character
error rate of our text and of our PDF text layer against the truth (and, for reference, raw
tesseract's and OCRmyPDF's layer); peak memory (RSS of the process tree) of both.

    .venv/bin/python bench/ocr.py --pages 12

Targets (issue 4): >= 2x OCRmyPDF's pages/s, text CER <= 1.0 %, layer CER <= 1.5 %.
The pages come from a seed the post-correction rules were not tuned on.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class PeakRss:
    """Peak resident memory of a process and all its children, sampled every 20 ms."""

    def __init__(self, pid: int | None = None):
        import psutil

        self.root = psutil.Process(pid or os.getpid())
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        try:
            procs = [self.root] + self.root.children(recursive=True)
        except psutil.Error:
            return 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            time.sleep(0.02)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mib(self) -> float:
        return self.peak / 2**20


def weighted_cer(texts: list[str], truths: list[str]) -> float:
    from kiosk.capture.cer import edit_distance

    errors = sum(edit_distance("".join(t.split()), "".join(r.split())) for t, r in zip(texts, truths))
    return errors / sum(len("".join(r.split())) for r in truths)


def run_ours(files: list[Path], out: Path, workers: int):
    from kiosk.capture.pipeline import CapturePipeline
    from kiosk.capture.verify import extract_layer

    with PeakRss() as mem:
        start = time.perf_counter()
        with CapturePipeline(workers=workers) as pipeline:  # pool start-up is counted
            material = pipeline.process_material(files, out_dir=out, name="bench")
        seconds = time.perf_counter() - start
    layer = [t.replace("\r", "") for t in extract_layer(material.pdf_path)]
    return material, layer, seconds, mem.mib


def run_ocrmypdf(files: list[Path], tmp: Path, jobs: int):
    import img2pdf

    from kiosk.capture.verify import extract_layer

    source = tmp / "scans.pdf"
    layout = img2pdf.get_fixed_dpi_layout_fun((300, 300))
    source.write_bytes(img2pdf.convert([str(f) for f in files], layout_fun=layout))
    target = tmp / "ocrmypdf.pdf"
    argv = ["ocrmypdf", "-l", "chi_sim", "--jobs", str(jobs), "--quiet", str(source), str(target)]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with PeakRss(proc.pid) as mem:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"ocrmypdf failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return extract_layer(target), seconds, mem.mib


def run_raw_tesseract(files: list[Path], jobs: int) -> list[str]:
    """Plain tesseract on the unprocessed scans (psm 6, 300 dpi): the baseline we must beat."""
    from concurrent.futures import ThreadPoolExecutor

    def one(path: Path) -> str:
        return subprocess.run(["tesseract", str(path), "-", "-l", "chi_sim", "--psm", "6", "--dpi", "300"],
                              capture_output=True, text=True, check=True).stdout

    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(one, files))


def main() -> None:
    from drivers.scanner.synthetic import synthetic_pages
    from kiosk.capture.pipeline import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=default_workers())
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    parser.add_argument("--skip-raw", action="store_true", help="Skip the raw tesseract baseline.")
    args = parser.parse_args()
    if not shutil.which("ocrmypdf"):
        raise SystemExit("ocrmypdf is not installed (apt-get install ocrmypdf): it is the peer measured here")

    tmp = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    pages = synthetic_pages(args.seed, args.pages)
    files = []
    for i, page in enumerate(pages, 1):
        path = tmp / f"scan-{i:03d}.jpg"
        path.write_bytes(page.jpeg)
        files.append(path)
    truths = [p.truth for p in pages]
    print(f"{len(files)} scanned pages (A4, 300 dpi, JPEG, skewed/blurred/noised), {args.jobs} cores")

    material, layer, ours_s, ours_mib = run_ours(files, tmp / "ours", args.jobs)
    peer_layer, peer_s, peer_mib = run_ocrmypdf(files, tmp, args.jobs)
    raw = [] if args.skip_raw else run_raw_tesseract(files, args.jobs)

    n = len(files)
    ours_pps, peer_pps = n / ours_s, n / peer_s
    figures = {
        "pages": n, "cores": args.jobs,
        "ours_pages_per_s": round(ours_pps, 3), "ocrmypdf_pages_per_s": round(peer_pps, 3),
        "speed_ratio": round(ours_pps / peer_pps, 2),
        "ours_text_cer_pct": round(100 * weighted_cer(material.page_texts, truths), 2),
        "ours_layer_cer_pct": round(100 * weighted_cer(layer, truths), 2),
        "layer_vs_ocr_text_cer_pct": round(100 * (material.layer_cer or 0.0), 3),
        "ocrmypdf_layer_cer_pct": round(100 * weighted_cer(peer_layer, truths), 2),
        "raw_tesseract_text_cer_pct": round(100 * weighted_cer(raw, truths), 2) if raw else None,
        "ours_peak_rss_mib": round(ours_mib, 1), "ocrmypdf_peak_rss_mib": round(peer_mib, 1),
        "ours_pdf_kib": round(material.pdf_path.stat().st_size / 1024, 1),
        "fields": {"doc_type": material.doc_type, "id_numbers": len(material.fields.id_numbers),
                   "case_numbers": len(material.fields.case_numbers), "amounts": len(material.fields.amounts)},
    }
    print(f"ours      : {ours_pps:6.3f} pages/s ({ours_s:.1f} s, searchable PDF + text + fields + layer check)")
    print(f"ocrmypdf  : {peer_pps:6.3f} pages/s ({peer_s:.1f} s, ocrmypdf -l chi_sim --jobs {args.jobs})")
    print(f"ratio     : {figures['speed_ratio']:.2f}x   (target >= 2x)")
    print(f"text CER  : ours {figures['ours_text_cer_pct']:.2f} %   (target <= 1.0 %)"
          + (f"; raw tesseract {figures['raw_tesseract_text_cer_pct']:.2f} %" if raw else ""))
    print(f"layer CER : ours {figures['ours_layer_cer_pct']:.2f} %   (target <= 1.5 %); "
          f"ocrmypdf {figures['ocrmypdf_layer_cer_pct']:.2f} %; "
          f"our layer vs our OCR text {figures['layer_vs_ocr_text_cer_pct']:.3f} %")
    print(f"peak RSS  : ours {ours_mib:.0f} MiB; ocrmypdf {peer_mib:.0f} MiB (process trees)")
    print(f"PDF size  : ours {figures['ours_pdf_kib']:.0f} KiB for {n} pages")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
