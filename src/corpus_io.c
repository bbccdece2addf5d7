/*
 * corpus_io.c - signature files: what --signatures, --index and --merge
 * read and write.
 *
 * Layout (all integers little-endian):
 *   header: "BERSIHSG", u32 version (1), u32 k, u32 bands, u32 rows,
 *           u32 sample size, u32 min words, u64 MinHash seed, u64 articles
 *   each article, in input order:
 *           u64 exact[2], u64 bytes, u32 words, u8 flags (1 too short,
 *           2 complete sample, 8 exact duplicate of an earlier article),
 *           u16 samples, u32 input/id/date lengths, the three strings,
 *           u32 sample[samples], then u32 band keys[bands] unless too short
 *           or an exact duplicate (its twin, earlier in the file, has them).
 * About 1.2 KB per article at the defaults. The signature itself is not
 * stored: the band keys are all a later run needs to find candidates, and
 * the sample all it needs to verify them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bersih/minhash.h"
#include "bersih/writer.h"
#include "corpus_internal.h"

#define SIG_MAGIC "BERSIHSG"
#define SIG_VERSION 1
#define SIG_FILE_FLAGS (ART_TOO_SHORT | ART_COMPLETE | ART_EXACT)

/* ---- writing ---------------------------------------------------------- */

static bersih_status put_le(struct bersih_buf *b, uint64_t v, int bytes)
{
    unsigned char le[8];
    for (int i = 0; i < bytes; i++)
        le[i] = (unsigned char)(v >> (8 * i));
    return bersih_buf_append(b, le, (size_t)bytes);
}

static bersih_status put_header(struct bersih_buf *b, const struct bersih_corpus *c)
{
    const struct bersih_corpus_options *o = &c->opts;
    FORWARD_IF_ERROR(bersih_buf_append(b, SIG_MAGIC, 8));
    FORWARD_IF_ERROR(put_le(b, SIG_VERSION, 4));
    FORWARD_IF_ERROR(put_le(b, o->k, 4));
    FORWARD_IF_ERROR(put_le(b, o->bands, 4));
    FORWARD_IF_ERROR(put_le(b, o->rows, 4));
    FORWARD_IF_ERROR(put_le(b, o->sample_size, 4));
    FORWARD_IF_ERROR(put_le(b, o->min_words, 4));
    FORWARD_IF_ERROR(put_le(b, BERSIH_MINHASH_SEED_DEFAULT, 8));
    return put_le(b, c->count, 8);
}

/* The three names; the input is written joined, "path:LINE", as it was
 * added (the index keeps it split, corpus_internal.h). */
static bersih_status put_names(struct bersih_buf *b, const struct bersih_corpus *c, uint32_t i)
{
    char suffix[BERSIH_LINE_SUFFIX_MAX];
    size_t nsuffix = bersih_line_suffix(c->arts[i].line, suffix);
    const char *names[3] = { bersih_corpus_input_path(c, i), bersih_corpus_id(c, i), bersih_corpus_date(c, i) };
    size_t lens[3];
    for (int n = 0; n < 3; n++)
        lens[n] = names[n] ? strlen(names[n]) : 0;
    lens[0] += nsuffix;
    for (int n = 0; n < 3; n++)
        FORWARD_IF_ERROR(put_le(b, lens[n], 4));
    FORWARD_IF_ERROR(bersih_buf_puts(b, names[0]));
    FORWARD_IF_ERROR(bersih_buf_append(b, suffix, nsuffix));
    for (int n = 1; n < 3; n++)
        if (names[n])
            FORWARD_IF_ERROR(bersih_buf_puts(b, names[n]));
    return BERSIH_OK;
}

static bersih_status put_article(struct bersih_buf *b, const struct bersih_corpus *c, uint32_t i)
{
    const struct corpus_article *a = &c->arts[i];
    int has_sample = !(a->flags & (ART_TOO_SHORT | ART_EXACT));
    FORWARD_IF_ERROR(put_le(b, a->exact[0], 8));
    FORWARD_IF_ERROR(put_le(b, a->exact[1], 8));
    FORWARD_IF_ERROR(put_le(b, a->bytes, 8));
    FORWARD_IF_ERROR(put_le(b, a->words, 4));
    FORWARD_IF_ERROR(put_le(b, a->flags & SIG_FILE_FLAGS, 1));
    FORWARD_IF_ERROR(put_le(b, has_sample ? a->nsample : 0, 2));
    FORWARD_IF_ERROR(put_names(b, c, i));
    if (!has_sample)
        return BERSIH_OK;
    for (size_t s = 0; s < a->nsample; s++)
        FORWARD_IF_ERROR(put_le(b, c->samples[a->sample_off + s], 4));
    for (size_t band = 0; band < c->opts.bands; band++)
        FORWARD_IF_ERROR(put_le(b, c->band_keys[(size_t)i * c->opts.bands + band], 4));
    return BERSIH_OK;
}

