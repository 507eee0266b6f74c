#!/usr/bin/env bash
# `make bench`: Svod's XLSX reader and writer against their peers on one 200,000 × 10 sheet.
#
#   bash bench/run.sh            (from the repository root; `make deps` must have run)
#
# Environment: BENCH_ROWS (default 200000), BENCH_RUNS (best-of count, default 3),
# BENCH_SKIP_OPENPYXL=1 to leave out the slowest peer, BENCH_SCRATCH_PATH for swift build's
# --scratch-path (default .build); BENCH_SKIP_NATIONAL=1, BENCH_SKIP_FORMATS=1,
# BENCH_SKIP_RUN=1 and BENCH_SKIP_BOUNDED=1 leave out the later sections (national scale; ODS and
# .xls; the national year through `svod run`; bounded validation).
#
# Every contender runs as its own process under /usr/bin/time, which gives the peak RSS
# (`%M`); the seconds in the table are each program's own timing of its work (process start-up
# and Python imports excluded), the best of BENCH_RUNS runs (openpyxl: one run).
# Everything it makes goes to bench/work/ (git-ignored); the table also lands in
# bench/work/results.txt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${BENCH_ROWS:-200000}
RUNS=${BENCH_RUNS:-3}
WORK=bench/work
PY_PACKAGES=("python-calamine==0.9.1" "openpyxl==3.1.5" "fastexcel==0.21.0")
mkdir -p "$WORK"
: >"$WORK/raw.log"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (Debian package 'time')"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get install -y -q time >/dev/null || die "cannot install /usr/bin/time (apt-get install time)"
fi

PY="$WORK/venv/bin/python"
if ! { [ -x "$PY" ] && "$PY" -c 'import python_calamine, openpyxl, fastexcel' 2>/dev/null; }; then
    say "installing ${PY_PACKAGES[*]} into $WORK/venv"
    rm -rf "$WORK/venv"
    if python3 -m venv "$WORK/venv" >/dev/null 2>&1; then
        "$WORK/venv/bin/pip" install -q --disable-pip-version-check "${PY_PACKAGES[@]}" || die "pip install failed"
    else
        rm -rf "$WORK/venv"
        say "python3 -m venv unavailable; installing with pip --user"
        PY=python3
        python3 -m pip install -q --user "${PY_PACKAGES[@]}" \
            || python3 -m pip install -q --user --break-system-packages "${PY_PACKAGES[@]}" \
            || die "pip install --user failed"
    fi
fi
"$PY" -c 'import python_calamine, openpyxl' || die "python-calamine/openpyxl not importable by $PY"
HAVE_FASTEXCEL=0
if "$PY" -c 'import fastexcel' 2>/dev/null; then HAVE_FASTEXCEL=1; else say "fastexcel not importable: its line is skipped"; fi

say "building (release)"
SCRATCH=()
if [ -n "${BENCH_SCRATCH_PATH:-}" ]; then SCRATCH=(--scratch-path "$BENCH_SCRATCH_PATH"); fi
swift build -c release "${SCRATCH[@]}" --product svod-bench
# The svod CLI is built too (release), but the benchmark itself needs only svod-bench.
swift build -c release "${SCRATCH[@]}" --product svod || say "WARNING: the svod product does not build; benchmarking anyway"
BIN="$(swift build -c release "${SCRATCH[@]}" --show-bin-path)"
SVOD_BENCH="$BIN/svod-bench"
cc -O2 -o "$WORK/write_c" bench/write_c.c $(pkg-config --cflags --libs xlsxwriter)
cc -O2 -o "$WORK/inflate_floor" bench/inflate_floor.c $(pkg-config --cflags --libs libzip)

# --- measuring -----------------------------------------------------------------------------------

# measure CMD...: runs CMD under /usr/bin/time; prints "SECONDS RSS_KIB CPU" where SECONDS is the
# `seconds=` the program reported and CPU the process's user+system seconds (start-up included).
# The program's own line is kept in raw.log and in $LAST_LINE.
LAST_LINE=""
measure() {
    local out
    out="$(/usr/bin/time -f '%e %M %U %S' -o "$WORK/time.tmp" "$@")" || die "failed: $*"
    LAST_LINE="$(tail -n 1 <<<"$out")"
    printf '%s\n' "$LAST_LINE" >>"$WORK/raw.log"
    local seconds rss cpu
    seconds="$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$LAST_LINE")"
    [ -n "$seconds" ] || die "no seconds= in output of $*: $LAST_LINE"
    rss="$(tail -n 1 "$WORK/time.tmp" | awk '{print $2}')"
    cpu="$(tail -n 1 "$WORK/time.tmp" | awk '{printf "%.2f", $3 + $4}')"
    printf '%s %s %s\n' "$seconds" "$rss" "$cpu"
}

# best N CMD...: best seconds of N runs, the largest peak RSS among them, and the CPU seconds
# of the best run ("SECONDS RSS_KIB CPU").
best() {
    local n=$1 i result seconds rss cpu best_s="" best_rss=0 best_cpu=""
    shift
    for ((i = 1; i <= n; i++)); do
        result="$(measure "$@")"
        read -r seconds rss cpu <<<"$result"
        if [ -z "$best_s" ] || awk -v a="$seconds" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
            best_s=$seconds
            best_cpu=$cpu
        fi
        if [ "$rss" -gt "$best_rss" ]; then best_rss=$rss; fi
        printf '    run %d: %s s, %s MiB, process cpu %s s\n' "$i" "$seconds" \
            "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$cpu" >&2
    done
    printf '%s %s %s\n' "$best_s" "$best_rss" "$best_cpu"
}

