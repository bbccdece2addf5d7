/*
 * reader.h - stream articles from files, directories, stdin and JSON Lines.
 *
 * Iteration has two levels, so a caller can write one output per input file:
 *
 *     bersih_reader_add(r, "corpus/", &err);            // queue paths
 *     while ((st = bersih_reader_next_input(r, &in, &err)) != BERSIH_END) {
 *         if (st != BERSIH_OK) { report(&err); continue; }  // input skipped
 *         while ((st = bersih_reader_next_article(r, &art, &err)) == BERSIH_OK)
 *             clean(&art);
 *         if (st != BERSIH_END) report(&err);  // input failed part way
 *     }
 *
 * Formats: a file is one text article unless its name ends in .jsonl or
 * .ndjson (before an optional .gz or .zst), or the options force JSON Lines.
 * .gz and .zst are decompressed on the fly, whatever the format.
 * Directories are walked recursively in byte-wise sorted path order; hidden
 * entries (names starting with '.') are skipped, so are non-regular files
 * (FIFOs, sockets, devices: BERSIH_ERR_SKIPPED, a warning) and symlinks to a
 * directory already on the walk's path (a loop). A dangling symlink is a
 * warning too. Paths named by the caller are always read, whatever they are.
 *
 * Memory: one article (or one JSON line) at a time, capped by
 * max_article_bytes, plus fixed I/O buffers and one sorted name list per
 * directory level being walked. Nothing grows with the corpus.
 *
 * Owns:     the reader owns every buffer it hands out; an article and its
 *           input are valid until the next call to bersih_reader_next_*.
 * Borrows:  option strings, for the reader's lifetime.
 * Frees:    bersih_reader_free() (NULL is a no-op).
 * Threads:  one thread at a time per reader, but bersih_reader_decode()
 *           on any number of threads at once.
 */
#ifndef BERSIH_READER_H
#define BERSIH_READER_H

#include <stdint.h>

#include "bersih/bersih.h"

