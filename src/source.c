/*
 * source.c - read, gunzip or unzstd a file descriptor in large chunks.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "internal.h"
#include "source.h"

/* 256 KiB reads: large enough that syscalls vanish from profiles, small
 * enough to stay in L2 while being decompressed. */
#define SOURCE_CHUNK (256u << 10)

struct bersih_source {
    int fd;
    enum bersih_compression compression;
    int detected;
    int raw_eof;
    int stream_open;   /* a gzip member / zstd frame is half decoded */
    unsigned char *in; /* raw bytes from the descriptor */
    size_t in_pos, in_len;
    uint64_t raw_bytes;
    int nonblocking;   /* opened O_NONBLOCK: made blocking at the first EAGAIN */
    int size_known;    /* a regular file's size, from fstat */
    uint64_t size;
    z_stream zs;
    int zs_ready;
    ZSTD_DStream *zds;
};

bersih_status bersih_source_new(int fd, struct bersih_source **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_source *src = bersih_calloc(1, sizeof *src);
    RETURN_ERROR_IF(!src, err, BERSIH_ERR_NOMEM, "out of memory");
    src->in = bersih_malloc(SOURCE_CHUNK);
    if (!src->in) {
        bersih_free(src);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    src->fd = fd;
    *out = src;
    return BERSIH_OK;
}

void bersih_source_free(struct bersih_source *src)
{
    if (!src)
        return;
    if (src->zs_ready)
        inflateEnd(&src->zs);
    ZSTD_freeDStream(src->zds);
    if (src->fd > 0)
        close(src->fd);
    bersih_free(src->in);
    bersih_free(src);
}

uint64_t bersih_source_raw_bytes(const struct bersih_source *src)
{
    return src->raw_bytes;
}

void bersih_source_opened_nonblocking(struct bersih_source *src)
{
    src->nonblocking = 1;
}

void bersih_source_set_size(struct bersih_source *src, uint64_t size)
{
    src->size_known = 1;
    src->size = size;
}

/* After a read of asked bytes gave got: a regular file that gave fewer
 * than asked and all the bytes fstat counted is at its end, and the read
 * that would return 0 is not made. A short read anywhere else (a pipe, a
 * file that grew or shrank, a network file system's short read) still
 * reads on to the 0. */
static void note_short_read(struct bersih_source *src, size_t asked, size_t got)
{
    if (got < asked && src->size_known && src->raw_bytes == src->size)
        src->raw_eof = 1;
}

/* read(2), again after a signal. A regular file opened O_NONBLOCK reads
 * as any other on local file systems; where one would wait instead (FUSE,
 * a network file system may say EAGAIN), the descriptor is made blocking
 * then: two fcntl calls for those files only, not for each of a
 * directory's small files, where they were 9% of the time. */
static ssize_t read_fd(struct bersih_source *src, void *buf, size_t n)
{
    for (;;) {
        ssize_t got = read(src->fd, buf, n);
        if (got >= 0)
            return got;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN || !src->nonblocking)
            return -1;
        src->nonblocking = 0;
        int flags = fcntl(src->fd, F_GETFL);
        if (flags < 0 || fcntl(src->fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
            return -1;
    }
}

/* Refill the raw buffer, keeping unconsumed bytes; read at most want bytes
 * more. */
static bersih_status fill_raw_upto(struct bersih_source *src, size_t want,
                                   struct bersih_error *err)
{
    if (src->raw_eof)
        return BERSIH_OK;
    if (src->in_pos > 0) {
        memmove(src->in, src->in + src->in_pos, src->in_len - src->in_pos);
        src->in_len -= src->in_pos;
        src->in_pos = 0;
    }
    while (src->in_len < SOURCE_CHUNK) {
        size_t room = SOURCE_CHUNK - src->in_len, asked = room < want ? room : want;
        ssize_t n = read_fd(src, src->in + src->in_len, asked);
        RETURN_ERROR_IF(n < 0, err, BERSIH_ERR_IO, "read error: %s", strerror(errno));
        if (n == 0) {
            src->raw_eof = 1;
            break;
        }
        src->in_len += (size_t)n;
        src->raw_bytes += (uint64_t)n;
        note_short_read(src, asked, (size_t)n);
        break; /* one successful read per refill keeps pipes responsive */
    }
    return BERSIH_OK;
}

static bersih_status fill_raw(struct bersih_source *src, struct bersih_error *err)
{
    return fill_raw_upto(src, SOURCE_CHUNK, err);
}

/* What the magic-number look reads: a plain file's bytes after it go
 * straight into the caller's buffer, so a whole chunk read here would be
 * copied once more, into 256 KB of fresh pages for every input (page
 * faults cost about 12 us each on the bench VM: a third of a -j2 cleaning
 * run's faults on a directory of 14 files). */
#define DETECT_READ 4096

bersih_status bersih_source_detect(struct bersih_source *src, enum bersih_compression *compression,
                                   struct bersih_error *err)
{
    if (!src->detected) {
        /* A pipe may deliver fewer than 4 bytes per read. */
        while (src->in_len - src->in_pos < 4 && !src->raw_eof)
            FORWARD_IF_ERROR(fill_raw_upto(src, DETECT_READ, err));
        const unsigned char *p = src->in + src->in_pos;
        size_t n = src->in_len - src->in_pos;
        src->compression = BERSIH_COMPRESSION_NONE;
        if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
            src->compression = BERSIH_COMPRESSION_GZIP;
        else if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
            src->compression = BERSIH_COMPRESSION_ZSTD;
        /* A zstd skippable frame (magic 0x184D2A50-5F), which libzstd
         * passes over: pzstd, say, starts its files with one. */
        else if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
            src->compression = BERSIH_COMPRESSION_ZSTD;
        src->detected = 1;
    }
    *compression = src->compression;
    return BERSIH_OK;
}

static bersih_status read_plain(struct bersih_source *src, char *buf, size_t cap, size_t *got,
                                struct bersih_error *err)
{
    if (src->in_pos < src->in_len) {
        size_t n = src->in_len - src->in_pos;
        if (n > cap)
            n = cap;
        memcpy(buf, src->in + src->in_pos, n);
        src->in_pos += n;
        *got = n;
        return BERSIH_OK;
    }
    *got = 0;
    if (src->raw_eof)
        return BERSIH_OK; /* seen: the 0 of a terminal's ^D too, not asked for twice */
    ssize_t n = read_fd(src, buf, cap);
    RETURN_ERROR_IF(n < 0, err, BERSIH_ERR_IO, "read error: %s", strerror(errno));
    src->raw_bytes += (uint64_t)n;
    *got = (size_t)n;
    if (n == 0)
        src->raw_eof = 1;
    else
        note_short_read(src, cap, (size_t)n);
    return BERSIH_OK;
}

static bersih_status read_gzip(struct bersih_source *src, char *buf, size_t cap, size_t *got,
                               struct bersih_error *err)
{
    if (!src->zs_ready) {
        memset(&src->zs, 0, sizeof src->zs);
        /* 15 + 32: gzip or zlib header, detected by zlib itself. */
        RETURN_ERROR_IF(inflateInit2(&src->zs, 15 + 32) != Z_OK, err, BERSIH_ERR_NOMEM,
                        "out of memory (zlib)");
        src->zs_ready = 1;
    }
    *got = 0;
    while (*got == 0) {
        if (src->in_pos == src->in_len) {
            FORWARD_IF_ERROR(fill_raw(src, err));
            if (src->in_pos == src->in_len) {
                RETURN_ERROR_IF(src->stream_open, err, BERSIH_ERR_CORRUPT,
                                "truncated gzip data");
                return BERSIH_OK;
            }
        }
        if (!src->stream_open) {
            /* A new member must start with the gzip magic; anything else
             * after a complete member is damage, not text to guess at. */
            if (src->in_len - src->in_pos < 2 && !src->raw_eof)
                FORWARD_IF_ERROR(fill_raw(src, err));
            const unsigned char *p = src->in + src->in_pos;
            RETURN_ERROR_IF(src->in_len - src->in_pos < 2 || p[0] != 0x1f || p[1] != 0x8b, err,
                            BERSIH_ERR_CORRUPT, "trailing garbage after gzip data");
            RETURN_ERROR_IF(inflateReset(&src->zs) != Z_OK, err, BERSIH_ERR_CORRUPT,
                            "corrupt gzip data");
            src->stream_open = 1;
        }
        src->zs.next_in = src->in + src->in_pos;
        src->zs.avail_in = (uInt)(src->in_len - src->in_pos);
        src->zs.next_out = (Bytef *)buf;
        src->zs.avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
        int ret = inflate(&src->zs, Z_NO_FLUSH);
        src->in_pos = src->in_len - src->zs.avail_in;
        *got = cap - src->zs.avail_out;
        if (ret == Z_STREAM_END)
            src->stream_open = 0;
        else if (ret == Z_MEM_ERROR)
            return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory (zlib)");
        else if (ret != Z_OK && ret != Z_BUF_ERROR)
            return bersih_error_set(err, BERSIH_ERR_CORRUPT, "corrupt gzip data: %s",
                                    src->zs.msg ? src->zs.msg : "inflate failed");
    }
    return BERSIH_OK;
}

static bersih_status read_zstd(struct bersih_source *src, char *buf, size_t cap, size_t *got,
                               struct bersih_error *err)
{
    if (!src->zds) {
        src->zds = ZSTD_createDStream();
        RETURN_ERROR_IF(!src->zds, err, BERSIH_ERR_NOMEM, "out of memory (zstd)");
        /* Cap the window at 128 MiB: a hostile frame header cannot make
         * the decoder allocate more than that. */
        ZSTD_DCtx_setParameter(src->zds, ZSTD_d_windowLogMax, 27);
    }
    *got = 0;
    while (*got == 0) {
        if (src->in_pos == src->in_len) {
            FORWARD_IF_ERROR(fill_raw(src, err));
            if (src->in_pos == src->in_len) {
                RETURN_ERROR_IF(src->stream_open, err, BERSIH_ERR_CORRUPT,
                                "truncated zstd data");
                return BERSIH_OK;
            }
        }
        ZSTD_inBuffer in = { src->in, src->in_len, src->in_pos };
        ZSTD_outBuffer out = { buf, cap, 0 };
        size_t ret = ZSTD_decompressStream(src->zds, &out, &in);
        src->in_pos = in.pos;
        *got = out.pos;
        RETURN_ERROR_IF(ZSTD_isError(ret), err, BERSIH_ERR_CORRUPT, "corrupt zstd data: %s",
                        ZSTD_getErrorName(ret));
        src->stream_open = ret != 0;
    }
    return BERSIH_OK;
}

bersih_status bersih_source_read(struct bersih_source *src, char *buf, size_t cap, size_t *got,
                                 struct bersih_error *err)
{
    enum bersih_compression compression;
    FORWARD_IF_ERROR(bersih_source_detect(src, &compression, err));
    switch (compression) {
    case BERSIH_COMPRESSION_GZIP: return read_gzip(src, buf, cap, got, err);
    case BERSIH_COMPRESSION_ZSTD: return read_zstd(src, buf, cap, got, err);
    case BERSIH_COMPRESSION_NONE: break;
    }
    return read_plain(src, buf, cap, got, err);
}
