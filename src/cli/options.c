/*
 * options.c - command-line options, --help and --version.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("bersih: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void print_check_help(FILE *out)
{
    fputs(
"Usage: bersih check [OPTION]... PATH...\n"
"Report the articles that cleaning would change; change nothing.\n"
"\n"
"For each article that is not clean, one line on standard error:\n"
"  PATH: N changes (RULE COUNT, ...)\n"
"(PATH:LINE for JSON Lines). Takes every cleaning option of `bersih clean`.\n"
"\n"
"      --diff                print a unified diff of each article against its\n"
"                            cleaned form on standard output (patch -p0 applies it)\n"
"      --dedup               also fail when two articles are near-duplicates of\n"
"                            each other (as `bersih dedup` finds them)\n"
"      --expected=DIR        compare each cleaned article with DIR/NAME.expected.txt\n"
"                            (NAME: the input's file name without .txt); inputs\n"
"                            named *.expected.txt are the goldens and not checked\n"
"  -q, --quiet               print nothing; the exit status says it all\n"
"\n"
"Exit status: 0 every article is clean, 1 some article would change (or\n"
"differs from its expected file), 2 trouble (an input could not be read: an\n"
"unreadable input is never clean).\n"
"\n"
"Examples:\n"
"  bersih check samples/                   fail CI when a sample is not clean\n"
"  bersih check --diff a.txt | patch -p0   apply the cleaning as a patch\n"
"  bersih check --expected data/samples data/samples/\n"
"                                          golden-file regression check\n",
        out);
}

static void print_help(FILE *out)
{
    fputs(
"Usage: bersih [clean] [OPTION]... [PATH]...\n"
"  or:  bersih check [OPTION]... PATH...   (see bersih check --help)\n"
"Clean Indonesian news articles: normalize their text and remove repeats.\n"
"\n"
"PATH is a text file (one article), a JSON Lines file (.jsonl, one article\n"
"per line), either of them .gz or .zst compressed, a directory (walked\n"
"recursively in sorted order), or - for standard input (the default).\n"
"\n"
"Output:\n"
"  -o, --output=DIR          write each cleaned article under DIR, mirroring\n"
"                            the input paths (JSON Lines stay JSON Lines)\n"
"      --in-place            rewrite the inputs themselves\n"
"      --report=FILE         write a JSON Lines report, one object per article\n"
"                            (FILE - is standard output)\n"
"Cleaning:\n"
"      --typography=MODE     ascii (default): quotes, dashes, ellipsis as ASCII;\n"
"                            keep: leave those characters; smart: \"...\" as\n"
"                            paired typographic quotes\n"
"      --nfkc                full NFKC instead of NFC (+ fullwidth, ligatures)\n"
"      --strip-dateline      remove a leading \"PLACE, OUTLET - \" dateline\n"
"      --keep-boilerplate    keep boilerplate lines (\"Baca juga: ...\", ...)\n"
"      --boilerplate=FILE    more boilerplate patterns (ICU regexes, one a line)\n"
"      --invalid=POLICY      error (default): invalid UTF-8 fails the article;\n"
"                            replace: substitute U+FFFD and go on\n"
"      --encoding=NAME       decode input from a legacy charset (windows-1252, ...)\n"
"      --keep-repeats        report passages repeated inside an article, keep them\n"
"      --repeat-threshold=T  share of a paragraph's word 3-grams seen earlier in\n"
"                            the article that makes it a repeat (default 0.8)\n"
"Input:\n"
"      --format=FORMAT       text or jsonl: how to read every input\n"
"                            (default: by file name; standard input is text)\n"
"      --text-field=NAME     JSON field holding the article (default: text)\n"
"      --max-article-bytes=N skip and report larger articles (default 16M;\n"
"                            K, M, G suffixes)\n"
"General:\n"
"  -j, --jobs=N              worker threads (default 1)\n"
"      --no-progress         no progress line (shown only on a terminal anyway)\n"
"  -q, --quiet               print nothing but errors\n"
"  -v, --verbose             say more (per-rule counts in the summary)\n"
"  -h, --help                show this help and exit\n"
"  -V, --version             show the version and exit\n"
"\n"
"With one input and no -o, the cleaned text goes to standard output; with\n"
"several, each text article is headed by \"==> PATH <==\". Every output file\n"
"is written to a temporary file beside it and renamed when complete; an input\n"
"is never overwritten without --in-place.\n"
"\n"
"Exit status: 0 done, 1 findings (check), 2 trouble (an input could not be\n"
"read or written; the other inputs are still processed).\n"
"\n"
"Examples:\n"
"  bersih < article.txt > clean.txt        clean one article in a pipe\n"
"  bersih -o clean/ corpus/                clean a directory tree into clean/\n"
"  bersih -o clean/ --report r.jsonl news.jsonl.zst\n"
"                                          clean JSON Lines, report changes\n"
"  bersih --in-place samples/              rewrite the files themselves\n",
        out);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("bersih: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'bersih --help' for more information.\n", stderr);
    return EXIT_TROUBLE;
}

/* "16M" -> 16777216; 0 on a malformed or zero size. */
static size_t parse_size(const char *text)
{
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || end == text || text[0] == '-')
        return 0;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || value > (SIZE_MAX >> shift))
        return 0;
    return (size_t)(value << shift);
}