static bersih_status write_all(struct bersih_writer *w, const struct bersih_corpus *c,
                               struct bersih_buf *b, struct bersih_error *err)
{
    if (put_header(b, c) != BERSIH_OK)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    for (uint32_t i = 0; i < c->count; i++) {
        if (put_article(b, c, i) != BERSIH_OK)
            return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
        if (b->len >= (1u << 16) || i + 1 == c->count) {
            FORWARD_IF_ERROR(bersih_writer_write(w, b->data, b->len, err));
            bersih_buf_reset(b);
        }
    }
    if (b->len)
        FORWARD_IF_ERROR(bersih_writer_write(w, b->data, b->len, err));
    return BERSIH_OK;
}

bersih_status bersih_corpus_save(const struct bersih_corpus *c, const char *path,
                                 struct bersih_error *err)
{
    struct bersih_writer *w;
    FORWARD_IF_ERROR(bersih_writer_open(path, BERSIH_COMPRESSION_NONE, 0644, &w, err));
    struct bersih_buf b = BERSIH_BUF_INIT;
    bersih_status st = write_all(w, c, &b, err);
    bersih_buf_release(&b);
    if (st != BERSIH_OK) {
        bersih_writer_abort(w);
        bersih_error_set_path(err, path);
        return st;
    }
    st = bersih_writer_commit(w, err);
    if (st != BERSIH_OK)
        bersih_error_set_path(err, path);
    return st;
}

/* ---- reading ---------------------------------------------------------- */

struct in {
    FILE *f;
    const char *path;
    uint64_t offset;
};

static bersih_status get_bytes(struct in *in, void *out, size_t n, struct bersih_error *err)
{
    if (n && fread(out, 1, n, in->f) != n) {
        bersih_status code = ferror(in->f) ? BERSIH_ERR_IO : BERSIH_ERR_CORRUPT;
        bersih_error_set(err, code, "%s at byte %llu", code == BERSIH_ERR_IO ? strerror(errno)
                                                                          : "truncated signature file",
                         (unsigned long long)in->offset);
        return code;
    }
    in->offset += n;
    return BERSIH_OK;
}

static bersih_status get_le(struct in *in, uint64_t *v, int bytes, struct bersih_error *err)
{
    unsigned char le[8];
    FORWARD_IF_ERROR(get_bytes(in, le, (size_t)bytes, err));
    *v = 0;
    for (int i = 0; i < bytes; i++)
        *v |= (uint64_t)le[i] << (8 * i);
    return BERSIH_OK;
}

static bersih_status check_header(struct in *in, const struct bersih_corpus *c, uint64_t *count,
                                  struct bersih_error *err)
{
    char magic[8];
    FORWARD_IF_ERROR(get_bytes(in, magic, 8, err));
    RETURN_ERROR_IF(memcmp(magic, SIG_MAGIC, 8) != 0, err, BERSIH_ERR_CORRUPT,
                    "not a bersih signature file");
    const struct bersih_corpus_options *o = &c->opts;
    const uint64_t want[] = { SIG_VERSION, o->k, o->bands, o->rows, o->sample_size, o->min_words };
    static const char *const what[] = { "version", "permutations", "bands", "rows",
                                        "sample size", "minimum words" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        uint64_t v;
        FORWARD_IF_ERROR(get_le(in, &v, 4, err));
        RETURN_ERROR_IF(v != want[i], err, BERSIH_ERR_ARG,
                        "made with %s %llu, this run uses %llu (same --threshold needed)", what[i],
                        (unsigned long long)v, (unsigned long long)want[i]);
    }
    uint64_t seed;
    FORWARD_IF_ERROR(get_le(in, &seed, 8, err));
    RETURN_ERROR_IF(seed != BERSIH_MINHASH_SEED_DEFAULT, err, BERSIH_ERR_ARG,
                    "made with another MinHash seed");
    return get_le(in, count, 8, err);
}