BIG="$WORK/big.xlsx"
BIG_C="$WORK/big-c.xlsx"
START=$SECONDS

say "writing $ROWS rows with svod-bench generate (best of $RUNS)"
result="$(best "$RUNS" "$SVOD_BENCH" generate --rows "$ROWS" -o "$BIG")"
read -r W_SVOD W_SVOD_RSS W_SVOD_CPU <<<"$result"
say "writing $ROWS rows with libxlsxwriter alone (best of $RUNS)"
result="$(best "$RUNS" "$WORK/write_c" "$ROWS" "$BIG_C")"
read -r W_C W_C_RSS W_C_CPU <<<"$result"
FSYNC_C="$(sed -n 's/.* fsync_seconds=\([0-9.]*\).*/\1/p' <<<"$(grep '^c-write' "$WORK/raw.log" | tail -n 1)")"

say "reading $BIG"
say "  svod (best of $RUNS)"
result="$(best "$RUNS" "$SVOD_BENCH" read "$BIG")"
read -r R_SVOD R_SVOD_RSS R_SVOD_CPU <<<"$result"
SVOD_LINE="$(grep '^svod-read' "$WORK/raw.log" | tail -n 1)"
say "  inflate floor (best of $RUNS)"
result="$(best "$RUNS" "$WORK/inflate_floor" "$BIG")"
read -r R_FLOOR R_FLOOR_RSS R_FLOOR_CPU <<<"$result"
if [ "$HAVE_FASTEXCEL" = 1 ]; then
    say "  fastexcel, the polars reader (best of $RUNS)"
    result="$(best "$RUNS" "$PY" bench/read_fastexcel.py "$BIG")"
    read -r R_FX R_FX_RSS R_FX_CPU <<<"$result"
else
    R_FX="" R_FX_RSS="" R_FX_CPU=""
fi
say "  python-calamine (best of $RUNS)"
result="$(best "$RUNS" "$PY" bench/read_calamine.py "$BIG")"
read -r R_CAL R_CAL_RSS R_CAL_CPU <<<"$result"
if [ "${BENCH_SKIP_OPENPYXL:-0}" != 1 ]; then
    say "  openpyxl read_only (1 run)"
    result="$(best 1 "$PY" bench/read_openpyxl.py "$BIG")"
    read -r R_OPX R_OPX_RSS R_OPX_CPU <<<"$result"
else
    R_OPX="" R_OPX_RSS="" R_OPX_CPU=""
fi

# The two writers wrote the same cells: svod's reader must agree on both files.
say "checking that the libxlsxwriter file holds the same cells"
measure "$SVOD_BENCH" read "$BIG_C" >/dev/null
SVOD_C_LINE="$(grep '^svod-read' "$WORK/raw.log" | tail -n 1)"
checksum() { sed -n 's/.*\(rows=[0-9]* cells=[0-9]* checksum=[0-9a-f]*\).*/\1/p' <<<"$1"; }
if [ "$(checksum "$SVOD_LINE")" = "$(checksum "$SVOD_C_LINE")" ]; then
    SAME="same cells ($(checksum "$SVOD_LINE"))"
else
    SAME="MISMATCH: svod file $(checksum "$SVOD_LINE") vs C file $(checksum "$SVOD_C_LINE")"
fi

# Wall-clock time on a shared 2-core VM swings by ±15 % between runs; instruction counts under
# callgrind do not. Count both writers on a smaller sheet (valgrind slows them ~50x).
CG_ROWS=${BENCH_CALLGRIND_ROWS:-20000}
CG_SVOD="" CG_C=""
HAVE_CALLGRIND=0
if [ "${BENCH_SKIP_CALLGRIND:-0}" != 1 ] && command -v valgrind >/dev/null 2>&1; then HAVE_CALLGRIND=1; fi
# Instructions a program executes, under callgrind (the writers here, a validated file below).
instructions() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
if [ "$HAVE_CALLGRIND" = 1 ]; then
    say "counting instructions of both writers on $CG_ROWS rows (callgrind)"
    # Valgrind 3.19 cannot read the debug info the Swift 6.3 toolchain writes: count on a copy
    # without it (the instructions are the same).
    strip --strip-debug -o "$WORK/svod-bench-nodebug" "$SVOD_BENCH"
    CG_SVOD="$(instructions "$WORK/svod-bench-nodebug" generate --rows "$CG_ROWS" -o "$WORK/cg-svod.xlsx" || true)"
    CG_C="$(instructions "$WORK/write_c" "$CG_ROWS" "$WORK/cg-c.xlsx" || true)"
fi

say "validating a 100-row report (svod-bench validate, 300 runs)"
VALIDATE_LINE="$("$SVOD_BENCH" validate "$WORK/validate-region" 300)"
printf '%s\n' "$VALIDATE_LINE" >>"$WORK/raw.log"
V_BEST="$(sed -n 's/.* best_ms=\([0-9.]*\).*/\1/p' <<<"$VALIDATE_LINE")"
V_MEAN="$(sed -n 's/.* mean_ms=\([0-9.]*\).*/\1/p' <<<"$VALIDATE_LINE")"

ELAPSED=$((SECONDS - START))
SIZE=$(stat -c %s "$BIG")
SIZE_C=$(stat -c %s "$BIG_C")
DATA_ROWS=$((ROWS + 1))

# --- report --------------------------------------------------------------------------------------

