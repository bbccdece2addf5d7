/*
 * corpus.h - near-duplicate articles across a corpus: exact duplicates,
 * MinHash LSH candidates verified on a shingle sample, union-find clusters.
 *
 * Pipeline, per article (in input order):
 *   1. sketch (any thread, bersih_corpus_sketch_text): the matching key's
 *      tokens (tokenize.h; the dateline before body_start skipped), their
 *      word 5-gram shingle set, a 128-value MinHash signature cut into
 *      b bands of r rows (one 32-bit key per band), an XXH3-128 of the token
 *      sequence (the exact key) and a verification sample (below). The
 *      signature itself is dropped: only the band keys are kept.
 *   2. add (one thread, bersih_corpus_add): an article with fewer than
 *      min_words words is "too short" and neither indexed nor clustered. An
 *      article whose exact key was seen before joins that article at
 *      similarity 1 and stays out of the LSH tables. Otherwise every earlier
 *      article sharing a band key is a candidate; a candidate joins the
 *      article's cluster only when the Jaccard similarity of their samples is
 *      at least the threshold (verification: chains and boilerplate cannot
 *      glue unrelated articles together through LSH collisions alone).
 *   3. finish: union-find components are the clusters; each gets one
 *      representative by the keep policy, and each member its similarity to
 *      it. A member under the threshold is "far" and its cluster "loose"
 *      (joined by a chain A~B~C with A and C apart).
 *
 * Bands and rows: bersih_corpus_bands_for() picks, for k = 128, the largest
 * r (fewest false candidates) such that b = floor(k / r) bands still make an
 * article pair at the threshold a candidate with probability >= 0.98
 * (P(s) = 1 - (1 - s^r)^b). At the default 0.75 that is 21 x 6: knee
 * (1/b)^(1/r) = 0.60, P(0.75) = 0.984, P(0.80) = 0.998, P(0.50) = 0.28,
 * P(0.30) = 0.015. The knee sits well below the threshold because
 * verification removes the extra candidates cheaply (docs/dedup.md).
 *
 * Verification sample: the article's distinct shingle hashes, each cut to
 * its high 32 bits, the sample_size smallest of them (a bottom-k sketch).
 * An article with at most sample_size shingles keeps its whole set and the
 * Jaccard of two such articles is exact; otherwise the estimate
 * |A n B| / |A u B| over the union's elements below both sketches' cut-offs
 * has a standard error of about sqrt(J(1-J)/sample_size): 0.035 at J = 0.8
 * for the default 128. Memory per indexed article: 4 x sample_size bytes of
 * sample, 4b bytes of band keys, about 12b bytes of LSH table and chain,
 * about 80 bytes of bookkeeping and its names (docs/dedup.md has figures).
 *
 * Shared passages (opts.passages): paragraphs that occur near-identically
 * in several articles. Within one outlet that is boilerplate (a footer, a
 * standard "Baca juga" block, a disclaimer); across outlets it is reuse (one
 * press release's quotes in several stories).
 *   - Units: the normalized article's lines; an article of under three
 *     non-blank lines is cut into sentences (ICU, locale "id"), as intradoc
 *     cuts it, and numbered as intradoc numbers them. Units under
 *     passage_min_words words are ignored. The key is the tokenizer's, after
 *     the dateline.
 *   - Sketch (any thread, with the article's): per unit an exact key
 *     (XXH3-64 of its token hashes) and its distinct word 2-gram hashes, cut
 *     to 32 bits, sorted. The index keeps the smallest
 *     BERSIH_CORPUS_PASSAGE_SAMPLE of them (a bottom-k sample).
 *   - Exact: a unit whose key was seen joins that unit at similarity 1 and
 *     stays out of the near index (a footer in 5,000 articles costs one entry).
 *   - Near: every unit is filed under its three smallest hashes; a new unit
 *     looks up all its hashes, so an earlier unit whose minimum it contains
 *     is a candidate (containment, not only Jaccard, finds the quote inside a
 *     longer paragraph). At most 64 units per key are read, newest first,
 *     and a candidate joins only when it is at most twice as long or short
 *     and the containment of the smaller unit in the larger is at least
 *     passage_threshold: estimated from the smaller's sampled hashes under
 *     both samples' cut-offs (at least 8 of them), exact when both samples
 *     are whole sets.
 *   - Groups: union-find over joined units. finish() keeps the groups that
 *     span at least passages_min articles, counting copies of one article
 *     (one dedup cluster) once; a group is boilerplate when all its members'
 *     articles have one outlet (compared case-insensitively), else reuse.
 *   - Memory: about 120 bytes per indexed unit (docs/dedup.md); each unit's
 *     first 80 characters go to an unlinked temporary file ($TMPDIR or /tmp),
 *     read back only for the report.
 *
 * Owns:     a bersih_corpus owns every article's names, sample and band
 *           keys, the LSH tables (until bersih_corpus_seal() frees them),
 *           the union-find forest and the verified pairs; a sketcher owns a tokenizer, a MinHash and scratch arrays;
 *           a sketch owns its arrays (init once, reuse, release).
 * Borrows:  texts and info strings during one call only (strings are copied).
 * Frees:    bersih_corpus_free(), bersih_corpus_sketcher_free() (NULL is a
 *           no-op), bersih_corpus_sketch_release().
 * Threads:  one sketcher per thread (sketchers share nothing). A corpus is
 *           used by one thread at a time: sketches are made in parallel and
 *           added in input order, so -j N gives the same clusters as -j 1.
 */
