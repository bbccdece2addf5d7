/*
 * normalize.c - the normalizer's public API: options, results, the handle,
 * and the order of the stages (see normalize_internal.h).
 */
#include <string.h>

#include "normalize_internal.h"

static const char *const rule_names[BERSIH_RULE_COUNT] = {
    [BERSIH_RULE_LINE_ENDINGS] = "line_endings",
    [BERSIH_RULE_BOM] = "bom",
    [BERSIH_RULE_INVALID_UTF8] = "invalid_utf8",
    [BERSIH_RULE_MOJIBAKE] = "mojibake",
    [BERSIH_RULE_ENTITIES] = "entities",
    [BERSIH_RULE_MARKUP] = "markup",
    [BERSIH_RULE_INVISIBLE] = "invisible",
    [BERSIH_RULE_BIDI_CONTROLS] = "bidi_controls",
    [BERSIH_RULE_CONTROL_CHARS] = "control_chars",
    [BERSIH_RULE_SPACES] = "spaces",
    [BERSIH_RULE_BLANK_LINES] = "blank_lines",
    [BERSIH_RULE_QUOTES] = "quotes",
    [BERSIH_RULE_QUOTE_SPACING] = "quote_spacing",
    [BERSIH_RULE_DASHES] = "dashes",
    [BERSIH_RULE_ELLIPSIS] = "ellipsis",
    [BERSIH_RULE_PUNCTUATION_SPACING] = "punctuation_spacing",
    [BERSIH_RULE_UNICODE_FORM] = "unicode_form",
    [BERSIH_RULE_DATELINE] = "dateline",
    [BERSIH_RULE_DATELINE_STUB] = "dateline_stub",
    [BERSIH_RULE_BOILERPLATE] = "boilerplate",
};

const char *bersih_rule_name(enum bersih_rule rule)
{
    if ((unsigned)rule >= BERSIH_RULE_COUNT)
        return "unknown";
    return rule_names[rule];
}

void bersih_normalize_options_default(struct bersih_normalize_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->invalid = BERSIH_INVALID_ERROR;
    opts->encoding = NULL;
    opts->typography = BERSIH_TYPOGRAPHY_ASCII;
    opts->boilerplate_file = NULL;
}

void bersih_normalize_result_init(struct bersih_normalize_result *res)
{
    memset(res->counts, 0, sizeof res->counts);
    res->changes = 0;
    res->body_start = 0;
    bersih_buf_init(&res->dateline_place, 0);
    bersih_buf_init(&res->dateline_outlet, 0);
    bersih_buf_init(&res->boilerplate, 0);
}

void bersih_normalize_result_release(struct bersih_normalize_result *res)
{
    bersih_buf_release(&res->dateline_place);
    bersih_buf_release(&res->dateline_outlet);
    bersih_buf_release(&res->boilerplate);
    bersih_normalize_result_init(res);
}

static void result_reset(struct bersih_normalize_result *res)
{
    memset(res->counts, 0, sizeof res->counts);
    res->changes = 0;
    res->body_start = 0;
    bersih_buf_reset(&res->dateline_place);
    bersih_buf_reset(&res->dateline_outlet);
    bersih_buf_reset(&res->boilerplate);
}

bersih_status buf_put_cp(struct bersih_buf *buf, uint32_t cp)
{
    char tmp[4];
    return bersih_buf_append(buf, tmp, utf8_encode(cp, tmp));
}

static char *copy_string(const char *s, int *failed)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *copy = bersih_malloc(n);
    if (!copy) {
        *failed = 1;
        return NULL;
    }
    memcpy(copy, s, n);
    return copy;
}

static bersih_status open_converter(struct bersih_normalizer *norm, struct bersih_error *err)
{
    if (!norm->encoding || ucnv_compareNames(norm->encoding, "UTF-8") == 0)
        return BERSIH_OK;
    UErrorCode status = U_ZERO_ERROR;
    norm->conv = ucnv_open(norm->encoding, &status);
    if (U_FAILURE(status)) {
        norm->conv = NULL;
        return bersih_error_set(err, BERSIH_ERR_ARG, "unknown encoding '%s'", norm->encoding);
    }
    return BERSIH_OK;
}

bersih_status bersih_normalizer_new(const struct bersih_normalize_options *opts,
                                    struct bersih_normalizer **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_normalizer *norm = bersih_calloc(1, sizeof *norm);
    RETURN_ERROR_IF(!norm, err, BERSIH_ERR_NOMEM, "out of memory");
    if (opts)
        norm->opts = *opts;
    else
        bersih_normalize_options_default(&norm->opts);
    int failed = 0;
    norm->encoding = copy_string(norm->opts.encoding, &failed);
    norm->boilerplate_file = copy_string(norm->opts.boilerplate_file, &failed);
    norm->opts.encoding = norm->encoding;
    norm->opts.boilerplate_file = norm->boilerplate_file;
    bersih_status st = BERSIH_OK;
    if (failed)
        st = bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    if (st == BERSIH_OK)
        st = open_converter(norm, err);
    if (st == BERSIH_OK) {
        UErrorCode status = U_ZERO_ERROR;
        norm->nf = norm->opts.nfkc ? unorm2_getNFKCInstance(&status)
                                   : unorm2_getNFCInstance(&status);
        if (U_FAILURE(status))
            st = bersih_error_set(err, BERSIH_ERR_ICU, "cannot load ICU normalization data: %s",
                                  u_errorName(status));
    }
    if (st == BERSIH_OK)
        st = norm_mojibake_init(norm, err);
    if (st == BERSIH_OK)
        st = norm_boilerplate_init(norm, err);
    if (st != BERSIH_OK) {
        bersih_normalizer_free(norm);
        return st;
    }
    *out = norm;
    return BERSIH_OK;
}