report() {
    awk -v rows="$DATA_ROWS" -v size="$SIZE" -v size_c="$SIZE_C" -v runs="$RUNS" \
        -v svod="$R_SVOD" -v svod_rss="$R_SVOD_RSS" -v svod_cpu="$R_SVOD_CPU" \
        -v cal="$R_CAL" -v cal_rss="$R_CAL_RSS" -v cal_cpu="$R_CAL_CPU" \
        -v fx="$R_FX" -v fx_rss="$R_FX_RSS" -v fx_cpu="$R_FX_CPU" \
        -v fx_ver="$("$PY" -c 'import importlib.metadata as m; print(m.version("fastexcel"))' 2>/dev/null || echo '?')" \
        -v opx="$R_OPX" -v opx_rss="$R_OPX_RSS" -v opx_cpu="$R_OPX_CPU" \
        -v floor="$R_FLOOR" -v floor_rss="$R_FLOOR_RSS" -v floor_cpu="$R_FLOOR_CPU" \
        -v w_svod="$W_SVOD" -v w_svod_rss="$W_SVOD_RSS" -v w_svod_cpu="$W_SVOD_CPU" \
        -v w_c="$W_C" -v w_c_rss="$W_C_RSS" -v w_c_cpu="$W_C_CPU" -v fsync_c="$FSYNC_C" \
        -v cg_svod="$CG_SVOD" -v cg_c="$CG_C" -v cg_rows="$CG_ROWS" \
        -v v_best="$V_BEST" -v v_mean="$V_MEAN" \
        -v same="$SAME" -v elapsed="$ELAPSED" -v load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" \
        -v cores="$(nproc)" -v swift="$(swift --version 2>&1 | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -n 1)" \
        -v cal_ver="$("$PY" -c 'import importlib.metadata as m; print(m.version("python-calamine"))')" \
        -v opx_ver="$("$PY" -c 'import openpyxl; print(openpyxl.__version__)')" '
    function mib(k) { return k / 1024 }
    function line(name, s, rss, cpu) {
        if (s == "") { printf "%-30s %8s\n", name, "skipped"; return }
        printf "%-30s %8.3f %10.0f %9.1f %8.2fx %9s\n", name, s, rows / s, mib(rss), s / svod, cpu
    }
    function target(name, measured, ok) { printf "  %-40s %-16s %s\n", name, measured, ok ? "MET" : "NOT MET" }
    BEGIN {
        printf "Svod benchmark: %d rows x 10 columns (incl. 1 header row), Swift %s, %d cores, load %s\n", rows, swift, cores, load
        printf "file: %.2f MiB written by svod, %.2f MiB by libxlsxwriter alone\n\n", size / 1048576, size_c / 1048576
        printf "READ  seconds = the program'"'"'s own timing, best of %d (openpyxl: 1 run)\n", runs
        printf "      vs svod = seconds / svod seconds; cpu = user+sys of the whole process incl. start-up\n"
        printf "%-30s %8s %10s %9s %9s %9s\n", "contender", "seconds", "rows/s", "RSS MiB", "vs svod", "cpu s"
        line("svod (Swift)", svod, svod_rss, svod_cpu)
        line("fastexcel " fx_ver " (polars)", fx, fx_rss, fx_cpu)
        line("python-calamine " cal_ver, cal, cal_rss, cal_cpu)
        line("openpyxl " opx_ver " read_only", opx, opx_rss, opx_cpu)
        line("C floor: libzip inflate only", floor, floor_rss, floor_cpu)
        printf "\nWRITE  best of %d, shared-strings mode\n", runs
        printf "%-30s %8s %10s %9s %9s\n", "writer", "seconds", "rows/s", "RSS MiB", "cpu s"
        printf "%-30s %8.3f %10.0f %9.1f %9s\n", "svod XLSXWriter", w_svod, rows / w_svod, mib(w_svod_rss), w_svod_cpu
        printf "%-30s %8.3f %10.0f %9.1f %9s\n", "libxlsxwriter alone (C)", w_c, rows / w_c, mib(w_c_rss), w_c_cpu
        printf "svod / libxlsxwriter: %.2fx  (%.2fx if C also paid the fsync svod does: %.3f s)\n",
            w_svod / w_c, w_svod / (w_c + fsync_c), fsync_c
        if (cg_svod != "" && cg_c != "")
            printf "instructions (callgrind, %d rows): svod %.2f G, libxlsxwriter %.2f G -> %.2fx\n",
                cg_rows, cg_svod / 1e9, cg_c / 1e9, cg_svod / cg_c
        printf "content check: %s\n\n", same
        printf "VALIDATE  one 100-row XLSX report against a 100-measure roadmap (read + all checks)\n"
        printf "  best %.2f ms, mean %.2f ms over 300 runs\n\n", v_best, v_mean
        printf "TARGETS\n"
        if (fx != "") target("read faster than fastexcel/polars", sprintf("%.3f vs %.3f s", svod, fx), svod < fx)
        target("read under 0.75 s (the issue'"'"'s polars figure)", sprintf("svod %.3f s", svod), svod < 0.75)
        if (cal != "") target("read >= 2x python-calamine", sprintf("%.2fx", cal / svod), cal / svod >= 2)
        target(sprintf("peak RSS < 2x file size (%.1f MiB)", 2 * size / 1048576), sprintf("svod %.1f MiB", mib(svod_rss)),
            svod_rss * 1024 < 2 * size)
        target("write within 1.3x of libxlsxwriter", sprintf("%.2fx", w_svod / w_c), w_svod / w_c <= 1.3)
        if (cg_svod != "" && cg_c != "")
            target("  same, by instruction count", sprintf("%.2fx", cg_svod / cg_c), cg_svod / cg_c <= 1.3)
        printf "\n(bench phase %d s; raw program output in bench/work/raw.log)\n", elapsed
    }'
    if [ "${BENCH_SKIP_NATIONAL:-0}" != 1 ]; then national_report; fi
}

