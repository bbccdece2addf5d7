/* test_writer.c - atomic output: temporary file, rename, abort, compression. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>
#include <zstd.h>

#include "bersih/writer.h"

#define TEST_TMPDIR_NAME "writer"
#include "tmpdir.h"

static size_t read_all(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return (size_t)-1;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_writer_commit_renames_into_place(void **state)
{
    (void)state;
    char target[512], buf[64];
    snprintf(target, sizeof target, "%s/deep/er/out.txt", tmpdir);
    struct bersih_writer *w;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, 0640, &w, &err), BERSIH_OK);
    const char *temp = bersih_writer_temp_path(w);
    assert_non_null(strstr(temp, "/deep/er/.out.txt.bersih-"));
    assert_int_equal(bersih_writer_write(w, "halo\n", 5, &err), BERSIH_OK);
    /* nothing at the target until commit */
    assert_int_equal(read_all(target, buf, sizeof buf), (size_t)-1);
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_OK);
    assert_int_equal(read_all(target, buf, sizeof buf), 5);
    assert_memory_equal(buf, "halo\n", 5);
    struct stat st;
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/deep/er", tmpdir);
    assert_int_equal(count_entries(dir), 1);
}

/* BERSIH_WRITER_NEW_FILE: the file gets 0666 less the umask, as open(2)
 * would make it, with no chmod; two writers of one target at once each get
 * a temporary of their own. */