void bersih_normalizer_free(struct bersih_normalizer *norm)
{
    if (!norm)
        return;
    norm_boilerplate_free(norm);
    if (norm->conv)
        ucnv_close(norm->conv);
    bersih_buf_release(&norm->a);
    bersih_buf_release(&norm->b);
    bersih_buf_release(&norm->line);
    bersih_buf_release(&norm->line2);
    bersih_free(norm->u16);
    bersih_free(norm->u16b);
    bersih_free(norm->encoding);
    bersih_free(norm->boilerplate_file);
    bersih_free(norm);
}

static bersih_status nomem_if(bersih_status st, struct bersih_error *err)
{
    if (st == BERSIH_ERR_NOMEM)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    if (st == BERSIH_ERR_TOO_LARGE)
        return bersih_error_set(err, BERSIH_ERR_TOO_LARGE, "article too large");
    return st;
}

/* Mojibake can nest (UTF-8 decoded as cp1252 twice: "nÃƒÂ©"); each round
 * peels one layer. Three layers is the deepest ftfy's cases show. */
#define MOJIBAKE_MAX_LAYERS 3

/* Changes of the code point pass that can leave mojibake a second look
 * would repair: a removed invisible, bidi or control character closes up a
 * sequence it split, an entity becomes one of its characters ("Ã&copy;"),
 * and a real NBSP, curly quote or ellipsis that counted against a repair as
 * a stray becomes ASCII ("¬†<NBSP>", "“¬†"). Dashes are left out on purpose:
 * a real en dash is the evidence that keeps "DrÃ¥ber" (an ftfy negative
 * case), and looking again once it is ASCII would repair it. The price: a
 * second cleaning of such text, its dash ASCII by then, still repairs it
 * ("—Ã©"; not "—¬†", which needs no evidence; see docs/normalize.md). */
static uint64_t chars_changes(const struct bersih_normalize_result *res)
{
    return res->counts[BERSIH_RULE_INVISIBLE] + res->counts[BERSIH_RULE_BIDI_CONTROLS] +
           res->counts[BERSIH_RULE_CONTROL_CHARS] + res->counts[BERSIH_RULE_SPACES] +
           res->counts[BERSIH_RULE_ENTITIES] + res->counts[BERSIH_RULE_QUOTES] +
           res->counts[BERSIH_RULE_ELLIPSIS];
}

/* Changes of the code point pass that can make what the pass itself turns:
 * a removed control or invisible character joins "&#96" and ";" into an
 * entity (or "<b" and "r>" into a break), a decoded entity completes
 * another ("&&#97;mp;" -> "&amp;"), and a fullwidth form made ASCII after
 * the entities and tags were parsed completes one ("&amp<U+FF1B>" ->
 * "&amp;", "<U+FF1C>br>": a review's finding). */
static uint64_t joining_changes(const struct bersih_normalize_result *res)
{
    return res->counts[BERSIH_RULE_INVISIBLE] + res->counts[BERSIH_RULE_BIDI_CONTROLS] +
           res->counts[BERSIH_RULE_CONTROL_CHARS] + res->counts[BERSIH_RULE_ENTITIES] +
           res->counts[BERSIH_RULE_UNICODE_FORM];
}

/* A text whose code point pass made such a change is passed again, as a
 * second cleaning would, until a pass makes none: each of those passes
 * removes or decodes something, so the text shrinks and the loop ends; the
 * bound only keeps a pathological input from taking long. (The fuzzer's
 * "`&#96<NUL>;" cleaned to "`&#96;" once and to "\"" twice.) */
#define CHARS_PASSES_MAX 8

static bersih_status chars_until_stable(struct bersih_normalizer *norm, struct bersih_buf **cur,
                                        struct bersih_buf **next,
                                        struct bersih_normalize_result *res, int *need_nf,
                                        struct bersih_error *err)
{
    for (int pass = 0; pass < CHARS_PASSES_MAX; pass++) {
        uint64_t before = joining_changes(res);
        FORWARD_IF_ERROR(nomem_if(norm_chars(norm, (*cur)->data, (*cur)->len, *next, res,
                                             need_nf),
                                  err));
        struct bersih_buf *swap = *cur;
        *cur = *next;
        *next = swap;
        if (joining_changes(res) == before)
            break;
    }
    return BERSIH_OK;
}