# === NATIONAL ======================================================================================
# The "national scale" job: BENCH_COUNTRY municipalities (default 2400) × 12 monthly reports of
# 60 rows (made once by `svod-bench country`, cached in bench/work/country), validated and
# consolidated by `svod-bench national`; against it a plain Python reference (bench/reference.py,
# openpyxl read_only + csv) over every BENCH_REFERENCE_SAMPLE-th file (default 24), whose per-file
# time is extrapolated to the whole country; and libxlsxwriter alone writing the same-size
# «Матрица» sheet (bench/write_matrix_c.c). BENCH_SKIP_NATIONAL=1 leaves the section out.
# BENCH_REFERENCE_SAMPLE=1 reads every file and checks the December counts against Svod's JSON.
if [ "${BENCH_SKIP_NATIONAL:-0}" != 1 ]; then
    COUNTRY=${BENCH_COUNTRY:-2400}
    REF_SAMPLE=${BENCH_REFERENCE_SAMPLE:-24}
    COUNTRY_DIR="$WORK/country"
    NAT_START=$SECONDS
    cc -O2 -o "$WORK/write_matrix_c" bench/write_matrix_c.c $(pkg-config --cflags --libs xlsxwriter)
    have_country() {
        [ -f "$COUNTRY_DIR/inbox/received.csv" ] && [ -f "$COUNTRY_DIR/municipalities.csv" ] \
            && [ "$(($(wc -l <"$COUNTRY_DIR/municipalities.csv") - 1))" -eq "$COUNTRY" ]
    }
    if have_country; then
        say "NATIONAL: reusing $COUNTRY_DIR ($COUNTRY municipalities)"
    else
        say "NATIONAL: making a country of $COUNTRY municipalities in $COUNTRY_DIR (svod-bench country)"
        "$SVOD_BENCH" country --municipalities "$COUNTRY" -o "$COUNTRY_DIR" | tee -a "$WORK/raw.log" >&2
    fi
    NAT_FILES_ON_DISK=$(find "$COUNTRY_DIR/inbox" -type f \( -name '*.xlsx' -o -name '*.csv' \) ! -name received.csv | wc -l)

    say "NATIONAL: svod-bench national ($NAT_FILES_ON_DISK files, best of ${BENCH_NATIONAL_RUNS:-3})"
    result="$(best "${BENCH_NATIONAL_RUNS:-3}" "$SVOD_BENCH" national "$COUNTRY_DIR")"
    read -r N_SVOD N_SVOD_RSS N_SVOD_CPU <<<"$result"
    # The line of the best run (the fastest total), for its phase figures.
    NAT_LINE="$(grep '^svod-national' "$WORK/raw.log" | tail -n "${BENCH_NATIONAL_RUNS:-3}" \
        | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^seconds=/) { split($i, kv, "="); if (best == "" || kv[2] < best) { best = kv[2]; line = $0 } } } END { print line }')"
    nat() { sed -n "s/.*[ ^]$1=\([0-9.]*\).*/\1/p" <<<" $NAT_LINE"; }
    N_FILES="$(nat files)" N_VALID="$(nat valid)" N_WRITE="$(nat write_seconds)"
    N_VALIDATE="$(nat validate_seconds)" N_MS_FILE="$(nat ms_per_file)"

    say "NATIONAL: Python reference over every ${REF_SAMPLE}th file (1 run)"
    REF_COUNTS="$WORK/reference-counts.json"
    result="$(best 1 "$PY" bench/reference.py "$COUNTRY_DIR" --sample "$REF_SAMPLE" --counts "$REF_COUNTS")"
    read -r N_REF N_REF_RSS N_REF_CPU <<<"$result"
    REF_LINE="$(grep '^reference' "$WORK/raw.log" | tail -n 1)"
    N_REF_FILES="$(sed -n 's/.* files=\([0-9]*\).*/\1/p' <<<"$REF_LINE")"
    N_REF_CHECK="not checked (sample 1/$REF_SAMPLE; BENCH_REFERENCE_SAMPLE=1 compares the December counts)"
    if [ "$REF_SAMPLE" = 1 ]; then
        N_REF_CHECK="$("$PY" bench/reference.py --compare "$REF_COUNTS" "$COUNTRY_DIR/national-2021-12.json" 2>&1)" \
            || N_REF_CHECK="MISMATCH: $N_REF_CHECK"
    fi

    say "NATIONAL: libxlsxwriter alone writing the 60 × $COUNTRY matrix (best of $RUNS)"
    result="$(best "$RUNS" "$WORK/write_matrix_c" 60 "$COUNTRY" "$WORK/matrix-c.xlsx")"
    read -r N_C N_C_RSS N_C_CPU <<<"$result"
    N_C_CELLS="$(sed -n 's/.* cells=\([0-9]*\).*/\1/p' <<<"$(grep '^c-matrix' "$WORK/raw.log" | tail -n 1)")"
    say "NATIONAL: svod writing the same matrix (svod-bench matrix, best of $RUNS)"
    result="$(best "$RUNS" "$SVOD_BENCH" matrix 60 "$COUNTRY" "$WORK/matrix-svod.xlsx")"
    read -r N_SM N_SM_RSS N_SM_CPU <<<"$result"
    N_MATRIX_SAME="MISMATCH"
    if [ "$(checksum "$("$SVOD_BENCH" read "$WORK/matrix-svod.xlsx")")" = "$(checksum "$("$SVOD_BENCH" read "$WORK/matrix-c.xlsx")")" ]; then
        N_MATRIX_SAME="same cells"
    fi
    N_SM_SIZE=$(stat -c %s "$WORK/matrix-svod.xlsx") N_C_SIZE=$(stat -c %s "$WORK/matrix-c.xlsx")
    # Per file without scheduling noise: instructions of validating 200 files on one thread,
    # minus those of the same run validating none (pipeline load and folder scan).
    N_INSTR=""
    if [ "$HAVE_CALLGRIND" = 1 ]; then
        say "NATIONAL: instructions per file (callgrind, 200 files on one thread)"
        I_200="$(instructions "$WORK/svod-bench-nodebug" validate-files "$COUNTRY_DIR" 200 || true)"
        I_0="$(instructions "$WORK/svod-bench-nodebug" validate-files "$COUNTRY_DIR" 0 || true)"
        if [ -n "$I_200" ] && [ -n "$I_0" ]; then N_INSTR=$(((I_200 - I_0) / 200)); fi
    fi
    say "NATIONAL: one thread, every 15th file (svod-bench validate-files 2000, best of $RUNS)"
    result="$(best "$RUNS" "$SVOD_BENCH" validate-files "$COUNTRY_DIR" 2000)"
    N_ONE="$(grep '^svod-validate-files' "$WORK/raw.log" | tail -n "$RUNS" | sed -n 's/.* ms_per_file=\([0-9.]*\).*/\1/p' | sort -n | head -n 1)"
    NAT_ELAPSED=$((SECONDS - NAT_START))

    national_report() {
        awk -v country="$COUNTRY" -v files="$N_FILES" -v valid="$N_VALID" -v svod="$N_SVOD" -v rss="$N_SVOD_RSS" \
            -v cpu="$N_SVOD_CPU" -v validate="$N_VALIDATE" -v ms_file="$N_MS_FILE" -v write="$N_WRITE" \
            -v ref="$N_REF" -v ref_files="$N_REF_FILES" -v ref_rss="$N_REF_RSS" -v sample="$REF_SAMPLE" \
            -v c="$N_C" -v c_cells="$N_C_CELLS" -v check="$N_REF_CHECK" -v elapsed="$NAT_ELAPSED" -v cores="$(nproc)" \
            -v instr="$N_INSTR" -v one="$N_ONE" -v sm="$N_SM" -v sm_size="$N_SM_SIZE" -v c_size="$N_C_SIZE" \
            -v matrix_same="$N_MATRIX_SAME" '
        function target(name, measured, ok) { printf "  %-40s %-16s %s\n", name, measured, ok ? "MET" : "NOT MET" }
        BEGIN {
            ref_full = ref / ref_files * files
            printf "\nNATIONAL  %d municipalities x 12 months, %d files (%d valid), %d cores\n", country, files, valid, cores
            printf "%-44s %9s %9s %9s\n", "", "seconds", "files/s", "RSS MiB"
            printf "%-44s %9.2f %9.0f %9.1f\n", "svod national (validate+consolidate+write)", svod, files / svod, rss / 1024
            printf "%-44s %9.2f %9.0f\n", "  of which validating every file", validate, files / validate
            printf "%-44s %9.2f %9.1f %9.1f\n", sprintf("python reference, MEASURED on 1/%d (%d files)", sample, ref_files),
                ref, ref_files / ref, ref_rss / 1024
            printf "%-44s %9.2f %9.1f\n", sprintf("python reference, EXTRAPOLATED to %d files", files), ref_full, ref_files / ref
            printf "reference / svod: %.1fx   (svod process cpu %s s)\n", ref_full / svod, cpu
            printf "svod per file: %.3f ms wall for the whole job; validating: %s ms wall per file with %d workers, %s ms on one thread",
                1000 * svod / files, ms_file, cores, one
            if (instr != "") printf ", %.2f M instructions", instr / 1e6
            printf "\n"
            printf "workbook: the whole national workbook (7 sheets) %.3f s\n", write
            printf "«Матрица» alone (%d cells): svod %.3f s, %.0f KiB; libxlsxwriter %.3f s, %.0f KiB -> %.2fx (%s)\n",
                c_cells, sm, sm_size / 1024, c, c_size / 1024, sm / c, matrix_same
            printf "December counts vs reference: %s\n\n", check
            printf "NATIONAL TARGETS\n"
            target("national year < 20 s", sprintf("%.2f s", svod), svod < 20)
            target("  with peak RSS < 1 GiB", sprintf("%.1f MiB", rss / 1024), rss < 1048576)
            target(">= 15x faster than the python reference", sprintf("%.1fx", ref_full / svod), ref_full / svod >= 15)
            target("< 0.3 ms per small file (validating)", sprintf("%.3f ms", ms_file), ms_file < 0.3)
            target("  the same for the whole job", sprintf("%.3f ms", 1000 * svod / files), 1000 * svod / files < 0.3)
            target("matrix within 1.3x of libxlsxwriter", sprintf("%.2fx", sm / c), sm / c <= 1.3)
            printf "\n(national phase %d s, country generation included when not cached)\n", elapsed
        }'
    }
