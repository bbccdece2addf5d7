/*
 * corpus_report.c - one JSON Lines report object per article (docs/dedup.md).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bersih/report.h"
#include "corpus_internal.h"
#include "jsonl.h"

static bersih_status put_key(struct bersih_buf *out, const char *key)
{
    FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
    FORWARD_IF_ERROR(bersih_json_escape(out, key, strlen(key)));
    return bersih_buf_putc(out, ':');
}

static bersih_status put_string(struct bersih_buf *out, const char *key, const char *value)
{
    FORWARD_IF_ERROR(put_key(out, key));
    if (!value)
        return bersih_buf_puts(out, "null");
    return bersih_json_escape(out, value, strlen(value));
}

/* The article's input name as a JSON string, written from its parts
 * without a copy: the path escaped, then ":LINE" (nothing in it needs
 * escaping) inside the same quotes. */
static bersih_status put_input_value(struct bersih_buf *out, const struct bersih_corpus *c,
                                     uint64_t index)
{
    const char *path = bersih_corpus_input_path(c, index);
    char suffix[BERSIH_LINE_SUFFIX_MAX];
    size_t n = bersih_line_suffix(c->arts[index].line, suffix);
    FORWARD_IF_ERROR(bersih_json_escape(out, path, strlen(path)));
    if (!n)
        return BERSIH_OK;
    out->data[--out->len] = '\0'; /* reopen the string: drop its closing quote */
    FORWARD_IF_ERROR(bersih_buf_append(out, suffix, n));
    return bersih_buf_putc(out, '"');
}

/* key: the article's input name, or null when absent. */
static bersih_status put_input(struct bersih_buf *out, const char *key,
                               const struct bersih_corpus *c, uint64_t index, int present)
{
    FORWARD_IF_ERROR(put_key(out, key));
    if (!present)
        return bersih_buf_puts(out, "null");
    return put_input_value(out, c, index);
}

/* A raw JSON value (the id as the input wrote it), or null. */
static bersih_status put_raw(struct bersih_buf *out, const char *key, const char *raw)
{
    FORWARD_IF_ERROR(put_key(out, key));
    return bersih_buf_puts(out, raw ? raw : "null");
}

/* An integer, or null when absent. */
static bersih_status put_uint(struct bersih_buf *out, const char *key, uint64_t value, int present)
{
    char num[32];
    FORWARD_IF_ERROR(put_key(out, key));
    if (!present)
        return bersih_buf_puts(out, "null");
    snprintf(num, sizeof num, "%" PRIu64, value);
    return bersih_buf_puts(out, num);
}

/* Four decimals: the sample estimate is good to about 0.02, and fixed
 * digits make reports diff the same on every machine. */
static bersih_status put_similarity(struct bersih_buf *out, double value, int present)
{
    char num[32];
    FORWARD_IF_ERROR(put_key(out, "similarity"));
    if (!present)
        return bersih_buf_puts(out, "null");
    snprintf(num, sizeof num, "%.4f", value);
    return bersih_buf_puts(out, num);
}

static bersih_status put_bool(struct bersih_buf *out, const char *key, int value)
{
    FORWARD_IF_ERROR(put_key(out, key));
    return bersih_buf_puts(out, value ? "true" : "false");
}

static bersih_status put_cluster(struct bersih_buf *out, const struct bersih_corpus *c,
                                 const struct bersih_corpus_member *m)
{
    int dup = m->status == BERSIH_CORPUS_DUPLICATE;
    FORWARD_IF_ERROR(put_uint(out, "cluster", m->cluster, m->cluster != 0));
    FORWARD_IF_ERROR(put_uint(out, "cluster_size", m->cluster_size, 1));
    FORWARD_IF_ERROR(put_input(out, "duplicate_of", c, m->representative, dup));
    FORWARD_IF_ERROR(put_raw(out, "duplicate_of_id", dup ? bersih_corpus_id(c, m->representative) : NULL));
    FORWARD_IF_ERROR(put_similarity(out, m->similarity, m->cluster != 0));
    FORWARD_IF_ERROR(put_bool(out, "exact", dup && m->exact));
    FORWARD_IF_ERROR(put_bool(out, "far", m->far));
    FORWARD_IF_ERROR(put_bool(out, "loose_cluster", m->loose));
    return BERSIH_OK;
}

