/*
 * reader.c - walk paths, open inputs, cut them into articles.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "jsonl.h"
#include "source.h"

#define MAX_EXCLUDED 8
/* JSON Lines are scanned in chunks this big; a line may span chunks. */
#define LINE_CHUNK (256u << 10)

struct dir_frame {
    char *path;    /* directory path as the user would name it */
    char *relpath; /* its place under an output directory ("" for the root) */
    char **names;  /* sorted entry names */
    size_t count, next;
    dev_t dev;
    ino_t ino;
};

struct bersih_reader {
    struct bersih_reader_options opts;
    char **pending; /* user paths not yet started */
    size_t pending_count, pending_next;
    struct dir_frame *stack;
    size_t depth, stack_cap;
    uint64_t excluded_dev[MAX_EXCLUDED], excluded_ino[MAX_EXCLUDED];
    size_t excluded_count;

    /* the current input */
    struct bersih_input input;
    struct bersih_buf path, relpath;
    struct bersih_source *source;
    int input_open;
    int text_done;
    uint64_t line_no;
    uint64_t bytes_done; /* raw bytes of inputs already closed */

    struct bersih_buf article; /* a text article, or one raw JSON line */
    struct bersih_buf decoded; /* a JSON line's decoded text value */
    struct bersih_buf date;
    char *chunk;               /* JSON Lines read-ahead */
    size_t chunk_pos, chunk_len;
    int chunk_eof;
};

void bersih_reader_options_default(struct bersih_reader_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->format = BERSIH_FORMAT_AUTO;
    opts->text_field = "text";
    opts->max_article_bytes = BERSIH_DEFAULT_MAX_ARTICLE_BYTES;
}