enum long_only {
    OPT_IN_PLACE = 256,
    OPT_REPORT,
    OPT_FORMAT,
    OPT_TEXT_FIELD,
    OPT_MAX_ARTICLE_BYTES,
    OPT_DIFF,
    OPT_DEDUP,
    OPT_EXPECTED,
    OPT_KEEP_REPEATS,
    OPT_TYPOGRAPHY,
    OPT_NFKC,
    OPT_STRIP_DATELINE,
    OPT_KEEP_BOILERPLATE,
    OPT_BOILERPLATE,
    OPT_INVALID,
    OPT_ENCODING,
    OPT_NO_PROGRESS,
    OPT_REPEAT_THRESHOLD,
};

static const struct option long_options[] = {
    { "output", required_argument, NULL, 'o' },
    { "in-place", no_argument, NULL, OPT_IN_PLACE },
    { "report", required_argument, NULL, OPT_REPORT },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "text-field", required_argument, NULL, OPT_TEXT_FIELD },
    { "max-article-bytes", required_argument, NULL, OPT_MAX_ARTICLE_BYTES },
    { "keep-repeats", no_argument, NULL, OPT_KEEP_REPEATS },
    { "typography", required_argument, NULL, OPT_TYPOGRAPHY },
    { "nfkc", no_argument, NULL, OPT_NFKC },
    { "strip-dateline", no_argument, NULL, OPT_STRIP_DATELINE },
    { "keep-boilerplate", no_argument, NULL, OPT_KEEP_BOILERPLATE },
    { "boilerplate", required_argument, NULL, OPT_BOILERPLATE },
    { "invalid", required_argument, NULL, OPT_INVALID },
    { "encoding", required_argument, NULL, OPT_ENCODING },
    { "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
    { "repeat-threshold", required_argument, NULL, OPT_REPEAT_THRESHOLD },
    { "diff", no_argument, NULL, OPT_DIFF },
    { "dedup", no_argument, NULL, OPT_DEDUP },
    { "expected", required_argument, NULL, OPT_EXPECTED },
    { "jobs", required_argument, NULL, 'j' },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

static int parse_one(int c, struct cli_options *opts)
{
    switch (c) {
    case 'o': opts->output_dir = optarg; break;
    case OPT_IN_PLACE: opts->in_place = 1; break;
    case OPT_REPORT: opts->report_path = optarg; break;
    case OPT_FORMAT:
        if (strcmp(optarg, "text") == 0 || strcmp(optarg, "txt") == 0)
            opts->reader.format = BERSIH_FORMAT_TEXT;
        else if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "ndjson") == 0)
            opts->reader.format = BERSIH_FORMAT_JSONL;
        else
            return usage_error("--format: expected text or jsonl, not '%s'", optarg);
        break;
    case OPT_TEXT_FIELD:
        if (!optarg[0])
            return usage_error("--text-field: empty name%s", "");
        opts->reader.text_field = optarg;
        break;
    case OPT_MAX_ARTICLE_BYTES:
        opts->reader.max_article_bytes = parse_size(optarg);
        if (!opts->reader.max_article_bytes)
            return usage_error("--max-article-bytes: not a size: '%s'", optarg);
        break;
    case 'j': {
        char *end;
        errno = 0;
        long jobs = strtol(optarg, &end, 10);
        if (errno || *end || jobs < 1 || jobs > 256)
            return usage_error("--jobs: expected a number from 1 to 256, not '%s'", optarg);
        opts->jobs = jobs;
        break;
    }
    case 'q': opts->verbosity = -1; break;
    case 'v': opts->verbosity = 1; break;
    case OPT_KEEP_REPEATS: opts->intradoc.keep_repeats = 1; break;
    case OPT_TYPOGRAPHY:
        if (strcmp(optarg, "ascii") == 0)
            opts->normalize.typography = BERSIH_TYPOGRAPHY_ASCII;
        else if (strcmp(optarg, "keep") == 0)
            opts->normalize.typography = BERSIH_TYPOGRAPHY_KEEP;
        else if (strcmp(optarg, "smart") == 0)
            opts->normalize.typography = BERSIH_TYPOGRAPHY_SMART;
        else
            return usage_error("--typography: expected ascii, keep or smart, not '%s'", optarg);
        break;
    case OPT_NFKC: opts->normalize.nfkc = 1; break;
    case OPT_STRIP_DATELINE: opts->normalize.strip_dateline = 1; break;
    case OPT_KEEP_BOILERPLATE: opts->normalize.keep_boilerplate = 1; break;
    case OPT_BOILERPLATE: opts->normalize.boilerplate_file = optarg; break;
    case OPT_INVALID:
        if (strcmp(optarg, "error") == 0)
            opts->normalize.invalid = BERSIH_INVALID_ERROR;
        else if (strcmp(optarg, "replace") == 0)
            opts->normalize.invalid = BERSIH_INVALID_REPLACE;
        else
            return usage_error("--invalid: expected error or replace, not '%s'", optarg);
        break;
    case OPT_ENCODING: opts->normalize.encoding = optarg; break;
    case OPT_NO_PROGRESS: opts->progress = 0; break;
    case OPT_REPEAT_THRESHOLD: {
        char *end;
        errno = 0;
        double t = strtod(optarg, &end);
        if (errno || *end || !(t > 0.0 && t <= 1.0))
            return usage_error("--repeat-threshold: expected a number in (0, 1], not '%s'", optarg);
        opts->intradoc.threshold = t;
        break;
    }
    case OPT_DIFF:
    case OPT_DEDUP:
    case OPT_EXPECTED:
        if (opts->mode != MODE_CHECK)
            return usage_error("--%s is an option of 'bersih check'",
                               c == OPT_DIFF ? "diff" : c == OPT_DEDUP ? "dedup" : "expected");
        if (c == OPT_DIFF)
            opts->diff = 1;
        else if (c == OPT_DEDUP)
            opts->dedup = 1;
        else
            opts->expected_dir = optarg;
        break;
    case 'h':
        if (opts->mode == MODE_CHECK)
            print_check_help(stdout);
        else
            print_help(stdout);
        return EXIT_CLEAN;
    case 'V': printf("bersih %s\n", BERSIH_VERSION_STRING); return EXIT_CLEAN;
    default: return usage_error("invalid option");
    }
    return -1;
}

