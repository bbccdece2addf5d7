/*
 * normalize_mojibake.c - repair UTF-8 that was decoded as Windows-1252,
 * Latin-1 or MacRoman and encoded again ("â€œ" for U+201C, "¬†" for U+00A0).
 *
 * A candidate is a run of characters whose bytes in the charset form one
 * valid multi-byte UTF-8 sequence. Correct text must never be touched
 * ("SÃO PAULO", "DrÃ¥ber" next to a real en dash, "Ã's"), so a candidate is
 * only repaired when it carries a typical signature:
 *   strong  3- and 4-byte sequences ("â€œ", "‚Äú", "ðŸ˜€"): three or more
 *           characters in that exact shape do not occur in real text;
 *   lower   "Ã" or "Â" + a character for 0xA0-0xBF ("Ã©"; "Â" + a no-break
 *           space);
 *   upper   "Ã" + a character for 0x80-0x9F ("Ãœ" = Ü), only next to an
 *           upper-case letter or when the text has strong candidates;
 *   other   Latin Extended-A and Greek leads giving a letter ("Ä°", "Î³");
 *   lossy   a sequence that lost a byte to U+FFFD already ("â€�",
 *           "ðŸ�°") becomes one U+FFFD, as ftfy's replace_lossy_sequences;
 *           counted strong;
 *   altered a space where a byte 0xA0 was ("Â ", "â €", "âš "), as ftfy's
 *           restore_byte_a0: only in a text with strong candidates;
 *   C1      "Â\x9D" right after the repairs it completes ("Ã¢â‚¬Â\x9D"
 *           gives "â€\x9D"): kept for the next layer, which makes it U+201D.
 * MacRoman's "¬†" (U+00A0) is strong too. The weak classes are refused when
 * the text has as many non-ASCII characters that are not candidates
 * ("strays": a real en dash) as candidates, strong repairs of earlier layers
 * included: then the text is more likely right than mojibake. This is the
 * no-false-positive rule of ftfy, whose test cases are the yardstick
 * (tests/unit/test_ftfy.c), in a cheaper, local form. No repair gives a
 * private use or unassigned code point.
 * Cyrillic, Hebrew and Arabic leads are left out: their 2-byte shapes collide
 * with real Latin text ("×…" in "4288×…").
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "normalize_internal.h"

enum cand_class {
    CAND_NONE = 0,
    CAND_STRONG,
    CAND_LOWER,
    CAND_UPPER,
    CAND_OTHER,
    CAND_ALTERED, /* a space stands for a lost byte 0xA0: "Â ", "â €", "âš " */
    CAND_C1,      /* "Â\x9D": a C1 control that only the next layer can use */
};

struct candidate {
    enum cand_class cls;
    size_t len;  /* bytes of the mojibake in the input */
    uint32_t cp; /* the repaired code point */
};

static int map_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void map_add(struct charset_map *m, uint32_t cp, uint8_t byte)
{
    for (int i = 0; i < m->n; i++)
        if (m->cp[i] == cp)
            return;
    if (m->n < (int)(sizeof m->cp / sizeof m->cp[0])) {
        m->cp[m->n] = cp;
        m->byte[m->n] = byte;
        m->n++;
    }
}

static void map_sort(struct charset_map *m)
{
    /* insertion sort of parallel arrays: 160 entries, once per normalizer */
    for (int i = 1; i < m->n; i++) {
        uint32_t cp = m->cp[i];
        uint8_t b = m->byte[i];
        int j = i - 1;
        while (j >= 0 && map_cmp(&m->cp[j], &cp) > 0) {
            m->cp[j + 1] = m->cp[j];
            m->byte[j + 1] = m->byte[j];
            j--;
        }
        m->cp[j + 1] = cp;
        m->byte[j + 1] = b;
    }
}

