/* Writing baseline for `make bench`: the benchmark sheet written by libxlsxwriter alone.
 *
 * A line-by-line port of `svod-bench generate` (Sources/svod-bench): the same SplitMix64 stream,
 * word lists, number formats and cell order, so the two files hold the same cells (check with
 * `svod-bench read`, which prints the same checksum for both).
 *
 *   cc -O2 -o bench/work/write_c bench/write_c.c -lxlsxwriter
 *   bench/work/write_c [ROWS] FILE
 *
 * Prints `c-write rows=... seconds=... fsync_seconds=...`: seconds covers workbook_new through
 * workbook_close (what libxlsxwriter itself costs); fsync_seconds is the extra fsync(2) of the
 * finished file, which Svod's XLSXWriter.close() does before its atomic rename.
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

/* Word lists: copied from Sources/svod-bench/BenchData.swift. */
/* 10 */
static const char *const HEADERS[] = {
    "№",
    "Муниципальное образование",
    "Мероприятие",
    "Статус",
    "Срок",
    "Сумма, тыс. руб.",
    "Количество",
    "Исполнение, %",
    "Комментарий",
    "Контроль",
};

/* 50 */
static const char *const MUNICIPALITIES[] = {
    "Абанский район",
    "Ачинский район",
    "Балахтинский район",
    "Берёзовский район",
    "Бирилюсский район",
    "Боготольский район",
    "Богучанский район",
    "Большемуртинский район",
    "Большеулуйский район",
    "Дзержинский район",
    "Емельяновский район",
    "Енисейский район",
    "Ермаковский район",
    "Идринский район",
    "Иланский район",
    "Ирбейский район",
    "Казачинский район",
    "Канский район",
    "Каратузский район",
    "Кежемский район",
    "Козульский район",
    "Краснотуранский район",
    "Курагинский район",
    "Манский район",
    "Минусинский район",
    "Мотыгинский район",
    "Назаровский район",
    "Нижнеингашский район",
    "Новосёловский район",
    "Партизанский район",
    "Пировский округ",
    "Рыбинский район",
    "Саянский район",
    "Северо-Енисейский район",
    "Сухобузимский район",
    "Таймырский район",
    "Тасеевский район",
    "Туруханский район",
    "Тюхтетский округ",
    "Ужурский район",
    "Уярский район",
    "Шарыповский округ",
    "Шушенский район",
    "Эвенкийский район",
    "г. Ачинск",
    "г. Боготол",
    "г. Бородино",
    "г. Дивногорск",
    "г. Енисейск",
    "г. Железногорск",
};

/* 20 */
static const char *const ACTIONS[] = {
    "Капитальный ремонт",
    "Текущий ремонт",
    "Строительство",
    "Реконструкция",
    "Благоустройство",
    "Модернизация",
    "Оснащение",
    "Содержание",
    "Проектирование",
    "Обследование",
    "Замена кровли",
    "Установка ограждения",
    "Озеленение территории",
    "Освещение территории",
    "Газификация",
    "Подключение к сетям",
    "Снос",
    "Восстановление",
    "Расширение",
    "Инвентаризация",
};

/* 10 */
static const char *const OBJECTS[] = {
    "общеобразовательной школы",
    "детского сада",
    "дома культуры",
    "автомобильной дороги",
    "многоквартирного дома",
    "сельской библиотеки",
    "спортивной площадки",
    "водопроводной сети",
    "котельной",
    "городского парка",
};

/* 4 */
static const char *const STATUSES[] = {
    "Выполнено",
    "Выполняется",
    "Не выполнено",
    "Не начато",
};

/* 10 */
static const char *const COMMENT_HEADS[] = {
    "Работы ведутся по графику",
    "Подрядчик определён",
    "Контракт заключён",
    "Ожидается финансирование",
    "Проект на экспертизе",
    "Документация подготовлена",
    "Требуется корректировка сметы",
    "Объект принят комиссией",
    "Работы приостановлены",
    "Аукцион не состоялся",
};

/* 10 */
static const char *const COMMENT_MIDDLES[] = {
    "срок сдвинут на месяц",
    "замечаний нет",
    "выявлены нарушения",
    "направлен запрос в министерство",
    "нужна повторная проверка",
    "оплата произведена частично",
    "акт подписан",
    "ожидаем поставку материалов",
    "мешают погодные условия",
    "согласовано с главой",
};

