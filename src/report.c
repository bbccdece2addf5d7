/*
 * report.c - format report objects.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bersih/report.h"
#include "internal.h"
#include "jsonl.h"

size_t bersih_line_suffix(uint64_t line, char out[BERSIH_LINE_SUFFIX_MAX])
{
    out[0] = '\0';
    if (!line)
        return 0;
    int n = snprintf(out, BERSIH_LINE_SUFFIX_MAX, ":%" PRIu64, line);
    return n > 0 ? (size_t)n : 0;
}

bersih_status bersih_report_input_name(struct bersih_buf *out, const struct bersih_article *a)
{
    char suffix[BERSIH_LINE_SUFFIX_MAX];
    size_t n = bersih_line_suffix(a->line, suffix);
    FORWARD_IF_ERROR(bersih_buf_puts(out, a->input->path));
    return bersih_buf_append(out, suffix, n);
}

static bersih_status put_key(struct bersih_buf *out, const char *key)
{
    if (out->len && out->data[out->len - 1] != '{')
        FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
    FORWARD_IF_ERROR(bersih_json_escape(out, key, strlen(key)));
    return bersih_buf_putc(out, ':');
}

static bersih_status put_string(struct bersih_buf *out, const char *key, const char *value,
                                size_t len)
{
    FORWARD_IF_ERROR(put_key(out, key));
    return bersih_json_escape(out, value, len);
}

static bersih_status put_uint(struct bersih_buf *out, const char *key, uint64_t value)
{
    char num[32];
    snprintf(num, sizeof num, "%" PRIu64, value);
    FORWARD_IF_ERROR(put_key(out, key));
    return bersih_buf_puts(out, num);
}

static bersih_status put_changes(struct bersih_buf *out, const struct bersih_normalize_result *res)
{
    FORWARD_IF_ERROR(put_key(out, "changes"));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '{'));
    int first = 1;
    for (int rule = 0; rule < BERSIH_RULE_COUNT; rule++) {
        if (!res->counts[rule])
            continue;
        const char *name = bersih_rule_name((enum bersih_rule)rule);
        char num[32];
        snprintf(num, sizeof num, ":%" PRIu64, res->counts[rule]);
        if (!first)
            FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
        first = 0;
        FORWARD_IF_ERROR(bersih_json_escape(out, name, strlen(name)));
        FORWARD_IF_ERROR(bersih_buf_puts(out, num));
    }
    return bersih_buf_putc(out, '}');
}

static bersih_status put_double(struct bersih_buf *out, const char *key, double value)
{
    char num[32];
    snprintf(num, sizeof num, "%.4g", value);
    FORWARD_IF_ERROR(put_key(out, key));
    return bersih_buf_puts(out, num);
}

static bersih_status put_repeats(struct bersih_buf *out, const struct bersih_intradoc_result *res)
{
    FORWARD_IF_ERROR(put_uint(out, "repeat_findings", res->findings));
    FORWARD_IF_ERROR(put_string(out, "repeat_unit", res->by_sentence ? "sentence" : "paragraph",
                                res->by_sentence ? 8 : 9));
    FORWARD_IF_ERROR(put_key(out, "repeats"));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '['));
    for (size_t i = 0; i < res->count; i++) {
        const struct bersih_intradoc_removal *rm = &res->removals[i];
        const char *kind = bersih_repeat_kind_name(rm->kind);
        if (i)
            FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
        FORWARD_IF_ERROR(bersih_buf_putc(out, '{'));
        FORWARD_IF_ERROR(put_uint(out, "unit", rm->unit));
        FORWARD_IF_ERROR(put_uint(out, "repeats", rm->repeats));
        FORWARD_IF_ERROR(put_string(out, "kind", kind, strlen(kind)));
        FORWARD_IF_ERROR(put_double(out, "similarity", rm->similarity));
        FORWARD_IF_ERROR(put_uint(out, "finding", rm->finding));
        FORWARD_IF_ERROR(put_string(out, "text", rm->preview, strlen(rm->preview)));
        FORWARD_IF_ERROR(bersih_buf_putc(out, '}'));
    }
    return bersih_buf_putc(out, ']');
}

static bersih_status put_repetition(struct bersih_buf *out, const char *key,
                                    const struct bersih_repetition *rep)
{
    FORWARD_IF_ERROR(put_key(out, key));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '{'));
    for (int f = 0; f < BERSIH_REP_COUNT; f++)
        FORWARD_IF_ERROR(put_double(out, bersih_repetition_name((enum bersih_repetition_figure)f),
                                    rep->value[f]));
    FORWARD_IF_ERROR(put_key(out, "flagged"));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '['));
    int first = 1;
    for (int f = 0; f < BERSIH_REP_COUNT; f++) {
        if (!(rep->over & (1u << f)))
            continue;
        const char *name = bersih_repetition_name((enum bersih_repetition_figure)f);
        if (!first)
            FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
        first = 0;
        FORWARD_IF_ERROR(bersih_json_escape(out, name, strlen(name)));
    }
    FORWARD_IF_ERROR(bersih_buf_putc(out, ']'));
    return bersih_buf_putc(out, '}');
}

static bersih_status put_normalize_extras(struct bersih_buf *out,
                                          const struct bersih_normalize_result *res)
{
    FORWARD_IF_ERROR(put_key(out, "dateline"));
    if (res->dateline_place.len) {
        FORWARD_IF_ERROR(bersih_buf_putc(out, '{'));
        FORWARD_IF_ERROR(put_string(out, "place", bersih_buf_str(&res->dateline_place),
                                    res->dateline_place.len));
        FORWARD_IF_ERROR(put_string(out, "outlet", bersih_buf_str(&res->dateline_outlet),
                                    res->dateline_outlet.len));
        FORWARD_IF_ERROR(bersih_buf_putc(out, '}'));
    } else {
        FORWARD_IF_ERROR(bersih_buf_puts(out, "null"));
    }
    FORWARD_IF_ERROR(put_key(out, "boilerplate"));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '['));
    const char *p = bersih_buf_str(&res->boilerplate), *end = p + res->boilerplate.len;
    for (int first = 1; p < end; first = 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (!first)
            FORWARD_IF_ERROR(bersih_buf_putc(out, ','));
        FORWARD_IF_ERROR(bersih_json_escape(out, p, n));
        p += n + (nl ? 1 : 0);
    }
    return bersih_buf_putc(out, ']');
}

static bersih_status format_entry(struct bersih_buf *out, const struct bersih_report_entry *e)
{
    FORWARD_IF_ERROR(bersih_buf_putc(out, '{'));
    FORWARD_IF_ERROR(put_uint(out, "schema", BERSIH_REPORT_SCHEMA));
    FORWARD_IF_ERROR(put_string(out, "mode", e->mode, strlen(e->mode)));
    if (e->article) {
        struct bersih_buf name = BERSIH_BUF_INIT;
        bersih_status st = bersih_report_input_name(&name, e->article);
        if (st == BERSIH_OK)
            st = put_string(out, "input", name.data, name.len);
        bersih_buf_release(&name);
        FORWARD_IF_ERROR(st);
        FORWARD_IF_ERROR(put_key(out, "id"));
        if (e->article->id)
            FORWARD_IF_ERROR(bersih_buf_append(out, e->article->id, e->article->id_len));
        else
            FORWARD_IF_ERROR(bersih_buf_puts(out, "null"));
    }
    FORWARD_IF_ERROR(put_string(out, "status", e->status, strlen(e->status)));
    if (e->error && e->error->code != BERSIH_OK) {
        const char *msg = e->error->message[0] ? e->error->message : bersih_strerror(e->error->code);
        FORWARD_IF_ERROR(put_string(out, "error", msg, strlen(msg)));
    }
    FORWARD_IF_ERROR(put_uint(out, "bytes_in", e->bytes_in));
    FORWARD_IF_ERROR(put_uint(out, "bytes_out", e->bytes_out));
    if (e->normalize) {
        FORWARD_IF_ERROR(put_changes(out, e->normalize));
        FORWARD_IF_ERROR(put_normalize_extras(out, e->normalize));
    }
    if (e->intradoc) {
        FORWARD_IF_ERROR(put_repeats(out, e->intradoc));
        FORWARD_IF_ERROR(put_repetition(out, "repetition_in", &e->intradoc->input));
        FORWARD_IF_ERROR(put_repetition(out, "repetition_out", &e->intradoc->output));
    }
    FORWARD_IF_ERROR(bersih_buf_puts(out, "}\n"));
    return BERSIH_OK;
}

bersih_status bersih_report_format(struct bersih_buf *out, const struct bersih_report_entry *e)
{
    size_t mark = out->len;
    bersih_status st = format_entry(out, e);
    if (st != BERSIH_OK) {
        /* Leave no half object behind. */
        out->len = mark;
        if (out->cap)
            out->data[mark] = '\0';
    }
    return st;
}
