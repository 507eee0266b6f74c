"""Reading peer for `make bench`: python-calamine (Rust) loading every row of sheet 1, or of
every sheet with `--all-sheets` (XLSX, ODS and XLS alike).

Timed: opening the workbook and materialising all rows as Python values (`to_python()`),
which is how polars/pandas use calamine. Counting the non-empty cells afterwards is not timed.
"""
import sys
import time

from python_calamine import CalamineWorkbook


def main() -> None:
    args = sys.argv[1:]
    all_sheets = "--all-sheets" in args
    args = [a for a in args if a != "--all-sheets"]
    path = args[0]
    start = time.perf_counter()
    workbook = CalamineWorkbook.from_path(path)
    if all_sheets:
        sheets = [workbook.get_sheet_by_index(i).to_python() for i in range(len(workbook.sheet_names))]
    else:
        sheets = [workbook.get_sheet_by_index(0).to_python()]
    seconds = time.perf_counter() - start
    rows = sum(len(sheet) for sheet in sheets)
    cells = sum(1 for sheet in sheets for row in sheet for value in row if value != "" and value is not None)
    print(f"calamine-read sheets={len(sheets)} rows={rows} cells={cells} seconds={seconds:.3f} rows_per_s={rows / seconds:.0f}")


if __name__ == "__main__":
    main()