bersih_status bersih_reader_new(const struct bersih_reader_options *opts,
                                struct bersih_reader **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_reader *r = bersih_calloc(1, sizeof *r);
    RETURN_ERROR_IF(!r, err, BERSIH_ERR_NOMEM, "out of memory");
    if (opts)
        r->opts = *opts;
    else
        bersih_reader_options_default(&r->opts);
    if (!r->opts.text_field)
        r->opts.text_field = "text";
    r->chunk = bersih_malloc(LINE_CHUNK);
    if (!r->chunk) {
        bersih_free(r);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    bersih_buf_init(&r->article, r->opts.max_article_bytes);
    bersih_buf_init(&r->decoded, 0);
    *out = r;
    return BERSIH_OK;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        bersih_free(names[i]);
    bersih_free(names);
}

static void pop_frame(struct bersih_reader *r)
{
    struct dir_frame *f = &r->stack[--r->depth];
    free_names(f->names, f->count);
    bersih_free(f->path);
    bersih_free(f->relpath);
}

static void close_input(struct bersih_reader *r)
{
    if (r->source) {
        r->bytes_done += bersih_source_raw_bytes(r->source);
        bersih_source_free(r->source);
        r->source = NULL;
    }
    r->input_open = 0;
}

void bersih_reader_free(struct bersih_reader *r)
{
    if (!r)
        return;
    close_input(r);
    while (r->depth)
        pop_frame(r);
    bersih_free(r->stack);
    for (size_t i = 0; i < r->pending_count; i++)
        bersih_free(r->pending[i]);
    bersih_free(r->pending);
    bersih_buf_release(&r->path);
    bersih_buf_release(&r->relpath);
    bersih_buf_release(&r->article);
    bersih_buf_release(&r->decoded);
    bersih_buf_release(&r->date);
    bersih_free(r->chunk);
    bersih_free(r);
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = bersih_malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

/* A directory entry as the walk keeps it: its name, the name's NUL, then
 * readdir's d_type (DT_UNKNOWN where the file system does not say), so
 * that the names sort and print as plain strings. */
static char *dup_entry(const struct dirent *ent)
{
    size_t n = strlen(ent->d_name) + 1;
    char *copy = bersih_malloc(n + 1);
    if (copy) {
        memcpy(copy, ent->d_name, n);
        copy[n] = (char)ent->d_type;
    }
    return copy;
}

static unsigned char entry_type(const char *entry)
{
    return (unsigned char)entry[strlen(entry) + 1];
}

bersih_status bersih_reader_add(struct bersih_reader *r, const char *path, struct bersih_error *err)
{
    if (r->pending_count % 16 == 0) {
        size_t bytes;
        RETURN_ERROR_IF(!bersih_mul_ok(r->pending_count + 16, sizeof *r->pending, &bytes), err,
                        BERSIH_ERR_NOMEM, "out of memory");
        char **grown = bersih_realloc(r->pending, bytes);
        RETURN_ERROR_IF(!grown, err, BERSIH_ERR_NOMEM, "out of memory");
        r->pending = grown;
    }
    char *copy = dup_string(path);
    RETURN_ERROR_IF(!copy, err, BERSIH_ERR_NOMEM, "out of memory");
    r->pending[r->pending_count++] = copy;
    return BERSIH_OK;
}

void bersih_reader_exclude(struct bersih_reader *r, uint64_t dev, uint64_t ino)
{
    if (r->excluded_count < MAX_EXCLUDED) {
        r->excluded_dev[r->excluded_count] = dev;
        r->excluded_ino[r->excluded_count++] = ino;
    }
}

uint64_t bersih_reader_bytes_read(const struct bersih_reader *r)
{
    return r->bytes_done + (r->source ? bersih_source_raw_bytes(r->source) : 0);
}

/* The place of a user-named path under an output directory: its components
 * without "." and empty ones. A path that is absolute or climbs with ".."
 * would escape the output directory, so only its last component is kept. */
bersih_status bersih_reader_relpath(const char *path, struct bersih_buf *out)
{
    bersih_buf_reset(out);
    if (strcmp(path, "-") == 0)
        return bersih_buf_puts(out, "stdin");
    int escapes = path[0] == '/';
    const char *last = NULL;
    size_t last_len = 0;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            escapes = 1;
        if (n > 0 && !(n == 1 && p[0] == '.') && !(n == 2 && p[0] == '.' && p[1] == '.')) {
            last = p;
            last_len = n;
        }
        p += n;
        while (*p == '/')
            p++;
    }
    if (escapes)
        return last ? bersih_buf_append(out, last, last_len) : bersih_buf_puts(out, "");
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n > 0 && !(n == 1 && p[0] == '.')) {
            if (out->len)
                FORWARD_IF_ERROR(bersih_buf_putc(out, '/'));
            FORWARD_IF_ERROR(bersih_buf_append(out, p, n));
        }
        p += n;
        while (*p == '/')
            p++;
    }
    return bersih_buf_puts(out, "");
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum bersih_format format_from_name(const char *name)
{
    static const char *const jsonl_suffixes[] = {
        ".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst",
    };
    for (size_t i = 0; i < sizeof jsonl_suffixes / sizeof *jsonl_suffixes; i++)
        if (has_suffix(name, jsonl_suffixes[i]))
            return BERSIH_FORMAT_JSONL;
    return BERSIH_FORMAT_TEXT;
}

