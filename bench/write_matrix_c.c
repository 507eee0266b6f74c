/* Writing baseline for the "national" benchmark: the «Матрица» sheet of Svod's national workbook
 * (measures × municipalities of short status strings), written by libxlsxwriter alone.
 *
 * The same shape as ConsolidationWorkbook's matrix: a header row («№», «Мероприятие», then one
 * column per municipality), then one row per measure (id, title, one status cell per
 * municipality). Status texts come from a fixed list (the five statuses, «—» for no data, and
 * «! …» for overdue), drawn with the SplitMix64 stream of BenchData.swift from its seed; every
 * string is a shared string; each status text has its own fill/font format, as in Svod.
 *
 *   cc -O2 -o bench/work/write_matrix_c bench/write_matrix_c.c $(pkg-config --cflags --libs xlsxwriter)
 *   bench/work/write_matrix_c [MEASURES [MUNICIPALITIES]] FILE      (defaults 60 × 2400)
 *
 * Prints `c-matrix cells=N rows=R columns=C seconds=S fsync_seconds=F file=FILE`: seconds covers
 * workbook_new through workbook_close; fsync_seconds the extra fsync(2) Svod's writer also does.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "bench_common.h"

#define SEED 0x53564F442025ULL /* BenchData.seed */

/* What a matrix cell can say (ConsolidationWorkbook.matrixText), with Svod's colours. */
#define N_TEXTS 9
static const char *const TEXTS[N_TEXTS] = {
    "Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется", "—",
    "! Выполняется", "! Не начато", "! —",
};
static const uint32_t FILLS[N_TEXTS] = {0xC6EFCE, 0xDDEBF7, 0xFFC7CE, 0xE7E6E6, 0xFFFFFF, 0xFFFFFF,
                                        0xDDEBF7, 0xE7E6E6, 0xFFFFFF};
static const uint32_t FONTS[N_TEXTS] = {0x006100, 0x1F3864, 0x9C0006, 0, 0x7F7F7F, 0x808080,
                                        0xC00000, 0xC00000, 0xC00000};
/* 20 × 10 measure titles, as BenchData.measures. */
static const char *const ACTIONS[20] = {
    "Капитальный ремонт", "Текущий ремонт", "Строительство", "Реконструкция", "Благоустройство",
    "Модернизация", "Оснащение", "Содержание", "Проектирование", "Обследование",
    "Замена кровли", "Установка ограждения", "Озеленение территории", "Освещение территории", "Газификация",
    "Подключение к сетям", "Снос", "Восстановление", "Расширение", "Инвентаризация",
};
static const char *const OBJECTS[10] = {
    "общеобразовательной школы", "детского сада", "дома культуры", "автомобильной дороги", "многоквартирного дома",
    "сельской библиотеки", "спортивной площадки", "водопроводной сети", "котельной", "городского парка",
};

static void check(lxw_error status, const char *what) {
    if (status != LXW_NO_ERROR) {
        fprintf(stderr, "write_matrix_c: %s: %s\n", what, lxw_strerror(status));
        exit(1);
    }
}

