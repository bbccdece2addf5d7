/* test_intradoc.c - repeated passages inside one article, and the Gopher
 * repetition figures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include "intradoc_internal.h"
#include "bersih/intradoc.h"

struct fixture {
    struct bersih_intradoc *h;
    struct bersih_buf out;
    struct bersih_intradoc_result res;
};

static int setup_intradoc(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || bersih_intradoc_new(NULL, &f->h, NULL) != BERSIH_OK) {
        free(f);
        return -1;
    }
    bersih_buf_init(&f->out, 0);
    bersih_intradoc_result_init(&f->res);
    *state = f;
    return 0;
}

static int teardown_intradoc(void **state)
{
    struct fixture *f = *state;
    bersih_intradoc_free(f->h);
    bersih_buf_release(&f->out);
    bersih_intradoc_result_release(&f->res);
    free(f);
    return 0;
}

static void run(struct fixture *f, const char *text, size_t body_start)
{
    struct bersih_error err;
    bersih_error_clear(&err);
    assert_int_equal(bersih_intradoc_run(f->h, text, strlen(text), body_start, &f->out, &f->res,
                                         &err),
                     BERSIH_OK);
}

static size_t occurrences(const char *haystack, const char *needle, size_t n)
{
    size_t count = 0;
    for (const char *p = haystack; (p = memmem(p, strlen(p), needle, n)) != NULL; p += n)
        count++;
    return count;
}

/* The design sample as the normalizer gives it: one paragraph per line and a
 * final newline (the file has none). NULL when the sample is not found. */
static char *read_tapsel(void)
{
    FILE *fp = fopen("data/samples/tapsel-pakta-integritas.txt", "rb");
    if (!fp)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 2, fp);
    fclose(fp);
    if (n && buf[n - 1] != '\n')
        buf[n++] = '\n';
    buf[n] = '\0';
    return buf;
}

static const char tapsel_title[] =
    "Bupati Tapsel mendukung pakta intregritas pelaksanaan pemilihan pemilu serentak 2024.\n";

static void test_intradoc_tapsel_body_scraped_twice(void **state)
{
    struct fixture *f = *state;
    const char *text = read_tapsel();
    if (!text) {
        print_message("skipped: data/samples/tapsel-pakta-integritas.txt not found "
                      "(run from the repository root)\n");
        skip();
    }
    size_t body_start = (size_t)(strstr(text, "Menjelang") - text);
    run(f, text, body_start);
    /* the output is the first copy (under the outlet's dateline) and the
     * title line, byte for byte: everything up to the second copy */
    const char *title = strstr(text, tapsel_title);
    assert_non_null(title);
    size_t first_copy_len = (size_t)(title - text) + strlen(tapsel_title);
    assert_int_equal(f->out.len, first_copy_len);
    assert_memory_equal(f->out.data, text, first_copy_len);
    /* each line of the body, and so each sentence, is there exactly once */
    for (const char *line = text; line < title;) {
        const char *nl = strchr(line, '\n');
        assert_int_equal(occurrences(f->out.data, line, (size_t)(nl - line)), 1);
        line = nl + 1;
    }
    assert_int_equal(occurrences(f->out.data, tapsel_title, strlen(tapsel_title)), 1);
    /* 23 lines: copy 1 (0-10), the title (11), copy 2 (12-22) as one finding */
    assert_int_equal(f->res.units, 23);
    assert_int_equal(f->res.by_sentence, 0);
    assert_int_equal(f->res.count, 11);
    assert_int_equal(f->res.findings, 1);
    for (size_t i = 0; i < 11; i++) {
        const struct bersih_intradoc_removal *r = &f->res.removals[i];
        assert_int_equal(r->unit, 12 + i);
        assert_int_equal(r->repeats, i);
        assert_int_equal(r->finding, 0);
    }
    /* the second copy's first line differs only in its dateline "TAPSEL-" */
    assert_int_equal(f->res.removals[0].kind, BERSIH_REPEAT_NEAR);
    assert_true(f->res.removals[0].similarity >= 0.95);
    assert_int_equal(f->res.removals[1].kind, BERSIH_REPEAT_EXACT);
    assert_string_equal(f->res.removals[10].preview,
                        "Turut hadir, Kapolda Sumut Irjen Pol RZ Panca Putra Simanjuntak, "
                        "perwakilan Fork");
    /* Gopher: 10 of 23 lines are duplicates in the input, none in the output */
    assert_true(fabs(f->res.input.value[BERSIH_REP_DUP_LINE_FRAC] - 10.0 / 23.0) < 1e-9);
    assert_true(f->res.input.over & (1u << BERSIH_REP_DUP_LINE_FRAC));
    assert_true(f->res.input.over & (1u << BERSIH_REP_DUP_10GRAM_CHAR_FRAC));
    assert_int_equal(f->res.output.over, 0);
}

