/*
 * writer.h - write one output file atomically, optionally compressed.
 *
 * A file is written to a temporary name in its target's directory
 * (".NAME.bersih-XXXXXX", hidden so a later directory walk skips it) and
 * renamed over the target only by bersih_writer_commit(): a run that is
 * interrupted or fails leaves either the old file or the complete new one,
 * never half of one. Missing parent directories are created.
 *
 * Owns:     the temporary file until commit or abort; its I/O and compression
 *           buffers.
 * Borrows:  nothing after open returns (paths are copied).
 * Frees:    bersih_writer_commit() and bersih_writer_abort() both free the
 *           writer, whatever they return. abort(NULL) is a no-op.
 * Threads:  one thread per writer.
 */
#ifndef BERSIH_WRITER_H
#define BERSIH_WRITER_H

#include <sys/types.h>

#include "bersih/bersih.h"
#include "bersih/reader.h"

#ifdef __cplusplus
extern "C" {
#endif

struct bersih_writer;

/* mode for a new file as open(2) makes one: 0666 less the process's umask.
 * The temporary file is then created with it, and needs no chmod. */
#define BERSIH_WRITER_NEW_FILE ((mode_t)-1)

/* Start writing target. mode is the final file's permission bits, applied
 * as given (an input's mode, copied), or BERSIH_WRITER_NEW_FILE. */
BERSIH_NODISCARD bersih_status bersih_writer_open(const char *target,
                                                  enum bersih_compression compression,
                                                  mode_t mode, struct bersih_writer **out,
                                                  struct bersih_error *err);

/* Write to an open descriptor (stdout) instead: no temporary, no rename;
 * name is used in error messages. The descriptor is not closed. */
BERSIH_NODISCARD bersih_status bersih_writer_open_fd(int fd, const char *name,
                                                     enum bersih_compression compression,
                                                     struct bersih_writer **out,
                                                     struct bersih_error *err);

BERSIH_NODISCARD bersih_status bersih_writer_write(struct bersih_writer *w, const void *bytes,
                                                   size_t n, struct bersih_error *err);

/* Write a JSON line: article's raw text before the text value, text as a
 * JSON string, the raw text after it, then '\n'. */
BERSIH_NODISCARD bersih_status bersih_writer_write_json(struct bersih_writer *w,
                                                        const struct bersih_article *article,
                                                        const char *text, size_t len,
                                                        struct bersih_error *err);

/* Make commit refuse to replace the file with this identity (an input):
 * BERSIH_ERR_REFUSED, the temporary file removed, that file untouched.
 * Checked as the output is renamed into place, with no system call of its
 * own when the target does not exist yet (RENAME_NOREPLACE). */
void bersih_writer_refuse_replacing(struct bersih_writer *w, uint64_t dev, uint64_t ino);

/* Finish compression, flush, close and rename into place. */
BERSIH_NODISCARD bersih_status bersih_writer_commit(struct bersih_writer *w,
                                                    struct bersih_error *err);

/* Remove the temporary file and free the writer. */
void bersih_writer_abort(struct bersih_writer *w);

/* The temporary file's path ("" for a descriptor writer), for a signal
 * handler that must remove it. Valid until commit or abort. */
const char *bersih_writer_temp_path(const struct bersih_writer *w);

/* Create dir and its missing parents (mode 0777 before the umask). */
BERSIH_NODISCARD bersih_status bersih_mkdirs(const char *dir, struct bersih_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BERSIH_WRITER_H */