int main(int argc, char **argv) {
    long measures = 60, municipalities = 2400;
    const char *path;
    if (argc == 4) {
        measures = strtol(argv[1], NULL, 10);
        municipalities = strtol(argv[2], NULL, 10);
        path = argv[3];
    } else if (argc == 3) {
        measures = strtol(argv[1], NULL, 10);
        path = argv[2];
    } else if (argc == 2) {
        path = argv[1];
    } else {
        fprintf(stderr, "usage: write_matrix_c [MEASURES [MUNICIPALITIES]] FILE\n");
        return 2;
    }
    if (measures < 1 || municipalities < 1 || municipalities + 2 > LXW_COL_MAX) {
        fprintf(stderr, "write_matrix_c: bad size %ld × %ld\n", measures, municipalities);
        return 2;
    }

    /* Labels prepared before the clock starts (Svod has them in memory too). */
    char (*names)[64] = malloc((size_t)municipalities * sizeof *names);
    char (*ids)[24] = malloc((size_t)measures * sizeof *ids);
    char (*titles)[160] = malloc((size_t)measures * sizeof *titles);
    if (!names || !ids || !titles) return 1;
    for (long m = 0; m < municipalities; m++) snprintf(names[m], sizeof names[m], "Муниципальное образование № %ld", m + 1);
    for (long k = 0; k < measures; k++) {
        snprintf(ids[k], sizeof ids[k], "%ld.%ld", k / 20 + 1, k % 20 + 1);
        snprintf(titles[k], sizeof titles[k], "%s %s %s", ACTIONS[k % 20], OBJECTS[(k / 20) % 10], ids[k]);
    }
    splitmix_state = SEED;

    double start = now();
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *workbook = workbook_new_opt(path, &options);
    if (!workbook) {
        fprintf(stderr, "write_matrix_c: cannot create %s\n", path);
        return 1;
    }
    lxw_doc_properties properties = {.title = "Svod national matrix benchmark", .created = 1640995200 /* 2022-01-01 */};
    check(workbook_set_properties(workbook, &properties), "properties");
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Матрица");

    lxw_format *header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_bg_color(header, 0xD9E1F2);
    lxw_format *small = workbook_add_format(workbook);
    format_set_bold(small);
    format_set_text_wrap(small);
    format_set_font_size(small, 9);
    format_set_border(small, LXW_BORDER_THIN);
    format_set_bg_color(small, 0xD9E1F2);
    lxw_format *plain = workbook_add_format(workbook);
    format_set_text_wrap(plain);
    format_set_border(plain, LXW_BORDER_THIN);
    lxw_format *status[N_TEXTS];
    for (int s = 0; s < N_TEXTS; s++) {
        status[s] = workbook_add_format(workbook);
        format_set_font_size(status[s], 9);
        format_set_align(status[s], LXW_ALIGN_CENTER);
        format_set_align(status[s], LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(status[s]);
        format_set_border(status[s], LXW_BORDER_THIN);
        format_set_bg_color(status[s], FILLS[s]);
        if (FONTS[s]) format_set_font_color(status[s], FONTS[s]);
        if (s >= 6) format_set_bold(status[s]);
    }

    check(worksheet_set_column(sheet, 0, 0, 7, NULL), "width");
    check(worksheet_set_column(sheet, 1, 1, 42, NULL), "width");
    check(worksheet_set_column(sheet, 2, (lxw_col_t)(municipalities + 1), 13, NULL), "width");
    check(worksheet_set_row(sheet, 0, 30, NULL), "height");
    check(worksheet_write_string(sheet, 0, 0, "№", header), "header");
    check(worksheet_write_string(sheet, 0, 1, "Мероприятие", header), "header");
    for (long m = 0; m < municipalities; m++)
        check(worksheet_write_string(sheet, 0, (lxw_col_t)(m + 2), names[m], small), "header");
    check(worksheet_autofilter(sheet, 0, 0, (lxw_row_t)measures, (lxw_col_t)(municipalities + 1)), "autofilter");
    worksheet_freeze_panes(sheet, 1, 2);
    worksheet_set_landscape(sheet);
    worksheet_fit_to_pages(sheet, 1, 0);
    check(worksheet_repeat_rows(sheet, 0, 0), "repeat rows");

    for (long k = 0; k < measures; k++) {
        lxw_row_t row = (lxw_row_t)(k + 1);
        check(worksheet_write_string(sheet, row, 0, ids[k], plain), "cell");
        check(worksheet_write_string(sheet, row, 1, titles[k], plain), "cell");
        for (long m = 0; m < municipalities; m++) {
            int s = (int)(splitmix_next() % N_TEXTS);
            check(worksheet_write_string(sheet, row, (lxw_col_t)(m + 2), TEXTS[s], status[s]), "cell");
        }
    }
    check(workbook_close(workbook), "close");
    double seconds = now() - start;

    double sync_start = now();
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    double sync_seconds = now() - sync_start;

    long columns = municipalities + 2;
    printf("c-matrix cells=%ld rows=%ld columns=%ld seconds=%.3f fsync_seconds=%.3f file=%s\n",
           (measures + 1) * columns, measures + 1, columns, seconds, sync_seconds, path);
    free(names);
    free(ids);
    free(titles);
    return 0;
}
