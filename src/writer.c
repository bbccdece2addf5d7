/*
 * writer.c - temporary file, optional gzip/zstd, rename on commit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#include <zlib.h>
#include <zstd.h>

#include "bersih/writer.h"
#include "internal.h"
#include "jsonl.h"

#define WRITE_CHUNK (256u << 10)

struct bersih_writer {
    int fd;
    int owns_fd;
    enum bersih_compression compression;
    mode_t mode;
    struct bersih_buf target; /* final path ("" for a descriptor) */
    struct bersih_buf temp;   /* temporary path */
    struct bersih_buf name;   /* for messages */
    struct bersih_buf pending; /* bytes not yet compressed/written */
    struct bersih_buf json;    /* scratch for JSON escaping */
    unsigned char *out;        /* compressed bytes */
    z_stream zs;
    int zs_ready;
    ZSTD_CStream *zcs;
    int guarded; /* bersih_writer_refuse_replacing: not over this file */
    uint64_t guard_dev, guard_ino;
};

static bersih_status io_error(struct bersih_writer *w, struct bersih_error *err, const char *what)
{
    bersih_error_set(err, BERSIH_ERR_IO, "%s: %s", what, strerror(errno));
    bersih_error_set_path(err, w->name.data);
    return BERSIH_ERR_IO;
}

bersih_status bersih_mkdirs(const char *dir, struct bersih_error *err)
{
    struct bersih_buf path = BERSIH_BUF_INIT;
    RETURN_ERROR_IF(bersih_buf_puts(&path, dir) != BERSIH_OK, err, BERSIH_ERR_NOMEM,
                    "out of memory");
    bersih_status st = BERSIH_OK;
    for (size_t i = 1; i <= path.len && st == BERSIH_OK; i++) {
        if (i < path.len && path.data[i] != '/')
            continue;
        char saved = path.data[i];
        path.data[i] = '\0';
        if (mkdir(path.data, 0777) != 0 && errno != EEXIST) {
            st = bersih_error_set(err, BERSIH_ERR_IO, "cannot create directory: %s",
                                  strerror(errno));
            bersih_error_set_path(err, path.data);
        }
        path.data[i] = saved;
    }
    if (st == BERSIH_OK) {
        struct stat s;
        if (stat(dir, &s) != 0 || !S_ISDIR(s.st_mode)) {
            st = bersih_error_set(err, BERSIH_ERR_IO, "cannot create directory: %s",
                                  errno ? strerror(errno) : "not a directory");
            bersih_error_set_path(err, dir);
        }
    }
    bersih_buf_release(&path);
    return st;
}

static struct bersih_writer *writer_alloc(enum bersih_compression compression)
{
    struct bersih_writer *w = bersih_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fd = -1;
    w->compression = compression;
    /* The whole chunk at once: grown from empty by half again each time, the
     * buffer took about 30 steps and three times its size in fresh pages
     * for every output file, a third of a cleaning run's page faults. */
    if (bersih_buf_reserve(&w->pending, WRITE_CHUNK) != BERSIH_OK) {
        bersih_free(w);
        return NULL;
    }
    if (compression != BERSIH_COMPRESSION_NONE) {
        w->out = bersih_malloc(WRITE_CHUNK);
        if (!w->out) {
            bersih_buf_release(&w->pending);
            bersih_free(w);
            return NULL;
        }
    }
    return w;
}

static void writer_free(struct bersih_writer *w)
{
    if (w->zs_ready)
        deflateEnd(&w->zs);
    ZSTD_freeCStream(w->zcs);
    if (w->owns_fd && w->fd >= 0)
        close(w->fd);
    bersih_buf_release(&w->target);
    bersih_buf_release(&w->temp);
    bersih_buf_release(&w->name);
    bersih_buf_release(&w->pending);
    bersih_buf_release(&w->json);
    bersih_free(w->out);
    bersih_free(w);
}

