/* Reading floor for `make bench`: the raw cost of inflating a workbook's XML.
 *
 * Opens the XLSX with libzip and inflates xl/sharedStrings.xml and xl/worksheets/sheet1.xml
 * (or the entries named after the file: content.xml for an ODS) through a 64 KB buffer,
 * counting bytes and '<' characters (so the loop cannot be skipped). No XML is parsed: any
 * reader of the same file does at least this much work.
 *
 *   cc -O2 -o bench/work/inflate_floor bench/inflate_floor.c -lzip
 *   bench/work/inflate_floor FILE [ENTRY...]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <zip.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int inflate_entry(zip_t *archive, const char *name, uint64_t *bytes, uint64_t *tags) {
    static unsigned char buffer[64 * 1024];
    zip_file_t *file = zip_fopen(archive, name, 0);
    if (!file) {
        fprintf(stderr, "inflate_floor: no entry %s: %s\n", name, zip_strerror(archive));
        return -1;
    }
    zip_int64_t n;
    while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) {
        *bytes += (uint64_t)n;
        uint64_t count = 0;
        for (zip_int64_t i = 0; i < n; i++) count += buffer[i] == '<';
        *tags += count;
    }
    zip_fclose(file);
    return n < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: inflate_floor FILE [ENTRY...]\n");
        return 2;
    }
    double start = now();
    int error = 0;
    zip_t *archive = zip_open(argv[1], ZIP_RDONLY, &error);
    if (!archive) {
        fprintf(stderr, "inflate_floor: cannot open %s (libzip error %d)\n", argv[1], error);
        return 1;
    }
    uint64_t bytes = 0, tags = 0;
    if (argc == 2) {
        if (inflate_entry(archive, "xl/sharedStrings.xml", &bytes, &tags) != 0) return 1;
        if (inflate_entry(archive, "xl/worksheets/sheet1.xml", &bytes, &tags) != 0) return 1;
    } else {
        for (int i = 2; i < argc; i++)
            if (inflate_entry(archive, argv[i], &bytes, &tags) != 0) return 1;
    }
    zip_close(archive);
    double seconds = now() - start;
    printf("inflate-floor bytes=%llu tags=%llu seconds=%.3f mib_per_s=%.0f\n", (unsigned long long)bytes,
           (unsigned long long)tags, seconds, (double)bytes / 1048576.0 / seconds);
    return 0;
}