static const char clean_article[] =
    "JAKARTA - Pemerintah menaikkan harga bahan bakar minyak mulai Sabtu pagi.\n"
    "Menteri Energi mengatakan kenaikan itu tidak bisa dihindari lagi tahun ini.\n"
    "Kata dia, subsidi sudah membengkak dan membebani anggaran negara.\n"
    "Foto: Istimewa\n"
    "Sejumlah pengemudi ojek daring memprotes keputusan itu di depan istana.\n"
    "Mereka meminta pemerintah menunda kenaikan sampai akhir tahun.\n"
    "Foto: Dok\n";

static void test_intradoc_keeps_an_article_without_repeats_unchanged(void **state)
{
    struct fixture *f = *state;
    run(f, clean_article, 9);
    assert_int_equal(f->res.count, 0);
    assert_int_equal(f->res.findings, 0);
    assert_string_equal(f->out.data, clean_article);
}

static void test_intradoc_removes_one_repeated_paragraph_and_keeps_the_first(void **state)
{
    struct fixture *f = *state;
    const char *text = "Paragraf pertama tentang banjir di Kota Medan pada Senin.\n"
                       "Warga mengungsi ke masjid dan sekolah terdekat dari rumah mereka.\n"
                       "Paragraf pertama tentang banjir di Kota Medan pada Senin.\n"
                       "Air mulai surut pada Selasa sore menurut petugas BPBD setempat.\n";
    run(f, text, 0);
    assert_string_equal(f->out.data,
                        "Paragraf pertama tentang banjir di Kota Medan pada Senin.\n"
                        "Warga mengungsi ke masjid dan sekolah terdekat dari rumah mereka.\n"
                        "Air mulai surut pada Selasa sore menurut petugas BPBD setempat.\n");
    assert_int_equal(f->res.count, 1);
    assert_int_equal(f->res.removals[0].unit, 2);
    assert_int_equal(f->res.removals[0].repeats, 0);
    assert_int_equal(f->res.removals[0].kind, BERSIH_REPEAT_EXACT);
    assert_int_equal(f->res.removals[0].start, (size_t)(strstr(text + 1, "Paragraf") - text));
}

static void test_intradoc_finds_a_truncated_lightly_edited_copy(void **state)
{
    struct fixture *f = *state;
    const char *text =
        "Gubernur Sumatera Utara Edy Rahmayadi menuturkan kepala daerah sebagai pembina "
        "kepegawaian diminta menegakkan netralitas aparatur sipil negara pada pemilu tahun "
        "depan dan tidak memihak siapa pun.\n"
        "Ketua Bawaslu Sumut mengatakan penandatanganan itu bentuk komitmen bersama.\n"
        "Judul lain yang unik di antara dua salinan berita.\n"
        /* truncated, two words edited, digits changed */
        "Gubernur Sumut Edy Rahmayadi menuturkan kepala daerah sebagai pembina "
        "kepegawaian diminta menegakkan netralitas aparatur sipil negara pada pemilu tahun "
        "depan\n";
    run(f, text, 0);
    assert_int_equal(f->res.count, 1);
    assert_int_equal(f->res.removals[0].unit, 3);
    assert_int_equal(f->res.removals[0].repeats, 0);
    assert_int_equal(f->res.removals[0].kind, BERSIH_REPEAT_NEAR);
    assert_true(f->res.removals[0].similarity >= 0.8 && f->res.removals[0].similarity < 1.0);
    assert_non_null(strstr(f->out.data, "Judul lain yang unik"));
}