/* Byte of cp in the charset, or -1. */
static int map_byte(const struct charset_map *m, uint32_t cp)
{
    int lo = 0, hi = m->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (m->cp[mid] == cp)
            return m->byte[mid];
        if (m->cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static bersih_status build_map(const char *charset, struct charset_map *m, int sloppy,
                               struct bersih_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(charset, &status);
    if (U_FAILURE(status))
        return bersih_error_set(err, BERSIH_ERR_ICU, "cannot open ICU converter %s: %s", charset,
                                u_errorName(status));
    memset(m, 0, sizeof *m);
    m->sloppy = sloppy;
    for (int byte = 0x80; byte <= 0xFF; byte++) {
        char in = (char)byte;
        UChar u[4];
        status = U_ZERO_ERROR;
        int32_t n = ucnv_toUChars(conv, u, 4, &in, 1, &status);
        uint32_t cp = (U_SUCCESS(status) && n == 1) ? u[0] : 0xFFFD;
        if (cp == 0xFFFD || cp == 0x1A) {
            if (!sloppy)
                continue;
            cp = (uint32_t)byte; /* "sloppy": an unmapped byte stays a C1 control */
        }
        map_add(m, cp, (uint8_t)byte);
    }
    if (sloppy) /* Latin-1: the C1 controls stand for their own bytes */
        for (uint32_t cp = 0x80; cp <= 0x9F; cp++)
            map_add(m, cp, (uint8_t)cp);
    ucnv_close(conv);
    map_sort(m);
    return BERSIH_OK;
}

bersih_status norm_mojibake_init(struct bersih_normalizer *norm, struct bersih_error *err)
{
    FORWARD_IF_ERROR(build_map("windows-1252", &norm->cp1252, 1, err));
    return build_map("macintosh", &norm->macroman, 0, err);
}

static int lead_allowed(int b)
{
    return (b >= 0xC2 && b <= 0xC5) || (b >= 0xCB && b <= 0xCF) || (b >= 0xE0 && b <= 0xF4);
}

/* MacRoman's math signs after "√" are more likely math than mojibake:
 * "√π" must stay (an ftfy negative case). */
static int macroman_math(uint32_t cp)
{
    /* only the signs whose byte gives a rare letter: "√∂" is a common ö */
    return cp == 0x3C0 || cp == 0x2211 || cp == 0x221E || cp == 0x3A9;
}

/* "voilÃ le travail": the NBSP of "à" was lost to a space. */
static int lost_nbsp_a_grave(const unsigned char *s, size_t len, size_t i, size_t n, int b)
{
    if (b != 0xC3 || i + n + 1 >= len || s[i + n] != ' ')
        return 0;
    size_t w = i + n + 1 + (s[i + n + 1] == ' ');
    if (w >= len || !(s[w] >= 'a' && s[w] <= 'z'))
        return 0;
    return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\'' || (s[i - 1] >= 'a' && s[i - 1] <= 'z');
}

/* Portuguese "às" and "àquele": the lost NBSP split one word, so the space
 * goes too. */
static int joins_next_word(const unsigned char *s, size_t len, size_t at)
{
    if (at < len && s[at] == 's' &&
        (at + 1 == len || s[at + 1] == ' ' || s[at + 1] == ',' || s[at + 1] == '.'))
        return 1;
    return at + 4 <= len && memcmp(s + at, "quel", 4) == 0;
}

static uint32_t cp_after(const unsigned char *s, size_t i)
{
    size_t n;
    return utf8_decode(s + i, &n);
}

/* Leads whose sequence may have lost a continuation byte to U+FFFD (ftfy's
 * "lossy" sequences, "â€�", "ï¸�", "ðŸ�°"): a lost byte leaves a sequence
 * that still reads as mojibake, and repairing it to U+FFFD stops its other
 * characters from counting as correct text against the rest. Of the 3- and
 * 4-byte leads only those of punctuation (0xE2: U+2000-U+2FFF), of
 * U+F000-U+FFFF (variation selectors, U+FFFD itself) and of emoji: the others
 * are Latin letters ("é", "ç") that broken text often has before a U+FFFD of
 * its own. */
static int lossy_lead(int b, size_t k)
{
    if (k == 1)
        return b <= 0xC5;
    return b == 0xE2 || b == 0xEF || b == 0xF0;
}

/* A space for a lost byte 0xA0 (ftfy's restore_byte_a0: Windows-1252 shows
 * 0xA0 as a no-break space, and something took it for a space; MacRoman's
 * 0xA0 is a dagger, which nobody turns into a space). Inside "â" + two
 * characters, only where the sequence could not be something else:
 * "â € " (U+2800, a blank used as padding) and "âš " (U+26A0) are safe, but
 * "â€ " is far more often the "â€\x9D" of a closing quote whose last byte
 * was dropped than a dagger U+2020. */
static int altered_space(const struct charset_map *m, int b, size_t j,
                         const unsigned char *bytes)
{
    return m->sloppy && b == 0xE2 && (j == 1 || (j == 2 && bytes[1] != 0x80));
}

static struct candidate candidate_at(const struct charset_map *m, const unsigned char *s,
                                     size_t len, size_t i)
{
    struct candidate c = { CAND_NONE, 0, 0 };
    size_t n;
    uint32_t cp = utf8_decode(s + i, &n);
    int b = cp < 0x80 ? -1 : map_byte(m, cp);
    if (b < 0 || !lead_allowed(b))
        return c;
    size_t k = b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
    unsigned char bytes[4] = { (unsigned char)b, 0, 0, 0 };
    size_t pos = i + n;
    int lost = 0, altered = 0;
    for (size_t j = 1; j <= k; j++) {
        if (pos >= len)
            return c;
        size_t cn;
        uint32_t cc = utf8_decode(s + pos, &cn);
        int cb = cc < 0x80 ? -1 : map_byte(m, cc);
        if (cc == 0xFFFD && lossy_lead(b, k)) {
            /* "Ä�", "â€�": a byte was lost to a bad decoder already */
            lost = 1;
            bytes[j] = 0x80;
            pos += cn;
            continue;
        }
        if (cc == '?' && j == 2 && b == 0xE2 && bytes[1] == 0x80) {
            /* "â€?": a decoder that writes '?' for what it cannot map */
            c.cls = CAND_STRONG, c.len = pos + 1 - i, c.cp = 0xFFFD;
            return c;
        }
        if (cc == ' ' && !altered && altered_space(m, b, j, bytes)) {
            altered = 1;
            bytes[j] = 0xA0;
            pos++;
            continue;
        }
        if (cb < 0x80 || cb > 0xBF) {
            if (j == 1 && lost_nbsp_a_grave(s, len, i, n, b)) {
                c.cls = CAND_LOWER, c.len = n, c.cp = 0xE0;
                if (s[i + n + 1] == ' ' || joins_next_word(s, len, i + n + 1))
                    c.len = n + 1; /* "voilÃ  le": the NBSP became the first space */
            } else if (j == 1 && b == 0xC2 && cc == ' ' && m->sloppy) {
                c.cls = CAND_ALTERED, c.len = n + 1, c.cp = 0xA0; /* "Â " */
            }
            return c;
        }
        bytes[j] = (unsigned char)cb;
        pos += cn;
    }
    if (lost) {
        c.cls = CAND_STRONG, c.len = pos - i, c.cp = 0xFFFD;
        return c;
    }
    if (bersih_utf8_invalid_at((const char *)bytes, k + 1) != k + 1)
        return c;
    size_t dn;
    uint32_t u = utf8_decode(bytes, &dn);
    if (u < 0xA0 && b == 0xC2 && m->sloppy) {
        /* "Â\x9D" in "â€Â\x9D": the last byte of a quote that was mojibake
         * twice; repair() keeps it where the next layer needs it */
        c.cls = CAND_C1, c.len = pos - i, c.cp = u;
        return c;
    }
    if (u < 0xA0 || (u >= 0x1D00 && u <= 0x1DBF))
        return c; /* C1 controls, phonetic extensions: not what anybody wrote */
    int8_t type = u_charType((UChar32)u);
    if (type == U_PRIVATE_USE_CHAR || type == U_UNASSIGNED)
        return c; /* nor this: "î¬†" is U+EB06 in cp1252, the MacRoman "‚Äî¬†" has it */
    if (!m->sloppy && b == 0xC3 && macroman_math(cp_after(s, i + n)))
        return c;
    c.len = pos - i;
    c.cp = u;
    if (altered)
        c.cls = CAND_ALTERED;
    else if (k >= 2)
        c.cls = CAND_STRONG;
    else if (!m->sloppy && u == 0xA0)
        c.cls = CAND_STRONG; /* MacRoman's "¬†": a not sign before a dagger is never meant */
    else if (b == 0xC2 || (b == 0xC3 && (bytes[1] >= 0xA0 || u == 0xDF)))
        c.cls = CAND_LOWER;
    else if (b == 0xC3)
        c.cls = CAND_UPPER;
    else if (bytes[1] != 0xA0 && b <= 0xCF && b != 0xCB && u_isalpha((UChar32)u))
        c.cls = CAND_OTHER;
    else if (b == 0xCB && !u_isalpha((UChar32)u))
        c.cls = CAND_OTHER; /* spacing modifiers: "Ë›" for U+02DB */
    else if ((b == 0xCC || b == 0xCD) && u_charType((UChar32)u) == U_NON_SPACING_MARK)
        c.cls = CAND_OTHER; /* combining marks: "Ì¶" for U+0336 */
    else
        c.len = 0;
    return c;
}

/* Index of the next non-ASCII byte at or after i (len when none). */
static size_t skip_ascii(const unsigned char *s, size_t len, size_t i)
{
    return i + bersih_ascii_run((const char *)s + i, len - i);
}

/* strays counts punctuation twice and letters once: a real en dash next to
 * "DrÃ¥ber" speaks for correct text more than a real "ç" next to "SÃ©rie".
 * Only what a second cleaning still sees counts: not a format character
 * (ZWSP, BOM, bidi controls: the code point pass removes them) or a
 * fullwidth form (made ASCII), or the first cleaning would refuse a repair
 * that the second makes ("&quot<U+FF03>.Ã©": a review's random test). A
 * dash still counts, made ASCII as it is: ftfy's "Bremer/Mccoy – DrÃ¥ber"
 * must stay (docs/hardening.md, the dash family). */
static int stays_for_a_second_look(uint32_t cp)
{
    return !(cp >= 0xFF01 && cp <= 0xFF5E) && u_charType((UChar32)cp) != U_FORMAT_CHAR;
}

struct scan_totals {
    size_t strong, weak, strays, c1;
    uint64_t before; /* strong repairs in earlier layers of the same text */
};

static void scan(const struct charset_map *m, const unsigned char *s, size_t len,
                 struct scan_totals *t)
{
    memset(t, 0, sizeof *t);
    size_t i = 0;
    while ((i = skip_ascii(s, len, i)) < len) {
        struct candidate c = candidate_at(m, s, len, i);
        if (c.cls == CAND_STRONG) {
            t->strong++;
        } else if (c.cls != CAND_NONE && c.cls != CAND_C1) {
            t->weak++;
        } else {
            size_t n;
            uint32_t cp = utf8_decode(s + i, &n);
            if (cp > 0x9F && stays_for_a_second_look(cp))
                t->strays += u_isalpha((UChar32)cp) ? 1 : 2;
            else if (cp >= 0x80 && cp != 0x85)
                t->c1++;
            i += n;
            continue;
        }
        i += c.len;
    }
}

static int is_upper_at(const unsigned char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    size_t n;
    return u_isupper((UChar32)utf8_decode(s + i, &n));
}

static int is_upper_before(const unsigned char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && (s[j] & 0xC0) == 0x80)
        j--;
    return is_upper_at(s, i, j);
}

static int accept(const struct candidate *c, const struct scan_totals *t, const unsigned char *s,
                  size_t len, size_t i)
{
    if (c->cls == CAND_STRONG)
        return 1;
    if (t->strays >= 2 * (t->strong + t->weak + t->before))
        return 0;
    if (c->cls == CAND_UPPER)
        return t->strong > 0 || is_upper_before(s, i) || is_upper_at(s, len, i + c->len);
    if (c->cls == CAND_ALTERED)
        return t->strong > 0; /* "Â " alone could be a word and a space */
    return 1;
}

/* A lone C1 control is a Windows-1252 byte read as Latin-1 ("\x93" for
 * U+201C). One alone is more likely a stray control (removed later), so it
 * takes two of them or other mojibake in the text; U+0085 stays NEL, a line
 * break. */
static uint32_t c1_as_cp1252(const struct charset_map *m, uint32_t cp)
{
    for (int k = 0; k < m->n; k++)
        if (m->byte[k] == cp && m->cp[k] > 0x9F)
            return m->cp[k];
    return 0;
}

/* Do the repairs in out[from, out->len) end with the start of a sequence (in
 * m's bytes) that byte c1 completes to valid UTF-8? Then "Â\x9D" after the
 * "â€" just repaired from "Ã¢â‚¬" is the last byte of a quote that the next
 * layer repairs ("â€\x9D" is U+201D), not a control. Only repairs count:
 * "ÃÂœ" as written is no layer of anything. */
static int completes_tail(const struct charset_map *m, const struct bersih_buf *out, size_t from,
                          uint32_t c1)
{
    const unsigned char *o = (const unsigned char *)out->data;
    unsigned char bytes[4];
    size_t end = out->len;
    for (size_t t = 1; t <= 3 && end > from; t++) {
        size_t start = end - 1;
        while (start > from && (o[start] & 0xC0) == 0x80)
            start--;
        size_t n;
        int b = map_byte(m, utf8_decode(o + start, &n));
        if (b < 0x80)
            return 0;
        bytes[3 - t] = (unsigned char)b;
        if (b >= 0xC0) {
            size_t need = b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
            if (need != t)
                return 0;
            bytes[3] = (unsigned char)c1;
            const char *seq = (const char *)bytes + 3 - t;
            return bersih_utf8_invalid_at(seq, t + 1) == t + 1;
        }
        end = start;
    }
    return 0;
}

static bersih_status repair(const struct charset_map *m, int fix_c1, const unsigned char *s,
                            size_t len, const struct scan_totals *t, struct bersih_buf *out,
                            uint64_t *changed, uint64_t *strong)
{
    bersih_status st;
    /* out[run_from, run_to) is the run of repairs just written, with nothing
     * copied between them */
    size_t i = 0, copied = 0, run_from = 0, run_to = SIZE_MAX;
    while ((i = skip_ascii(s, len, i)) < len) {
        struct candidate c = candidate_at(m, s, len, i);
        uint32_t fixed = 0;
        size_t n = c.len;
        if (c.cls == CAND_C1 &&
            !(copied == i && out->len == run_to && completes_tail(m, out, run_from, c.cp)))
            c.cls = CAND_NONE;
        if (c.cls == CAND_C1) {
            fixed = c.cp;
        } else if (c.cls != CAND_NONE && accept(&c, t, s, len, i)) {
            fixed = c.cp;
            *strong += c.cls == CAND_STRONG;
        } else {
            uint32_t cp = utf8_decode(s + i, &n);
            if (fix_c1 && cp >= 0x80 && cp <= 0x9F &&
                (t->strong + t->weak > 0 || (t->c1 >= 2 && cp != 0x85)))
                fixed = c1_as_cp1252(m, cp);
            if (!fixed) {
                i += n;
                continue;
            }
        }
        if ((st = bersih_buf_append(out, s + copied, i - copied)) != BERSIH_OK)
            return st;
        if (out->len != run_to)
            run_from = out->len;
        if ((st = buf_put_cp(out, fixed)) != BERSIH_OK)
            return st;
        run_to = out->len;
        (*changed)++;
        i += n;
        copied = i;
    }
    return bersih_buf_append(out, s + copied, len - copied);
}


bersih_status norm_mojibake(const struct bersih_normalizer *norm, const char *in, size_t len,
                            struct bersih_buf *out, uint64_t *changed, uint64_t *strong)
{
    const unsigned char *s = (const unsigned char *)in;
    *changed = 0;
    if (bersih_ascii_run((const char *)s, len) == len)
        return BERSIH_OK;
    const struct charset_map *maps[2] = { &norm->cp1252, &norm->macroman };
    for (int k = 0; k < 2; k++) {
        struct scan_totals t;
        scan(maps[k], s, len, &t);
        t.before = *strong;
        bersih_buf_reset(out);
        FORWARD_IF_ERROR(repair(maps[k], k == 0, s, len, &t, out, changed, strong));
        if (*changed)
            return BERSIH_OK;
    }
    return BERSIH_OK;
}