static bersih_status start_compressor(struct bersih_writer *w, struct bersih_error *err)
{
    if (w->compression == BERSIH_COMPRESSION_GZIP) {
        /* 15 + 16: a gzip wrapper, so `zcat` reads the output. */
        RETURN_ERROR_IF(deflateInit2(&w->zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK,
                        err, BERSIH_ERR_NOMEM, "out of memory (zlib)");
        w->zs_ready = 1;
    } else if (w->compression == BERSIH_COMPRESSION_ZSTD) {
        w->zcs = ZSTD_createCStream();
        RETURN_ERROR_IF(!w->zcs, err, BERSIH_ERR_NOMEM, "out of memory (zstd)");
        ZSTD_CCtx_setParameter(w->zcs, ZSTD_c_compressionLevel, 3);
    }
    return BERSIH_OK;
}

/* Create the temporary file: path ends in "XXXXXX", which becomes six
 * random letters and digits, as mkostemp(3) does, but with a mode of our
 * choosing: a new file's own (0666 before the umask), so that it needs no
 * fchmod (in a directory of small files each system call saved is a few
 * percent), else 0600 until commit sets the final mode. */
static int create_temp(char *path, mode_t mode)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char *x = path + strlen(path) - 6;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    /* no getpid(): a system call each time in glibc 2.25 and later; two
     * processes that pick the same name retry, as O_EXCL tells them to */
    uint64_t seed[2] = { (uint64_t)now.tv_sec, (uint64_t)now.tv_nsec };
    uint64_t bits = XXH3_64bits_withSeed(seed, sizeof seed, (uint64_t)(uintptr_t)path);
    for (int attempt = 0; attempt < 100; attempt++) {
        uint64_t v = bits;
        for (int i = 0; i < 6; i++, v /= 62)
            x[i] = letters[v % 62];
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        bits = XXH3_64bits_withSeed(&bits, sizeof bits, (uint64_t)attempt);
    }
    return -1; /* errno is EEXIST */
}

static int open_temp(struct bersih_writer *w)
{
    return create_temp(w->temp.data, w->mode == BERSIH_WRITER_NEW_FILE ? 0666 : 0600);
}