static void test_writer_new_file_mode_follows_umask(void **state)
{
    (void)state;
    char target[512], buf[16];
    snprintf(target, sizeof target, "%s/new.txt", tmpdir);
    mode_t old = umask(027);
    struct bersih_writer *w1, *w2;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, BERSIH_WRITER_NEW_FILE, &w1, &err),
                     BERSIH_OK);
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, BERSIH_WRITER_NEW_FILE, &w2, &err),
                     BERSIH_OK);
    const char *t1 = bersih_writer_temp_path(w1), *t2 = bersih_writer_temp_path(w2);
    assert_string_not_equal(t1, t2);
    const char *suffix = strstr(t1, "/.new.txt.bersih-");
    assert_non_null(suffix);
    assert_int_equal(strlen(suffix), strlen("/.new.txt.bersih-") + 6);
    struct stat st;
    assert_int_equal(stat(t1, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(bersih_writer_write(w1, "one\n", 4, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_write(w2, "two\n", 4, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_commit(w1, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_commit(w2, &err), BERSIH_OK);
    umask(old);
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(read_all(target, buf, sizeof buf), 4);
    assert_memory_equal(buf, "two\n", 4);
    assert_int_equal(count_entries(tmpdir), 1); /* no temporary left */
}

/* Writes text to target through a writer that refuses to replace the
 * file (dev, ino); the commit's status. */
static bersih_status write_guarded(const char *target, const char *text, uint64_t dev, uint64_t ino)
{
    struct bersih_writer *w;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, BERSIH_WRITER_NEW_FILE, &w, &err),
                     BERSIH_OK);
    bersih_writer_refuse_replacing(w, dev, ino);
    assert_int_equal(bersih_writer_write(w, text, strlen(text), &err), BERSIH_OK);
    return bersih_writer_commit(w, &err);
}

/* A guarded writer makes a new file, replaces another one, and leaves the
 * guarded one as it was, with no temporary left in every case. */
static void test_writer_refuses_replacing_the_guarded_file(void **state)
{
    (void)state;
    char target[512], other[512], buf[16];
    snprintf(target, sizeof target, "%s/input.txt", tmpdir);
    snprintf(other, sizeof other, "%s/other.txt", tmpdir);
    assert_int_equal(write_guarded(target, "asli\n", 0, 0), BERSIH_OK); /* none there */
    struct stat input;
    assert_int_equal(stat(target, &input), 0);
    assert_int_equal(write_guarded(target, "baru\n", (uint64_t)input.st_dev, (uint64_t)input.st_ino),
                     BERSIH_ERR_REFUSED);
    assert_int_equal(read_all(target, buf, sizeof buf), 5);
    assert_memory_equal(buf, "asli\n", 5);
    assert_int_equal(count_entries(tmpdir), 1);
    assert_int_equal(write_guarded(other, "lama\n", 0, 0), BERSIH_OK);
    assert_int_equal(write_guarded(other, "baru\n", (uint64_t)input.st_dev, (uint64_t)input.st_ino),
                     BERSIH_OK);
    assert_int_equal(read_all(other, buf, sizeof buf), 5);
    assert_memory_equal(buf, "baru\n", 5);
    assert_int_equal(count_entries(tmpdir), 2);
}

static void test_writer_abort_leaves_nothing(void **state)
{
    (void)state;
    char target[512];
    snprintf(target, sizeof target, "%s/gone.txt", tmpdir);
    struct bersih_writer *w;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_GZIP, 0644, &w, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_write(w, "sebagian", 8, &err), BERSIH_OK);
    bersih_writer_abort(w);
    assert_int_equal(count_entries(tmpdir), 0);
    bersih_writer_abort(NULL);
}

static void test_writer_gzip_and_zstd_round_trip(void **state)
{
    (void)state;
    char big[100000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + (i * 7) % 26);
    char target[512];
    struct bersih_writer *w;
    struct bersih_error err;

    snprintf(target, sizeof target, "%s/x.gz", tmpdir);
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_GZIP, 0644, &w, &err), BERSIH_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(bersih_writer_write(w, big, sizeof big, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_OK);
    gzFile gz = gzopen(target, "rb");
    assert_non_null(gz);
    static char back[600000];
    int n = gzread(gz, back, sizeof back);
    gzclose(gz);
    assert_int_equal(n, 5 * (int)sizeof big);
    assert_memory_equal(back + 4 * sizeof big, big, sizeof big);

    snprintf(target, sizeof target, "%s/x.zst", tmpdir);
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_ZSTD, 0644, &w, &err), BERSIH_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(bersih_writer_write(w, big, sizeof big, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_OK);
    static char packed[600000];
    size_t packed_len = read_all(target, packed, sizeof packed);
    size_t out = ZSTD_decompress(back, sizeof back, packed, packed_len);
    assert_false(ZSTD_isError(out));
    assert_int_equal(out, 5 * sizeof big);
    assert_memory_equal(back, big, sizeof big);
}

/* An article of a JSON line: what comes before its text value and after it. */
static struct bersih_article json_article(const char *before, const char *after)
{
    struct bersih_article a;
    memset(&a, 0, sizeof a);
    a.json_before = before;
    a.json_before_len = strlen(before);
    a.json_after = after;
    a.json_after_len = strlen(after);
    return a;
}

static void test_writer_json_line_splices_text(void **state)
{
    (void)state;
    char target[512], buf[256];
    snprintf(target, sizeof target, "%s/a.jsonl", tmpdir);
    struct bersih_article a = json_article("{\"id\":1,\"text\":", ",\"n\":2.50}");
    struct bersih_writer *w;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, 0644, &w, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_write_json(w, &a, "baris \"satu\"\ndua", 16, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_OK);
    size_t n = read_all(target, buf, sizeof buf);
    const char *want = "{\"id\":1,\"text\":\"baris \\\"satu\\\"\\ndua\",\"n\":2.50}\n";
    assert_int_equal(n, strlen(want));
    assert_memory_equal(buf, want, n);
}

/* The test's own JSON string escaper, to check the writer's against. */
static size_t reference_escape(char *out, const char *text, size_t len)
{
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        const char *short_escape = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                                 : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
        if (short_escape)
            n += (size_t)sprintf(out + n, "%s", short_escape);
        else if (c < 0x20)
            n += (size_t)sprintf(out + n, "\\u%04x", c);
        else
            out[n++] = (char)c;
    }
    out[n++] = '"';
    return n;
}

/* Texts escaped straight into the output chunk, or through a scratch
 * buffer when even all escapes might not fit (over 43,690 bytes), in any
 * order and across many chunk flushes, give the same lines byte for byte. */
static void test_writer_json_lines_across_chunks(void **state)
{
    (void)state;
    enum { LINES = 40, MAX_TEXT = 60000 };
    static const size_t sizes[] = { 0, 1, 3000, 43690, 43691, 20000, 59999, 7, 30000, 43000 };
    static char text[MAX_TEXT], want[8 << 20]; /* the 40 lines take under 6 MB */
    char target[512];
    snprintf(target, sizeof target, "%s/lines.jsonl", tmpdir);
    struct bersih_article a = json_article("{\"text\":", "}");
    struct bersih_writer *w;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, 0644, &w, &err), BERSIH_OK);
    size_t want_len = 0;
    for (int line = 0; line < LINES; line++) {
        size_t len = sizes[line % 10];
        for (size_t i = 0; i < len; i++) /* every sixth line all escapes */
            text[i] = line % 6 == 5 ? (char)(i % 32) : "ab \"cd\\e\nf"[(i + (size_t)line) % 11];
        assert_int_equal(bersih_writer_write_json(w, &a, text, len, &err), BERSIH_OK);
        memcpy(want + want_len, a.json_before, a.json_before_len);
        want_len += a.json_before_len;
        want_len += reference_escape(want + want_len, text, len);
        want[want_len++] = '}';
        want[want_len++] = '\n';
    }
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_OK);
    static char got[sizeof want];
    size_t n = read_all(target, got, sizeof got);
    assert_int_equal(n, want_len);
    assert_memory_equal(got, want, n);
}

