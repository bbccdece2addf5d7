/* test_reader.c - the reader: formats, directory order, skips, errors, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "bersih/reader.h"
#include "jsonl.h"
#include "source.h"

#define TEST_TMPDIR_NAME "reader"
#include "tmpdir.h"

static void write_file(const char *rel, const void *bytes, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static const char *tmp_path(const char *rel)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    return path;
}

static void make_dir(const char *rel)
{
    assert_int_equal(mkdir(tmp_path(rel), 0777), 0);
}

static struct bersih_reader *reader_for(const char *rel, const struct bersih_reader_options *opts)
{
    struct bersih_reader *r;
    struct bersih_error err;
    assert_int_equal(bersih_reader_new(opts, &r, &err), BERSIH_OK);
    assert_int_equal(bersih_reader_add(r, tmp_path(rel), &err), BERSIH_OK);
    return r;
}

static void test_reader_text_file_is_one_article(void **state)
{
    (void)state;
    write_file("one.txt", "Satu.\nDua.\n", 11);
    struct bersih_reader *r = reader_for("one.txt", NULL);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_int_equal(in->format, BERSIH_FORMAT_TEXT);
    assert_int_equal(in->compression, BERSIH_COMPRESSION_NONE);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_int_equal(a.text_len, 11);
    assert_memory_equal(a.text, "Satu.\nDua.\n", 11);
    assert_int_equal(a.line, 0);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_END);
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_END);
    bersih_reader_free(r);
}

static void test_reader_jsonl_keeps_fields_and_numbers_lines(void **state)
{
    (void)state;
    const char *data = "{\"id\":\"x-1\",\"text\":\"A\\nB \\u00e9\",\"date\":\"2019-10-01\"}\n"
                       "\n"
                       "{\"text\": 5}\r\n"
                       "{\"id\": 2, \"body\": \"no text\", \"text\": \"C\"}";
    write_file("a.jsonl", data, strlen(data));
    struct bersih_reader *r = reader_for("a.jsonl", NULL);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_int_equal(in->format, BERSIH_FORMAT_JSONL);

    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_int_equal(a.line, 1);
    assert_int_equal(a.problem.code, BERSIH_OK);
    assert_int_equal(a.text_len, 6);
    assert_memory_equal(a.text, "A\nB \xc3\xa9", 6);
    assert_int_equal(a.id_len, 5);
    assert_memory_equal(a.id, "\"x-1\"", 5);
    assert_string_equal(a.date, "2019-10-01");
    assert_int_equal(a.json_before_len, strlen("{\"id\":\"x-1\",\"text\":"));
    assert_memory_equal(a.json_after, ",\"date\":\"2019-10-01\"}", a.json_after_len);

    /* the blank line 2 is skipped; line 3 has a number for text */
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_int_equal(a.line, 3);
    assert_int_equal(a.problem.code, BERSIH_ERR_JSON);
    assert_string_equal(a.problem.message, "field \"text\" is not a string");
    assert_null(a.text);
    assert_memory_equal(a.raw, "{\"text\": 5}", a.raw_len);

    /* last line without a newline still counts */
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_int_equal(a.line, 4);
    assert_memory_equal(a.text, "C", 1);
    assert_memory_equal(a.id, "2", 1);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_END);
    bersih_reader_free(r);
}

/* defer_decoding hands out raw lines; bersih_reader_decode() must then give
 * every field next_article gives without it, on good and broken lines. */