/* "(Hamidi)." recurring after different paragraphs is not a near repeat on
 * its own; an exact repeat of a short line goes; a short line inside a
 * repeated block goes with the block. */
/* Digits are folded in the key; a paragraph that differs only in its figures
 * carries other facts and stays. */
static void test_intradoc_keeps_template_paragraphs_with_other_numbers(void **state)
{
    struct fixture *f = *state;
    const char *text =
        "Episenter gempa terletak pada koordinat 6,1 LS dan 111,86 BT, atau tepatnya berada di "
        "laut pada jarak 23 kilometer arah utara kota pada kedalaman 10 kilometer.\n"
        "Warga sempat panik dan keluar dari rumah mereka masing-masing.\n"
        "Episenter gempa terletak pada koordinat 6,24 LS dan 111,84 BT, atau tepatnya berada di "
        "laut pada jarak 26 kilometer arah utara kota pada kedalaman 10 kilometer.\n";
    run(f, text, 0);
    assert_int_equal(f->res.count, 0);
    assert_string_equal(f->out.data, text);
}

static void test_intradoc_short_lines_go_only_exact_or_in_a_block(void **state)
{
    struct fixture *f = *state;
    const char *text =
        "Polisi menangkap dua pelaku pencurian sepeda motor di pasar pagi.\n" /* 0 */
        "(Hamidi Lubis).\n"                                                  /* 1 */
        "Kedua pelaku kini ditahan di markas kepolisian resor kota.\n"        /* 2 */
        "(Hamidi).\n"                                                        /* 3: kept */
        "Keluarga korban berterima kasih kepada polisi atas kerja cepat.\n"  /* 4 */
        "Editor: Budi\n"                                                     /* 5 */
        "Polisi menangkap dua pelaku pencurian sepeda motor di pasar pagi.\n" /* 6 */
        "(Hamidi Lubis)\n"                                                   /* 7: block */
        "Kedua pelaku kini ditahan di markas kepolisian resor kota.\n"        /* 8 */
        "Editor: Budi\n";                                                    /* 9: exact */
    run(f, text, 0);
    assert_int_equal(f->res.count, 4);
    assert_int_equal(f->res.removals[0].unit, 6);
    assert_int_equal(f->res.removals[1].unit, 7);
    assert_int_equal(f->res.removals[1].kind, BERSIH_REPEAT_EXACT); /* same key: "(...)" dropped */
    assert_int_equal(f->res.removals[2].unit, 8);
    assert_int_equal(f->res.removals[3].unit, 9);
    assert_int_equal(f->res.removals[3].repeats, 5);
    assert_int_equal(f->res.findings, 2); /* 6-8 repeat 0-2; 9 repeats 5 */
    assert_non_null(strstr(f->out.data, "(Hamidi).\n"));
}

static void test_intradoc_short_near_line_inside_block_goes_with_it(void **state)
{
    struct fixture *f = *state;
    const char *text =
        "Harga cabai merah di pasar tradisional naik dua kali lipat minggu ini.\n"
        "Laporan reporter kami Budi Santoso\n"
        "Pedagang menyebut pasokan dari petani berkurang karena hujan deras.\n"
        "Harga cabai merah di pasar tradisional naik dua kali lipat minggu ini.\n"
        "Laporan reporter kami Budi\n"
        "Pedagang menyebut pasokan dari petani berkurang karena hujan deras.\n";
    run(f, text, 0);
    assert_int_equal(f->res.count, 3);
    assert_int_equal(f->res.removals[1].unit, 4);
    assert_int_equal(f->res.removals[1].kind, BERSIH_REPEAT_BLOCK);
    assert_int_equal(f->res.findings, 1);
}

static void test_intradoc_splits_sentences_when_under_three_lines(void **state)
{
    struct fixture *f = *state;
    const char *text = "Banjir melanda Medan. Warga mengungsi ke masjid terdekat sejak pagi. "
                       "Air surut pada sore hari menurut petugas. Banjir melanda Medan. "
                       "Warga mengungsi ke masjid terdekat sejak pagi.\n"
                       "Editor: Budi\n";
    run(f, text, 0);
    assert_int_equal(f->res.by_sentence, 1);
    assert_int_equal(f->res.units, 6);
    assert_int_equal(f->res.count, 2);
    assert_int_equal(f->res.findings, 1);
    assert_string_equal(f->out.data, "Banjir melanda Medan. Warga mengungsi ke masjid terdekat "
                                     "sejak pagi. Air surut pada sore hari menurut petugas.\n"
                                     "Editor: Budi\n");
}