#ifdef __cplusplus
extern "C" {
#endif

enum bersih_format {
    BERSIH_FORMAT_AUTO = 0, /* by file name; stdin is text */
    BERSIH_FORMAT_TEXT,
    BERSIH_FORMAT_JSONL
};

enum bersih_compression {
    BERSIH_COMPRESSION_NONE = 0,
    BERSIH_COMPRESSION_GZIP,
    BERSIH_COMPRESSION_ZSTD
};

/* 16 MiB: far above any news article (the corpus's largest is ~100 KB),
 * small enough that a log file posing as an article cannot exhaust memory. */
#define BERSIH_DEFAULT_MAX_ARTICLE_BYTES (16u << 20)

struct bersih_reader_options {
    enum bersih_format format; /* AUTO, or force one format for every input */
    const char *text_field;    /* JSON field holding the article; "text" */
    size_t max_article_bytes;  /* larger articles are reported and skipped */
    /* JSON Lines records come back undecoded (a->undecoded, raw and line
     * set, text NULL), for bersih_reader_decode() to finish on any thread:
     * the lines are cut one at a time, the JSON is decoded in parallel. */
    int defer_decoding;
    /* A text file met on a directory walk (readdir says it is a regular
     * file; its name or the format option says text) is not opened by
     * bersih_reader_next_input(): its input comes back with deferred set,
     * for bersih_reader_load() to open and read on any thread. In a
     * directory of small files the open and read calls are most of the
     * time, and one thread at a time can walk. next_article() still reads
     * such an input, opening it then, with bersih_reader_load()'s errors. */
    int defer_files;
};

void bersih_reader_options_default(struct bersih_reader_options *opts);

/* One input file (or stdin) being read. */
struct bersih_input {
    const char *path;    /* as the user would name it: "data/samples/a.txt", "-" */
    const char *relpath; /* where it goes under an output directory: never
                            absolute, never with a ".." component ("stdin" for -) */
    enum bersih_format format;
    enum bersih_compression compression;
    int is_stdin;
    uint64_t dev, ino;   /* identity, to refuse overwriting an input */
    /* With defer_files: not opened yet, so dev, ino and compression are
     * not known (0). bersih_reader_load() sets them and clears this. */
    int deferred;
};

/* One article. For JSON Lines, the raw line split around the text value lets
 * a writer put the cleaned text back with every other field byte for byte. */
struct bersih_article {
    const struct bersih_input *input;
    uint64_t line;             /* 1-based JSON Lines line; 0 for a text file */
    const char *text;          /* decoded text; not NUL-free, use text_len */
    size_t text_len;
    const char *json_before;   /* raw line up to the text value's opening quote */
    size_t json_before_len;
    const char *json_after;    /* raw line after its closing quote (no newline) */
    size_t json_after_len;
    const char *id;            /* JSON "id" as raw JSON (string with quotes, or number), or NULL */
    size_t id_len;
    const char *date;          /* JSON "date" string value (decoded), or NULL */
    size_t date_len;
    /* A JSON line that is not a usable article (broken, no text field, text
     * not a string, too long) comes back with problem.code != BERSIH_OK,
     * text == NULL and raw holding the line as read, so that the caller can
     * report it and copy it through unchanged: nothing is lost. For a good
     * JSON line too, raw holds the line as read (without its newline). */
    struct bersih_error problem;
    const char *raw;
    size_t raw_len;
    /* With defer_decoding: a JSON line not decoded yet (problem is OK,
     * text NULL); bersih_reader_decode() sets every field above. */
    int undecoded;
};

/* Make a an empty article of input: no text, no fields, problem OK. For
 * callers that build articles themselves (from a copied line, say); cheaper
 * than a memset of the whole struct, whose problem holds 1.3 KB of text. */
void bersih_article_init(struct bersih_article *a, const struct bersih_input *input);

struct bersih_reader;

BERSIH_NODISCARD bersih_status bersih_reader_new(const struct bersih_reader_options *opts,
                                                 struct bersih_reader **out,
                                                 struct bersih_error *err);
void bersih_reader_free(struct bersih_reader *reader);

/* Queue a path ("-" is stdin). Paths are read in the order added. */
BERSIH_NODISCARD bersih_status bersih_reader_add(struct bersih_reader *reader, const char *path,
                                                 struct bersih_error *err);

/* Where the inputs of a path named by the user go under an output
 * directory (input.relpath for a file, the prefix of its files' for a
 * directory): its components without "." and empty ones; an absolute path
 * or one that climbs with ".." keeps only its last component ("" for "."
 * and "/"). "stdin" is the place of "-". out is reset first. */
BERSIH_NODISCARD bersih_status bersih_reader_relpath(const char *path, struct bersih_buf *out);

/* Never enter the directory, or read the file, with this identity while
 * walking: the output directory, when it lies inside an input directory;
 * a report the run writes there. Such a file is skipped with a warning
 * (BERSIH_ERR_SKIPPED, "a file this run writes; skipped"). Up to 8 such. */
void bersih_reader_exclude(struct bersih_reader *reader, uint64_t dev, uint64_t ino);

/* Open the next input. BERSIH_OK: *input is valid until the next call.
 * BERSIH_END: no more. Anything else: that input was skipped (err says why,
 * BERSIH_ERR_SKIPPED being only a warning); call again for the next one. */
BERSIH_NODISCARD bersih_status bersih_reader_next_input(struct bersih_reader *reader,
                                                        const struct bersih_input **input,
                                                        struct bersih_error *err);

/* Next article of the current input. BERSIH_END at its end. Any other
 * status: the input failed part way (I/O error, corrupt compressed data, a
 * text article that is too large); what was read before stays valid. */
BERSIH_NODISCARD bersih_status bersih_reader_next_article(struct bersih_reader *reader,
                                                          struct bersih_article *article,
                                                          struct bersih_error *err);

/* Finish an undecoded article (see defer_decoding) as next_article would
 * have: scan a->raw, decode its text field into *text and its "date" into
 * *date (both the caller's, reset here), and point a's fields into them and
 * into a->raw; a line that is not a usable article gets a->problem instead.
 * No-op when a is not undecoded. Reads only the reader's options, so any
 * number of threads may call it at once, each with its own article and
 * buffers.
 * Borrows: a->raw and a->input (never NULL), which as handed out point into
 * the reader and change on its next bersih_reader_next_* call: to decode
 * later or on another thread, copy the raw line and the input and point a
 * at the copies first (src/cli/batch.c does). */
void bersih_reader_decode(const struct bersih_reader *reader, struct bersih_article *article,
                          struct bersih_buf *text, struct bersih_buf *date);

/* Open and read a deferred input (see defer_files) as next_article would
 * its one article: the text into *text (the caller's, reset here; not
 * NUL-free). Once the file is open (and its compression known) input's
 * dev, ino and compression are set and deferred is cleared, so a caller
 * can tell the two kinds of failure apart as next_input and next_article
 * do: still deferred, the file could not be opened (BERSIH_ERR_IO) or is
 * no longer a regular file (BERSIH_ERR_SKIPPED, a warning: a FIFO, a
 * socket, a dangling symlink, or a directory, which is not walked: its
 * place in the walk is past); no longer deferred, it failed part way
 * (BERSIH_ERR_IO, BERSIH_ERR_TOO_LARGE, BERSIH_ERR_CORRUPT,
 * BERSIH_ERR_NOMEM). Errors carry the input's path. BERSIH_ERR_ARG when
 * input is not deferred. Reads only the reader's options, so any number
 * of threads may call it at once, each with its own input (a copy: the
 * reader's own changes on its next call) and buffer. The bytes it reads
 * are not in bersih_reader_bytes_read(). */
BERSIH_NODISCARD bersih_status bersih_reader_load(const struct bersih_reader *reader,
                                                  struct bersih_input *input,
                                                  struct bersih_buf *text,
                                                  struct bersih_error *err);

/* Bytes read so far from all inputs (compressed size for .gz/.zst) and the
 * total size of the regular files opened so far; for progress lines. */
uint64_t bersih_reader_bytes_read(const struct bersih_reader *reader);

#ifdef __cplusplus
}
#endif

#endif /* BERSIH_READER_H */