static void test_reader_deferred_decoding_matches_direct(void **state)
{
    (void)state;
    const char *data = "{\"id\":\"x-1\",\"text\":\"A\\nB \\u00e9\",\"date\":\"2019-10-01\"}\n"
                       "\n"
                       "{\"text\": 5, \"id\": 7}\r\n"
                       "{\"text\": \"broken\n"
                       "{\"body\": \"no text\"}\n"
                       "{\"text\": \"bad \\uZZZZ escape\"}\n"
                       "{\"id\": 2, \"text\": \"C\", \"date\": 3}";
    write_file("d.jsonl", data, strlen(data));
    struct bersih_reader_options opts;
    bersih_reader_options_default(&opts);
    assert_int_equal(opts.defer_decoding, 0);
    struct bersih_reader *direct = reader_for("d.jsonl", NULL);
    opts.defer_decoding = 1;
    struct bersih_reader *deferred = reader_for("d.jsonl", &opts);
    const struct bersih_input *in;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(direct, &in, &err), BERSIH_OK);
    assert_int_equal(bersih_reader_next_input(deferred, &in, &err), BERSIH_OK);
    struct bersih_buf text = BERSIH_BUF_INIT, date = BERSIH_BUF_INIT;
    int articles = 0, problems = 0;
    for (;;) {
        struct bersih_article want, got;
        bersih_status st = bersih_reader_next_article(direct, &want, &err);
        assert_int_equal(bersih_reader_next_article(deferred, &got, &err), st);
        if (st != BERSIH_OK)
            break;
        articles++;
        problems += want.problem.code != BERSIH_OK;
        assert_int_equal(want.undecoded, 0);
        assert_int_equal(got.undecoded, 1);
        assert_null(got.text);
        assert_int_equal(got.problem.code, BERSIH_OK);
        assert_int_equal(got.line, want.line);
        bersih_reader_decode(deferred, &got, &text, &date);
        assert_int_equal(got.undecoded, 0);
        assert_int_equal(got.problem.code, want.problem.code);
        assert_int_equal(got.problem.line, want.problem.line);
        assert_string_equal(got.problem.message, want.problem.message);
        assert_string_equal(got.problem.path, want.problem.path);
        assert_int_equal(got.raw_len, want.raw_len);
        assert_memory_equal(got.raw, want.raw, want.raw_len);
        assert_int_equal(got.text == NULL, want.text == NULL);
        if (want.text) {
            assert_int_equal(got.text_len, want.text_len);
            assert_memory_equal(got.text, want.text, want.text_len);
            assert_int_equal(got.json_before_len, want.json_before_len);
            assert_int_equal(got.json_after_len, want.json_after_len);
            assert_memory_equal(got.json_after, want.json_after, want.json_after_len);
        }
        assert_int_equal(got.id_len, want.id_len);
        if (want.id)
            assert_memory_equal(got.id, want.id, want.id_len);
        assert_int_equal(got.date == NULL, want.date == NULL);
        if (want.date)
            assert_string_equal(got.date, want.date);
        /* a second decode changes nothing */
        struct bersih_article again = got;
        bersih_reader_decode(deferred, &again, &text, &date);
        assert_memory_equal(&again, &got, sizeof again);
    }
    assert_int_equal(articles, 6);
    assert_int_equal(problems, 4);
    bersih_buf_release(&text);
    bersih_buf_release(&date);
    bersih_reader_free(direct);
    bersih_reader_free(deferred);
}

/* bersih_article_init() leaves nothing of what was there before: every
 * field empty, the problem OK with empty text, the input set. */
static void test_article_init_clears_every_field(void **state)
{
    (void)state;
    struct bersih_article a;
    memset(&a, 0x5A, sizeof a);
    struct bersih_input in;
    memset(&in, 0, sizeof in);
    bersih_article_init(&a, &in);
    assert_ptr_equal(a.input, &in);
    assert_int_equal(a.line, 0);
    assert_null(a.text);
    assert_int_equal(a.text_len, 0);
    assert_null(a.json_before);
    assert_null(a.json_after);
    assert_int_equal(a.json_before_len + a.json_after_len, 0);
    assert_null(a.id);
    assert_int_equal(a.id_len, 0);
    assert_null(a.date);
    assert_int_equal(a.date_len, 0);
    assert_int_equal(a.problem.code, BERSIH_OK);
    assert_int_equal(a.problem.line, 0);
    assert_string_equal(a.problem.path, "");
    assert_string_equal(a.problem.message, "");
    assert_null(a.raw);
    assert_int_equal(a.raw_len, 0);
    assert_int_equal(a.undecoded, 0);
}

static void test_reader_text_field_option(void **state)
{
    (void)state;
    const char *data = "{\"text\":\"no\",\"isi\":\"ya\"}\n";
    write_file("f.jsonl", data, strlen(data));
    struct bersih_reader_options opts;
    bersih_reader_options_default(&opts);
    opts.text_field = "isi";
    struct bersih_reader *r = reader_for("f.jsonl", &opts);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_memory_equal(a.text, "ya", 2);
    bersih_reader_free(r);
}

/* zstd by its magic, and by a skippable frame before the first frame
 * (libzstd passes over it; pzstd writes one): read as a plain file, such a
 * file gave hundreds of "not a JSON object" (a review's finding). */
static void test_reader_zstd_by_magic_and_skippable_frame(void **state)
{
    (void)state;
    const char *text = "{\"text\":\"Satu\"}\n{\"text\":\"Dua\"}\n";
    unsigned char packed[256];
    /* magic 0x184D2A53, a size of 4, 4 bytes */
    static const unsigned char skippable[] = { 0x53, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'a', 'b', 'c', 'd' };
    size_t skip = sizeof skippable;
    memcpy(packed, skippable, skip);
    size_t packed_len = ZSTD_compress(packed + skip, sizeof packed - skip, text, strlen(text), 3);
    assert_false(ZSTD_isError(packed_len));
    write_file("z.jsonl.zst", packed + skip, packed_len);
    write_file("s.jsonl.zst", packed, skip + packed_len);
    struct bersih_reader *r = reader_for("z.jsonl.zst", NULL);
    assert_int_equal(bersih_reader_add(r, tmp_path("s.jsonl.zst"), NULL), BERSIH_OK);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    for (int file = 0; file < 2; file++) {
        assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
        assert_int_equal(in->compression, BERSIH_COMPRESSION_ZSTD);
        assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
        assert_int_equal(a.text_len, 4);
        assert_memory_equal(a.text, "Satu", 4);
        assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
        assert_memory_equal(a.text, "Dua", 3);
        assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_END);
    }
    bersih_reader_free(r);
}