/* The code point pass over *cur into *next, then the normal form where a
 * code point may need it; *cur is left holding the result. */
static bersih_status chars_and_form(struct bersih_normalizer *norm, struct bersih_buf **cur,
                                    struct bersih_buf **next, struct bersih_normalize_result *res,
                                    int *chars_changed, struct bersih_error *err)
{
    int need_nf = 0;
    uint64_t changes_before = chars_changes(res);
    FORWARD_IF_ERROR(chars_until_stable(norm, cur, next, res, &need_nf, err));
    *chars_changed = chars_changes(res) != changes_before;
    if (need_nf) {
        int changed = 0;
        FORWARD_IF_ERROR(norm_unicode_form(norm, (*cur)->data, (*cur)->len, *next, &changed, err));
        if (changed) {
            /* The normal form can contain what the code point pass maps
             * (NFKC gives U+2014 for U+FE58): run it once more. */
            res->counts[BERSIH_RULE_UNICODE_FORM]++;
            FORWARD_IF_ERROR(nomem_if(
                norm_chars(norm, (*next)->data, (*next)->len, *cur, res, &need_nf), err));
            *chars_changed = 1;
        }
    }
    return BERSIH_OK;
}

/* One look for mojibake over *cur; on a repair, *cur holds the repaired
 * text and *fixed says how many sequences were repaired. */
static bersih_status mojibake_layer(struct bersih_normalizer *norm, struct bersih_buf **cur,
                                    struct bersih_buf **next, uint64_t *strong,
                                    struct bersih_normalize_result *res, uint64_t *fixed,
                                    struct bersih_error *err)
{
    *fixed = 0;
    FORWARD_IF_ERROR(
        nomem_if(norm_mojibake(norm, (*cur)->data, (*cur)->len, *next, fixed, strong), err));
    if (*fixed) {
        res->counts[BERSIH_RULE_MOJIBAKE] += *fixed;
        struct bersih_buf *swap = *cur;
        *cur = *next;
        *next = swap;
    }
    return BERSIH_OK;
}

static bersih_status run_stages(struct bersih_normalizer *norm, const char *in, size_t len,
                                struct bersih_buf *out, struct bersih_normalize_result *res,
                                struct bersih_error *err)
{
    struct bersih_buf *cur = &norm->a, *next = &norm->b;
    FORWARD_IF_ERROR(norm_decode(norm, in, len, cur, res, err));
    uint64_t strong = 0; /* strong repairs so far: evidence for the weak ones later */
    uint64_t fixed = 1;
    for (int layer = 0; fixed && layer < MOJIBAKE_MAX_LAYERS; layer++)
        FORWARD_IF_ERROR(mojibake_layer(norm, &cur, &next, &strong, res, &fixed, err));
    int chars_changed = 0;
    FORWARD_IF_ERROR(chars_and_form(norm, &cur, &next, res, &chars_changed, err));
    /* Whatever the code point pass or the normal form changed can leave
     * mojibake that a second cleaning would repair ("\xC2\xAC<ZWSP>\xE2\x80\xA0",
     * "\xC2\xAC\xE2\x80\xA0<NBSP>"): look once more, so that it does not change
     * the first one's output. What that repairs goes through the normal form
     * too: a repair can give a character NFC replaces (U+FA69). A repair can
     * itself leave a sequence the next look repairs (the fuzzer's
     * "Ä¬<NUL><FF>": "¬<U+FFFD>" became one U+FFFD, which then made
     * "Ä<U+FFFD>" a lossy sequence), so it looks again while it repairs, as
     * many layers as the first looks peel. */
    fixed = (uint64_t)chars_changed;
    for (int layer = 0; fixed && layer < MOJIBAKE_MAX_LAYERS; layer++) {
        FORWARD_IF_ERROR(mojibake_layer(norm, &cur, &next, &strong, res, &fixed, err));
        if (fixed)
            FORWARD_IF_ERROR(chars_and_form(norm, &cur, &next, res, &chars_changed, err));
    }
    return norm_lines(norm, cur->data, cur->len, out, res, err);
}

bersih_status bersih_normalize(struct bersih_normalizer *norm, const char *in, size_t len,
                               struct bersih_buf *out, struct bersih_normalize_result *res,
                               struct bersih_error *err)
{
    bersih_buf_reset(out);
    result_reset(res);
    bersih_buf_reset(&norm->a);
    bersih_buf_reset(&norm->b);
    bersih_status st = run_stages(norm, in, len, out, res, err);
    if (st != BERSIH_OK) {
        bersih_buf_reset(out);
        return st;
    }
    /* out must be a NUL-terminated string even when empty */
    if (out->cap == 0)
        FORWARD_IF_ERROR(nomem_if(bersih_buf_reserve(out, 0), err));
    for (int r = 0; r < BERSIH_RULE_COUNT; r++)
        res->changes += res->counts[r];
    return BERSIH_OK;
}
