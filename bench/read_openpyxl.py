"""Reading peer for `make bench`: openpyxl's streaming mode (`read_only=True`) over sheet 1.

Timed: opening the workbook and iterating every row with `iter_rows(values_only=True)`,
counting non-empty cells (the iteration is lazy, so the count is part of the read).
"""
import sys
import time

from openpyxl import load_workbook


def main() -> None:
    path = sys.argv[1]
    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = 0
    cells = 0
    for row in sheet.iter_rows(values_only=True):
        rows += 1
        for value in row:
            if value is not None:
                cells += 1
    workbook.close()
    seconds = time.perf_counter() - start
    print(f"openpyxl-read rows={rows} cells={cells} seconds={seconds:.3f} rows_per_s={rows / seconds:.0f}")


if __name__ == "__main__":
    main()