/* 10 */
static const char *const COMMENT_TAILS[] = {
    "ответственный — отдел ЖКХ",
    "ответственный — отдел образования",
    "ответственный — управление строительства",
    "ответственный — финансовый отдел",
    "ответственный — отдел культуры",
    "ответственный — администрация поселения",
    "ответственный — МКУ «Заказчик»",
    "ответственный — комитет по спорту",
    "ответственный — отдел архитектуры",
    "ответственный — юридический отдел",
};

#define SEED 0x53564F442025ULL      /* BenchData.seed */
#define FIRST_DATE_SERIAL 43831.0   /* 2020-01-01 */
#define DATE_SPAN 1826

static void check(lxw_error status, const char *what) {
    if (status != LXW_NO_ERROR) {
        fprintf(stderr, "write_c: %s: %s\n", what, lxw_strerror(status));
        exit(1);
    }
}

int main(int argc, char **argv) {
    long rows = 200000;
    const char *path;
    if (argc == 3) {
        rows = strtol(argv[1], NULL, 10);
        path = argv[2];
    } else if (argc == 2) {
        path = argv[1];
    } else {
        fprintf(stderr, "usage: write_c [ROWS] FILE\n");
        return 2;
    }

    /* measures[k] = actions[k % 20] + " " + objects[k / 20]; comments likewise from three parts. */
    static char measures[200][256];
    static char comments[1000][512];
    for (int k = 0; k < 200; k++)
        snprintf(measures[k], sizeof measures[k], "%s %s", ACTIONS[k % 20], OBJECTS[k / 20]);
    for (int k = 0; k < 1000; k++)
        snprintf(comments[k], sizeof comments[k], "%s, %s; %s",
                 COMMENT_HEADS[k % 10], COMMENT_MIDDLES[(k / 10) % 10], COMMENT_TAILS[k / 100]);
    splitmix_state = SEED;

    double start = now();
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *workbook = workbook_new_opt(path, &options);
    if (!workbook) {
        fprintf(stderr, "write_c: cannot create %s\n", path);
        return 1;
    }
    lxw_doc_properties properties = {.title = "Svod benchmark", .created = 1735689600 /* 2025-01-01 */};
    check(workbook_set_properties(workbook, &properties), "properties");
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Мероприятия");
    /* Formats in the order the Swift writer creates them (first use). */
    lxw_format *bold = workbook_add_format(workbook);
    format_set_bold(bold);
    lxw_format *date = workbook_add_format(workbook);
    format_set_num_format(date, "dd.mm.yyyy");
    lxw_format *money = workbook_add_format(workbook);
    format_set_num_format(money, "#,##0.00");
    lxw_format *percent = workbook_add_format(workbook);
    format_set_num_format(percent, "0.00%");

    for (int c = 0; c < 10; c++) check(worksheet_write_string(sheet, 0, c, HEADERS[c], bold), "header");
    for (long r = 0; r < rows; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        check(worksheet_write_number(sheet, row, 0, (double)(r + 1), NULL), "cell");
        check(worksheet_write_string(sheet, row, 1, MUNICIPALITIES[splitmix_next() % 50], NULL), "cell");
        check(worksheet_write_string(sheet, row, 2, measures[splitmix_next() % 200], NULL), "cell");
        check(worksheet_write_string(sheet, row, 3, STATUSES[splitmix_next() % 4], NULL), "cell");
        check(worksheet_write_number(sheet, row, 4, FIRST_DATE_SERIAL + (double)(splitmix_next() % DATE_SPAN), date), "cell");
        check(worksheet_write_number(sheet, row, 5, (double)(splitmix_next() % 100000000) / 100, money), "cell");
        check(worksheet_write_number(sheet, row, 6, (double)(splitmix_next() % 100000), NULL), "cell");
        check(worksheet_write_number(sheet, row, 7, (double)(splitmix_next() % 10001) / 10000, percent), "cell");
        check(worksheet_write_string(sheet, row, 8, comments[splitmix_next() % 1000], NULL), "cell");
        check(worksheet_write_boolean(sheet, row, 9, (int)(splitmix_next() & 1), NULL), "cell");
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

    printf("c-write rows=%ld cells=%ld seconds=%.3f fsync_seconds=%.3f rows_per_s=%.0f file=%s\n", rows,
           rows * 10 + 10, seconds, sync_seconds, (double)rows / seconds, path);
    return 0;
}
