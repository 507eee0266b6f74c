"""Reading peer for `make bench`: python-calamine (Rust) loading every row of sheet 1.

Timed: opening the workbook and materialising all rows as Python values (`to_python()`),
which is how polars/pandas use calamine. Counting the non-empty cells afterwards is not timed.
"""
import sys
import time

from python_calamine import CalamineWorkbook


def main() -> None:
    path = sys.argv[1]
    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    seconds = time.perf_counter() - start
    cells = sum(1 for row in rows for value in row if value != "" and value is not None)
    print(f"calamine-read rows={len(rows)} cells={cells} seconds={seconds:.3f} rows_per_s={len(rows) / seconds:.0f}")


if __name__ == "__main__":
    main()