static void test_intradoc_keep_repeats_reports_without_removing(void **state)
{
    (void)state;
    struct bersih_intradoc_options opts;
    bersih_intradoc_options_default(&opts);
    opts.keep_repeats = 1;
    struct bersih_intradoc *h = NULL;
    assert_int_equal(bersih_intradoc_new(&opts, &h, NULL), BERSIH_OK);
    const char *text = "Satu dua tiga empat lima enam tujuh.\nDelapan sembilan sepuluh.\n"
                       "Satu dua tiga empat lima enam tujuh.\n";
    struct bersih_buf out = BERSIH_BUF_INIT;
    struct bersih_intradoc_result res;
    bersih_intradoc_result_init(&res);
    assert_int_equal(bersih_intradoc_run(h, text, strlen(text), 0, &out, &res, NULL), BERSIH_OK);
    assert_string_equal(out.data, text);
    assert_int_equal(res.count, 1);
    assert_int_equal(res.removals[0].unit, 2);
    bersih_intradoc_result_release(&res);
    bersih_buf_release(&out);
    bersih_intradoc_free(h);
}

/* One run, with or without the Gopher figures, at the given body_start. */
static void run_with(int repetition, const char *text, size_t body_start,
                     struct bersih_intradoc_result *res, struct bersih_buf *out)
{
    struct bersih_intradoc_options opts;
    bersih_intradoc_options_default(&opts);
    opts.repetition = repetition;
    struct bersih_intradoc *h = NULL;
    assert_int_equal(bersih_intradoc_new(&opts, &h, NULL), BERSIH_OK);
    bersih_intradoc_result_init(res);
    assert_int_equal(bersih_intradoc_run(h, text, strlen(text), body_start, out, res, NULL),
                     BERSIH_OK);
    bersih_intradoc_free(h);
}

/* With the figures on, one tokenization from byte 0 serves the figures and
 * (from body_start on) the repeats; a body_start inside a word makes the
 * body's tokens differ from the text's, and the body is tokenized again.
 * Either way the repeats are those found without the figures, and the
 * input's figures do not depend on body_start. */
static void test_intradoc_figures_share_the_tokens_at_any_body_start(void **state)
{
    (void)state;
    const char *text = "MEDAN, Waspada - Bupati membuka pasar murah di kecamatan itu hari ini.\n"
                       "Harga beras turun dua ribu rupiah per kilogram sejak pekan lalu.\n"
                       "Bupati membuka pasar murah di kecamatan itu hari ini.\n"
                       "Warga antre sejak pagi.\n";
    size_t dash = (size_t)(strstr(text, "- ") - text);
    const size_t starts[] = { 0, dash + 2, dash + 4 /* inside "Bupati" */ };
    struct bersih_intradoc_result whole;
    struct bersih_buf whole_out = BERSIH_BUF_INIT;
    run_with(1, text, 0, &whole, &whole_out);
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        struct bersih_intradoc_result with, without;
        struct bersih_buf with_out = BERSIH_BUF_INIT, without_out = BERSIH_BUF_INIT;
        run_with(1, text, starts[i], &with, &with_out);
        run_with(0, text, starts[i], &without, &without_out);
        assert_int_equal(with.count, 1);
        assert_int_equal(with.count, without.count);
        assert_int_equal(with.removals[0].unit, without.removals[0].unit);
        assert_int_equal(with.removals[0].kind, without.removals[0].kind);
        assert_string_equal(with_out.data, without_out.data);
        assert_memory_equal(&with.input, &whole.input, sizeof with.input);
        assert_memory_equal(&with.output, &whole.output, sizeof with.output);
        assert_true(with.output.value[BERSIH_REP_DUP_5GRAM_CHAR_FRAC] <
                    with.input.value[BERSIH_REP_DUP_5GRAM_CHAR_FRAC]);
        bersih_intradoc_result_release(&with);
        bersih_intradoc_result_release(&without);
        bersih_buf_release(&with_out);
        bersih_buf_release(&without_out);
    }
    bersih_intradoc_result_release(&whole);
    bersih_buf_release(&whole_out);
    /* body_start past the end is an error with the figures on too (the
     * fuzzer found it accepted when the text was tokenized from byte 0) */
    struct bersih_intradoc *h = NULL;
    assert_int_equal(bersih_intradoc_new(NULL, &h, NULL), BERSIH_OK);
    struct bersih_intradoc_result res;
    struct bersih_buf out = BERSIH_BUF_INIT;
    bersih_intradoc_result_init(&res);
    assert_int_equal(bersih_intradoc_run(h, text, strlen(text), strlen(text) + 1, &out, &res, NULL),
                     BERSIH_ERR_ARG);
    bersih_intradoc_result_release(&res);
    bersih_buf_release(&out);
    bersih_intradoc_free(h);
}