static void test_reader_gzip_by_magic_and_truncation(void **state)
{
    (void)state;
    const char *text = "{\"text\":\"Satu\"}\n{\"text\":\"Dua\"}\n";
    unsigned char packed[256];
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)text;
    zs.avail_in = (uInt)strlen(text);
    zs.next_out = packed;
    zs.avail_out = sizeof packed;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t packed_len = sizeof packed - zs.avail_out;
    deflateEnd(&zs);
    write_file("g.jsonl.gz", packed, packed_len);
    write_file("cut.jsonl.gz", packed, packed_len - 10);

    struct bersih_reader *r = reader_for("g.jsonl.gz", NULL);
    assert_int_equal(bersih_reader_add(r, tmp_path("cut.jsonl.gz"), NULL), BERSIH_OK);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_int_equal(in->compression, BERSIH_COMPRESSION_GZIP);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_memory_equal(a.text, "Satu", 4);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_memory_equal(a.text, "Dua", 3);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_END);

    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    bersih_status st;
    while ((st = bersih_reader_next_article(r, &a, &err)) == BERSIH_OK)
        ;
    assert_int_equal(st, BERSIH_ERR_CORRUPT);
    assert_string_equal(err.message, "truncated gzip data");
    assert_string_equal(err.path, tmp_path("cut.jsonl.gz"));
    bersih_reader_free(r);
}

static void test_reader_directory_sorted_skips_hidden_and_fifo(void **state)
{
    (void)state;
    char path[512];
    make_dir("d");
    make_dir("d/sub");
    write_file("d/b.txt", "b", 1);
    write_file("d/a.txt", "a", 1);
    write_file("d/sub/c.txt", "c", 1);
    write_file("d/.hidden.txt", "h", 1);
    snprintf(path, sizeof path, "%s/d/pipe", tmpdir);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/d/sub/up", tmpdir);
    assert_int_equal(symlink("..", path), 0);

    struct bersih_reader *r = reader_for("d", NULL);
    const struct bersih_input *in;
    struct bersih_error err;
    const char *expected[] = { "a.txt", "b.txt", "pipe", "sub/c.txt", "sub/up" };
    bersih_status expected_status[] = { BERSIH_OK, BERSIH_OK, BERSIH_ERR_SKIPPED, BERSIH_OK,
                                        BERSIH_ERR_SKIPPED };
    for (size_t i = 0; i < 5; i++) {
        bersih_status st = bersih_reader_next_input(r, &in, &err);
        assert_int_equal(st, expected_status[i]);
        char want[512];
        snprintf(want, sizeof want, "%s/d/%s", tmpdir, expected[i]);
        if (st == BERSIH_OK) {
            assert_string_equal(in->path, want);
            assert_non_null(strstr(in->relpath, expected[i]));
            assert_true(in->relpath[0] != '/');
        } else {
            assert_string_equal(err.path, want);
        }
    }
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_END);
    bersih_reader_free(r);
}

/* Regular files in a directory are opened without a stat by path (their
 * d_type says what they are); a symbolic link to one still goes the long
 * way. Both must name the file they read by its device and inode, which
 * the CLI compares with the output's to refuse writing over an input. */
static void test_reader_directory_files_and_links_identified(void **state)
{
    (void)state;
    char path[512], target[512];
    make_dir("e");
    write_file("e/plain.txt", "p", 1);
    write_file("elsewhere.txt", "x", 1);
    snprintf(path, sizeof path, "%s/e/link.txt", tmpdir);
    snprintf(target, sizeof target, "%s/elsewhere.txt", tmpdir);
    assert_int_equal(symlink(target, path), 0);

    struct bersih_reader *r = reader_for("e", NULL);
    const struct bersih_input *in;
    struct bersih_error err;
    const char *names[] = { "e/link.txt", "e/plain.txt" };
    const char *files[] = { "elsewhere.txt", "e/plain.txt" };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
        assert_string_equal(in->path, tmp_path(names[i]));
        struct stat st;
        assert_int_equal(stat(tmp_path(files[i]), &st), 0);
        assert_true(in->dev == (uint64_t)st.st_dev);
        assert_true(in->ino == (uint64_t)st.st_ino);
        struct bersih_article a;
        assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
        assert_int_equal(a.text_len, 1);
        assert_int_equal(a.text[0], i == 0 ? 'x' : 'p');
    }
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_END);
    bersih_reader_free(r);
}

/* defer_files: a text file of a walked directory comes back unopened, and
 * bersih_reader_load() reads it as next_article would have, on a copy of
 * the input (another thread's, in the CLI); JSON Lines files, the paths
 * the caller named and a file swapped for a FIFO since the walk listed it
 * go as before, and next_article still reads a deferred input itself. */
