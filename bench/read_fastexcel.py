"""Reading peer for `make bench`: fastexcel (Rust; calamine into Apache Arrow), the reader
polars uses for `pl.read_excel` by default.

Timed: opening the workbook and loading sheet 1 into its Arrow record batch (`load_sheet`,
which reads every cell). The shape is printed, not timed.
"""
import sys
import time

import fastexcel


def main() -> None:
    path = sys.argv[1]
    start = time.perf_counter()
    sheet = fastexcel.read_excel(path).load_sheet(0, header_row=None)
    seconds = time.perf_counter() - start
    rows = sheet.height
    print(f"fastexcel-read rows={rows} columns={sheet.width} seconds={seconds:.3f} rows_per_s={rows / seconds:.0f}")


if __name__ == "__main__":
    main()