static void test_intradoc_preview_is_80_chars_cut_on_utf8(void **state)
{
    struct fixture *f = *state;
    char line[600] = "";
    for (int i = 0; i < 30; i++)
        strcat(line, "kat\xc3\xa9 ");           /* 5 characters, 6 bytes */
    strcat(line, "\n");
    char text[2000];
    snprintf(text, sizeof text, "%sAntara dua salinan ada paragraf lain.\nTiga.\n%s", line, line);
    run(f, text, 0);
    assert_int_equal(f->res.count, 1);
    const char *p = f->res.removals[0].preview;
    assert_int_equal(strlen(p), 16 * 6); /* 16 x "katé " = 80 characters */
    assert_memory_equal(p, line, strlen(p));
}

/* A text worked by hand with datatrove's GopherRepetitionFilter functions:
 * 61 characters; lines: 1 duplicate of 3 (24 chars); paragraphs: one;
 * top 2-gram "satu dua" x2 = 16; top 3-gram "satu dua tiga" x2 = 26; top
 * 4-gram x2 = 38; duplicate 5-gram: "satuduatigaempatlima" = 20 chars. */
static void test_intradoc_repetition_figures_follow_datatrove(void **state)
{
    struct fixture *f = *state;
    run(f, "satu dua tiga empat lima\nsatu dua tiga empat lima\nenam tujuh\n", 0);
    const double *v = f->res.input.value;
    assert_true(fabs(v[BERSIH_REP_DUP_LINE_FRAC] - 1.0 / 3.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_DUP_LINE_CHAR_FRAC] - 24.0 / 61.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_DUP_PARA_FRAC] - 0.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_TOP_2GRAM_CHAR_FRAC] - 16.0 / 61.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_TOP_3GRAM_CHAR_FRAC] - 26.0 / 61.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_TOP_4GRAM_CHAR_FRAC] - 38.0 / 61.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_DUP_5GRAM_CHAR_FRAC] - 20.0 / 61.0) < 1e-9);
    assert_true(fabs(v[BERSIH_REP_DUP_6GRAM_CHAR_FRAC] - 0.0) < 1e-9);
    /* 12 words: under Gopher's 50-word floor, nothing is flagged */
    assert_int_equal(f->res.input.over, 0);
    /* the output has the repeat removed: no duplicate lines left */
    assert_true(fabs(f->res.output.value[BERSIH_REP_DUP_LINE_FRAC]) < 1e-9);
    assert_string_equal(bersih_repetition_name(BERSIH_REP_DUP_10GRAM_CHAR_FRAC),
                        "dup_10gram_char_frac");
    assert_true(fabs(bersih_repetition_threshold(BERSIH_REP_DUP_6GRAM_CHAR_FRAC) - 0.158) < 1e-12);
}

/* From 50 words on, figures over FineWeb-2's thresholds are flagged; a
 * text whose n-grams are all unique has no top-n-gram repetition at all
 * (datatrove counts the top n-gram only when it occurs twice or more). */