static void test_reader_defer_files(void **state)
{
    (void)state;
    make_dir("f");
    write_file("f/a.txt", "Satu", 4);
    write_file("f/b.jsonl", "{\"text\":\"Dua\"}\n", 15);
    write_file("f/c.txt", "Tiga", 4);
    write_file("f/d.txt", "Empat", 5);
    write_file("f/d2.txt", "Empat", 5);
    write_file("f/d3.txt", "Empat", 5);
    /* printf Empat | gzip -n */
    static const unsigned char gz_empat[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x73, 0xcd,
                                              0x2d, 0x48, 0x2c, 1, 0, 0x69, 0x88, 2, 0xe0,
                                              5, 0, 0, 0 };
    write_file("f/e.txt", gz_empat, sizeof gz_empat);
    write_file("named.txt", "Lima", 4);
    struct bersih_reader_options opts;
    bersih_reader_options_default(&opts);
    opts.defer_files = 1;
    struct bersih_reader *r = reader_for("f", &opts);
    assert_int_equal(bersih_reader_add(r, tmp_path("named.txt"), NULL), BERSIH_OK);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    struct bersih_buf text = BERSIH_BUF_INIT;

    /* a.txt: deferred, loaded from a copy */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_string_equal(in->path, tmp_path("f/a.txt"));
    assert_true(in->deferred);
    assert_true(in->dev == 0 && in->ino == 0);
    struct bersih_input copy = *in;
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_OK);
    assert_int_equal(text.len, 4);
    assert_memory_equal(text.data, "Satu", 4);
    struct stat st;
    assert_int_equal(stat(tmp_path("f/a.txt"), &st), 0);
    assert_true(copy.dev == (uint64_t)st.st_dev && copy.ino == (uint64_t)st.st_ino);
    assert_false(copy.deferred);
    assert_int_equal(copy.compression, BERSIH_COMPRESSION_NONE);
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_ERR_ARG);

    /* b.jsonl: read by the reader as always */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_false(in->deferred);
    assert_int_equal(in->format, BERSIH_FORMAT_JSONL);

    /* c.txt: next_article reads a deferred input itself */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_true(in->deferred);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_int_equal(a.text_len, 4);
    assert_memory_equal(a.text, "Tiga", 4);
    assert_true(a.input->ino != 0);
    assert_false(a.input->deferred);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_END);

    /* d.txt, swapped for a FIFO after the walk listed it: skipped, and the
     * open does not wait for a writer */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_true(in->deferred);
    copy = *in;
    assert_int_equal(unlink(tmp_path("f/d.txt")), 0);
    assert_int_equal(mkfifo(tmp_path("f/d.txt"), 0600), 0);
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_ERR_SKIPPED);
    assert_string_equal(err.path, tmp_path("f/d.txt"));
    assert_string_equal(err.message, "a FIFO; skipped");

    /* swapped for a dangling symlink, or a directory: what the walk would
     * have said, but a directory is not walked (its place is past) */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    copy = *in;
    assert_int_equal(unlink(tmp_path("f/d2.txt")), 0);
    assert_int_equal(symlink("nowhere", tmp_path("f/d2.txt")), 0);
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_ERR_SKIPPED);
    assert_string_equal(err.message, "dangling symbolic link; skipped");
    assert_true(copy.deferred);
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    copy = *in;
    assert_int_equal(unlink(tmp_path("f/d3.txt")), 0);
    assert_int_equal(mkdir(tmp_path("f/d3.txt"), 0777), 0);
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_ERR_SKIPPED);
    assert_string_equal(err.message, "a directory; skipped");
    assert_string_equal(err.path, tmp_path("f/d3.txt"));

    /* e.txt: gzip'ed text, known by its magic bytes */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    copy = *in;
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_OK);
    assert_int_equal(copy.compression, BERSIH_COMPRESSION_GZIP);
    assert_int_equal(text.len, 5);
    assert_memory_equal(text.data, "Empat", 5);
    /* and once it is gone, the error names it */
    copy.deferred = 1;
    assert_int_equal(unlink(tmp_path("f/e.txt")), 0);
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_ERR_IO);
    assert_string_equal(err.path, tmp_path("f/e.txt"));
    assert_string_equal(err.message, "No such file or directory");
    assert_true(copy.deferred); /* never opened: a skipped input */

    /* a path the caller named is opened at once */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_string_equal(in->path, tmp_path("named.txt"));
    assert_false(in->deferred);
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_END);
    bersih_buf_release(&text);
    bersih_reader_free(r);
}

/* A deferred file over max_article_bytes fails as next_article fails. */
static void test_reader_defer_files_max_article_bytes(void **state)
{
    (void)state;
    char big[5000];
    make_dir("g");
    memset(big, 'x', sizeof big);
    write_file("g/big.txt", big, sizeof big);
    write_file("g/exact.txt", big, 4096);
    struct bersih_reader_options opts;
    bersih_reader_options_default(&opts);
    opts.defer_files = 1;
    opts.max_article_bytes = 4096;
    struct bersih_reader *r = reader_for("g", &opts);
    const struct bersih_input *in;
    struct bersih_error err;
    struct bersih_buf text = BERSIH_BUF_INIT;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    struct bersih_input copy = *in;
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_ERR_TOO_LARGE);
    assert_string_equal(err.path, tmp_path("g/big.txt"));
    assert_false(copy.deferred); /* it was opened: it failed part way */
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    copy = *in;
    assert_int_equal(bersih_reader_load(r, &copy, &text, &err), BERSIH_OK);
    assert_int_equal(text.len, 4096);
    bersih_buf_release(&text);
    bersih_reader_free(r);
}