/* Out of memory in the middle of a JSON line leaves none of it: on
 * standard output, which is committed whatever happened, a half line would
 * stay. Texts short enough to escape in place allocate nothing; a longer
 * one is escaped into a scratch buffer before the line is begun. */
static void test_writer_json_line_out_of_memory_leaves_no_half_line(void **state)
{
    (void)state;
    char target[512];
    snprintf(target, sizeof target, "%s/fd.jsonl", tmpdir);
    static char text[50000], got[64];
    memset(text, 'a', sizeof text);
    struct bersih_article a = json_article("{\"id\":1,\"text\":", "}");
    int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    struct bersih_writer *w;
    struct bersih_error err;
    assert_int_equal(bersih_writer_open_fd(fd, "out", BERSIH_COMPRESSION_NONE, &w, &err), BERSIH_OK);
    bersih_alloc_fail_after(0);
    bersih_status st = bersih_writer_write_json(w, &a, text, sizeof text, &err);
    bersih_alloc_fail_after(-1);
    assert_int_equal(st, BERSIH_ERR_NOMEM);
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_OK);
    close(fd);
    assert_int_equal(read_all(target, got, sizeof got), 0);
}

static void test_writer_cannot_create_under_a_file(void **state)
{
    (void)state;
    char target[512];
    snprintf(target, sizeof target, "%s/plain", tmpdir);
    FILE *f = fopen(target, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(target, sizeof target, "%s/plain/sub/out.txt", tmpdir);
    struct bersih_writer *w;
    struct bersih_error err;
    bersih_error_clear(&err);
    assert_int_equal(bersih_writer_open(target, BERSIH_COMPRESSION_NONE, 0644, &w, &err), BERSIH_ERR_IO);
    assert_null(w);
    assert_non_null(strstr(err.message, "cannot create directory"));
}

static void test_writer_write_error_reported_on_full_device(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    struct bersih_writer *w;
    struct bersih_error err;
    bersih_error_clear(&err);
    assert_int_equal(bersih_writer_open_fd(fileno(full), "full", BERSIH_COMPRESSION_NONE, &w, &err), BERSIH_OK);
    assert_int_equal(bersih_writer_write(w, "x", 1, &err), BERSIH_OK); /* buffered */
    assert_int_equal(bersih_writer_commit(w, &err), BERSIH_ERR_IO);
    assert_non_null(strstr(err.message, "No space left on device"));
    assert_string_equal(err.path, "full");
    fclose(full);
}

static void test_writer_allocation_failures_are_reported(void **state)
{
    (void)state;
    char target[512];
    snprintf(target, sizeof target, "%s/oom/x.txt", tmpdir);
    for (long n = 0; n < 20; n++) {
        struct bersih_writer *w = NULL;
        struct bersih_error err;
        bersih_alloc_fail_after(n);
        bersih_status st = bersih_writer_open(target, BERSIH_COMPRESSION_NONE, 0644, &w, &err);
        if (st == BERSIH_OK)
            st = bersih_writer_write(w, "abc", 3, &err);
        bersih_alloc_fail_after(-1);
        assert_true(st == BERSIH_OK || st == BERSIH_ERR_NOMEM);
        if (w)
            bersih_writer_abort(w);
    }
    char dir[512];
    snprintf(dir, sizeof dir, "%s/oom", tmpdir);
    assert_int_equal(count_entries(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_writer_commit_renames_into_place, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_new_file_mode_follows_umask, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_refuses_replacing_the_guarded_file, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_abort_leaves_nothing, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_gzip_and_zstd_round_trip, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_json_line_splices_text, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_json_lines_across_chunks, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_json_line_out_of_memory_leaves_no_half_line, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_cannot_create_under_a_file, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_write_error_reported_on_full_device, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_allocation_failures_are_reported, make_tmpdir, remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
