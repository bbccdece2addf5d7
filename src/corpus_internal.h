/*
 * corpus_internal.h - the corpus index's private layout, shared by
 * corpus.c (add, LSH, union-find), corpus_finish.c (clusters),
 * corpus_report.c and corpus_io.c; not installed.
 */
#ifndef BERSIH_CORPUS_INTERNAL_H
#define BERSIH_CORPUS_INTERNAL_H

#include "bersih/corpus.h"
#include "internal.h"

#define CORPUS_NONE UINT32_MAX

/* A hint to fetch *p into the cache before it is read; it changes no result. */
#if defined(__GNUC__) || defined(__clang__)
#define CORPUS_PREFETCH(p) __builtin_prefetch(p)
#else
#define CORPUS_PREFETCH(p) ((void)(p))
#endif

enum corpus_flags {
    ART_TOO_SHORT = 1, /* under min_words: no bands, no sample */
    ART_COMPLETE = 2,  /* the sample is the whole shingle set */
    ART_INDEXED = 4,   /* loaded from a file */
    ART_EXACT = 8      /* exact duplicate of exact_of: shares its sample */
};

/* One article: 64 bytes plus its sample, band keys and names. Its input
 * name is its input path (interned: the articles of one file share it) and
 * its line, so that a million "path:LINE" names cost one path and 8 bytes
 * an article instead of 45 bytes each. bytes stays 64-bit: a caller (or
 * --max-article-bytes) may pass articles over 4 GiB, and the bytes saved
 * must sum exactly; a 32-bit bytes would not make the record smaller anyway
 * (60 bytes round up to 64 for the 64-bit fields' alignment). */
struct corpus_article {
    uint64_t exact[2];
    uint64_t sample_off; /* into corpus.samples (the exact twin's when ART_EXACT) */
    uint64_t names_off;  /* "id\0date\0" in corpus.names */
    uint64_t bytes;
    uint32_t words;
    uint32_t parent;     /* union-find */
    uint32_t exact_of;   /* CORPUS_NONE unless ART_EXACT */
    uint32_t input;      /* into corpus.inputs: the input's path */
    uint32_t line;       /* the name is "path:line"; 0: the name is the path alone */
    uint16_t nsample;
    uint8_t flags;
    uint8_t rank;
};

_Static_assert(sizeof(struct corpus_article) <= 64, "an article record is at most 64 bytes");

/* Filled by finish, one per article; freed with the corpus. */
struct corpus_result {
    uint32_t rep;
    uint32_t cluster; /* 0 = none */
    uint32_t size;
    float similarity;
    uint8_t far, loose;
};

/* Where one of the index's large arrays lives (corpus_space.c): on the
 * heap while base is NULL, else in address space reserved at base, of
 * which the first committed bytes are writable. */
struct corpus_space {
    char *base;
    size_t reserved, committed;
    size_t reserve_min; /* what a first reservation takes (a test makes it small) */
    int heap_only;      /* address space is bounded, or none could be reserved */
    int refuse_move;    /* a test: moving past the reservation fails, as mremap() may */
};

/* Arrays smaller than this stay on the heap: the unit a reservation is
 * committed in, a transparent huge page. */
#define CORPUS_SPACE_FROM ((size_t)2 << 20)

void corpus_space_init(struct corpus_space *s);
/* As corpus_grow, for the array *ptr of *cap elements of elem bytes that s
 * places. Once reserved, the array moves again only when it outgrows its
 * reservation (64 GB); on the heap (under CORPUS_SPACE_FROM bytes, or
 * heap_only) it moves as realloc moves it. */
bersih_status corpus_space_grow(struct corpus_space *s, void **ptr, size_t *cap, size_t need,
                                size_t elem, struct bersih_error *err);
/* Free ptr, the array s places, and make s place an empty array again. */
void corpus_space_free(struct corpus_space *s, void *ptr);

/* One open-addressing table per band, of article numbers; an article's key
 * is band_keys[article * bands + band]. Collisions of equal keys chain
 * through next[] (same layout as band_keys), newest first. */
struct lsh_table {
    uint32_t *slots; /* CORPUS_NONE = empty */
    size_t mask;     /* slots - 1; a power of two minus one */
    size_t used;
    size_t home;     /* scratch of one add: where its key's probe starts */
};

struct exact_table {
    uint32_t *slots;
    size_t mask, used;
};

struct corpus_pair {
    uint32_t a, b;
    float similarity;
};