/* A descriptor the reader opened with O_NONBLOCK (so that opening a file
 * swapped for a FIFO cannot wait) still reads what comes later: a read
 * that would wait makes it blocking instead of failing with EAGAIN. The
 * writer writes only once the reading end is blocking, so the read must
 * have waited for it, however the threads are scheduled. */
struct late_writer {
    int read_fd, write_fd;
    int wrote;
};

static void *write_once_reader_blocks(void *arg)
{
    struct late_writer *lw = arg;
    for (int i = 0; i < 10000 && (fcntl(lw->read_fd, F_GETFL) & O_NONBLOCK); i++)
        usleep(1000);
    lw->wrote = write(lw->write_fd, "Nanti", 5) == 5;
    close(lw->write_fd);
    return NULL;
}

static void test_source_nonblocking_descriptor_waits_for_data(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
    struct bersih_source *src;
    struct bersih_error err;
    assert_int_equal(bersih_source_new(fds[0], &src, &err), BERSIH_OK);
    bersih_source_opened_nonblocking(src);
    struct late_writer lw = { fds[0], fds[1], 0 };
    pthread_t writer;
    assert_int_equal(pthread_create(&writer, NULL, write_once_reader_blocks, &lw), 0);
    char buf[16];
    size_t got = 0;
    bersih_status st = bersih_source_read(src, buf, sizeof buf, &got, &err);
    assert_int_equal(pthread_join(writer, NULL), 0);
    assert_true(lw.wrote);
    assert_int_equal(st, BERSIH_OK);
    assert_int_equal(got, 5);
    assert_memory_equal(buf, "Nanti", 5);
    assert_int_equal(fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
    bersih_source_free(src);

    /* a descriptor given as it is stays so: its empty pipe is an error */
    assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
    assert_int_equal(bersih_source_new(fds[0], &src, &err), BERSIH_OK);
    assert_int_equal(bersih_source_read(src, buf, sizeof buf, &got, &err), BERSIH_ERR_IO);
    assert_int_not_equal(fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
    close(fds[1]);
    bersih_source_free(src);
}

/* Reads src to its end into buf; the status of the last read. */
static bersih_status read_to_end(struct bersih_source *src, char *buf, size_t cap, size_t *total)
{
    struct bersih_error err;
    bersih_status st;
    size_t got;
    *total = 0;
    while ((st = bersih_source_read(src, buf + *total, cap - *total, &got, &err)) == BERSIH_OK &&
           got > 0)
        *total += got;
    return st;
}

/* The size of a regular file lets a short read end it without another
 * read; a size that is not the bytes read (the file grew or shrank, or a
 * read came back short before the end) never cuts it. A pipe with the
 * write end open and O_NONBLOCK stands for the file: a read past what it
 * holds fails with EAGAIN instead of returning 0, so it shows whether one
 * was made. */
/* A source reading a non-blocking pipe that holds text (its write end
 * closed when closed is set), told the file's size is size. */
static struct bersih_source *pipe_source(const char *text, int closed, uint64_t size, int *write_fd)
{
    int fds[2];
    struct bersih_source *src;
    struct bersih_error err;
    assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
    assert_int_equal(write(fds[1], text, strlen(text)), (ssize_t)strlen(text));
    if (closed) {
        close(fds[1]);
        fds[1] = -1;
    }
    assert_int_equal(bersih_source_new(fds[0], &src, &err), BERSIH_OK);
    bersih_source_set_size(src, size);
    *write_fd = fds[1];
    return src;
}

static void test_source_size_ends_a_short_read(void **state)
{
    (void)state;
    char buf[64];
    size_t total;
    int write_fd;

    struct bersih_source *src = pipe_source("Berita", 0, 6, &write_fd);
    assert_int_equal(read_to_end(src, buf, sizeof buf, &total), BERSIH_OK);
    assert_int_equal(total, 6);
    assert_memory_equal(buf, "Berita", 6);
    bersih_source_free(src);
    close(write_fd);

    /* fewer bytes than the size so far: read on (here to EAGAIN) */
    src = pipe_source("Beri", 0, 6, &write_fd);
    assert_int_equal(read_to_end(src, buf, sizeof buf, &total), BERSIH_ERR_IO);
    assert_int_equal(total, 4);
    bersih_source_free(src);
    close(write_fd);

    /* more bytes than the size (it grew): all of them, to the 0 */
    src = pipe_source("Berita baru", 1, 6, &write_fd);
    assert_int_equal(read_to_end(src, buf, sizeof buf, &total), BERSIH_OK);
    assert_int_equal(total, 11);
    assert_memory_equal(buf, "Berita baru", 11);
    bersih_source_free(src);
}

static void test_reader_missing_path_is_io_error_then_goes_on(void **state)
{
    (void)state;
    write_file("ok.txt", "ok", 2);
    struct bersih_reader *r = reader_for("nope.txt", NULL);
    assert_int_equal(bersih_reader_add(r, tmp_path("ok.txt"), NULL), BERSIH_OK);
    const struct bersih_input *in;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_ERR_IO);
    assert_string_equal(err.message, "No such file or directory");
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_string_equal(in->path, tmp_path("ok.txt"));
    bersih_reader_free(r);
}

static void test_reader_relpath_never_escapes(void **state)
{
    (void)state;
    write_file("esc.txt", "x", 1);
    struct bersih_reader *r;
    struct bersih_error err;
    assert_int_equal(bersih_reader_new(NULL, &r, &err), BERSIH_OK);
    char climbing[600];
    snprintf(climbing, sizeof climbing, "%s/../%s/./esc.txt", tmpdir, strrchr(tmpdir, '/') + 1);
    assert_int_equal(bersih_reader_add(r, climbing, &err), BERSIH_OK);
    const struct bersih_input *in;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_string_equal(in->relpath, "esc.txt");
    bersih_reader_free(r);
}

static void test_reader_max_article_bytes(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'x', sizeof big);
    write_file("big.txt", big, sizeof big);
    struct bersih_reader_options opts;
    bersih_reader_options_default(&opts);
    opts.max_article_bytes = 4096;
    struct bersih_reader *r = reader_for("big.txt", &opts);
    const struct bersih_input *in;
    struct bersih_article a;
    struct bersih_error err;
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_ERR_TOO_LARGE);
    bersih_reader_free(r);
    /* exactly at the cap is fine */
    write_file("exact.txt", big, 4096);
    r = reader_for("exact.txt", &opts);
    assert_int_equal(bersih_reader_next_input(r, &in, &err), BERSIH_OK);
    assert_int_equal(bersih_reader_next_article(r, &a, &err), BERSIH_OK);
    assert_int_equal(a.text_len, 4096);
    bersih_reader_free(r);
}