static void test_intradoc_repetition_flags_from_50_words(void **state)
{
    struct fixture *f = *state;
    char text[4000] = "";
    for (int i = 0; i < 60; i++) {
        char word[32];
        snprintf(word, sizeof word, "kata%c%c ", 'a' + i / 26, 'a' + i % 26);
        strcat(text, word);
    }
    strcat(text, "\n");
    run(f, text, 0);
    assert_true(fabs(f->res.input.value[BERSIH_REP_TOP_2GRAM_CHAR_FRAC]) < 1e-12);
    assert_int_equal(f->res.input.over, 0);

    char twice[9000];
    snprintf(twice, sizeof twice, "%s%s%s", text, "Paragraf lain di antara keduanya.\n", text);
    run(f, twice, 0);
    assert_true(f->res.input.over & (1u << BERSIH_REP_DUP_LINE_FRAC));
    assert_true(f->res.input.over & (1u << BERSIH_REP_DUP_5GRAM_CHAR_FRAC));
    /* the cleaned output keeps one copy and is no longer flagged */
    assert_int_equal(f->res.output.over, 0);
}

static void test_intradoc_rejects_bad_options(void **state)
{
    (void)state;
    struct bersih_intradoc_options opts;
    struct bersih_intradoc *h = NULL;
    bersih_intradoc_options_default(&opts);
    opts.threshold = 0.0;
    assert_int_equal(bersih_intradoc_new(&opts, &h, NULL), BERSIH_ERR_ARG);
    bersih_intradoc_options_default(&opts);
    opts.shingle_n = 0;
    assert_int_equal(bersih_intradoc_new(&opts, &h, NULL), BERSIH_ERR_ARG);
    assert_null(h);
    bersih_intradoc_free(NULL);
}

/* Every allocation of new + run fails in turn: each failure is NOMEM, nothing
 * leaks (LeakSanitizer), and a handle that saw a failure works afterwards. */
static void test_intradoc_survives_every_allocation_failure(void **state)
{
    (void)state;
    const char *text = "Banjir melanda Medan pada Senin pagi kata petugas.\n"
                       "\xe2\x80\x9cKami mengungsi\xe2\x80\x9d, kata warga yang rumahnya terendam.\n"
                       "Banjir melanda Medan pada Senin pagi kata petugas.\n"
                       "Tiga.\n";
    int succeeded = 0;
    for (long n = 0; n < 400 && !succeeded; n++) {
        struct bersih_intradoc *h = NULL;
        struct bersih_buf out = BERSIH_BUF_INIT;
        struct bersih_intradoc_result res;
        bersih_intradoc_result_init(&res);
        bersih_alloc_fail_after(n);
        bersih_status st = bersih_intradoc_new(NULL, &h, NULL);
        if (st == BERSIH_OK)
            st = bersih_intradoc_run(h, text, strlen(text), 0, &out, &res, NULL);
        bersih_alloc_fail_after(-1);
        if (st == BERSIH_OK) {
            assert_int_equal(res.count, 1);
            succeeded = 1;
        } else {
            assert_int_equal(st, BERSIH_ERR_NOMEM);
            if (h) {
                assert_int_equal(bersih_intradoc_run(h, text, strlen(text), 0, &out, &res, NULL),
                                 BERSIH_OK);
                assert_int_equal(res.count, 1);
            }
        }
        bersih_intradoc_result_release(&res);
        bersih_buf_release(&out);
        bersih_intradoc_free(h);
    }
    assert_true(succeeded);
}


/* ---- the ASCII sentence cutter agrees with ICU -------------------------- */

/* ICU's sentence ends of s[0..n), as intradoc's iterator ("id") cuts it. */
static size_t icu_sentence_ends(UBreakIterator *bi, const char *s, size_t n, size_t *ends,
                                size_t cap)
{
    UText ut = UTEXT_INITIALIZER;
    UErrorCode icu = U_ZERO_ERROR;
    utext_openUTF8(&ut, s, (int64_t)n, &icu);
    ubrk_setUText(bi, &ut, &icu);
    assert_true(U_SUCCESS(icu));
    size_t count = 0;
    ubrk_first(bi);
    for (int32_t to = ubrk_next(bi); to != UBRK_DONE; to = ubrk_next(bi)) {
        if (count < cap)
            ends[count] = (size_t)to;
        count++;
    }
    utext_close(&ut);
    return count;
}

