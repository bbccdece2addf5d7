/*
 * split_corpus.c - a JSON Lines corpus as a directory of text files, for
 * timing what bersih pays for each file (opening, creating, renaming).
 *
 *   split_corpus IN.jsonl DIR
 *
 * Article i's text, read (and JSON-decoded) by the library's reader as
 * bersih reads it, goes to DIR/dNN/aNNNNNNN.txt (NN = i mod 100, so each
 * directory holds one file in a hundred), as people keep scraped articles
 * one to a file. DIR must not exist: the tree is built in DIR.tmp and
 * renamed when complete, so an interrupted run leaves no tree that looks
 * done. Lines that are not usable articles are skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bersih/reader.h"

static void die(const char *what, const char *path)
{
    fprintf(stderr, "split_corpus: %s: %s: %s\n", path, what, errno ? strerror(errno) : "failed");
    exit(1);
}

static void die_reading(const struct bersih_error *err, const char *path)
{
    char text[1536];
    fprintf(stderr, "split_corpus: %s: %s\n", path, bersih_error_format(err, text, sizeof text));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: split_corpus IN.jsonl DIR\n");
        return 2;
    }
    const char *in_path = argv[1], *dir = argv[2];
    struct bersih_reader_options opts;
    bersih_reader_options_default(&opts);
    opts.format = BERSIH_FORMAT_JSONL;
    struct bersih_reader *r;
    struct bersih_error err;
    const struct bersih_input *in;
    if (bersih_reader_new(&opts, &r, &err) != BERSIH_OK || bersih_reader_add(r, in_path, &err) != BERSIH_OK ||
        bersih_reader_next_input(r, &in, &err) != BERSIH_OK)
        die_reading(&err, in_path);
    char tmp[4096], path[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", dir);
    if (mkdir(tmp, 0777) != 0)
        die("cannot create (remove it if a run was interrupted)", tmp);
    for (int d = 0; d < 100; d++) {
        snprintf(path, sizeof path, "%s/d%02d", tmp, d);
        if (mkdir(path, 0777) != 0)
            die("cannot create", path);
    }
    unsigned long i = 0;
    struct bersih_article a;
    bersih_status st;
    while ((st = bersih_reader_next_article(r, &a, &err)) == BERSIH_OK) {
        if (a.problem.code != BERSIH_OK)
            continue;
        snprintf(path, sizeof path, "%s/d%02lu/a%07lu.txt", tmp, i % 100, i);
        FILE *out = fopen(path, "w");
        if (!out)
            die("cannot create", path);
        if (fwrite(a.text, 1, a.text_len, out) != a.text_len || fclose(out) != 0)
            die("cannot write", path);
        i++;
    }
    if (st != BERSIH_END)
        die_reading(&err, in_path);
    bersih_reader_free(r);
    if (rename(tmp, dir) != 0)
        die("cannot rename into place", dir);
    return 0;
}
