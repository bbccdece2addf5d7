/*
 * overlap.c - what a run writes against what it reads. An existing -o DIR,
 * --report FILE or dedup's --signatures and --index files are refused,
 * before anything is read, where writing them would overwrite an input.
 * Two inputs whose outputs would go to one place are refused too.
 * Identities (device, inode) decide, not names, so symbolic links and bind
 * mounts are seen through; where a path cannot be looked at the run is
 * refused too, saying why, rather than risk an input.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "bersih/reader.h"
#include "bersih/writer.h"
#include "cli.h"

/* The inputs as the reader takes them: none named is standard input. */
static void named_inputs(char ***paths, int *path_count)
{
    static char *standard_input[] = { "-" };
    if (*path_count == 0) {
        *paths = standard_input;
        *path_count = 1;
    }
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* An input as the user named it: "-" (standard input) counts only as a
 * regular file, which is all an output could overwrite. */
static int input_stat(const char *path, struct stat *st)
{
    if (strcmp(path, "-") == 0)
        return fstat(0, st) == 0 && S_ISREG(st->st_mode);
    return stat(path, st) == 0;
}

/* Where path (resolved) lies below the directory dir: 1 with *rest, the
 * components between them ("sub/a.txt", to free), and *walked: no hidden
 * component and no excluded directory (may be NULL) between them, so a
 * walk of dir reads it; 0 when it does not lie below dir; -1 when that
 * cannot be told (errno: realpath or a parent's stat failed). */
static int path_below(const char *path, const struct stat *dir, const struct stat *excluded,
                      char **rest, int *walked)
{
    *rest = NULL;
    *walked = 1;
    char *real = realpath(path, NULL);
    if (!real)
        return -1;
    struct stat self;
    if (excluded && stat(real, &self) == 0 && same_file(&self, excluded))
        *walked = 0; /* the excluded directory itself */
    char *parent = strdup(real);
    if (!parent) {
        free(real);
        return -1;
    }
    int found = 0;
    for (;;) {
        char *slash = strrchr(parent, '/');
        if (!slash || (slash == parent && parent[1] == '\0'))
            break; /* past the root */
        if (slash[1] == '.')
            *walked = 0; /* a hidden name: the walk skips it */
        size_t keep = slash == parent ? 1 : (size_t)(slash - parent);
        parent[keep] = '\0';
        struct stat st;
        if (stat(parent, &st) != 0) {
            found = -1;
            break;
        }
        if (same_file(&st, dir)) {
            found = 1;
            *rest = strdup(real + keep + (keep > 1));
            if (!*rest)
                found = -1;
            break;
        }
        if (excluded && same_file(&st, excluded))
            *walked = 0;
    }
    int saved = errno;
    free(parent);
    free(real);
    errno = saved;
    return found;
}

/* Is the resolved path dir, or inside it? */
static int path_within(const char *path, const char *dir)
{
    size_t len = strlen(dir);
    return strncmp(path, dir, len) == 0 && (path[len] == '\0' || path[len] == '/' || len == 1);
}

static char *joined(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    char *s = malloc(n + m + 2);
    if (s) {
        memcpy(s, a, n);
        s[n] = '/';
        memcpy(s + n + 1, b, m + 1);
    }
    return s;
}

static int cannot_tell(const char *what, const char *inside)
{
    cli_error("cannot tell whether %s lies in %s (%s); refusing to risk an input", what, inside,
              strerror(errno));
    return 1;
}

/* What the checks know of each input named on the command line, looked
 * up once: a run may name tens of thousands of files. */
struct input_info {
    const char *path;
    struct stat st;
    int ok;         /* it is there (standard input: a regular file) */
    char *real;     /* its resolved path, made when first needed */
    int real_tried;
};

static const char *info_real(struct input_info *in)
{
    if (!in->real_tried) {
        in->real_tried = 1;
        in->real = realpath(strcmp(in->path, "-") == 0 ? "/proc/self/fd/0" : in->path, NULL);
    }
    return in->real;
}

static int compare_identity(const struct stat *a, const struct stat *b)
{
    if (a->st_dev != b->st_dev)
        return a->st_dev < b->st_dev ? -1 : 1;
    return (a->st_ino > b->st_ino) - (a->st_ino < b->st_ino);
}

static int compare_by_identity(const void *a, const void *b)
{
    const struct input_info *x = *(struct input_info *const *)a, *y = *(struct input_info *const *)b;
    return compare_identity(&x->st, &y->st);
}

static int compare_by_real(const void *a, const void *b)
{
    return strcmp((*(struct input_info *const *)a)->real, (*(struct input_info *const *)b)->real);
}

/* The checks of one run, with the inputs indexed two ways. */
struct overlap {
    const char *dir;
    const struct stat *dir_st;
    struct input_info *inputs;
    int count;
    struct input_info **by_identity; /* the inputs that are there */
    int present;
    struct input_info **inner;       /* input directories inside dir */
    int inner_count;
    struct input_info **by_real;     /* by resolved path, made when first needed */
    int real_count, real_sorted;
};

static struct input_info *input_with_identity(const struct overlap *o, const struct stat *st)
{
    int lo = 0, hi = o->present;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, c = compare_identity(&o->by_identity[mid]->st, st);
        if (c == 0)
            return o->by_identity[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* by_real, sorted; 0 (message printed) when a path cannot be resolved. */
static int sort_by_real(struct overlap *o)
{
    if (o->real_sorted)
        return 1;
    for (int i = 0; i < o->present; i++) {
        if (!info_real(o->by_identity[i]))
            return !cannot_tell(o->by_identity[i]->path, o->dir);
        o->by_real[o->real_count++] = o->by_identity[i];
    }
    qsort(o->by_real, (size_t)o->real_count, sizeof *o->by_real, compare_by_real);
    o->real_sorted = 1;
    return 1;
}

/* The inputs inside the directory target (a target of input p, itself a
 * directory): each, at target/rest, is overwritten by the output of
 * p/rest if p has one. By resolved paths, so a bind mount of an input
 * under target is not seen; symbolic links are. */
static int inputs_under_target(struct overlap *o, const struct input_info *p, const char *target)
{
    if (!sort_by_real(o))
        return 1;
    char *real = realpath(target, NULL);
    if (!real)
        return cannot_tell(target, o->dir);
    size_t len = strlen(real);
    int lo = 0, hi = o->real_count, hit = 0;
    while (lo < hi) { /* the first whose path is past real + "/" */
        int mid = lo + (hi - lo) / 2;
        if (strcmp(o->by_real[mid]->real, real) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < o->real_count && !hit; i++) {
        const char *q = o->by_real[i]->real;
        if (strncmp(q, real, len) != 0)
            break;
        if (q[len] != '/')
            continue; /* "/x/outer" after "/x/out" */
        char *source = joined(p->path, q + len + 1);
        struct stat st;
        hit = !source || stat(source, &st) == 0;
        if (hit)
            cli_error("the output of %s under %s would overwrite the input %s; give another "
                      "directory", source ? source : p->path, o->dir, o->by_real[i]->path);
        free(source);
    }
    free(real);
    return hit;
}

/* Would the output target of input p (its file, or the directory its
 * files go into) overwrite an input? */
static int target_hits_input(struct overlap *o, const struct input_info *p, const char *target,
                             const struct stat *t_st)
{
    const struct input_info *same = input_with_identity(o, t_st);
    if (same) {
        cli_error("the output %s of %s would overwrite the input %s; give another directory",
                  target, p->path, same->path);
        return 1;
    }
    /* A target in the walk of an input directory: only one inside dir can
     * have it, as dir is not walked. */
    for (int i = 0; i < o->inner_count; i++) {
        char *rest = NULL;
        int walked;
        int below = path_below(target, &o->inner[i]->st, o->dir_st, &rest, &walked);
        free(rest);
        if (below < 0)
            return cannot_tell(target, o->inner[i]->path);
        if (below && walked) {
            cli_error("the output %s of %s is in the input directory %s; give another "
                      "directory", target, p->path, o->inner[i]->path);
            return 1;
        }
    }
    if (S_ISDIR(t_st->st_mode) && S_ISDIR(p->st.st_mode))
        return inputs_under_target(o, p, target);
    return 0;
}

static int check_targets(struct overlap *o)
{
    for (int i = 0; i < o->count; i++) {
        struct input_info *p = &o->inputs[i];
        if (!p->ok)
            continue;
        struct bersih_buf relpath = BERSIH_BUF_INIT;
        char *target = NULL;
        if (bersih_reader_relpath(p->path, &relpath) != BERSIH_OK ||
            !(target = joined(o->dir, bersih_buf_str(&relpath)))) {
            bersih_buf_release(&relpath);
            cli_error("out of memory");
            return 1;
        }
        bersih_buf_release(&relpath);
        struct stat t_st;
        int hit = stat(target, &t_st) == 0 && target_hits_input(o, p, target, &t_st);
        free(target);
        if (hit)
            return 1;
    }
    return 0;
}

/* The input directories inside dir; 0 when one cannot be resolved. */
static int find_inner(struct overlap *o)
{
    char *dir_real = realpath(o->dir, NULL);
    if (!dir_real)
        return !cannot_tell("the inputs", o->dir);
    int ok = 1;
    for (int i = 0; ok && i < o->present; i++) {
        struct input_info *q = o->by_identity[i];
        if (!S_ISDIR(q->st.st_mode))
            continue;
        const char *real = info_real(q);
        if (!real)
            ok = !cannot_tell(q->path, o->dir);
        else if (path_within(real, dir_real) && strcmp(real, dir_real) != 0)
            o->inner[o->inner_count++] = q;
    }
    free(dir_real);
    return ok;
}

/* Does an existing -o dir overlap the inputs (cli.h)? */
static int output_dir_overlaps(const char *dir, const struct stat *dir_st, char **paths,
                               int path_count)
{
    struct overlap o = { dir, dir_st, NULL, path_count, NULL, 0, NULL, 0, NULL, 0, 0 };
    o.inputs = calloc((size_t)path_count, sizeof *o.inputs);
    o.by_identity = calloc((size_t)path_count, sizeof *o.by_identity);
    o.inner = calloc((size_t)path_count, sizeof *o.inner);
    o.by_real = calloc((size_t)path_count, sizeof *o.by_real);
    int hit = 0;
    if (!o.inputs || !o.by_identity || !o.inner || !o.by_real) {
        cli_error("out of memory");
        hit = 1;
    }
    for (int i = 0; !hit && i < path_count; i++) {
        struct input_info *in = &o.inputs[i];
        in->path = paths[i];
        in->ok = input_stat(paths[i], &in->st);
        if (in->ok && S_ISDIR(in->st.st_mode) && same_file(&in->st, dir_st)) {
            cli_error("-o %s is the input directory %s itself; give another directory", dir,
                      paths[i]);
            hit = 1;
        }
        if (in->ok)
            o.by_identity[o.present++] = in;
    }
    if (!hit) {
        qsort(o.by_identity, (size_t)o.present, sizeof *o.by_identity, compare_by_identity);
        hit = !find_inner(&o) || check_targets(&o);
    }
    for (int i = 0; o.inputs && i < path_count; i++)
        free(o.inputs[i].real);
    free(o.inputs);
    free(o.by_identity);
    free(o.inner);
    free(o.by_real);
    return hit;
}

static int is_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

/* For an output directory that existed: what each output's directory is
 * checked against, as a symbolic link in it may lead anywhere. */
struct cli_output_guard {
    char *dir_real;     /* -o DIR, resolved */
    char **input_dirs;  /* the input directories, resolved, sorted */
    size_t dir_count;
    struct stat *files; /* the input files named, by identity, sorted */
    size_t file_count;
    char *last_parent;  /* the directory asked last, and its answer */
    int last_escapes;
};

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_stats(const void *a, const void *b)
{
    return compare_identity(a, b);
}

/* The targets written this run, as a set of their paths' XXH3 (0 marks a
 * free slot): 8 bytes a file at most twice over, where the paths of a
 * million files would take tens of MB. */
int cli_output_claim(struct cli_output_dir *out, const char *target, struct bersih_error *err)
{
    uint64_t hash = XXH3_64bits(target, strlen(target));
    hash += hash == 0;
    if (2 * (out->claimed + 1) > out->claim_slots) {
        size_t slots = out->claim_slots ? out->claim_slots * 2 : 1024;
        uint64_t *grown = calloc(slots, sizeof *grown);
        if (!grown) {
            bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
            return 0;
        }
        for (size_t i = 0; i < out->claim_slots; i++)
            for (size_t j = out->claims[i] & (slots - 1); out->claims[i]; j = (j + 1) & (slots - 1))
                if (!grown[j]) {
                    grown[j] = out->claims[i];
                    break;
                }
        free(out->claims);
        out->claims = grown;
        out->claim_slots = slots;
    }
    size_t j = hash & (out->claim_slots - 1);
    while (out->claims[j] && out->claims[j] != hash)
        j = (j + 1) & (out->claim_slots - 1);
    if (out->claims[j]) {
        bersih_error_set(err, BERSIH_ERR_REFUSED, "the output %s was written already by this run "
                         "(two inputs lead to it); refused", target);
        return 0;
    }
    out->claims[j] = hash;
    out->claimed++;
    return 1;
}

void cli_output_dir_release(struct cli_output_dir *out)
{
    free(out->claims);
    out->claims = NULL;
    out->claim_slots = out->claimed = 0;
    struct cli_output_guard *g = out->guard;
    if (!g)
        return;
    for (size_t i = 0; i < g->dir_count; i++)
        free(g->input_dirs[i]);
    free(g->input_dirs);
    free(g->files);
    free(g->dir_real);
    free(g->last_parent);
    free(g);
    out->guard = NULL;
}

/* NULL with a message printed when it cannot be made. */
static struct cli_output_guard *guard_new(const char *dir, char **paths, int path_count)
{
    struct cli_output_guard *g = calloc(1, sizeof *g);
    struct cli_output_dir holder = { 0, 0, 0, g, NULL, 0, 0 };
    if (!g || !(g->dir_real = realpath(dir, NULL)) ||
        !(g->input_dirs = calloc((size_t)path_count, sizeof *g->input_dirs)) ||
        !(g->files = calloc((size_t)path_count, sizeof *g->files))) {
        cli_error("%s: cannot look at the output directory: %s", dir, strerror(errno));
        cli_output_dir_release(&holder);
        return NULL;
    }
    for (int i = 0; i < path_count; i++) {
        struct stat st;
        if (!input_stat(paths[i], &st))
            continue;
        if (!S_ISDIR(st.st_mode)) {
            g->files[g->file_count++] = st;
            continue;
        }
        char *real = realpath(paths[i], NULL);
        if (!real) {
            cannot_tell(paths[i], dir);
            cli_output_dir_release(&holder);
            return NULL;
        }
        g->input_dirs[g->dir_count++] = real;
    }
    qsort(g->input_dirs, g->dir_count, sizeof *g->input_dirs, compare_strings);
    qsort(g->files, g->file_count, sizeof *g->files, compare_stats);
    return g;
}

/* The input directory whose walk reaches the resolved path real (holds it,
 * or is it), or NULL: real and each of its ancestors looked up. One that
 * holds -o DIR does not reach what lies in DIR, as DIR is not walked. */
static const char *input_dir_holding(const struct cli_output_guard *g, const char *real)
{
    char *p = g->dir_count ? strdup(real) : NULL;
    int in_dir = path_within(real, g->dir_real);
    const char *found = NULL;
    while (p && !found) {
        const char *key = p;
        char **hit = bsearch(&key, g->input_dirs, g->dir_count, sizeof *g->input_dirs,
                             compare_strings);
        if (hit && !(in_dir && path_within(g->dir_real, *hit))) {
            found = *hit;
            break;
        }
        char *slash = strrchr(p, '/');
        if (!slash || (slash == p && p[1] == '\0'))
            break;
        slash[slash == p] = '\0'; /* the parent; "/" stays "/" */
    }
    free(p);
    return found;
}

/* path, resolved as far as it exists, with the rest of its components
 * after: where a file written there would be; NULL when it cannot be told. */
static char *resolved_place(const char *path)
{
    char *head = strdup(path), *real = NULL;
    size_t tail = strlen(path);
    while (head && !(real = realpath(head, NULL)) && errno == ENOENT) {
        char *cut = strrchr(head, '/');
        if (!cut || cut == head)
            break;
        *cut = '\0';
        tail = (size_t)(cut - head);
    }
    if (!real && head && !strchr(head, '/')) { /* a name in the current directory */
        real = realpath(".", NULL);
        tail = 0;
    }
    int saved = errno;
    free(head);
    errno = saved;
    if (!real || !path[tail])
        return real;
    char *place = joined(real, path + tail + (path[tail] == '/'));
    free(real);
    return place;
}

/* Does the directory of target, resolved (its nearest existing ancestor
 * when it is not there yet), lead out of -o DIR into an input directory?
 * -1 when it cannot be told. */
static int parent_escapes(struct cli_output_guard *g, const char *target)
{
    const char *slash = strrchr(target, '/');
    size_t n = slash ? (size_t)(slash - target) : 0;
    char *parent = strndup(slash ? target : ".", slash ? n : 1);
    if (!parent)
        return -1;
    if (g->last_parent && strcmp(parent, g->last_parent) == 0) {
        free(parent);
        return g->last_escapes;
    }
    char *real = resolved_place(parent);
    int escapes = -1;
    if (real) {
        escapes = input_dir_holding(g, real) != NULL;
        free(real);
    } else if (errno == ENOTDIR || errno == ELOOP || errno == EACCES) {
        escapes = 0; /* the writer cannot get through either, and says why */
    }
    free(g->last_parent);
    g->last_parent = escapes >= 0 ? parent : NULL;
    if (escapes < 0)
        free(parent);
    g->last_escapes = escapes;
    return escapes;
}

int cli_output_target_ok(struct cli_output_dir *out, const char *target,
                         const struct bersih_input *in, const char *hint, struct bersih_error *err)
{
    if (out->fresh)
        return 1; /* nothing was there: the writer's rename is the check */
    struct stat st;
    int there = stat(target, &st) == 0;
    if (there && !in->is_stdin && (uint64_t)st.st_dev == in->dev &&
        (uint64_t)st.st_ino == in->ino) {
        bersih_error_set(err, BERSIH_ERR_REFUSED, "output %s is the input itself%s", target,
                         hint);
        return 0;
    }
    struct cli_output_guard *g = out->guard;
    if (!g)
        return 1;
    int escapes = parent_escapes(g, target);
    if (escapes < 0) {
        bersih_error_set(err, BERSIH_ERR_REFUSED, "cannot tell where the output %s lies (%s); "
                         "refused", target, strerror(errno));
        return 0;
    }
    if (escapes || (there && g->file_count &&
                    bsearch(&st, g->files, g->file_count, sizeof *g->files, compare_stats))) {
        bersih_error_set(err, BERSIH_ERR_REFUSED, "the output %s would land on an input (a "
                         "link in the output directory leads there); refused", target);
        return 0;
    }
    return 1;
}

struct named_target {
    const char *path;
    char *relpath;
};

static int compare_targets(const void *a, const void *b)
{
    return strcmp(((const struct named_target *)a)->relpath,
                  ((const struct named_target *)b)->relpath);
}

/* Two inputs whose outputs go to one place (-o out /p/a.txt /q/a.txt: both
 * out/a.txt; two directories of one name): the second would replace the
 * first's output without a word. The same input named twice is not
 * refused, nor a path that is not there (the reader reports it). */
static int outputs_collide(const char *dir, char **paths, int path_count)
{
    if (path_count < 2)
        return 0;
    struct named_target *targets = calloc((size_t)path_count, sizeof *targets);
    struct bersih_buf relpath = BERSIH_BUF_INIT;
    int failed = !targets;
    for (int i = 0; !failed && i < path_count; i++) {
        targets[i].path = paths[i];
        failed = bersih_reader_relpath(paths[i], &relpath) != BERSIH_OK ||
                 !(targets[i].relpath = strdup(bersih_buf_str(&relpath)));
    }
    bersih_buf_release(&relpath);
    int hit = 0;
    if (failed) {
        cli_error("out of memory");
        hit = 1;
    } else {
        qsort(targets, (size_t)path_count, sizeof *targets, compare_targets);
        for (int i = 1; i < path_count && !hit; i++) {
            struct stat a, b;
            if (strcmp(targets[i - 1].relpath, targets[i].relpath) != 0 ||
                !input_stat(targets[i - 1].path, &a) || !input_stat(targets[i].path, &b) ||
                same_file(&a, &b))
                continue;
            cli_error("%s and %s would both be written to %s/%s; give them in separate runs",
                      targets[i - 1].path, targets[i].path, dir, targets[i].relpath);
            hit = 1;
        }
    }
    for (int i = 0; targets && i < path_count; i++)
        free(targets[i].relpath);
    free(targets);
    return hit;
}

int cli_output_dir_make(const char *dir, char **paths, int path_count, struct cli_output_dir *out)
{
    named_inputs(&paths, &path_count);
    if (outputs_collide(dir, paths, path_count))
        return 0;
    struct stat st;
    int existed = stat(dir, &st) == 0;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (bersih_mkdirs(dir, &err) != BERSIH_OK) {
        char text[1536];
        fflush(stdout);
        bersih_error_set_path(&err, dir);
        cli_error("%s", bersih_error_format(&err, text, sizeof text));
        return 0;
    }
    if (stat(dir, &st) != 0) {
        cli_error("%s: %s", dir, strerror(errno));
        return 0;
    }
    /* Fresh only if what the path names now is empty: "new/.." did not
     * exist either, and names a directory full of inputs. */
    out->fresh = !existed && is_empty_dir(dir);
    out->guard = NULL;
    if (!out->fresh &&
        (output_dir_overlaps(dir, &st, paths, path_count) ||
         !(out->guard = guard_new(dir, paths, path_count))))
        return 0;
    out->dev = (uint64_t)st.st_dev;
    out->ino = (uint64_t)st.st_ino;
    return 1;
}

/* Does the file begin with magic (what a bersih run writes there), or is
 * it empty? Anything else may be data, an article even. */
static int is_own_file(const char *path, const struct stat *st, const char *magic)
{
    if (st->st_size == 0)
        return 1;
    size_t n = strlen(magic);
    char head[32];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int own = n <= sizeof head && fread(head, 1, n, f) == n && memcmp(head, magic, n) == 0;
    fclose(f);
    return own;
}

int cli_refuse_input_as_output(const char *what, const char *path, const char *magic,
                               char **paths, int path_count)
{
    struct stat st;
    if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    named_inputs(&paths, &path_count);
    for (int i = 0; i < path_count; i++) {
        struct stat in;
        if (input_stat(paths[i], &in) && same_file(&st, &in)) {
            cli_error("%s %s would overwrite the input %s; write it elsewhere", what, path,
                      paths[i]);
            return 1;
        }
    }
    if (!is_own_file(path, &st, magic)) {
        cli_error("%s %s holds something bersih did not write there (an article, perhaps); "
                  "remove it or write elsewhere", what, path);
        return 1;
    }
    return 0;
}

void cli_exclude_written_file(struct bersih_reader *reader, const char *path)
{
    struct stat st;
    if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        bersih_reader_exclude(reader, (uint64_t)st.st_dev, (uint64_t)st.st_ino);
}

int cli_refuse_output_as_report(const char *what, const char *path, const char *dir,
                                char **paths, int path_count)
{
    if (!dir || !path || strcmp(path, "-") == 0)
        return 0;
    named_inputs(&paths, &path_count);
    char *place = resolved_place(path), *dir_real = realpath(dir, NULL);
    int hit = 0;
    if (place && dir_real && path_within(place, dir_real) && strcmp(place, dir_real) != 0) {
        const char *spot = place + strlen(dir_real) + (strcmp(dir_real, "/") != 0); /* in DIR */
        struct bersih_buf relpath = BERSIH_BUF_INIT;
        for (int i = 0; i < path_count && !hit; i++) {
            if (bersih_reader_relpath(paths[i], &relpath) != BERSIH_OK)
                break;
            const char *rp = bersih_buf_str(&relpath);
            size_t n = strlen(rp);
            if (strcmp(spot, rp) == 0) {
                hit = 1;
            } else if (strncmp(spot, rp, n) == 0 && (n == 0 || spot[n] == '/')) {
                const char *rest = spot + n + (n > 0);
                if (rest[0] == '.' || strstr(rest, "/."))
                    continue; /* a hidden name: the walk writes nothing there */
                char *source = joined(paths[i], rest);
                struct stat st;
                hit = source && stat(source, &st) == 0 && S_ISREG(st.st_mode);
                free(source);
            }
        }
        bersih_buf_release(&relpath);
    }
    if (hit)
        cli_error("%s %s is where an output of this run goes; write it elsewhere", what, path);
    free(place);
    free(dir_real);
    return hit;
}
