/*
 * overlap.c - what a run writes against what it reads. An existing -o DIR,
 * --report FILE or dedup's --signatures and --index files are refused,
 * before anything is read, where writing them would overwrite an input.
 * Two inputs whose outputs would go to one place are refused too.
 * Identities (device, inode) decide, not names, so symbolic links and bind
 * mounts are seen through; where a path cannot be looked at the run is
 * refused too, saying why, rather than risk an input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bersih/reader.h"
#include "bersih/writer.h"
#include "cli.h"

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

/* Would the output target of input p (its file, or the directory its
 * files go into) overwrite input q? */
static int target_hits_input(const char *dir, const struct stat *dir_st, const char *p,
                             const struct stat *p_st, const char *target,
                             const struct stat *t_st, const char *q)
{
    struct stat q_st;
    if (!input_stat(q, &q_st))
        return 0;
    if (same_file(t_st, &q_st)) {
        cli_error("the output %s of %s would overwrite the input %s; give another directory",
                  target, p, q);
        return 1;
    }
    char *rest = NULL;
    int walked;
    if (S_ISDIR(q_st.st_mode)) { /* the target in q's walk */
        int below = path_below(target, &q_st, dir_st, &rest, &walked);
        free(rest);
        rest = NULL;
        if (below < 0)
            return cannot_tell(target, q);
        if (below && walked) {
            cli_error("the output %s of %s is in the input directory %s; give another "
                      "directory", target, p, q);
            return 1;
        }
    }
    if (S_ISDIR(t_st->st_mode) && S_ISDIR(p_st->st_mode)) {
        /* q at target/rest: overwritten by the output of p/rest, if p has one */
        int below = path_below(q, t_st, NULL, &rest, &walked);
        if (below < 0)
            return cannot_tell(q, target);
        int hit = 0;
        if (below) {
            char *source = joined(p, rest);
            struct stat st;
            hit = !source || stat(source, &st) == 0;
            if (hit)
                cli_error("the output of %s under %s would overwrite the input %s; give another "
                          "directory", source ? source : p, dir, q);
            free(source);
        }
        free(rest);
        return hit;
    }
    return 0;
}

/* Does an existing -o dir overlap the inputs (cli.h)? */
static int output_dir_overlaps(const char *dir, const struct stat *dir_st, char **paths,
                               int path_count)
{
    for (int i = 0; i < path_count; i++) {
        struct stat p_st, t_st;
        if (!input_stat(paths[i], &p_st))
            continue;
        if (S_ISDIR(p_st.st_mode) && same_file(&p_st, dir_st)) {
            cli_error("-o %s is the input directory %s itself; give another directory", dir,
                      paths[i]);
            return 1;
        }
        struct bersih_buf relpath = BERSIH_BUF_INIT;
        char *target = NULL;
        if (bersih_reader_relpath(paths[i], &relpath) != BERSIH_OK ||
            !(target = joined(dir, bersih_buf_str(&relpath)))) {
            bersih_buf_release(&relpath);
            cli_error("out of memory");
            return 1;
        }
        bersih_buf_release(&relpath);
        int hit = 0;
        if (stat(target, &t_st) == 0)
            for (int j = 0; j < path_count && !hit; j++)
                hit = target_hits_input(dir, dir_st, paths[i], &p_st, target, &t_st, paths[j]);
        free(target);
        if (hit)
            return 1;
    }
    return 0;
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
    static char *standard_input[] = { "-" };
    if (path_count == 0) {
        paths = standard_input;
        path_count = 1;
    }
    if (outputs_collide(dir, paths, path_count))
        return 0;
    struct stat st;
    int exists = stat(dir, &st) == 0;
    out->fresh = !exists && errno == ENOENT;
    if (exists && output_dir_overlaps(dir, &st, paths, path_count))
        return 0;
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
    out->dev = (uint64_t)st.st_dev;
    out->ino = (uint64_t)st.st_ino;
    return 1;
}

int cli_refuse_input_as_output(const char *what, const char *path, const char *output_dir,
                               char **paths, int path_count)
{
    static char *standard_input[] = { "-" };
    struct stat st, out_st;
    if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    const struct stat *excluded = output_dir && stat(output_dir, &out_st) == 0 ? &out_st : NULL;
    if (path_count == 0) {
        paths = standard_input;
        path_count = 1;
    }
    for (int i = 0; i < path_count; i++) {
        struct stat in;
        if (!input_stat(paths[i], &in))
            continue;
        int hit = same_file(&st, &in);
        if (!hit && S_ISDIR(in.st_mode)) {
            char *rest = NULL;
            int walked;
            int below = path_below(path, &in, excluded, &rest, &walked);
            free(rest);
            if (below < 0)
                return cannot_tell(path, paths[i]);
            hit = below && walked;
        }
        if (hit) {
            cli_error("%s %s would overwrite an input read from %s; write it elsewhere", what,
                      path, paths[i]);
            return 1;
        }
    }
    return 0;
}
