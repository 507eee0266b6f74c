#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/*.swift against the package's modules.
#
# The package's reading and model modules (Spreadsheet, SvodModel and their dependencies) are built by SwiftPM into
# .build-fuzz with coverage instrumentation and AddressSanitizer (`-sanitize=fuzzer,address`
# on every Swift target; only libraries are built, so nothing is linked against libFuzzer's
# `main` there). Each target is then one `swiftc` link of its file plus Support.swift against
# those objects, with libzip, libxlsxwriter and SQLite from the system.
#
#   bash Fuzz/build.sh            # all targets
#   bash Fuzz/build.sh csv xlsx   # some
#
# Binaries: .build-fuzz/fuzz/<target>. Seed corpora: Fuzz/work/seeds/<target>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRATCH=$ROOT/.build-fuzz
OUT=$SCRATCH/fuzz
ALL_TARGETS=(xlsx xlsx_parts ods xls csv deadline text pipeline schema registry)
TARGETS=("${@:-${ALL_TARGETS[@]}}")
[ $# -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
SANITIZE=${SVOD_FUZZ_SANITIZE:-fuzzer,address}

echo "fuzz: building the package with -sanitize=$SANITIZE (first time: several minutes)"
swift build -c release --scratch-path "$SCRATCH" --target SvodModel \
    -Xswiftc "-sanitize=$SANITIZE" -Xswiftc -g 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
[ -f "$BIN/Modules/SvodModel.swiftmodule" ] || [ -d "$BIN/Modules/SvodModel.swiftmodule" ] || { echo "fuzz: the package build failed" >&2; exit 1; }

# The objects of every library module (executables and tests left out).
mapfile -t OBJECTS < <(find "$BIN" -path "$BIN/svod.build" -prune -o -path "$BIN/svod_bench.build" -prune \
    -o -path "$BIN/svod-bench.build" -prune -o -path '*Tests.build' -prune -o -path '*ArgumentParser*' -prune \
    -o -name '*.o' -print | grep -E '/(Spreadsheet|SvodModel|Yams|CYaml)\.build/' | sort)
# Clang module maps the Swift modules refer to (CZip, CXlsxWriter, CYaml, GRDBSQLite...).
MODULE_MAPS=()
for map in "$ROOT"/Sources/C*/module.modulemap $(find "$SCRATCH/checkouts" -name module.modulemap 2>/dev/null) \
           $(find "$BIN" -maxdepth 2 -name module.modulemap 2>/dev/null); do
    MODULE_MAPS+=(-Xcc "-fmodule-map-file=$map")
done
INCLUDES=()
for dir in $(find "$SCRATCH/checkouts" -type d -name include 2>/dev/null); do INCLUDES+=(-Xcc "-I$dir"); done
LIBS=$(pkg-config --libs libzip xlsxwriter)

mkdir -p "$OUT"
for target in "${TARGETS[@]}"; do
    echo "fuzz: linking $target"
    rm -f "$OUT/$target"
    swiftc -O -g -parse-as-library -sanitize="$SANITIZE" -module-name "fuzz_$target" \
        -I "$BIN/Modules" -I "$BIN" "${MODULE_MAPS[@]}" "${INCLUDES[@]}" \
        "Fuzz/$target.swift" Fuzz/Support.swift \
        "${OBJECTS[@]}" $LIBS -o "$OUT/$target" 2>&1 | grep -v "Cannot export local symbol '__asan" || true
    [ -x "$OUT/$target" ] || { echo "fuzz: linking $target failed" >&2; exit 1; }
done

# Seed corpora from the samples and the reader's fixtures.
bash Fuzz/seeds.sh "${TARGETS[@]}"
echo "fuzz: built ${TARGETS[*]} into $OUT"