fi
# === end NATIONAL ==================================================================================

# === FORMATS ======================================================================================
# The same BENCH_ROWS rows as ODS and as Excel 97–2003 `.xls`, both written by LibreOffice
# headless from the BIG workbook (cached in bench/work with the row count they were made for):
# big.ods from big.xlsx itself; for .xls, whose sheets hold at most 65,536 rows, the same rows
# split over sheets of BENCH_XLS_SHEET_ROWS (default 50,000) by `svod-bench generate --sheets`,
# then converted. Svod (`svod-bench read --all-sheets`, the public SpreadsheetDocument path) and
# python-calamine (`read_calamine.py --all-sheets`) read every sheet; both must count the same
# rows and cells. The ZIP caps are raised for the ODS read only as far as needed
# (`--max-inflated-mib`): LibreOffice's content.xml for 200,000 rows inflates to ~350 MB, past
# the 200 MB a report may have. BENCH_SKIP_FORMATS=1 leaves the section out; without soffice
# it is skipped with a message.
FORMATS_NOTE=""
HAVE_FORMATS=0
if [ "${BENCH_SKIP_FORMATS:-0}" != 1 ]; then
    SOFFICE="$(command -v soffice || command -v libreoffice || true)"
    if [ -z "$SOFFICE" ]; then
        FORMATS_NOTE="FORMATS: skipped, LibreOffice (soffice) is not installed (apt-get install libreoffice-calc)"
        say "$FORMATS_NOTE"
    else
        HAVE_FORMATS=1
        XLS_SHEET_ROWS=${BENCH_XLS_SHEET_ROWS:-50000}
        XLS_SHEETS=$(((ROWS + XLS_SHEET_ROWS - 1) / XLS_SHEET_ROWS))
        [ "$XLS_SHEETS" -ge 1 ] || XLS_SHEETS=1
        BIG_ODS="$WORK/big.ods"
        BIG_SPLIT="$WORK/big-${XLS_SHEETS}sheets.xlsx"
        BIG_XLS="$WORK/big-${XLS_SHEETS}sheets.xls"
        # A profile of its own, so a LibreOffice the user (or another job) runs is not disturbed.
        LO_PROFILE="file://$PWD/$WORK/lo-profile"
        mkdir -p "$WORK/lo-out"
        convert() {  # convert FILTER SOURCE TARGET
            local filter=$1 source=$2 target=$3
            rm -f "$target"
            "$SOFFICE" -env:UserInstallation="$LO_PROFILE" --headless --convert-to "$filter" --outdir "$WORK/lo-out" "$source" >/dev/null 2>&1 \
                || die "soffice --convert-to $filter $source failed"
            mv "$WORK/lo-out/$(basename "${source%.*}").${target##*.}" "$target" || die "soffice wrote no ${target##*.} for $source"
        }
        FORMATS_KEY="rows=$ROWS sheet_rows=$XLS_SHEET_ROWS"
        if [ -f "$BIG_ODS" ] && [ -f "$BIG_XLS" ] && [ "$(cat "$WORK/formats.key" 2>/dev/null)" = "$FORMATS_KEY" ]; then
            say "FORMATS: reusing $BIG_ODS and $BIG_XLS"
        else
            FORMATS_START=$SECONDS
            say "FORMATS: LibreOffice converting $BIG to ODS"
            convert ods "$BIG" "$BIG_ODS"
            say "FORMATS: splitting the rows over $XLS_SHEETS sheets (svod-bench generate --sheets), converting to .xls"
            "$SVOD_BENCH" generate --rows "$ROWS" --sheets "$XLS_SHEETS" -o "$BIG_SPLIT" >>"$WORK/raw.log"
            convert 'xls:MS Excel 97' "$BIG_SPLIT" "$BIG_XLS"
            echo "$FORMATS_KEY" >"$WORK/formats.key"
            say "FORMATS: converted in $((SECONDS - FORMATS_START)) s"
        fi
        field() { sed -n "s/.*[ ^]$1=\([0-9a-z.]*\).*/\1/p" <<<" $2"; }
        # The inflated size of content.xml, for the cap the ODS read needs (MiB, with room).
        ODS_INFLATED=$("$PY" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("content.xml").file_size)' "$BIG_ODS")
        ODS_CAP_MIB=$(((${ODS_INFLATED:-0} >> 20) + 64))
        [ "$ODS_CAP_MIB" -ge 200 ] || ODS_CAP_MIB=200
        : >"$WORK/formats.tmp"
        for format in ods xls; do
            if [ "$format" = ods ]; then file="$BIG_ODS"; else file="$BIG_XLS"; fi
            say "FORMATS: svod reading $file, every sheet (best of $RUNS)"
            result="$(best "$RUNS" "$SVOD_BENCH" read --all-sheets --max-inflated-mib "$ODS_CAP_MIB" "$file")"
            read -r s rss cpu <<<"$result"
            svod_line="$(grep '^svod-read' "$WORK/raw.log" | tail -n 1)"
            say "FORMATS: python-calamine reading $file, every sheet (best of $RUNS)"
            result="$(best "$RUNS" "$PY" bench/read_calamine.py --all-sheets "$file")"
            read -r cs crss ccpu <<<"$result"
            cal_line="$(grep '^calamine-read' "$WORK/raw.log" | tail -n 1)"
            same="MISMATCH: svod $(field sheets "$svod_line") sheets $(field rows "$svod_line") rows $(field cells "$svod_line") cells, calamine $(field sheets "$cal_line") sheets $(field rows "$cal_line") rows $(field cells "$cal_line") cells"
            if [ "$(field sheets "$svod_line") $(field rows "$svod_line") $(field cells "$svod_line")" \
                = "$(field sheets "$cal_line") $(field rows "$cal_line") $(field cells "$cal_line")" ]; then
                same="same counts: $(field sheets "$svod_line") sheets, $(field rows "$svod_line") rows, $(field cells "$svod_line") cells"
            fi
            printf '%s %s %s %s %s %s %s %s %s %s\n' "$format" "$(stat -c %s "$file")" "$s" "$rss" "$cpu" "$cs" "$crss" "$ccpu" \
                "$(field rows "$svod_line")" "$same" >>"$WORK/formats.tmp"
        done
        say "FORMATS: inflating content.xml alone (C floor, best of $RUNS)"
        result="$(best "$RUNS" "$WORK/inflate_floor" "$BIG_ODS" content.xml)"
        read -r ODS_FLOOR ODS_FLOOR_RSS ODS_FLOOR_CPU <<<"$result"
    fi