static void test_reader_allocation_failures_are_reported(void **state)
{
    (void)state;
    const char *data = "{\"text\":\"Satu\"}\n";
    write_file("oom.jsonl", data, strlen(data));
    /* Fail each allocation in turn: every failure is a clean status. */
    for (long n = 0; n < 40; n++) {
        struct bersih_reader *r = NULL;
        struct bersih_error err;
        bersih_alloc_fail_after(n);
        bersih_status st = bersih_reader_new(NULL, &r, &err);
        if (st == BERSIH_OK)
            st = bersih_reader_add(r, tmp_path("oom.jsonl"), &err);
        const struct bersih_input *in;
        struct bersih_article a;
        if (st == BERSIH_OK)
            st = bersih_reader_next_input(r, &in, &err);
        if (st == BERSIH_OK) {
            st = bersih_reader_next_article(r, &a, &err);
            if (st == BERSIH_OK && a.problem.code != BERSIH_OK)
                st = a.problem.code;
        }
        bersih_alloc_fail_after(-1);
        assert_true(st == BERSIH_OK || st == BERSIH_ERR_NOMEM);
        if (st == BERSIH_OK)
            assert_memory_equal(a.text, "Satu", 4);
        bersih_reader_free(r);
    }
}

static void test_json_scan_rejects_malformed(void **state)
{
    (void)state;
    const char *bad[] = { "", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}",
                          "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":1} x", "{\"a\":\"\x01\"}" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct bersih_json_members m;
        struct bersih_error err;
        bersih_error_clear(&err);
        assert_int_equal(bersih_json_scan(bad[i], strlen(bad[i]), "text", &m, &err), BERSIH_ERR_JSON);
        assert_true(err.offset != BERSIH_NO_OFFSET);
    }
    struct bersih_json_members m;
    const char *good = " {\"a\": [1, -2.5e-3, true, false, null, {\"b\": []}], \"te\\u0078t\": \"v\"} ";
    assert_int_equal(bersih_json_scan(good, strlen(good), "text", &m, NULL), BERSIH_OK);
    assert_true(m.text.is_string);
    assert_memory_equal(good + m.text.start, "\"v\"", 3);
}