bersih_status bersih_writer_open(const char *target, enum bersih_compression compression,
                                 mode_t mode, struct bersih_writer **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_writer *w = writer_alloc(compression);
    RETURN_ERROR_IF(!w, err, BERSIH_ERR_NOMEM, "out of memory");
    w->owns_fd = 1;
    w->mode = mode;
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    int ok = bersih_buf_puts(&w->target, target) == BERSIH_OK &&
             bersih_buf_puts(&w->name, target) == BERSIH_OK &&
             (!slash || bersih_buf_append(&w->temp, target, (size_t)(slash - target) + 1) == BERSIH_OK) &&
             bersih_buf_putc(&w->temp, '.') == BERSIH_OK &&
             bersih_buf_puts(&w->temp, base) == BERSIH_OK &&
             bersih_buf_puts(&w->temp, ".bersih-XXXXXX") == BERSIH_OK;
    if (!ok) {
        writer_free(w);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    /* The directory is made only when the file cannot be: most outputs go
     * into a directory made for the one before, and making each component
     * of the path again was 4 system calls for every output file. */
    w->fd = open_temp(w);
    if (w->fd < 0 && slash && slash != target) {
        char *dir = w->temp.data;
        size_t dir_len = (size_t)(slash - target);
        char saved = dir[dir_len];
        dir[dir_len] = '\0';
        bersih_status st = bersih_mkdirs(dir, err);
        dir[dir_len] = saved;
        if (st != BERSIH_OK) {
            writer_free(w);
            return st;
        }
        memcpy(w->temp.data + w->temp.len - 6, "XXXXXX", 6); /* the first try filled it */
        w->fd = open_temp(w);
    }
    if (w->fd < 0) {
        bersih_status st = io_error(w, err, "cannot create file");
        writer_free(w);
        return st;
    }
    bersih_status st = start_compressor(w, err);
    if (st != BERSIH_OK) {
        bersih_writer_abort(w);
        return st;
    }
    *out = w;
    return BERSIH_OK;
}

bersih_status bersih_writer_open_fd(int fd, const char *name, enum bersih_compression compression,
                                    struct bersih_writer **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_writer *w = writer_alloc(compression);
    RETURN_ERROR_IF(!w, err, BERSIH_ERR_NOMEM, "out of memory");
    w->fd = fd;
    if (bersih_buf_puts(&w->name, name) != BERSIH_OK || bersih_buf_puts(&w->temp, "") != BERSIH_OK) {
        writer_free(w);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    bersih_status st = start_compressor(w, err);
    if (st != BERSIH_OK) {
        writer_free(w);
        return st;
    }
    *out = w;
    return BERSIH_OK;
}

static bersih_status write_all(struct bersih_writer *w, const void *bytes, size_t n,
                               struct bersih_error *err)
{
    const char *p = bytes;
    while (n > 0) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return io_error(w, err, "write error");
        p += k;
        n -= (size_t)k;
    }
    return BERSIH_OK;
}

static bersih_status deflate_pending(struct bersih_writer *w, int flush, struct bersih_error *err)
{
    w->zs.next_in = (Bytef *)w->pending.data;
    w->zs.avail_in = (uInt)w->pending.len;
    for (;;) {
        w->zs.next_out = w->out;
        w->zs.avail_out = WRITE_CHUNK;
        int ret = deflate(&w->zs, flush);
        RETURN_ERROR_IF(ret == Z_STREAM_ERROR, err, BERSIH_ERR_IO, "gzip compression failed");
        FORWARD_IF_ERROR(write_all(w, w->out, WRITE_CHUNK - w->zs.avail_out, err));
        if (flush == Z_FINISH ? ret == Z_STREAM_END : w->zs.avail_out != 0)
            break;
    }
    return BERSIH_OK;
}

static bersih_status zstd_pending(struct bersih_writer *w, int finish, struct bersih_error *err)
{
    ZSTD_inBuffer in = { w->pending.data, w->pending.len, 0 };
    for (;;) {
        ZSTD_outBuffer out = { w->out, WRITE_CHUNK, 0 };
        size_t left = ZSTD_compressStream2(w->zcs, &out, &in, finish ? ZSTD_e_end : ZSTD_e_continue);
        RETURN_ERROR_IF(ZSTD_isError(left), err, BERSIH_ERR_IO, "zstd compression failed: %s",
                        ZSTD_getErrorName(left));
        FORWARD_IF_ERROR(write_all(w, w->out, out.pos, err));
        if (finish ? left == 0 : in.pos == in.size)
            break;
    }
    return BERSIH_OK;
}

static bersih_status flush_pending(struct bersih_writer *w, int finish, struct bersih_error *err)
{
    bersih_status st;
    if (w->compression == BERSIH_COMPRESSION_GZIP)
        st = deflate_pending(w, finish ? Z_FINISH : Z_NO_FLUSH, err);
    else if (w->compression == BERSIH_COMPRESSION_ZSTD)
        st = zstd_pending(w, finish, err);
    else
        st = write_all(w, w->pending.data, w->pending.len, err);
    bersih_buf_reset(&w->pending);
    return st;
}

bersih_status bersih_writer_write(struct bersih_writer *w, const void *bytes, size_t n,
                                  struct bersih_error *err)
{
    if (w->pending.len + n > WRITE_CHUNK && w->pending.len > 0)
        FORWARD_IF_ERROR(flush_pending(w, 0, err));
    if (n >= WRITE_CHUNK && w->compression == BERSIH_COMPRESSION_NONE)
        return write_all(w, bytes, n, err);
    RETURN_ERROR_IF(bersih_buf_append(&w->pending, bytes, n) != BERSIH_OK, err, BERSIH_ERR_NOMEM,
                    "out of memory");
    return BERSIH_OK;
}

/* The most an escaped text can take: every byte a 6-byte \u00XX, and the
 * quotes. */
static int escaped_fits(size_t used, size_t len)
{
    return len <= (WRITE_CHUNK - 2) / 6 && used <= WRITE_CHUNK - 2 - 6 * len;
}

/* A JSON line: the raw JSON before the text, the text as a JSON string,
 * the raw JSON after it, a newline. When the escaped text surely fits in
 * the output chunk (even if every byte took a 6-byte escape), it is
 * escaped straight into it: the writing is done by one thread at a time in
 * a run with threads, and a copy of every output byte through a scratch
 * buffer was a tenth of that turn's time. Then nothing is allocated, so
 * nothing but an I/O error can fail part way. A longer text is escaped
 * into the scratch buffer before anything of the line is written, so that
 * running out of memory leaves no half line in the output (on standard
 * output it would stay). */
bersih_status bersih_writer_write_json(struct bersih_writer *w, const struct bersih_article *a,
                                       const char *text, size_t len, struct bersih_error *err)
{
    int direct = escaped_fits(0, len) && w->pending.cap > WRITE_CHUNK;
    if (!direct) {
        bersih_buf_reset(&w->json);
        RETURN_ERROR_IF(bersih_json_escape(&w->json, text, len) != BERSIH_OK, err,
                        BERSIH_ERR_NOMEM, "out of memory");
    }
    FORWARD_IF_ERROR(bersih_writer_write(w, a->json_before, a->json_before_len, err));
    if (direct) {
        if (!escaped_fits(w->pending.len, len))
            FORWARD_IF_ERROR(flush_pending(w, 0, err));
        RETURN_ERROR_IF(bersih_json_escape(&w->pending, text, len) != BERSIH_OK, err,
                        BERSIH_ERR_NOMEM, "out of memory");
    } else {
        FORWARD_IF_ERROR(bersih_writer_write(w, w->json.data, w->json.len, err));
    }
    FORWARD_IF_ERROR(bersih_writer_write(w, a->json_after, a->json_after_len, err));
    return bersih_writer_write(w, "\n", 1, err);
}

void bersih_writer_refuse_replacing(struct bersih_writer *w, uint64_t dev, uint64_t ino)
{
    w->guarded = 1;
    w->guard_dev = dev;
    w->guard_ino = ino;
}

/* Rename the temporary file over the target; a guarded one only where no
 * file is (RENAME_NOREPLACE: the usual case, a new output, with no stat
 * before it) or another file than the guarded one. Where renameat2 fails
 * for any other reason than a file there (a file system without
 * RENAME_NOREPLACE says EINVAL, a sandbox may deny the call), stat asks
 * and rename says what is wrong, if anything. */
static bersih_status rename_into_place(struct bersih_writer *w, struct bersih_error *err)
{
    if (w->guarded) {
        if (renameat2(AT_FDCWD, w->temp.data, AT_FDCWD, w->target.data, RENAME_NOREPLACE) == 0)
            return BERSIH_OK;
        struct stat st;
        if (stat(w->target.data, &st) == 0 && (uint64_t)st.st_dev == w->guard_dev &&
            (uint64_t)st.st_ino == w->guard_ino) {
            bersih_error_set(err, BERSIH_ERR_REFUSED, "output %s is the input itself",
                             w->target.data);
            return BERSIH_ERR_REFUSED;
        }
    }
    if (rename(w->temp.data, w->target.data) != 0)
        return io_error(w, err, "cannot rename into place");
    return BERSIH_OK;
}

bersih_status bersih_writer_commit(struct bersih_writer *w, struct bersih_error *err)
{
    bersih_status st = flush_pending(w, 1, err);
    if (st == BERSIH_OK && !w->owns_fd) {
        writer_free(w);
        return BERSIH_OK;
    }
    if (st == BERSIH_OK && w->mode != BERSIH_WRITER_NEW_FILE && fchmod(w->fd, w->mode) != 0)
        st = io_error(w, err, "cannot set permissions");
    if (st == BERSIH_OK) {
        int fd = w->fd;
        w->fd = -1;
        if (close(fd) != 0)
            st = io_error(w, err, "write error");
    }
    if (st == BERSIH_OK)
        st = rename_into_place(w, err);
    if (st != BERSIH_OK) {
        if (w->owns_fd)
            unlink(w->temp.data);
        writer_free(w);
        return st;
    }
    writer_free(w);
    return BERSIH_OK;
}

void bersih_writer_abort(struct bersih_writer *w)
{
    if (!w)
        return;
    if (w->owns_fd && w->temp.len)
        unlink(w->temp.data);
    writer_free(w);
}

const char *bersih_writer_temp_path(const struct bersih_writer *w)
{
    return w->owns_fd ? bersih_buf_str(&w->temp) : "";
}