fi
formats_report() {
    if [ -n "$FORMATS_NOTE" ]; then printf '\n%s\n' "$FORMATS_NOTE"; return; fi
    [ "$HAVE_FORMATS" = 1 ] || return 0
    awk -v floor="$ODS_FLOOR" -v inflated="$ODS_INFLATED" -v cap="$ODS_CAP_MIB" -v runs="$RUNS" \
        -v cal_ver="$("$PY" -c 'import importlib.metadata as m; print(m.version("python-calamine"))')" \
        -v lo_ver="$("$SOFFICE" --version 2>/dev/null | awk '{ print $2; exit }')" '
    function target(name, measured, ok) { printf "  %-40s %-16s %s\n", name, measured, ok ? "MET" : "NOT MET" }
    {
        n++; fmt[n] = $1; size[n] = $2; s[n] = $3; rss[n] = $4; cpu[n] = $5; cs[n] = $6; crss[n] = $7; ccpu[n] = $8
        rows[n] = $9; same[n] = $10; for (i = 11; i <= NF; i++) same[n] = same[n] " " $i
    }
    END {
        printf "\nFORMATS  the same rows as ODS and .xls (LibreOffice %s), every sheet read; best of %d\n", lo_ver, runs
        printf "%-34s %8s %10s %9s %9s %9s %9s\n", "", "seconds", "rows/s", "RSS MiB", "RSS/file", "vs svod", "cpu s"
        for (i = 1; i <= n; i++) {
            label = fmt[i] == "ods" ? "ODS" : ".xls"
            printf "%s, %.2f MiB%s\n", label, size[i] / 1048576,
                fmt[i] == "ods" ? sprintf(" (content.xml inflates to %.0f MiB; svod read with caps of %d MiB)", inflated / 1048576, cap) : ""
            printf "  %-32s %8.3f %10.0f %9.1f %8.2fx %8.2fx %9s\n", "svod (Swift)", s[i], rows[i] / s[i], rss[i] / 1024,
                rss[i] * 1024 / size[i], 1, cpu[i]
            printf "  %-32s %8.3f %10.0f %9.1f %8.2fx %8.2fx %9s\n", "python-calamine " cal_ver, cs[i], rows[i] / cs[i], crss[i] / 1024,
                crss[i] * 1024 / size[i], cs[i] / s[i], ccpu[i]
            if (fmt[i] == "ods" && floor != "")
                printf "  %-32s %8.3f\n", "C floor: libzip inflate only", floor
            printf "  content check: %s\n", same[i]
        }
        printf "\nFORMATS TARGETS\n"
        for (i = 1; i <= n; i++) {
            label = fmt[i] == "ods" ? "ODS" : ".xls"
            target(sprintf("%s read >= 2x python-calamine", label), sprintf("%.2fx", cs[i] / s[i]), cs[i] / s[i] >= 2)
            target(sprintf("%s peak RSS < 3x file size (%.1f MiB)", label, 3 * size[i] / 1048576),
                sprintf("svod %.1f MiB", rss[i] / 1024), rss[i] * 1024 < 3 * size[i])
            target(sprintf("%s svod and calamine read the same cells", label), same[i] ~ /^same/ ? "same counts" : "mismatch", same[i] ~ /^same/)
        }
    }' "$WORK/formats.tmp"
}
# === end FORMATS ==================================================================================