static void expect_same_sentences(UBreakIterator *bi, const char *s, size_t n)
{
    size_t mine[512], theirs[512];
    size_t a = bersih_intradoc_ascii_sentences(s, n, mine, 512);
    size_t b = icu_sentence_ends(bi, s, n, theirs, 512);
    if (a != b || memcmp(mine, theirs, (a < 512 ? a : 512) * sizeof *mine) != 0) {
        print_message("sentence cut differs from ICU on [%.*s]\n", (int)n, s);
        assert_int_equal(a, b);
        assert_memory_equal(mine, theirs, (a < 512 ? a : 512) * sizeof *mine);
    }
}

static UBreakIterator *open_sentences(void)
{
    UErrorCode icu = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "id", NULL, 0, &icu);
    assert_true(U_SUCCESS(icu));
    return bi;
}

/* Random strings over every character class the sentence rules name. */
static void test_intradoc_ascii_sentences_match_icu_on_random_text(void **state)
{
    (void)state;
    static const char alphabet[] = "aBc1.?!\"'()[],:-; \t_xYz9";
    UBreakIterator *bi = open_sentences();
    uint64_t seed = 7;
    char s[64];
    for (int round = 0; round < 200000; round++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = (size_t)(seed >> 59) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            s[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        expect_same_sentences(bi, s, n);
    }
    assert_int_equal(bersih_intradoc_ascii_sentences("caf\xc3\xa9. Ya.", 10, NULL, 0), 0);
    ubrk_close(bi);
}

/* And on every ASCII line of the real corpus (when ../shared is there). */
static void test_intradoc_ascii_sentences_match_icu_on_the_corpus(void **state)
{
    (void)state;
    const char *shared = getenv("BERSIH_SHARED");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/clickid-tempo.jsonl", shared ? shared : "../shared");
    FILE *f = fopen(path, "r");
    if (!f) {
        print_message("# skipped: %s is absent\n", path);
        skip();
    }
    UBreakIterator *bi = open_sentences();
    static char line[1 << 20];
    size_t checked = 0;
    while (fgets(line, sizeof line, f) && checked < 4000) {
        /* the raw JSON line is ASCII text with sentences enough */
        size_t n = strcspn(line, "\n");
        if (bersih_intradoc_ascii_sentences(line, n, NULL, 0) == 0)
            continue;
        expect_same_sentences(bi, line, n);
        checked++;
    }
    fclose(f);
    ubrk_close(bi);
    print_message("# %zu corpus lines cut as ICU cuts them\n", checked);
    assert_true(checked > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intradoc_tapsel_body_scraped_twice),
        cmocka_unit_test(test_intradoc_keeps_an_article_without_repeats_unchanged),
        cmocka_unit_test(test_intradoc_removes_one_repeated_paragraph_and_keeps_the_first),
        cmocka_unit_test(test_intradoc_finds_a_truncated_lightly_edited_copy),
        cmocka_unit_test(test_intradoc_keeps_template_paragraphs_with_other_numbers),
        cmocka_unit_test(test_intradoc_short_lines_go_only_exact_or_in_a_block),
        cmocka_unit_test(test_intradoc_short_near_line_inside_block_goes_with_it),
        cmocka_unit_test(test_intradoc_splits_sentences_when_under_three_lines),
        cmocka_unit_test(test_intradoc_keep_repeats_reports_without_removing),
        cmocka_unit_test(test_intradoc_preview_is_80_chars_cut_on_utf8),
        cmocka_unit_test(test_intradoc_repetition_figures_follow_datatrove),
        cmocka_unit_test(test_intradoc_repetition_flags_from_50_words),
        cmocka_unit_test(test_intradoc_figures_share_the_tokens_at_any_body_start),
        cmocka_unit_test(test_intradoc_ascii_sentences_match_icu_on_random_text),
        cmocka_unit_test(test_intradoc_ascii_sentences_match_icu_on_the_corpus),
        cmocka_unit_test(test_intradoc_rejects_bad_options),
        cmocka_unit_test(test_intradoc_survives_every_allocation_failure),
    };
    int rc = cmocka_run_group_tests(tests, setup_intradoc, teardown_intradoc);
    u_cleanup();
    return rc;
}