/* ---- shared passages (corpus_passages.c) ---- */

/* Keys a unit is filed under: its smallest hashes. Three find a quote of 25
 * 3-grams inside a 35-gram paragraph (22 shared) 96% of the time before
 * verification (1 - 13/35 * 12/34 * 11/33); each key costs about 12 bytes. */
#define PASSAGE_KEYS 3
/* Units read per key: a key shared by hundreds of units is a stock phrase's
 * 3-gram, where more checks find nothing new. */
#define PASSAGE_CHAIN_MAX 64
/* Joined units differ at most this many times in size (shingles). */
#define PASSAGE_SIZE_RATIO 2
/* A containment estimate needs this many of the smaller unit's sampled
 * hashes under both cut-offs (half the sample). */
#define PASSAGE_MIN_SEEN 8
/* Candidates verified per unit at most (as the corpus caps its articles). */
#define PASSAGE_MAX_CANDIDATES 256

enum passage_flags {
    UNIT_EXACT = 1,    /* exact twin of an earlier unit: shares its sample */
    UNIT_COMPLETE = 2  /* the sample is the whole shingle set */
};

/* One indexed unit: 32 bytes, plus its sample (4 bytes a value) and its
 * PASSAGE_KEYS chain links. Units of one article are contiguous. */
struct passage_unit {
    uint64_t exact;
    uint32_t article;
    uint32_t number;     /* paragraph or sentence */
    uint32_t parent;     /* union-find; a root is its group's first unit */
    uint32_t sample_off; /* into passages.samples (the twin's when UNIT_EXACT) */
    uint16_t shingles;   /* distinct shingles (saturated at 65535) */
    uint8_t nsample;
    uint8_t flags;
};

/* Per corpus article (loaded ones too, with no units). */
struct passage_article {
    uint64_t spill;      /* offset of its units' previews in the spill file */
    uint32_t first_unit; /* its units are [first_unit, next article's first_unit) */
    uint32_t outlet;     /* into passages.outlets */
    uint8_t by_sentence;
    uint8_t outlet_from; /* enum bersih_outlet_from */
};

struct passage_outlet {
    uint64_t name_off;   /* into passages.names: the spelling first seen */
    uint64_t hash;       /* XXH3-64 of the name, ASCII case folded */
};

/* A reported group: its members are members[start .. start + count). */
struct passage_group {
    uint32_t start, count;
    uint32_t articles, stories, outlets;
    uint8_t kind;
};

struct corpus_passages {
    struct passage_unit *units;
    size_t nunits, units_cap;
    uint32_t *samples;
    size_t samples_len, samples_cap;
    uint32_t *next;          /* nunits * PASSAGE_KEYS chain links */
    size_t next_cap;
    struct exact_table keys; /* slots: unit * PASSAGE_KEYS + key number */
    struct exact_table exact; /* slots: unit */
    struct passage_article *arts;
    size_t arts_cap;
    struct passage_outlet *outlets;
    size_t noutlets, outlets_cap;
    struct exact_table outlet_index; /* slots: outlet number */
    char *names;
    size_t names_len, names_cap;
    uint32_t *candidates;    /* scratch for one unit, PASSAGE_MAX_CANDIDATES */
    size_t ncand;
    uint32_t pending_outlet; /* passages_prepare -> passages_commit */
    uint64_t pending_spill;
    uint64_t candidates_seen;
    void *spill;             /* FILE *, opened on the first article */
    uint64_t spill_len;
    struct bersih_buf preview; /* scratch */
    struct passage_group *groups;
    size_t ngroups;
    uint32_t *members;
    size_t nmembers;
};

/* The large per-article arrays, each placed by a corpus_space. */
enum corpus_array { SPACE_ARTS, SPACE_SAMPLES, SPACE_BAND_KEYS, SPACE_NEXT, SPACE_NAMES, SPACE_COUNT };

struct bersih_corpus {
    struct bersih_corpus_options opts;
    struct corpus_space space[SPACE_COUNT];
    struct corpus_article *arts;
    size_t count, cap;
    uint32_t *samples;
    size_t samples_len, samples_cap;
    uint32_t *band_keys; /* count * bands; zeros for unindexed articles */
    uint32_t *next;
    char *names;         /* the inputs' paths and the articles' "id\0date\0" */
    size_t names_len, names_cap;
    uint64_t *inputs;    /* offsets in names of the interned input paths */
    size_t ninputs, inputs_cap;
    struct lsh_table *tables; /* bands */
    struct exact_table exact;
    struct corpus_pair *pairs;
    size_t npairs, pairs_cap;
    uint32_t *candidates; /* scratch for one add */
    size_t ncand, cand_cap;
    uint64_t candidates_seen;
    struct corpus_result *results;
    int finished;
    int sealed; /* bersih_corpus_seal(): no more adds, no tables */
    struct corpus_passages *passages; /* NULL unless opts.passages */
};