int cli_parse(int argc, char **argv, enum cli_mode mode, struct cli_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->mode = mode;
    opts->jobs = 1;
    opts->progress = 1;
    bersih_reader_options_default(&opts->reader);
    opts->reader.defer_decoding = 1; /* the batch loop decodes on the workers */
    opts->reader.defer_files = 1;    /* and reads a directory's text files there */
    bersih_normalize_options_default(&opts->normalize);
    bersih_intradoc_options_default(&opts->intradoc);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:qvhV", long_options, NULL)) != -1) {
        if (c == '?') {
            if (optopt && optopt < 256)
                return usage_error("invalid option -- '%c'", optopt);
            return usage_error("unrecognized or incomplete option '%s'", argv[optind - 1]);
        }
        int status = parse_one(c, opts);
        if (status >= 0)
            return status;
    }
    if (opts->in_place && opts->output_dir)
        return usage_error("%s", "--in-place and -o cannot be used together");
    if (opts->mode == MODE_CHECK && (opts->in_place || opts->output_dir))
        return usage_error("%s", "'bersih check' writes nothing: -o and --in-place do not apply");
    if (opts->mode == MODE_CHECK && optind == argc)
        return usage_error("%s", "check: give at least one PATH (- for standard input)");
    /* The Gopher figures cost a second pass over every article; only the
     * report and check mode use them. */
    if (opts->mode == MODE_CLEAN && !opts->report_path)
        opts->intradoc.repetition = 0;
    opts->paths = argv + optind;
    opts->path_count = argc - optind;
    if (cli_refuse_input_as_output("--report", opts->report_path, CLI_REPORT_MAGIC, opts->paths,
                                   opts->path_count))
        return EXIT_TROUBLE;
    return -1;
}
