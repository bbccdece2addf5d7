/*
 * jsonl.h - the little JSON the reader and writer need; internal.
 *
 * Why not a JSON library: bersih must write each JSON line back with every
 * field but the text byte for byte as it came (key order, number spelling,
 * escapes), which a parse-and-serialise library does not give. So the
 * scanner validates the line against RFC 8259 and reports where the text
 * value sits; the writer splices the cleaned text into that place.
 */
#ifndef BERSIH_JSONL_H
#define BERSIH_JSONL_H

#include "bersih/bersih.h"

struct bersih_json_span {
    size_t start; /* offset of the value's first byte (the quote, for a string) */
    size_t end;   /* one past its last byte */
    int is_string;
};

/* Where the interesting top-level members of one JSON object sit. A span
 * with end == 0 is absent. */
struct bersih_json_members {
    struct bersih_json_span text;
    struct bersih_json_span id;
    struct bersih_json_span date;
};

/* Validate line[0..len) as one JSON object (surrounding whitespace allowed)
 * and locate the members named text_field, "id" and "date". On failure:
 * BERSIH_ERR_JSON with the byte offset of the problem in err->offset. */
BERSIH_NODISCARD bersih_status bersih_json_scan(const char *line, size_t len,
                                                const char *text_field,
                                                struct bersih_json_members *members,
                                                struct bersih_error *err);

/* Decode the JSON string literal quoted[0..len) (with its quotes) into out
 * (appended). An unpaired surrogate escape is BERSIH_ERR_JSON. */
BERSIH_NODISCARD bersih_status bersih_json_unescape(const char *quoted, size_t len,
                                                    struct bersih_buf *out,
                                                    struct bersih_error *err);

/* bersih_json_escape() is public, in bersih/report.h: the CLI writes JSON
 * strings too. */
#include "bersih/report.h"

#endif
