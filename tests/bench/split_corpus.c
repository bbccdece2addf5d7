/*
 * split_corpus.c - a JSON Lines corpus as a directory of text files, for
 * timing what bersih pays for each file (opening, creating, renaming).
 *
 *   split_corpus IN.jsonl DIR
 *
 * Line i's "text", decoded from JSON, goes to DIR/dNN/aNNNNNNN.txt (NN = i
 * mod 100, so each directory holds one file in a hundred), as people keep
 * scraped articles one to a file. DIR must not exist: the tree is built
 * in DIR.tmp and renamed when complete, so an interrupted run leaves no
 * tree that looks done. Lines without a "text" string are skipped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void die(const char *what, const char *path)
{
    fprintf(stderr, "split_corpus: %s: %s: %s\n", path, what, errno ? strerror(errno) : "failed");
    exit(1);
}

static int hex_value(const char *s, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
        if (d == 16)
            return 0;
        *v = *v * 16 + d;
    }
    return 1;
}

static void put_utf8(unsigned cp, FILE *out)
{
    if (cp < 0x80) {
        fputc((int)cp, out);
    } else if (cp < 0x800) {
        fputc((int)(0xC0 | cp >> 6), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    } else if (cp < 0x10000) {
        fputc((int)(0xE0 | cp >> 12), out);
        fputc((int)(0x80 | (cp >> 6 & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    } else {
        fputc((int)(0xF0 | cp >> 18), out);
        fputc((int)(0x80 | (cp >> 12 & 0x3F)), out);
        fputc((int)(0x80 | (cp >> 6 & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    }
}

/* Decode the JSON string whose body starts at s (after the quote) into
 * out; returns 0 if it is not a well-formed string. A lone surrogate
 * becomes U+FFFD. */
static int write_json_string(const char *s, FILE *out)
{
    for (;;) {
        char c = *s++;
        if (c == '"')
            return 1;
        if (c == '\0' || c == '\n')
            return 0;
        if (c != '\\') {
            fputc(c, out);
            continue;
        }
        c = *s++;
        switch (c) {
        case 'n': fputc('\n', out); break;
        case 't': fputc('\t', out); break;
        case 'r': fputc('\r', out); break;
        case 'b': fputc('\b', out); break;
        case 'f': fputc('\f', out); break;
        case '"': case '\\': case '/': fputc(c, out); break;
        case 'u': {
            unsigned cp, lo;
            if (!hex_value(s, &cp))
                return 0;
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s[0] == '\\' && s[1] == 'u' && hex_value(s + 2, &lo) &&
                lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            put_utf8(cp, out);
            break;
        }
        default:
            return 0;
        }
    }
}

/* The body of line's "text" string, or NULL. The corpus's lines are flat
 * objects, so the first "text": key outside a string is the field. */
static const char *text_of(const char *line)
{
    int in_string = 0;
    for (const char *p = line; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_string = 0;
            continue;
        }
        if (*p != '"')
            continue;
        if (strncmp(p, "\"text\"", 6) == 0) {
            const char *q = p + 6;
            while (*q == ' ')
                q++;
            if (*q == ':') {
                q++;
                while (*q == ' ')
                    q++;
                return *q == '"' ? q + 1 : NULL;
            }
        }
        in_string = 1;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: split_corpus IN.jsonl DIR\n");
        return 2;
    }
    const char *in_path = argv[1], *dir = argv[2];
    FILE *in = fopen(in_path, "r");
    if (!in)
        die("cannot open", in_path);
    char tmp[4096], path[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", dir);
    if (mkdir(tmp, 0777) != 0)
        die("cannot create (remove it if a run was interrupted)", tmp);
    for (int d = 0; d < 100; d++) {
        snprintf(path, sizeof path, "%s/d%02d", tmp, d);
        if (mkdir(path, 0777) != 0)
            die("cannot create", path);
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned long i = 0, line_no = 0;
    while (getline(&line, &cap, in) > 0) {
        line_no++;
        const char *text = text_of(line);
        if (!text)
            continue;
        snprintf(path, sizeof path, "%s/d%02lu/a%07lu.txt", tmp, i % 100, i);
        FILE *out = fopen(path, "w");
        if (!out)
            die("cannot create", path);
        if (!write_json_string(text, out))
            fprintf(stderr, "split_corpus: %s: line %lu: bad text string, cut short\n", in_path, line_no);
        if (fclose(out) != 0)
            die("cannot write", path);
        i++;
    }
    free(line);
    fclose(in);
    if (rename(tmp, dir) != 0)
        die("cannot rename into place", dir);
    return 0;
}
