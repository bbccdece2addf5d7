/*
 * source.h - a byte stream from a file descriptor, gunzipped or unzstded on
 * the fly; internal to the reader.
 *
 * Compression is recognised by the stream's magic bytes, not by the file
 * name, so a mislabelled file is still read right and stdin can be
 * compressed too.
 */
#ifndef BERSIH_SOURCE_H
#define BERSIH_SOURCE_H

#include "bersih/reader.h"

struct bersih_source;

/* Take ownership of fd (closed by bersih_source_free unless it is 0). */
BERSIH_NODISCARD bersih_status bersih_source_new(int fd, struct bersih_source **out,
                                                 struct bersih_error *err);
void bersih_source_free(struct bersih_source *src);

/* The compression found by peeking at the first bytes (reads them). */
BERSIH_NODISCARD bersih_status bersih_source_detect(struct bersih_source *src,
                                                    enum bersih_compression *compression,
                                                    struct bersih_error *err);

/* Read up to cap decoded bytes into buf; *got == 0 with BERSIH_OK means the
 * end. Errors: BERSIH_ERR_IO (errno text), BERSIH_ERR_CORRUPT (truncated or
 * damaged compressed data), BERSIH_ERR_NOMEM. */
BERSIH_NODISCARD bersih_status bersih_source_read(struct bersih_source *src, char *buf, size_t cap,
                                                  size_t *got, struct bersih_error *err);

/* The descriptor was opened with O_NONBLOCK, only so that the open could
 * not wait on a FIFO: a read that would wait makes it blocking. */
void bersih_source_opened_nonblocking(struct bersih_source *src);

/* The descriptor is a regular file of this size (fstat): a read that
 * comes back short once it is all read is its end, with no read of 0 after
 * it: one system call fewer for each of a directory's small files. */
void bersih_source_set_size(struct bersih_source *src, uint64_t size);

/* Raw bytes consumed from the descriptor so far. */
uint64_t bersih_source_raw_bytes(const struct bersih_source *src);

#endif