static bersih_status format_member(struct bersih_buf *out, const struct bersih_corpus *c,
                                   uint64_t index)
{
    struct bersih_corpus_member m;
    bersih_corpus_member(c, index, &m);
    char head[64];
    snprintf(head, sizeof head, "{\"schema\":%d,\"mode\":\"dedup\"", BERSIH_REPORT_SCHEMA);
    FORWARD_IF_ERROR(bersih_buf_puts(out, head));
    FORWARD_IF_ERROR(put_input(out, "input", c, index, 1));
    FORWARD_IF_ERROR(put_raw(out, "id", bersih_corpus_id(c, index)));
    FORWARD_IF_ERROR(put_string(out, "status", bersih_corpus_status_name(m.status)));
    FORWARD_IF_ERROR(put_cluster(out, c, &m));
    FORWARD_IF_ERROR(put_uint(out, "words", m.words, 1));
    if (m.status == BERSIH_CORPUS_TOO_SHORT) {
        char why[96];
        snprintf(why, sizeof why, "too short to compare (%" PRIu32 " words < %zu)", m.words,
                 c->opts.min_words);
        FORWARD_IF_ERROR(put_string(out, "reason", why));
    }
    if (m.indexed)
        FORWARD_IF_ERROR(put_bool(out, "indexed", 1));
    return bersih_buf_puts(out, "}\n");
}

bersih_status bersih_corpus_report_format(struct bersih_buf *out, const struct bersih_corpus *c,
                                          uint64_t index)
{
    size_t before = out->len;
    bersih_status st = c->finished && index < c->count ? format_member(out, c, index) : BERSIH_ERR_ARG;
    if (st != BERSIH_OK) {
        out->len = before; /* nothing half written */
        if (out->cap)
            out->data[before] = '\0';
    }
    return st;
}

/* ---- shared passages ---------------------------------------------------- */

static bersih_status format_passage_member(struct bersih_buf *out, const struct bersih_corpus *c,
                                           const struct bersih_corpus_passage_member *m)
{
    char num[32];
    FORWARD_IF_ERROR(bersih_buf_puts(out, "{\"input\":"));
    FORWARD_IF_ERROR(put_input_value(out, c, m->article));
    FORWARD_IF_ERROR(put_raw(out, "id", bersih_corpus_id(c, m->article)));
    FORWARD_IF_ERROR(put_uint(out, "unit", m->unit, 1));
    FORWARD_IF_ERROR(put_string(out, "unit_kind", m->by_sentence ? "sentence" : "paragraph"));
    FORWARD_IF_ERROR(put_key(out, "similarity"));
    snprintf(num, sizeof num, "%.4f", m->similarity);
    FORWARD_IF_ERROR(bersih_buf_puts(out, num));
    FORWARD_IF_ERROR(put_bool(out, "exact", m->exact));
    FORWARD_IF_ERROR(put_string(out, "outlet", m->outlet));
    FORWARD_IF_ERROR(put_string(out, "outlet_from", bersih_outlet_from_name(m->outlet_from)));
    return bersih_buf_putc(out, '}');
}

static bersih_status format_passage(struct bersih_buf *out, const struct bersih_corpus *c,
                                    uint64_t group, struct bersih_error *err)
{
    struct bersih_corpus_passage g;
    bersih_corpus_passage(c, group, &g);
    char head[96];
    snprintf(head, sizeof head, "{\"schema\":%d,\"mode\":\"dedup\",\"passage\":%" PRIu64,
             BERSIH_REPORT_SCHEMA, group + 1);
    FORWARD_IF_ERROR(bersih_buf_puts(out, head));
    FORWARD_IF_ERROR(put_string(out, "kind", bersih_passage_kind_name(g.kind)));
    FORWARD_IF_ERROR(put_uint(out, "articles", g.articles, 1));
    FORWARD_IF_ERROR(put_uint(out, "outlets", g.outlets, 1));
    FORWARD_IF_ERROR(put_key(out, "members"));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '['));
    for (uint64_t i = 0; i < g.members; i++) {
        struct bersih_corpus_passage_member m;
        bersih_corpus_passage_member(c, group, i, &m);
        if (i)
            FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
        FORWARD_IF_ERROR(format_passage_member(out, c, &m));
    }
    FORWARD_IF_ERROR(bersih_buf_putc(out, ']'));
    struct bersih_buf text = BERSIH_BUF_INIT;
    bersih_status st = bersih_corpus_passage_text(c, group, &text, err);
    if (st == BERSIH_OK)
        st = put_key(out, "text");
    if (st == BERSIH_OK)
        st = bersih_json_escape(out, text.len ? text.data : "", text.len);
    bersih_buf_release(&text);
    FORWARD_IF_ERROR(st);
    return bersih_buf_puts(out, "}\n");
}

bersih_status bersih_corpus_passage_format(struct bersih_buf *out, const struct bersih_corpus *c,
                                           uint64_t group, struct bersih_error *err)
{
    size_t before = out->len;
    bersih_status st = group < bersih_corpus_passage_count(c)
        ? format_passage(out, c, group, err)
        : bersih_error_set(err, BERSIH_ERR_ARG, "no such passage group");
    if (st != BERSIH_OK) {
        if (st == BERSIH_ERR_NOMEM)
            bersih_error_set(err, st, "out of memory");
        out->len = before; /* nothing half written */
        if (out->cap)
            out->data[before] = '\0';
    }
    return st;
}