static int name_order(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What the walk says of a file it was told to leave (bersih_reader_exclude). */
#define EXCLUDED_FILE "a file this run writes"

static int is_excluded(const struct bersih_reader *r, const struct stat *st)
{
    for (size_t i = 0; i < r->excluded_count; i++)
        if (r->excluded_dev[i] == (uint64_t)st->st_dev && r->excluded_ino[i] == (uint64_t)st->st_ino)
            return 1;
    return 0;
}

/* An entry that is a file the reader was told to leave (bersih_reader_exclude),
 * known by the inode readdir gives: left out of the listing, so that no
 * count of the files (dedup's two passes) sees it. Where d_ino is not the
 * file's st_ino (some overlay file systems), the open's fstat still
 * skips it, with a warning. */
static int excluded_entry(const struct bersih_reader *r, DIR *dir, uint64_t dir_dev,
                          const struct dirent *ent)
{
    if (ent->d_type != DT_REG && ent->d_type != DT_UNKNOWN)
        return 0;
    for (size_t i = 0; i < r->excluded_count; i++)
        if (r->excluded_ino[i] == (uint64_t)ent->d_ino && r->excluded_dev[i] == dir_dev) {
            /* d_ino is a hint (an overlay's may name another layer's
             * inode): the entry itself decides */
            struct stat st;
            return fstatat(dirfd(dir), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                   S_ISREG(st.st_mode) && is_excluded(r, &st);
        }
    return 0;
}

static bersih_status read_dir_names(const struct bersih_reader *r, const char *path,
                                    uint64_t dir_dev, char ***names_out, size_t *count_out,
                                    struct bersih_error *err)
{
    DIR *dir = opendir(path);
    RETURN_ERROR_IF(!dir, err, BERSIH_ERR_IO, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t count = 0, cap = 0;
    bersih_status st = BERSIH_OK;
    struct dirent *ent;
    errno = 0;
    while ((ent = readdir(dir)) != NULL) {
        /* Hidden entries are skipped: version-control data, editor
         * backups and bersih's own temporary files all start with '.'. */
        if (ent->d_name[0] == '.' || excluded_entry(r, dir, dir_dev, ent))
            continue;
        if (count == cap) {
            size_t bytes;
            size_t new_cap = cap ? cap * 2 : 64;
            char **grown = bersih_mul_ok(new_cap, sizeof *names, &bytes)
                               ? bersih_realloc(names, bytes) : NULL;
            if (!grown) {
                st = bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
                break;
            }
            names = grown;
            cap = new_cap;
        }
        names[count] = dup_entry(ent);
        if (!names[count]) {
            st = bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
            break;
        }
        count++;
    }
    if (st == BERSIH_OK && errno != 0)
        st = bersih_error_set(err, BERSIH_ERR_IO, "cannot read directory: %s", strerror(errno));
    closedir(dir);
    if (st != BERSIH_OK) {
        free_names(names, count);
        return st;
    }
    if (count > 1)
        qsort(names, count, sizeof *names, name_order);
    *names_out = names;
    *count_out = count;
    return BERSIH_OK;
}

static bersih_status push_frame(struct bersih_reader *r, const char *path, const char *relpath,
                                const struct stat *st, struct bersih_error *err)
{
    if (r->depth == r->stack_cap) {
        size_t cap = r->stack_cap ? r->stack_cap * 2 : 8, bytes;
        struct dir_frame *grown = bersih_mul_ok(cap, sizeof *grown, &bytes)
                                      ? bersih_realloc(r->stack, bytes) : NULL;
        RETURN_ERROR_IF(!grown, err, BERSIH_ERR_NOMEM, "out of memory");
        r->stack = grown;
        r->stack_cap = cap;
    }
    struct dir_frame f = { NULL, NULL, NULL, 0, 0, st->st_dev, st->st_ino };
    FORWARD_IF_ERROR(read_dir_names(r, path, (uint64_t)st->st_dev, &f.names, &f.count, err));
    f.path = dup_string(path);
    f.relpath = dup_string(relpath);
    if (!f.path || !f.relpath) {
        bersih_free(f.path);
        bersih_free(f.relpath);
        free_names(f.names, f.count);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    r->stack[r->depth++] = f;
    return BERSIH_OK;
}

static int on_walk_path(const struct bersih_reader *r, const struct stat *st)
{
    for (size_t i = 0; i < r->depth; i++)
        if (r->stack[i].dev == st->st_dev && r->stack[i].ino == st->st_ino)
            return 1;
    return 0;
}

static const char *file_kind(mode_t mode)
{
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    return "not a regular file";
}

static bersih_status open_file(struct bersih_reader *r, const struct stat *st,
                               struct bersih_error *err)
{
    int fd = open(r->path.data, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    RETURN_ERROR_IF(fd < 0, err, BERSIH_ERR_IO, "%s", strerror(errno));
    bersih_status status = bersih_source_new(fd, &r->source, err);
    if (status != BERSIH_OK) {
        close(fd);
        return status;
    }
    r->input.dev = (uint64_t)st->st_dev;
    r->input.ino = (uint64_t)st->st_ino;
    return BERSIH_OK;
}

/* What the walk's long way learns of an entry: stat through a symlink,
 * a dangling one or one in a loop of links (a -> b -> a: ELOOP) being a
 * warning, any other failure an error. */
static bersih_status follow_entry(const char *path, struct stat *st, struct bersih_error *err)
{
    struct stat lst;
    RETURN_ERROR_IF(lstat(path, &lst) != 0, err, BERSIH_ERR_IO, "%s", strerror(errno));
    if (stat(path, st) != 0) {
        int why = errno;
        RETURN_ERROR_IF(S_ISLNK(lst.st_mode) && why == ELOOP, err, BERSIH_ERR_SKIPPED,
                        "symbolic link loop; skipped");
        RETURN_ERROR_IF(S_ISLNK(lst.st_mode), err, BERSIH_ERR_SKIPPED,
                        "dangling symbolic link; skipped");
        return bersih_error_set(err, BERSIH_ERR_IO, "%s", strerror(why));
    }
    return BERSIH_OK;
}

/* Read src to its end into buf (reset first), at most max bytes (0: no
 * cap). */
static bersih_status read_whole(struct bersih_source *src, struct bersih_buf *buf, size_t max,
                                struct bersih_error *err)
{
    bersih_buf_reset(buf);
    for (;;) {
        /* Read straight into the article in 64 KiB steps; the cap stops a
         * 100 MB "article" (a log file, say) before it is loaded. */
        size_t room = 64u << 10;
        if (max && room > max - buf->len)
            room = max - buf->len;
        if (room == 0) {
            char probe;
            size_t got = 0;
            FORWARD_IF_ERROR(bersih_source_read(src, &probe, 1, &got, err));
            RETURN_ERROR_IF(got != 0, err, BERSIH_ERR_TOO_LARGE,
                            "article larger than --max-article-bytes (%zu); skipped", max);
            break;
        }
        RETURN_ERROR_IF(bersih_buf_reserve(buf, room) != BERSIH_OK, err, BERSIH_ERR_NOMEM,
                        "out of memory");
        size_t got = 0;
        FORWARD_IF_ERROR(bersih_source_read(src, buf->data + buf->len, room, &got, err));
        if (got == 0)
            break;
        buf->len += got;
        buf->data[buf->len] = '\0';
    }
    return BERSIH_OK;
}

/* Open path, found a regular file by the walk, for reading: O_NONBLOCK,
 * so that a file swapped for a FIFO since cannot block the open (fstat
 * then says what was opened); the source makes the descriptor blocking if
 * a read would ever wait. */
static bersih_status open_walked_file(const struct bersih_reader *r, const char *path,
                                      struct bersih_source **src, struct stat *st,
                                      struct bersih_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat probe;
    /* A file under a write lease (Samba's oplocks, an NFS delegation)
     * answers a non-blocking open with EAGAIN: a regular file is then
     * opened the blocking way, which waits for the lease to be broken. */
    if (fd < 0 && errno == EAGAIN && stat(path, &probe) == 0 && S_ISREG(probe.st_mode))
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    int saved;
    if (fd < 0) {
        saved = errno;
        bersih_error_set(err, BERSIH_ERR_IO, "%s", strerror(saved));
        errno = saved; /* for explain_entry */
        return BERSIH_ERR_IO;
    }
    if (fstat(fd, st) != 0) {
        saved = errno;
        bersih_error_set(err, BERSIH_ERR_IO, "%s", strerror(saved));
        close(fd);
        errno = saved;
        return BERSIH_ERR_IO;
    }
    if (!S_ISREG(st->st_mode) || is_excluded(r, st)) {
        bersih_error_set(err, BERSIH_ERR_SKIPPED, "%s; skipped",
                         S_ISREG(st->st_mode) ? EXCLUDED_FILE : file_kind(st->st_mode));
        close(fd);
        return BERSIH_ERR_SKIPPED;
    }
    bersih_status status = bersih_source_new(fd, src, err);
    if (status != BERSIH_OK) {
        close(fd);
        return status;
    }
    bersih_source_opened_nonblocking(*src);
    bersih_source_set_size(*src, (uint64_t)st->st_size);
    return BERSIH_OK;
}

/* A directory entry readdir calls a regular file, opened with one path
 * lookup instead of three (lstat, stat, open): in a directory of small
 * files those system calls are most of the time. Returns 1 when it is an
 * open regular file (or memory ran out: *status), 0 when the caller is to
 * look again the long way (no fd is left open). */
static int open_regular_entry(struct bersih_reader *r, struct bersih_error *err,
                              bersih_status *status)
{
    struct stat st;
    *status = open_walked_file(r, r->path.data, &r->source, &st, err);
    if (*status == BERSIH_ERR_IO || *status == BERSIH_ERR_SKIPPED) {
        bersih_error_clear(err);
        bersih_error_set_path(err, r->path.data);
        return 0;
    }
    if (*status == BERSIH_OK) {
        r->input.dev = (uint64_t)st.st_dev;
        r->input.ino = (uint64_t)st.st_ino;
    }
    return 1;
}

/* Why path, which the walk listed as a regular file, cannot be opened as
 * one now (open_errno: the open's error, or 0 when it was not a regular
 * file): what the walk's long way (walk_step) says of such an entry, but
 * that a directory is skipped, not walked: its place in the walk is past. */
static bersih_status explain_entry(const struct bersih_reader *r, const char *path,
                                   int open_errno, struct bersih_error *err)
{
    struct stat st;
    FORWARD_IF_ERROR(follow_entry(path, &st, err));
    RETURN_ERROR_IF(S_ISREG(st.st_mode) && is_excluded(r, &st), err, BERSIH_ERR_SKIPPED,
                    "%s; skipped", EXCLUDED_FILE);
    RETURN_ERROR_IF(S_ISDIR(st.st_mode), err, BERSIH_ERR_SKIPPED, "a directory; skipped");
    RETURN_ERROR_IF(!S_ISREG(st.st_mode), err, BERSIH_ERR_SKIPPED, "%s; skipped",
                    file_kind(st.st_mode));
    return bersih_error_set(err, BERSIH_ERR_IO, "%s", strerror(open_errno ? open_errno : EIO));
}

/* Open a deferred input's file as next_input opens any input (its
 * identity and compression set, deferred cleared), or say why it cannot
 * be as the walk would have (explain_entry). An uncompressed file over
 * max (0: no cap) is too large by its size, not read to the cap first.
 * *src is the caller's to free, whatever this returns. */
static bersih_status open_deferred(const struct bersih_reader *r, struct bersih_input *input,
                                   size_t max, struct bersih_source **src,
                                   struct bersih_error *err)
{
    struct stat st;
    bersih_status status = open_walked_file(r, input->path, src, &st, err);
    if (status == BERSIH_ERR_IO || status == BERSIH_ERR_SKIPPED) {
        int open_errno = status == BERSIH_ERR_IO ? errno : 0;
        bersih_error_clear(err);
        return explain_entry(r, input->path, open_errno, err);
    }
    FORWARD_IF_ERROR(status);
    input->dev = (uint64_t)st.st_dev;
    input->ino = (uint64_t)st.st_ino;
    FORWARD_IF_ERROR(bersih_source_detect(*src, &input->compression, err));
    /* open as next_input leaves an input: later errors are the article's */
    input->deferred = 0;
    RETURN_ERROR_IF(input->compression == BERSIH_COMPRESSION_NONE && max &&
                        (uint64_t)st.st_size > (uint64_t)max,
                    err, BERSIH_ERR_TOO_LARGE,
                    "article larger than --max-article-bytes (%zu); skipped", max);
    return BERSIH_OK;
}

bersih_status bersih_reader_load(const struct bersih_reader *r, struct bersih_input *input,
                                 struct bersih_buf *text, struct bersih_error *err)
{
    bersih_error_clear(err);
    bersih_buf_reset(text);
    if (!input->deferred)
        return bersih_error_set(err, BERSIH_ERR_ARG, "input is not deferred");
    struct bersih_source *src = NULL;
    bersih_status status = open_deferred(r, input, r->opts.max_article_bytes, &src, err);
    if (status == BERSIH_OK)
        status = read_whole(src, text, r->opts.max_article_bytes, err);
    bersih_source_free(src);
    if (status != BERSIH_OK)
        bersih_error_set_path(err, input->path);
    return status;
}

/* A text file the walk found, left for bersih_reader_load() (defer_files). */
static int defer_file(struct bersih_reader *r, const char *name)
{
    enum bersih_format format = r->opts.format != BERSIH_FORMAT_AUTO ? r->opts.format
                                                                   : format_from_name(name);
    if (!r->opts.defer_files || format != BERSIH_FORMAT_TEXT || entry_type(name) != DT_REG)
        return 0;
    r->input.path = r->path.data;
    r->input.relpath = r->relpath.data;
    r->input.is_stdin = 0;
    r->input.format = BERSIH_FORMAT_TEXT;
    r->input.compression = BERSIH_COMPRESSION_NONE;
    r->input.dev = r->input.ino = 0;
    r->input.deferred = 1;
    r->input_open = 1;
    r->text_done = 0;
    return 1;
}

static bersih_status begin_input(struct bersih_reader *r, int is_stdin, struct bersih_error *err)
{
    r->input.path = r->path.data;
    r->input.relpath = r->relpath.data;
    r->input.is_stdin = is_stdin;
    r->input.deferred = 0;
    FORWARD_IF_ERROR(bersih_source_detect(r->source, &r->input.compression, err));
    if (r->opts.format != BERSIH_FORMAT_AUTO)
        r->input.format = r->opts.format;
    else
        r->input.format = is_stdin ? BERSIH_FORMAT_TEXT : format_from_name(r->path.data);
    r->input_open = 1;
    r->text_done = 0;
    r->line_no = 0;
    r->chunk_pos = r->chunk_len = 0;
    r->chunk_eof = 0;
    return BERSIH_OK;
}

static bersih_status open_stdin(struct bersih_reader *r, struct bersih_error *err)
{
    if (bersih_buf_puts(&r->path, "-") != BERSIH_OK || bersih_buf_puts(&r->relpath, "stdin") != BERSIH_OK)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    FORWARD_IF_ERROR(bersih_source_new(0, &r->source, err));
    r->input.dev = r->input.ino = 0;
    return begin_input(r, 1, err);
}

/* Step the directory walk once: open a file (BERSIH_OK with input_open),
 * descend (BERSIH_OK, nothing open), or report a skipped entry. */
static bersih_status walk_step(struct bersih_reader *r, struct bersih_error *err)
{
    struct dir_frame *f = &r->stack[r->depth - 1];
    if (f->next == f->count) {
        pop_frame(r);
        return BERSIH_OK;
    }
    const char *name = f->names[f->next++];
    bersih_buf_reset(&r->path);
    bersih_buf_reset(&r->relpath);
    int slash = f->path[0] && f->path[strlen(f->path) - 1] != '/';
    if (bersih_buf_puts(&r->path, f->path) != BERSIH_OK ||
        (slash && bersih_buf_putc(&r->path, '/') != BERSIH_OK) ||
        bersih_buf_puts(&r->path, name) != BERSIH_OK ||
        bersih_buf_puts(&r->relpath, f->relpath) != BERSIH_OK ||
        (f->relpath[0] && bersih_buf_putc(&r->relpath, '/') != BERSIH_OK) ||
        bersih_buf_puts(&r->relpath, name) != BERSIH_OK)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    bersih_error_set_path(err, r->path.data);
    if (defer_file(r, name))
        return BERSIH_OK;
    bersih_status opened;
    if (entry_type(name) == DT_REG && open_regular_entry(r, err, &opened)) {
        FORWARD_IF_ERROR(opened);
        return begin_input(r, 0, err);
    }
    struct stat st;
    FORWARD_IF_ERROR(follow_entry(r->path.data, &st, err));
    if (S_ISDIR(st.st_mode)) {
        RETURN_ERROR_IF(on_walk_path(r, &st), err, BERSIH_ERR_SKIPPED,
                        "symbolic link loop; skipped");
        if (is_excluded(r, &st))
            return BERSIH_OK;
        return push_frame(r, r->path.data, r->relpath.data, &st, err);
    }
    RETURN_ERROR_IF(!S_ISREG(st.st_mode), err, BERSIH_ERR_SKIPPED, "%s; skipped",
                    file_kind(st.st_mode));
    RETURN_ERROR_IF(is_excluded(r, &st), err, BERSIH_ERR_SKIPPED, "%s; skipped", EXCLUDED_FILE);
    FORWARD_IF_ERROR(open_file(r, &st, err));
    return begin_input(r, 0, err);
}

static bersih_status start_user_path(struct bersih_reader *r, const char *path,
                                     struct bersih_error *err)
{
    bersih_buf_reset(&r->path);
    bersih_buf_reset(&r->relpath);
    if (strcmp(path, "-") == 0)
        return open_stdin(r, err);
    if (bersih_buf_puts(&r->path, path) != BERSIH_OK || bersih_reader_relpath(path, &r->relpath) != BERSIH_OK)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    bersih_error_set_path(err, path);
    struct stat st;
    RETURN_ERROR_IF(stat(path, &st) != 0, err, BERSIH_ERR_IO, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return push_frame(r, path, r->relpath.data, &st, err);
    /* A path the user named is read whatever it is: a FIFO may be exactly
     * what they mean (bersih <(zcat x.gz) works). */
    FORWARD_IF_ERROR(open_file(r, &st, err));
    return begin_input(r, 0, err);
}

bersih_status bersih_reader_next_input(struct bersih_reader *r, const struct bersih_input **input,
                                       struct bersih_error *err)
{
    bersih_error_clear(err);
    close_input(r);
    *input = NULL;
    for (;;) {
        bersih_status st;
        if (r->depth > 0)
            st = walk_step(r, err);
        else if (r->pending_next < r->pending_count)
            st = start_user_path(r, r->pending[r->pending_next++], err);
        else
            return BERSIH_END;
        if (st != BERSIH_OK) {
            close_input(r);
            return st;
        }
        if (r->input_open) {
            *input = &r->input;
            return BERSIH_OK;
        }
        bersih_error_clear(err);
    }
}

void bersih_article_init(struct bersih_article *a, const struct bersih_input *input)
{
    /* This runs for every article (under a batch loop's reader lock too):
     * clear the fields and only the first bytes of the problem's text. */
    memset(a, 0, offsetof(struct bersih_article, problem));
    bersih_error_clear(&a->problem);
    a->raw = NULL;
    a->raw_len = 0;
    a->undecoded = 0;
    a->input = input;
}

static void article_init(struct bersih_reader *r, struct bersih_article *a)
{
    bersih_article_init(a, &r->input);
}

static bersih_status read_text_article(struct bersih_reader *r, struct bersih_article *a,
                                       struct bersih_error *err)
{
    if (r->text_done)
        return BERSIH_END;
    r->text_done = 1;
    if (r->input.deferred)
        FORWARD_IF_ERROR(open_deferred(r, &r->input, r->opts.max_article_bytes, &r->source, err));
    FORWARD_IF_ERROR(read_whole(r->source, &r->article, r->opts.max_article_bytes, err));
    article_init(r, a);
    a->text = bersih_buf_str(&r->article);
    a->text_len = r->article.len;
    return BERSIH_OK;
}

/* Read one raw line (without its '\n') into r->article. *too_long is set when
 * the line passed the cap; it has then been consumed, and not kept. */
static bersih_status read_line(struct bersih_reader *r, int *got_line, int *too_long,
                               struct bersih_error *err)
{
    bersih_buf_reset(&r->article);
    *got_line = 0;
    *too_long = 0;
    for (;;) {
        if (r->chunk_pos == r->chunk_len) {
            if (r->chunk_eof)
                return BERSIH_OK;
            size_t got = 0;
            FORWARD_IF_ERROR(bersih_source_read(r->source, r->chunk, LINE_CHUNK, &got, err));
            r->chunk_pos = 0;
            r->chunk_len = got;
            if (got == 0) {
                r->chunk_eof = 1;
                return BERSIH_OK;
            }
        }
        const char *start = r->chunk + r->chunk_pos;
        size_t avail = r->chunk_len - r->chunk_pos;
        const char *nl = memchr(start, '\n', avail);
        size_t n = nl ? (size_t)(nl - start) : avail;
        *got_line = 1;
        if (!*too_long) {
            bersih_status st = bersih_buf_append(&r->article, start, n);
            if (st == BERSIH_ERR_TOO_LARGE) {
                *too_long = 1;
                bersih_buf_reset(&r->article);
            } else if (st != BERSIH_OK) {
                return bersih_error_set(err, st, "%s", bersih_strerror(st));
            }
        }
        r->chunk_pos += n + (nl ? 1 : 0);
        if (nl)
            return BERSIH_OK;
    }
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static void line_problem(struct bersih_reader *r, struct bersih_article *a)
{
    a->problem.line = r->line_no;
    bersih_error_set_path(&a->problem, r->input.path);
    a->raw = bersih_buf_str(&r->article);
    a->raw_len = r->article.len;
}

static void fill_json_article(struct bersih_article *a, const struct bersih_json_members *m,
                              struct bersih_buf *text, struct bersih_buf *date)
{
    const char *line = a->raw;
    a->text = bersih_buf_str(text);
    a->text_len = text->len;
    a->json_before = line;
    a->json_before_len = m->text.start;
    a->json_after = line + m->text.end;
    a->json_after_len = a->raw_len - m->text.end;
    if (m->id.end) {
        a->id = line + m->id.start;
        a->id_len = m->id.end - m->id.start;
    }
    bersih_buf_reset(date);
    if (m->date.end && m->date.is_string &&
        bersih_json_unescape(line + m->date.start, m->date.end - m->date.start, date, NULL) == BERSIH_OK) {
        a->date = bersih_buf_str(date);
        a->date_len = date->len;
    }
}

/* Scan the JSON line a->raw and decode its text field; a line that is not
 * a usable article gets a->problem (and keeps raw, to be copied through). */
static void decode_json_line(const char *text_field, struct bersih_article *a,
                             struct bersih_buf *text, struct bersih_buf *date)
{
    struct bersih_json_members m;
    if (bersih_json_scan(a->raw, a->raw_len, text_field, &m, &a->problem) != BERSIH_OK)
        goto problem;
    if (!m.text.end || !m.text.is_string) {
        bersih_error_set(&a->problem, BERSIH_ERR_JSON,
                         m.text.end ? "field \"%s\" is not a string" : "no \"%s\" field", text_field);
        /* the line is valid JSON: its id still names it in reports */
        if (m.id.end) {
            a->id = a->raw + m.id.start;
            a->id_len = m.id.end - m.id.start;
        }
        goto problem;
    }
    bersih_buf_reset(text);
    if (bersih_json_unescape(a->raw + m.text.start, m.text.end - m.text.start, text, &a->problem) !=
        BERSIH_OK)
        goto problem;
    fill_json_article(a, &m, text, date);
    return;
problem:
    a->problem.line = a->line;
    bersih_error_set_path(&a->problem, a->input->path);
}

void bersih_reader_decode(const struct bersih_reader *r, struct bersih_article *a,
                          struct bersih_buf *text, struct bersih_buf *date)
{
    if (!a->undecoded)
        return;
    a->undecoded = 0;
    decode_json_line(r->opts.text_field, a, text, date);
}

static bersih_status read_json_article(struct bersih_reader *r, struct bersih_article *a,
                                       struct bersih_error *err)
{
    for (;;) {
        int got_line, too_long;
        FORWARD_IF_ERROR(read_line(r, &got_line, &too_long, err));
        if (!got_line)
            return BERSIH_END;
        r->line_no++;
        article_init(r, a);
        a->line = r->line_no;
        if (too_long) {
            bersih_error_set(&a->problem, BERSIH_ERR_TOO_LARGE,
                             "line longer than --max-article-bytes (%zu); skipped", r->article.max);
            line_problem(r, a);
            return BERSIH_OK;
        }
        /* Tolerate CRLF files and blank lines: both are common in dumps. */
        if (r->article.len && r->article.data[r->article.len - 1] == '\r')
            r->article.data[--r->article.len] = '\0';
        if (is_blank(r->article.data ? r->article.data : "", r->article.len))
            continue;
        a->raw = bersih_buf_str(&r->article);
        a->raw_len = r->article.len;
        if (r->opts.defer_decoding) {
            a->undecoded = 1;
            return BERSIH_OK;
        }
        decode_json_line(r->opts.text_field, a, &r->decoded, &r->date);
        return BERSIH_OK;
    }
}

bersih_status bersih_reader_next_article(struct bersih_reader *r, struct bersih_article *a,
                                         struct bersih_error *err)
{
    bersih_error_clear(err);
    if (!r->input_open)
        return BERSIH_END;
    bersih_status st = r->input.format == BERSIH_FORMAT_JSONL ? read_json_article(r, a, err)
                                                              : read_text_article(r, a, err);
    if (st != BERSIH_OK && st != BERSIH_END) {
        bersih_error_set_path(err, r->input.path);
        if (r->input.format == BERSIH_FORMAT_JSONL && err)
            err->line = r->line_no + 1;
    }
    return st;
}