/* Read one article into sk and the strings into names. */
static bersih_status get_article(struct in *in, const struct bersih_corpus *c,
                                 struct bersih_corpus_sketch *sk, struct bersih_buf *names,
                                 size_t lens[3], uint64_t *bytes, struct bersih_error *err)
{
    uint64_t v, flags, nsample;
    FORWARD_IF_ERROR(get_le(in, &sk->exact[0], 8, err));
    FORWARD_IF_ERROR(get_le(in, &sk->exact[1], 8, err));
    FORWARD_IF_ERROR(get_le(in, bytes, 8, err));
    FORWARD_IF_ERROR(get_le(in, &v, 4, err));
    sk->words = (uint32_t)v;
    FORWARD_IF_ERROR(get_le(in, &flags, 1, err));
    FORWARD_IF_ERROR(get_le(in, &nsample, 2, err));
    RETURN_ERROR_IF(nsample > c->opts.sample_size, err, BERSIH_ERR_CORRUPT,
                    "bad sample size at byte %llu", (unsigned long long)in->offset);
    size_t total = 0;
    for (int n = 0; n < 3; n++) {
        FORWARD_IF_ERROR(get_le(in, &v, 4, err));
        RETURN_ERROR_IF(v > (1u << 20), err, BERSIH_ERR_CORRUPT, "bad name length at byte %llu",
                        (unsigned long long)in->offset);
        lens[n] = (size_t)v;
        total += lens[n];
    }
    /* Stored as "input\0" id date "\0": the input is read as a C string. */
    bersih_buf_reset(names);
    if (bersih_buf_reserve(names, total + 2) != BERSIH_OK)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    FORWARD_IF_ERROR(get_bytes(in, names->data, lens[0], err));
    names->data[lens[0]] = '\0';
    FORWARD_IF_ERROR(get_bytes(in, names->data + lens[0] + 1, lens[1] + lens[2], err));
    names->len = total + 1;
    names->data[total + 1] = '\0';
    sk->nsample = (uint32_t)nsample;
    sk->complete = (flags & ART_COMPLETE) != 0;
    sk->nbands = flags & ART_TOO_SHORT ? 0 : c->opts.bands;
    for (size_t s = 0; s < nsample; s++) {
        FORWARD_IF_ERROR(get_le(in, &v, 4, err));
        sk->sample[s] = (uint32_t)v;
    }
    if (flags & (ART_TOO_SHORT | ART_EXACT)) {
        /* An exact duplicate finds its twin by its key. */
        memset(sk->bands, 0, c->opts.bands * sizeof *sk->bands);
        return BERSIH_OK;
    }
    for (size_t band = 0; band < c->opts.bands; band++) {
        FORWARD_IF_ERROR(get_le(in, &v, 4, err));
        sk->bands[band] = (uint32_t)v;
    }
    return BERSIH_OK;
}

static bersih_status load_articles(struct in *in, struct bersih_corpus *c, uint64_t count,
                                   struct bersih_corpus_sketch *sk, struct bersih_buf *names,
                                   struct bersih_error *err)
{
    for (uint64_t i = 0; i < count; i++) {
        size_t lens[3];
        struct bersih_corpus_info info;
        FORWARD_IF_ERROR(get_article(in, c, sk, names, lens, &info.bytes, err));
        const char *id = names->data + lens[0] + 1;
        info.input = names->data;
        info.id = lens[1] ? id : NULL;
        info.id_len = lens[1];
        info.date = lens[2] ? id + lens[1] : NULL;
        info.date_len = lens[2];
        bersih_status st = corpus_add_flagged(c, sk, &info, NULL, ART_INDEXED, NULL, err);
        FORWARD_IF_ERROR(st);
    }
    return BERSIH_OK;
}

bersih_status bersih_corpus_load(struct bersih_corpus *c, const char *path, struct bersih_error *err)
{
    struct in in = { fopen(path, "rb"), path, 0 };
    if (!in.f) {
        bersih_error_set(err, BERSIH_ERR_IO, "%s", strerror(errno));
        bersih_error_set_path(err, path);
        return BERSIH_ERR_IO;
    }
    struct bersih_corpus_sketch sk;
    bersih_corpus_sketch_init(&sk);
    struct bersih_buf names = BERSIH_BUF_INIT;
    uint64_t count = 0;
    bersih_status st = check_header(&in, c, &count, err);
    if (st == BERSIH_OK) {
        sk.sample = bersih_malloc((c->opts.sample_size + 1) * sizeof *sk.sample);
        sk.bands = bersih_malloc(c->opts.bands * sizeof *sk.bands);
        sk.sample_cap = c->opts.sample_size;
        sk.bands_cap = c->opts.bands;
        if (!sk.sample || !sk.bands)
            st = bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    if (st == BERSIH_OK)
        st = load_articles(&in, c, count, &sk, &names, err);
    if (st == BERSIH_OK && fgetc(in.f) != EOF)
        st = bersih_error_set(err, BERSIH_ERR_CORRUPT, "trailing bytes after %llu articles",
                              (unsigned long long)count);
    fclose(in.f);
    bersih_corpus_sketch_release(&sk);
    bersih_buf_release(&names);
    if (st != BERSIH_OK)
        bersih_error_set_path(err, path);
    return st;
}