/* Map in the pages of p[0..bytes) with one system call, before they are
 * written. A fresh page's first write faults, and on a virtual machine a
 * fault costs several microseconds: on the benchmarks' 2-vCPU VM writing
 * 64 MB of fresh memory takes 250 ms page by page, 70 ms after this. Only
 * for memory about to be written, so the resident size stays the same; it
 * does nothing under CORPUS_PREFAULT_MIN bytes, or where the kernel lacks
 * MADV_POPULATE_WRITE (before Linux 5.14: the pages fault in as before). */
#define CORPUS_PREFAULT_MIN (256 * 1024)
void corpus_prefault(void *p, size_t bytes);

/* Grow *ptr (an array of *cap elements of size elem) to hold need. */
BERSIH_NODISCARD bersih_status corpus_grow(void **ptr, size_t *cap, size_t need, size_t elem,
                                           struct bersih_error *err);

/* Fill in derived values (b, r, defaults for 0) and refuse nonsense. */
BERSIH_NODISCARD bersih_status corpus_options_resolve(struct bersih_corpus_options *opts,
                                                     struct bersih_error *err);

/* Union-find (path halving, union by rank); corpus.c. */
uint32_t corpus_find(struct bersih_corpus *c, uint32_t a);
void corpus_union(struct bersih_corpus *c, uint32_t a, uint32_t b);

/* bersih_corpus_add() with flags (ART_INDEXED for the file loader). */
BERSIH_NODISCARD bersih_status corpus_add_flagged(struct bersih_corpus *c,
                                                  const struct bersih_corpus_sketch *sk,
                                                  const struct bersih_corpus_info *info,
                                                  const struct bersih_corpus_passage_info *passage,
                                                  uint8_t flags, uint64_t *index,
                                                  struct bersih_error *err);

/* Jaccard of two stored articles' samples. */
double corpus_similarity(const struct bersih_corpus *c, uint32_t a, uint32_t b);

/* An ordering key (y*372 + m*31 + d) of a date written "2019-10-25...", "25/10/2019",
 * "25 Okt 2019" or "Oktober 25, 2019"; -1 when not understood. */
long corpus_parse_date(const char *s);

/* Shared passages (corpus_passages.c). The sketcher's part: */
struct passage_sketcher;
BERSIH_NODISCARD bersih_status passage_sketcher_new(struct passage_sketcher **out,
                                                    struct bersih_error *err);
void passage_sketcher_free(struct passage_sketcher *ps);
/* Cut text into units and sketch those of min_words words or more into sk
 * (toks: the text's tokens from body_start). */
struct bersih_tokens;
BERSIH_NODISCARD bersih_status passage_sketch(struct passage_sketcher *ps,
                                              const struct bersih_corpus_options *opts,
                                              const char *text, size_t len, size_t body_start,
                                              const struct bersih_tokens *toks,
                                              struct bersih_corpus_sketch *sk,
                                              struct bersih_error *err);
void passage_sketch_release(struct bersih_corpus_sketch *sk);

/* The corpus's part. passages_new/free with the corpus; passages_prepare
 * allocates everything article art's units need and writes their previews
 * (it may fail and changes nothing the corpus reads); passages_commit then
 * indexes them and cannot fail. */
BERSIH_NODISCARD bersih_status passages_new(struct bersih_corpus *c, struct bersih_error *err);
void passages_free(struct bersih_corpus *c);
BERSIH_NODISCARD bersih_status passages_prepare(struct bersih_corpus *c,
                                                const struct bersih_corpus_sketch *sk,
                                                const struct bersih_corpus_passage_info *info,
                                                struct bersih_error *err);
void passages_commit(struct bersih_corpus *c, uint32_t art, const struct bersih_corpus_sketch *sk,
                     const struct bersih_corpus_passage_info *info);
/* Groups, after the article clusters are final. */
BERSIH_NODISCARD bersih_status passages_finish(struct bersih_corpus *c, struct bersih_error *err);

#endif
