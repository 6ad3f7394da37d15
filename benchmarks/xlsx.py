"""Workbook benchmark: ``afweging rank`` on a 10,000-item .xlsx beside the same items as CSV.

What it measures
    The scale benchmark's synthetic items (``benchmarks/scale.py``: 12 criteria, seeded)
    are written once as a CSV file (as a Dutch Excel saves it) and once as an Excel
    workbook (its first sheet in the CSV layout; numbers as numbers, years as whole
    numbers, scores and texts as text: as a person would keep them in Excel). Then

        afweging rank ITEMS.xlsx --criteria framework.yaml --as-of 2012-11-01 --format json
        afweging rank ITEMS.csv  --criteria framework.yaml --as-of 2012-11-01 --format json

    each run as a fresh process with stdout discarded, ``--runs`` times (default 5)
    interleaved round-robin; the report gives each median, and the workbook's time over
    the CSV's. Target (issue #17): the workbook ranks in under 2 s (median).

How to run it
    python benchmarks/xlsx.py                 # 10,000 items, 5 runs
    python benchmarks/xlsx.py --items 1000 --runs 3
    python benchmarks/xlsx.py --check         # exit 1 when the target is missed

    It needs openpyxl (a dependency of afweging) to write the workbook, and the
    ``afweging`` command it times. This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import scale

TARGET_SECONDS = 2.0
NUMBERS = {"cost.eur", "cost.fte"}
YEARS = {"established", "last_result"}


def consistent_items(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """The scale benchmark's items, each mandate ending no earlier than the item was
    established (the loader refuses a mandate that ends before its item began)."""
    for item in _GENERATED(count, seed):
        if int(item["mandate_end"][:4]) < item["established"]:
            item["mandate_end"] = f"{item['established']}-12-28"
        yield item


_GENERATED = scale.generate_items
scale.generate_items = consistent_items  # write_portfolios (the CSV) takes the same items


def write_workbook(path: Path, count: int, seed: int) -> None:
    """The items as a workbook, row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    headers = scale.csv_headers()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Items")
    sheet.append(headers)
    for item in scale.generate_items(count, seed):
        row: list[object] = []
        for header, cell in zip(headers, scale.item_row(item, headers), strict=True):
            text = str(cell)
            if header in NUMBERS and text:
                row.append(float(text.replace(".", "").replace(",", ".")))
            elif header in YEARS and text:
                row.append(int(text))
            else:
                row.append(text or None)
        sheet.append(row)
    book.save(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the files, time both commands, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20121101)
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args(argv)
    command = scale.find_afweging()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "framework.yaml").write_text(scale.framework_yaml(), encoding="utf-8")
        scale.write_portfolios(folder / "items.csv", None, args.items, args.seed, "framework.yaml")
        write_workbook(folder / "items.xlsx", args.items, args.seed)
        times: dict[str, list[float]] = {"xlsx": [], "csv": []}
        for _ in range(args.runs):
            for source, measured in times.items():
                argv_ = [command, "rank", f"items.{source}", "--criteria", "framework.yaml",
                         "--as-of", "2012-11-01", "--format", "json"]  # fmt: skip
                measured.append(scale.run_once(argv_, folder)[0])
    workbook, table = (statistics.median(times[s]) for s in ("xlsx", "csv"))
    print(f"{args.items:,} items, median of {args.runs} runs")
    print(f"  xlsx  {workbook:6.2f} s")
    print(f"  csv   {table:6.2f} s")
    print(f"  xlsx / csv = {workbook / table:.2f}; target: xlsx under {TARGET_SECONDS:.0f} s"
          f" — {'met' if workbook < TARGET_SECONDS else 'MISSED'}")  # fmt: skip
    return 1 if args.check and workbook >= TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