# === RUN ==========================================================================================
# The national year through `svod run` itself, the command operators schedule (issue 15): first
# load with --backfill, a daily run with nothing new, one with 200 new files
# (bench/run_national.sh). BENCH_SKIP_RUN=1 leaves it out.
RUN_REPORT=""
if [ "${BENCH_SKIP_NATIONAL:-0}" != 1 ] && [ "${BENCH_SKIP_RUN:-0}" != 1 ] && [ -d "${COUNTRY_DIR:-}" ]; then
    RUN_REPORT="$(bash bench/run_national.sh "$BIN/svod" "$COUNTRY_DIR" "$WORK")"
fi
# === end RUN ======================================================================================

# === BOUNDED ======================================================================================
# The user's command on what once took gigabytes: `svod validate` (release) on a valid report with
# BENCH_BIG_ROWS (default 1,000,000) extra rows, as CSV and as XLSX, and on a CSV of as many lines
# without a report table; seconds and peak RSS from /usr/bin/time. Then `svod run` on the tests'
# 200-file inbox shape (the demo region's mail plus March corrections): a first run and a rerun
# with nothing new. BENCH_SKIP_BOUNDED=1 leaves the section out.
if [ "${BENCH_SKIP_BOUNDED:-0}" != 1 ]; then
    BIG_ROWS=${BENCH_BIG_ROWS:-1000000}
    BOUNDED="$WORK/bounded"
    mkdir -p "$BOUNDED"
    SVOD="$BIN/svod"
    if [ ! -f "$BOUNDED/big-report.xlsx" ] || [ "$(cat "$BOUNDED/rows" 2>/dev/null)" != "$BIG_ROWS" ]; then
        say "BOUNDED: making a report with $BIG_ROWS extra rows (CSV, XLSX) and a CSV without a table"
        python3 bench/make_big_report.py Samples/submissions/valid/05723000_2021-03.csv "$BIG_ROWS" "$BOUNDED" >&2
        echo "$BIG_ROWS" >"$BOUNDED/rows"
    fi
    # timed NAME CMD...: appends "NAME SECONDS RSS_KIB STATUS" (wall seconds of the whole process).
    : >"$BOUNDED/results"
    timed() {
        local name=$1 status=0
        shift
        /usr/bin/time -f '%e %M' -o "$BOUNDED/time.tmp" "$@" >"$BOUNDED/out.tmp" 2>/dev/null || status=$?
        printf '%s %s %s\n' "$name" "$(tail -n 1 "$BOUNDED/time.tmp")" "$status" >>"$BOUNDED/results"
    }
    for file in big-report.csv big-report.xlsx no-table.csv; do
        say "BOUNDED: svod validate $file"
        timed "validate:$file" "$SVOD" validate "$BOUNDED/$file" --pipeline Pipelines/primorye.yaml --format json
        printf 'json:%s %s\n' "$file" "$(stat -c %s "$BOUNDED/out.tmp")" >>"$BOUNDED/results"
    done
    say "BOUNDED: svod run over a 200-file inbox, then again with nothing new"
    REGION="$BOUNDED/region"
    rm -rf "$REGION" && mkdir -p "$REGION/inbox"
    cp Samples/demo/inbox/*.xlsx Samples/demo/inbox/*.csv "$REGION/inbox/" && rm -f "$REGION/inbox/received.csv"
    python3 - "$REGION/inbox" Samples/submissions/valid/05723000_2021-03.csv Samples/municipalities/primorye.csv <<'PY'
import csv, sys
inbox, template, registry = sys.argv[1:]
text = open(template, encoding="utf-8-sig").read()
towns = list(csv.DictReader(open(registry, encoding="utf-8"), delimiter=";"))
count, round_ = 0, 1
while count < 152:
    for town in towns:
        if count == 152:
            break
        body = text.replace("Уссурийский городской округ", town["name"]).replace("05723000", town["oktmo"]).replace("участвуют 7 ОО", f"участвуют {round_ + 6} ОО")
        open(f"{inbox}/{town['oktmo']}_2021-03_r{round_:02d}.csv", "w", encoding="utf-8").write(body)
        count += 1
    round_ += 1
PY
    cat >"$REGION/region.yaml" <<YAML
version: 1
region: Приморский край
time_zone: Asia/Vladivostok
roadmap: $PWD/Samples/roadmaps/primorye-2021.xlsx
municipalities: $PWD/Samples/municipalities/primorye.csv
schema: $PWD/Pipelines/schema-default.yaml
folders: {inbox: inbox, archive: archive, quarantine: quarantine, output: out}
ledger: work/ledger.sqlite
YAML
    RUN_FILES=$(ls "$REGION/inbox" | wc -l)
    timed "run:first" "$SVOD" run "$REGION/region.yaml" --as-of 2021-04-13T09:00
    timed "run:again" "$SVOD" run "$REGION/region.yaml" --as-of 2021-04-13T09:00

    bounded_report() {
        awk -v rows="$BIG_ROWS" -v files="$RUN_FILES" '
        $1 ~ /^validate:/ { split($1, n, ":"); sec[n[2]] = $2; rss[n[2]] = $3; st[n[2]] = $4 }
        $1 ~ /^json:/ { split($1, n, ":"); js[n[2]] = $2 }
        $1 ~ /^run:/ { split($1, n, ":"); rsec[n[2]] = $2; rrss[n[2]] = $3; rst[n[2]] = $4 }
        END {
            printf "\nBOUNDED  svod validate (release) on %d extra rows; svod run on a %d-file inbox\n", rows, files
            printf "%-44s %9s %9s %9s %7s\n", "", "seconds", "RSS MiB", "JSON KiB", "exit"
            for (f in sec) printf "%-44s %9.2f %9.1f %9.0f %7d\n", "validate " f, sec[f], rss[f] / 1024, js[f] / 1024, st[f]
            printf "%-44s %9.2f %9.1f %9s %7d\n", "svod run, first (" files " files)", rsec["first"], rrss["first"] / 1024, "", rst["first"]
            printf "%-44s %9.2f %9.1f %9s %7d\n", "svod run, again (nothing new)", rsec["again"], rrss["again"] / 1024, "", rst["again"]
            printf "\nBOUNDED TARGETS\n"
            worst = 0; for (f in rss) if (rss[f] > worst) worst = rss[f]
            printf "  %-40s %-16s %s\n", "1M-row report validated in < 200 MiB", sprintf("%.1f MiB", worst / 1024), worst < 204800 ? "MET" : "NOT MET"
        }' "$BOUNDED/results"
    }
fi
# === end BOUNDED ==================================================================================

echo
report | tee "$WORK/results.txt"
formats_report | tee -a "$WORK/results.txt"
if [ "${BENCH_SKIP_BOUNDED:-0}" != 1 ]; then bounded_report | tee -a "$WORK/results.txt"; fi
if [ -n "$RUN_REPORT" ]; then printf '%s\n' "$RUN_REPORT" | tee -a "$WORK/results.txt"; fi