#ifndef BERSIH_CORPUS_H
#define BERSIH_CORPUS_H

#include <stdint.h>

#include "bersih/bersih.h"

#ifdef __cplusplus
extern "C" {
#endif

/* FineWeb's 0.75: two articles sharing three quarters of their word
 * 5-grams tell one story in the same words (one release, light edits). */
#define BERSIH_CORPUS_THRESHOLD_DEFAULT 0.75
/* KoPI-CC drops Indonesian documents under 20 words; under that a handful
 * of 5-grams say nothing about the story (anchors 7.2). */
#define BERSIH_CORPUS_MIN_WORDS_DEFAULT 20
/* See "Verification sample" above: 128 keeps an article under 1 KB and
 * scored as 256 did on tests/eval/dedup_eval.c (docs/dedup.md). */
#define BERSIH_CORPUS_SAMPLE_DEFAULT 128
#define BERSIH_CORPUS_SAMPLE_MAX 4096
/* Candidate probability wanted at the threshold when choosing b and r. */
#define BERSIH_CORPUS_RECALL_AT_THRESHOLD 0.98

/* Shared passages (--passages): see "Shared passages" below. 0.8 is the
 * in-article threshold (intradoc.h) and dolma's: a quote copied with an
 * edited word or a changed attribution ("ujar Syafrida" -> "tuturnya")
 * stays above it. */
#define BERSIH_CORPUS_PASSAGE_THRESHOLD_DEFAULT 0.8
/* Under 8 words a line is a caption, a credit, "Baca juga" or a stock
 * phrase ("Hal itu disampaikan dalam keterangan tertulis"): common to many
 * articles without meaning reuse. */
#define BERSIH_CORPUS_PASSAGE_MIN_WORDS_DEFAULT 8
/* Word 2-grams, not intradoc's 3-grams: a quote reused with two edited
 * words keeps 0.82 of its 2-grams but 0.74 of its 3-grams (the samples'
 * Syafrida quote), and the size-ratio guard keeps chance matches of short
 * units down. 3-grams found 12% fewer groups on the corpus in half the
 * time (docs/dedup.md). */
#define BERSIH_CORPUS_PASSAGE_SHINGLE_N_DEFAULT 2
#define BERSIH_CORPUS_PASSAGES_MIN_DEFAULT 2
/* Bottom-k sample kept per unit: the whole set of a unit of up to 17 words,
 * so most news sentences compare exactly; an estimate with a
 * standard error of about 0.1 for longer ones. 64 bytes. */
#define BERSIH_CORPUS_PASSAGE_SAMPLE 16
/* First characters of a group's first member in the report. */
#define BERSIH_CORPUS_PASSAGE_PREVIEW_CHARS 80

/* Where an article's outlet came from (bersih_corpus_outlet()). */
enum bersih_outlet_from {
    BERSIH_OUTLET_NONE = 0,  /* unknown */
    BERSIH_OUTLET_SOURCE,    /* the JSON Lines field "source" */
    BERSIH_OUTLET_DATELINE,  /* the dateline's outlet ("TAPSEL, HarianForum.com - ") */
    BERSIH_OUTLET_DIRECTORY  /* the input file's directory */
};

enum bersih_keep {
    BERSIH_KEEP_FIRST = 0, /* the first member in input order */
    BERSIH_KEEP_LONGEST,   /* the most words; ties: the first */
    BERSIH_KEEP_EARLIEST   /* the earliest JSON "date"; undated after dated; ties: the first */
};

struct bersih_corpus_options {
    double threshold;   /* Jaccard of word 5-grams to join; (0, 1] */
    size_t bands, rows; /* 0, 0 = bersih_corpus_bands_for(threshold, k) */
    size_t k;           /* MinHash permutations; 0 = BERSIH_MINHASH_K_DEFAULT */
    size_t min_words;   /* fewer words: "too short", not clustered */
    size_t sample_size; /* verification sample, see above */
    size_t max_candidates; /* verifications per article at most (0 = 256) */
    enum bersih_keep keep;
    /* Shared passages (below); all ignored unless passages != 0. */
    int passages;
    double passage_threshold;   /* containment to join two units; (0, 1] */
    size_t passage_min_words;   /* shorter units are ignored */
    size_t passage_shingle_n;   /* word n-grams of a unit */
    size_t passages_min;        /* articles (stories) a reported group spans */
};

void bersih_corpus_options_default(struct bersih_corpus_options *opts);

/* b x r for a threshold, as described above; k = 0 means the default. */
void bersih_corpus_bands_for(double threshold, size_t k, size_t *bands, size_t *rows);
/* 1 - (1 - s^rows)^bands: the chance that a pair of similarity s is a candidate. */
double bersih_corpus_candidate_probability(double s, size_t bands, size_t rows);

/* ---- sketches (any thread) ------------------------------------------ */

/* One unit (paragraph or sentence) of an article, for shared passages.
 * Its distinct shingle hashes (high 32 bits, strictly increasing) are
 * sketch->unit_hashes[hashes_off .. hashes_off + shingles); the first
 * min(shingles, BERSIH_CORPUS_PASSAGE_SAMPLE) of them are its sample. */
struct bersih_corpus_unit {
    uint64_t exact;      /* XXH3-64 of the unit's token hashes */
    uint32_t number;     /* 0-based paragraph (line) or sentence, as intradoc counts */
    uint32_t start, end; /* bytes of the unit's words in the text [start, end) */
    uint32_t words;
    uint32_t shingles;
    size_t hashes_off;
};

/* What the index keeps of one article. Invariants after a successful
 * bersih_corpus_sketch_text(): nsample <= the sample size; sample[] is
 * strictly increasing; complete != 0 means sample is the whole shingle set;
 * bands[0..nbands) are valid when words >= min_words. */
struct bersih_corpus_sketch {
    uint64_t exact[2]; /* XXH3-128 of the token hash sequence */
    uint32_t words;    /* tokens of the matching key */
    uint32_t nsample;
    int complete;
    uint32_t *sample;
    uint32_t *bands;
    size_t nbands;
    size_t sample_cap, bands_cap; /* storage */
    /* With opts.passages: the article's units of at least passage_min_words
     * words, in text order, and their shingle sets (below). */
    struct bersih_corpus_unit *units;
    size_t nunits, units_cap;
    uint32_t *unit_hashes;
    size_t nhashes, hashes_cap;
    int by_sentence; /* units are sentences (the article has under three lines) */
};

void bersih_corpus_sketch_init(struct bersih_corpus_sketch *sk);
void bersih_corpus_sketch_release(struct bersih_corpus_sketch *sk);

struct bersih_corpus_sketcher;

/* opts may be NULL (defaults). BERSIH_ERR_ARG for a bad option. */
BERSIH_NODISCARD bersih_status bersih_corpus_sketcher_new(const struct bersih_corpus_options *opts,
                                                          struct bersih_corpus_sketcher **out,
                                                          struct bersih_error *err);
void bersih_corpus_sketcher_free(struct bersih_corpus_sketcher *s);

/* Sketch normalized text[body_start..len) (valid UTF-8). */
BERSIH_NODISCARD bersih_status bersih_corpus_sketch_text(struct bersih_corpus_sketcher *s,
                                                         const char *text, size_t len,
                                                         size_t body_start,
                                                         struct bersih_corpus_sketch *out,
                                                         struct bersih_error *err);

/* Jaccard similarity of two articles' samples (exact when both complete). */
double bersih_corpus_sample_jaccard(const uint32_t *a, size_t na, int a_complete,
                                    const uint32_t *b, size_t nb, int b_complete);

/* ---- the index (one thread) ----------------------------------------- */

/* Names of one article, copied by bersih_corpus_add(). */
struct bersih_corpus_info {
    const char *input;  /* "path" or "path:line", as reports name inputs */
    const char *id;     /* raw JSON id (quoted string or number), or NULL */
    size_t id_len;
    const char *date;   /* decoded JSON "date", or NULL */
    size_t date_len;
    uint64_t bytes;     /* the article's size, for "bytes saved" */
};

/* What shared passages need of an article besides its sketch, borrowed
 * during bersih_corpus_add_article(): the text the sketch was made from
 * (for the previews; NULL gives empty ones) and its outlet
 * (bersih_corpus_outlet()). */
struct bersih_corpus_passage_info {
    const char *text;
    size_t text_len;
    const char *outlet;
    size_t outlet_len;
    enum bersih_outlet_from outlet_from;
};

struct bersih_corpus;

BERSIH_NODISCARD bersih_status bersih_corpus_new(const struct bersih_corpus_options *opts,
                                                 struct bersih_corpus **out,
                                                 struct bersih_error *err);
void bersih_corpus_free(struct bersih_corpus *c);

/* Add the next article; *index (may be NULL) receives its 0-based number.
 * Clusters are valid only after bersih_corpus_finish(); adding after a
 * finish is allowed (finish again), unless the index was sealed. */
BERSIH_NODISCARD bersih_status bersih_corpus_add(struct bersih_corpus *c,
                                                 const struct bersih_corpus_sketch *sk,
                                                 const struct bersih_corpus_info *info,
                                                 uint64_t *index, struct bersih_error *err);

/* bersih_corpus_add() with the article's passage info (may be NULL: no
 * outlet, empty previews). With opts.passages the sketch's units are
 * indexed too; BERSIH_ERR_IO when the previews cannot be written. */
BERSIH_NODISCARD bersih_status bersih_corpus_add_article(struct bersih_corpus *c,
                                                         const struct bersih_corpus_sketch *sk,
                                                         const struct bersih_corpus_info *info,
                                                         const struct bersih_corpus_passage_info *passage,
                                                         uint64_t *index, struct bersih_error *err);

size_t bersih_corpus_count(const struct bersih_corpus *c);

/* Free what only adding articles needs: the LSH band tables, their chains,
 * the exact-key table and the candidates' scratch, about a quarter of the
 * index's memory (255 of 920 MiB at a million articles). For a caller
 * that has added its last article: called before bersih_corpus_finish(),
 * whose arrays then take
 * the place of the tables instead of adding to them. Adding an article
 * (also by loading a signature file) after it fails with BERSIH_ERR_ARG;
 * everything else works as before. */
void bersih_corpus_seal(struct bersih_corpus *c);

/* Cluster, choose representatives, measure similarities. */
BERSIH_NODISCARD bersih_status bersih_corpus_finish(struct bersih_corpus *c,
                                                    struct bersih_error *err);

enum bersih_corpus_status {
    BERSIH_CORPUS_UNIQUE = 0,  /* in no cluster */
    BERSIH_CORPUS_KEPT,        /* the representative of its cluster */
    BERSIH_CORPUS_DUPLICATE,   /* a member of a cluster, not kept */
    BERSIH_CORPUS_TOO_SHORT    /* under min_words: not compared */
};

const char *bersih_corpus_status_name(enum bersih_corpus_status st);

/* One article's place after bersih_corpus_finish(). */
struct bersih_corpus_member {
    enum bersih_corpus_status status;
    uint64_t cluster;        /* 1-based, numbered by first member; 0 = none */
    uint64_t cluster_size;   /* 1 for unique and too-short articles */
    uint64_t representative; /* index of the kept article (itself when kept or unique) */
    double similarity;       /* Jaccard to the representative (1 for itself) */
    int exact;               /* same exact key as the representative */
    int far;                 /* similarity below the threshold (joined by a chain) */
    int loose;               /* its cluster has a far member */
    int indexed;             /* loaded from a signatures/index file */
    uint32_t words;
    uint64_t bytes;
};

void bersih_corpus_member(const struct bersih_corpus *c, uint64_t index,
                          struct bersih_corpus_member *out);
/* The article's input name, as added (info->input; "" when NULL). The index
 * keeps a name "path:LINE" (LINE in decimal, 1..4294967295, no leading
 * zero) as its path, stored once for consecutive articles of one file (a
 * path met again after another is stored again), and its line;
 * any other name whole, as its path with line 0. So the name is the path,
 * followed by ":" and the line unless that is 0. The path points into the
 * corpus: valid until the next add (which may move it) or the free. */
const char *bersih_corpus_input_path(const struct bersih_corpus *c, uint64_t index);
uint64_t bersih_corpus_input_line(const struct bersih_corpus *c, uint64_t index);
/* Append the input name to out, byte for byte as added. Nothing is
 * appended on failure (BERSIH_ERR_NOMEM, or BERSIH_ERR_TOO_LARGE past the
 * buffer's max). */
BERSIH_NODISCARD bersih_status bersih_corpus_input_name(const struct bersih_corpus *c,
                                                        uint64_t index, struct bersih_buf *out);
/* The article's id and date as added (NULL when absent); into the corpus,
 * as the path above. */
const char *bersih_corpus_id(const struct bersih_corpus *c, uint64_t index);
const char *bersih_corpus_date(const struct bersih_corpus *c, uint64_t index);

struct bersih_corpus_stats {
    uint64_t articles, too_short, clusters, duplicates, exact_duplicates;
    uint64_t loose_clusters, pairs_verified, candidates, bytes_saved;
};

/* Figures after finish; indexed articles are included only when
 * with_indexed is non-zero. */
void bersih_corpus_stats(const struct bersih_corpus *c, int with_indexed,
                         struct bersih_corpus_stats *out);

/* Every verified near-duplicate pair (a < b) and exact pair, in the order
 * found: the call `bersih check --dedup` needs. fn returns non-zero to stop. */
typedef int (*bersih_corpus_pair_fn)(void *ctx, uint64_t a, uint64_t b, double similarity);
void bersih_corpus_for_each_pair(const struct bersih_corpus *c, bersih_corpus_pair_fn fn,
                                 void *ctx);

/* Append the article's report object (one JSON line, docs/dedup.md). */
BERSIH_NODISCARD bersih_status bersih_corpus_report_format(struct bersih_buf *out,
                                                           const struct bersih_corpus *c,
                                                           uint64_t index);

/* ---- signature files (--signatures, --index, --merge) --------------- */

/* Write every article's sketch and names to path (atomically). The file
 * records k, b, r, the sample size and the MinHash seed; loading it into a
 * corpus with other settings is BERSIH_ERR_ARG. */
BERSIH_NODISCARD bersih_status bersih_corpus_save(const struct bersih_corpus *c, const char *path,
                                                  struct bersih_error *err);
/* Add the articles of a saved file, in their order, marked "indexed":
 * the same as adding them again, so loading two shard files in order gives
 * the clusters of one run over both shards. */
BERSIH_NODISCARD bersih_status bersih_corpus_load(struct bersih_corpus *c, const char *path,
                                                  struct bersih_error *err);

/* ---- shared passages (--passages) ------------------------------------ */

/* The outlet of an article, by the first rule that gives one: the JSON
 * Lines field "source" of json[0..json_len) (a good JSON line; NULL for a
 * text file), else the dateline's outlet the normalizer found, else the
 * directory of path ("." for a bare name; "-" for standard input). out is
 * reset and receives the name; *from says which rule gave it. Fails only
 * with BERSIH_ERR_NOMEM; a broken JSON line just has no "source". */
BERSIH_NODISCARD bersih_status bersih_corpus_outlet(const char *json, size_t json_len,
                                                    const char *dateline_outlet,
                                                    size_t dateline_len, const char *path,
                                                    struct bersih_buf *out,
                                                    enum bersih_outlet_from *from);

/* "source", "dateline", "directory" or "none". */
const char *bersih_outlet_from_name(enum bersih_outlet_from from);

enum bersih_passage_kind {
    BERSIH_PASSAGE_BOILERPLATE = 0, /* every member from one outlet */
    BERSIH_PASSAGE_REUSE            /* members from several outlets */
};

/* "boilerplate" or "reuse". */
const char *bersih_passage_kind_name(enum bersih_passage_kind kind);

/* One reported passage group, after bersih_corpus_finish(). */
struct bersih_corpus_passage {
    enum bersih_passage_kind kind;
    uint64_t members;  /* units in the group */
    uint64_t articles; /* distinct articles holding a member */
    uint64_t stories;  /* distinct articles once copies of one article (one
                          dedup cluster) count once: what passages_min counts */
    uint64_t outlets;  /* distinct outlets */
};

struct bersih_corpus_passage_member {
    uint64_t article;          /* corpus index (bersih_corpus_input_name/id) */
    uint32_t unit;             /* 0-based paragraph or sentence */
    int by_sentence;           /* units of that article are sentences */
    double similarity;         /* to the group's first member (1 for itself) */
    int exact;                 /* same matching key as the first member */
    const char *outlet;        /* as first written; valid while the corpus lives */
    enum bersih_outlet_from outlet_from;
};

struct bersih_corpus_passage_stats {
    uint64_t units;        /* units indexed (>= passage_min_words words) */
    uint64_t groups;       /* reported groups */
    uint64_t boilerplate;  /* of which within one outlet */
    uint64_t reuse;        /* of which across outlets */
    uint64_t members;      /* units in reported groups */
    uint64_t candidates;   /* unit pairs verified */
    uint64_t bytes;        /* index memory for the units, at finish */
};

/* Reported groups (0 before finish or without passages). Groups are
 * numbered 0.. in the order of their first member. */
uint64_t bersih_corpus_passage_count(const struct bersih_corpus *c);
void bersih_corpus_passage(const struct bersih_corpus *c, uint64_t group,
                           struct bersih_corpus_passage *out);
/* Members in input order (article, then unit); member < out->members. */
void bersih_corpus_passage_member(const struct bersih_corpus *c, uint64_t group, uint64_t member,
                                  struct bersih_corpus_passage_member *out);
void bersih_corpus_passage_stats(const struct bersih_corpus *c,
                                 struct bersih_corpus_passage_stats *out);

/* The first BERSIH_CORPUS_PASSAGE_PREVIEW_CHARS characters of the group's
 * first member, appended to out (read back from the corpus's spill file:
 * BERSIH_ERR_IO when that fails). */
BERSIH_NODISCARD bersih_status bersih_corpus_passage_text(const struct bersih_corpus *c,
                                                          uint64_t group, struct bersih_buf *out,
                                                          struct bersih_error *err);

/* Append the group's report object (one JSON line, 1-based "passage"
 * number, docs/dedup.md). Nothing is appended on failure. */
BERSIH_NODISCARD bersih_status bersih_corpus_passage_format(struct bersih_buf *out,
                                                            const struct bersih_corpus *c,
                                                            uint64_t group,
                                                            struct bersih_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BERSIH_CORPUS_H */
