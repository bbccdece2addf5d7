/*
 * report.h - one JSON Lines object per article saying what changed and why.
 *
 * The schema is documented in docs/report.md; every object carries
 * "schema": BERSIH_REPORT_SCHEMA so that consumers can tell versions apart.
 *
 * Owns:     nothing; formats into the caller's buffer.
 * Borrows:  the entry and everything it points to, for the call.
 * Threads:  reentrant.
 */
#ifndef BERSIH_REPORT_H
#define BERSIH_REPORT_H

#include "bersih/bersih.h"
#include "bersih/intradoc.h"
#include "bersih/normalize.h"
#include "bersih/reader.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BERSIH_REPORT_SCHEMA 1

/* What happened to one article. Pointers may be NULL when not known. */
struct bersih_report_entry {
    const char *mode;                   /* "clean" or "check" */
    const struct bersih_article *article;
    const char *status;                 /* "unchanged", "changed", "error" */
    const struct bersih_error *error;   /* for status "error" */
    uint64_t bytes_in, bytes_out;
    const struct bersih_normalize_result *normalize;
    const struct bersih_intradoc_result *intradoc;
};

/* Append the entry as one JSON object and a newline to out. */
BERSIH_NODISCARD bersih_status bersih_report_format(struct bersih_buf *out,
                                                    const struct bersih_report_entry *entry);

/* Append text as a JSON string literal, quotes included. Non-ASCII UTF-8 is
 * written as is (as the corpus's ensure_ascii=False files are); control
 * characters, '"' and '\\' are escaped. */
BERSIH_NODISCARD bersih_status bersih_json_escape(struct bersih_buf *out, const char *text,
                                                  size_t len);

/* "path" or "path:line" for a JSON Lines article, as reports name inputs. */
BERSIH_NODISCARD bersih_status bersih_report_input_name(struct bersih_buf *out,
                                                        const struct bersih_article *article);

#ifdef __cplusplus
}
#endif

#endif /* BERSIH_REPORT_H */