static void test_json_escape_unescape_round_trip(void **state)
{
    (void)state;
    const char text[] = "tab\there \"q\" back\\slash \x01 \xc3\xa9 \xf0\x9f\x98\x80\nend";
    struct bersih_buf quoted = BERSIH_BUF_INIT, back = BERSIH_BUF_INIT;
    assert_int_equal(bersih_json_escape(&quoted, text, sizeof text - 1), BERSIH_OK);
    assert_non_null(strstr(quoted.data, "\\u0001"));
    assert_non_null(strstr(quoted.data, "\\t"));
    assert_int_equal(bersih_json_unescape(quoted.data, quoted.len, &back, NULL), BERSIH_OK);
    assert_int_equal(back.len, sizeof text - 1);
    assert_memory_equal(back.data, text, back.len);
    bersih_buf_reset(&back);
    const char *lone = "\"\\ud83d x\"";
    assert_int_equal(bersih_json_unescape(lone, strlen(lone), &back, NULL), BERSIH_ERR_JSON);
    bersih_buf_release(&quoted);
    bersih_buf_release(&back);
}

/* The scanner and the escaper skip plain bytes 16 or 8 at a time; these
 * compare them with the obvious byte-by-byte code on every length and every
 * position of the byte that ends a run, each input in a buffer of its exact
 * size so that ASan sees a read past its end. The filler bytes sit next to
 * the special ones ('!' '#' '[' ']' 0x20 0x7F) and carry the high bit
 * (0x80 0x9F 0xA2 0xDC 0xFF: '"', '\\' and 0x1F with it set), which a
 * signed or off-by-one compare would take for special. */
static const unsigned char json_filler[] = { 'a', 0x20, '!', '#', '[', ']', 0x7F, 0x80,
                                             0x9F, 0xA0, 0xA2, 0xDC, 0xFF, 'Z', '0', 0xC3 };

static unsigned char filler_at(size_t i, size_t len)
{
    return json_filler[(i * 7 + len) % sizeof json_filler];
}

static char *exact_copy(const void *bytes, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    if (n)
        memcpy(p, bytes, n);
    return p;
}

static int ref_is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The string literal starting with the quote at s[pos]: 1 and *at = one past
 * its closing quote, or 0, *at = the offset of the problem and *what. */
static int ref_scan_string(const unsigned char *s, size_t len, size_t pos, size_t *at,
                           const char **what)
{
    for (size_t i = pos + 1; i < len; i++) {
        if (s[i] == '"') {
            *at = i + 1;
            return 1;
        }
        if (s[i] < 0x20) {
            *at = i;
            *what = "control character in string";
            return 0;
        }
        if (s[i] != '\\')
            continue;
        *at = i;
        if (i + 1 >= len) {
            *what = "unterminated string";
            return 0;
        }
        unsigned char e = s[i + 1];
        if (e == 'u') {
            if (i + 6 > len) {
                *what = "unterminated string";
                return 0;
            }
            for (size_t k = 2; k < 6; k++)
                if (!ref_is_hex(s[i + k])) {
                    *what = "bad \\u escape";
                    return 0;
                }
            i += 5;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                   e == 'r' || e == 't') {
            i += 1;
        } else {
            *what = "bad escape";
            return 0;
        }
    }
    *at = len;
    *what = "unterminated string";
    return 0;
}

static void check_scan_like_bytewise(const unsigned char *body, size_t body_len)
{
    static const char head[] = "{\"text\":\"";
    size_t n = sizeof head - 1 + body_len + 2;
    unsigned char *tmp = malloc(n);
    assert_non_null(tmp);
    memcpy(tmp, head, sizeof head - 1);
    memcpy(tmp + sizeof head - 1, body, body_len);
    memcpy(tmp + n - 2, "\"}", 2);
    char *line = exact_copy(tmp, n);
    free(tmp);

    size_t at;
    const char *what = NULL;
    int ok = ref_scan_string((const unsigned char *)line, n, 8, &at, &what);
    if (ok) {
        /* No ',' or '}' is in the filler, so after the string only the
         * line's own closing brace, past spaces, makes a valid object. */
        while (at < n && (line[at] == ' ' || line[at] == '\t' || line[at] == '\n' ||
                          line[at] == '\r'))
            at++;
        if (at != n - 1) {
            ok = 0;
            what = "expected ',' or '}'";
        }
    }
    struct bersih_json_members m;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_status st = bersih_json_scan(line, n, "text", &m, &err);
    if (ok) {
        assert_int_equal(st, BERSIH_OK);
        assert_int_equal(m.text.start, 8);
        assert_int_equal(m.text.end, n - 1);
    } else {
        char want[256];
        snprintf(want, sizeof want, "invalid JSON: %s at byte %zu", what, at);
        assert_int_equal(st, BERSIH_ERR_JSON);
        assert_int_equal(err.offset, at);
        assert_string_equal(err.message, want);
    }
    free(line);
}

