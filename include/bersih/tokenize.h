/*
 * tokenize.h - the matching key of normalized text: words, folded and hashed.
 *
 * The key is what intradoc and corpus dedup compare, never what bersih prints:
 *   - words are UAX #29 word segments (ICU ubrk, locale "id"); punctuation,
 *     symbols and spaces between them are dropped;
 *   - each word is NFKC case folded (so "TAPSEL", "Tapsel" and a fullwidth
 *     "Ｔａｐｓｅｌ" are one key) and every decimal digit, in any script,
 *     becomes '0', as cc_net, datatrove and text-dedup do: "5/12" and "6/12"
 *     are the same date pattern, and a changed figure must not break a match;
 *   - two words joined by one hyphen (U+002D, U+2010, U+2011) with nothing
 *     else between them are one token: "anak-anak", "sama-sama", "se-Sumut".
 *     UAX #29 splits at the hyphen, and a reduplicated word split in two would
 *     look like a repeat of its own first half;
 *   - bytes before body_start (the dateline, "TAPSEL, HarianForum.com - ",
 *     which the normalizer reports) are skipped, so two copies of a body under
 *     different datelines have the same key.
 * ASCII runs between whitespace (most of the bytes of Indonesian news) take a
 * hand-written path that follows the same UAX #29 rules for ASCII
 * (letters.letters and digits,digits stay one word); ICU sees only runs that
 * hold a non-ASCII byte.
 *
 * Owns:     a bersih_tokenizer holds an ICU word break iterator and the token
 *           arrays it fills; create one per thread and reuse it for every
 *           article (no allocation per token, none per call once warm).
 * Borrows:  the text for the duration of one bersih_tokenize() call.
 * Frees:    bersih_tokenizer_free() (NULL is a no-op). The bersih_tokens view
 *           points into the tokenizer and stays valid until the next
 *           bersih_tokenize() or bersih_tokenizer_free() on that handle.
 * Threads:  one tokenizer per thread; tokenizers share nothing.
 */
#ifndef BERSIH_TOKENIZE_H
#define BERSIH_TOKENIZE_H

#include "bersih/bersih.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One token. Offsets are 32-bit to halve the array (an article over 4 GB is
 * refused with BERSIH_ERR_TOO_LARGE). Invariants: src_start + src_len <= the
 * text length; key_start + key_len <= keys_len; key_len > 0. */
struct bersih_token {
    uint32_t src_start; /* first byte of the word in the input text */
    uint32_t src_len;   /* bytes in the input, hyphen of a joined word included */
    uint32_t key_start; /* first byte of the folded key in bersih_tokens.keys */
    uint32_t key_len;   /* bytes of the folded key (UTF-8, not NUL-terminated) */
};

/* A view of one call's tokens, borrowed from the tokenizer. The hashes are a
 * separate array (hash[i] = XXH3_64bits of token i's key, seed 0) because
 * shingling reads only them. */
struct bersih_tokens {
    const struct bersih_token *items;
    const uint64_t *hash;
    size_t count;
    const char *keys; /* folded keys of every token, in token order; bytes
                       * between two keys belong to no token */
    size_t keys_len;
};

struct bersih_tokenizer;

BERSIH_NODISCARD bersih_status bersih_tokenizer_new(struct bersih_tokenizer **out,
                                                    struct bersih_error *err);
void bersih_tokenizer_free(struct bersih_tokenizer *tok);

/* Tokenize text[body_start..len) (text must be valid UTF-8: BERSIH_ERR_UTF8
 * with err->offset otherwise). body_start > len is BERSIH_ERR_ARG; a
 * body_start inside a character moves forward to the next character. On
 * failure *out is an empty view. */
BERSIH_NODISCARD bersih_status bersih_tokenize(struct bersih_tokenizer *tok, const char *text,
                                               size_t len, size_t body_start,
                                               struct bersih_tokens *out,
                                               struct bersih_error *err);

#ifdef __cplusplus
}
#endif

#endif /* BERSIH_TOKENIZE_H */