static void test_json_scan_string_matches_bytewise(void **state)
{
    (void)state;
    static const char *const inserts[] = { "\"", "\\", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
                                           "\\uD83D\\uDE00", "\\x", "\\u12G4", "\\U0041",
                                           "\\u12", "\x7f", "\x80", "\xa2", "\xdc", "\xff" };
    unsigned char body[64];
    for (size_t len = 0; len <= 40; len++) {
        for (size_t i = 0; i < len; i++)
            body[i] = filler_at(i, len);
        check_scan_like_bytewise(body, len);
        for (size_t pos = 0; pos <= len; pos++) {
            /* every control byte, replacing the filler byte at pos */
            if (pos < len) {
                for (unsigned c = 0; c < 0x20; c++) {
                    unsigned char keep = body[pos];
                    body[pos] = (unsigned char)c;
                    check_scan_like_bytewise(body, len);
                    body[pos] = keep;
                }
            }
            /* quotes, escapes good and bad, inserted at pos (at len the
             * closing quote becomes part of an escape) */
            for (size_t k = 0; k < sizeof inserts / sizeof *inserts; k++) {
                unsigned char with[64];
                size_t n = strlen(inserts[k]);
                memcpy(with, body, pos);
                memcpy(with + pos, inserts[k], n);
                memcpy(with + pos + n, body + pos, len - pos);
                check_scan_like_bytewise(with, len + n);
            }
        }
    }
}

static void ref_escape(struct bersih_buf *out, const unsigned char *s, size_t len)
{
    assert_int_equal(bersih_buf_putc(out, '"'), BERSIH_OK);
    for (size_t i = 0; i < len; i++) {
        char e[8];
        if (s[i] == '"')
            strcpy(e, "\\\"");
        else if (s[i] == '\\')
            strcpy(e, "\\\\");
        else if (s[i] == '\n')
            strcpy(e, "\\n");
        else if (s[i] == '\t')
            strcpy(e, "\\t");
        else if (s[i] == '\r')
            strcpy(e, "\\r");
        else if (s[i] < 0x20)
            snprintf(e, sizeof e, "\\u%04x", s[i]);
        else
            e[0] = (char)s[i], e[1] = '\0';
        assert_int_equal(bersih_buf_append(out, e, strlen(e)), BERSIH_OK);
    }
    assert_int_equal(bersih_buf_putc(out, '"'), BERSIH_OK);
}

static void check_escape_like_bytewise(const unsigned char *text, size_t len)
{
    char *copy = exact_copy(text, len);
    struct bersih_buf got = BERSIH_BUF_INIT, want = BERSIH_BUF_INIT, back = BERSIH_BUF_INIT;
    assert_int_equal(bersih_buf_puts(&got, "x"), BERSIH_OK);
    assert_int_equal(bersih_buf_puts(&want, "x"), BERSIH_OK);
    assert_int_equal(bersih_json_escape(&got, copy, len), BERSIH_OK);
    ref_escape(&want, text, len);
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, want.len);
    assert_int_equal(got.data[got.len], '\0');
    assert_int_equal(bersih_json_unescape(got.data + 1, got.len - 1, &back, NULL), BERSIH_OK);
    assert_int_equal(back.len, len);
    if (len)
        assert_memory_equal(back.data, text, len);
    bersih_buf_release(&got);
    bersih_buf_release(&want);
    bersih_buf_release(&back);
    free(copy);
}

static void test_json_escape_matches_bytewise(void **state)
{
    (void)state;
    unsigned char text[64];
    for (size_t len = 0; len <= 40; len++) {
        for (size_t i = 0; i < len; i++)
            text[i] = filler_at(i, len);
        check_escape_like_bytewise(text, len);
        for (size_t pos = 0; pos < len; pos++) {
            unsigned char keep = text[pos];
            for (unsigned c = 0; c < 0x100; c++) {
                if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F)
                    continue;
                text[pos] = (unsigned char)c;
                check_escape_like_bytewise(text, len);
            }
            /* two in a row, and one at each end of the run */
            text[pos] = '"';
            text[len - 1] = '\\';
            text[0] = '\n';
            check_escape_like_bytewise(text, len);
            text[pos] = keep;
            text[len - 1] = filler_at(len - 1, len);
            text[0] = filler_at(0, len);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reader_text_file_is_one_article, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_jsonl_keeps_fields_and_numbers_lines, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_text_field_option, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_deferred_decoding_matches_direct, make_tmpdir, remove_tmpdir),
        cmocka_unit_test(test_article_init_clears_every_field),
        cmocka_unit_test_setup_teardown(test_reader_gzip_by_magic_and_truncation, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_zstd_by_magic_and_skippable_frame, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_directory_sorted_skips_hidden_and_fifo, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_directory_files_and_links_identified, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_defer_files, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_defer_files_max_article_bytes, make_tmpdir, remove_tmpdir),
        cmocka_unit_test(test_source_nonblocking_descriptor_waits_for_data),
        cmocka_unit_test(test_source_size_ends_a_short_read),
        cmocka_unit_test_setup_teardown(test_reader_missing_path_is_io_error_then_goes_on, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_relpath_never_escapes, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_max_article_bytes, make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_reader_allocation_failures_are_reported, make_tmpdir, remove_tmpdir),
        cmocka_unit_test(test_json_scan_rejects_malformed),
        cmocka_unit_test(test_json_escape_unescape_round_trip),
        cmocka_unit_test(test_json_scan_string_matches_bytewise),
        cmocka_unit_test(test_json_escape_matches_bytewise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
