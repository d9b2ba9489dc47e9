/*
 * cicu.h — the C face of Kakehashi's ICU bridge.
 *
 * This header deliberately includes no ICU header: Swift modules that also see Foundation
 * (which carries its own ICU 76 as _FoundationICU) would otherwise fail to compile on the
 * clash of the two UErrorCode enums. Every ICU object is an opaque struct here, every status
 * an int32_t holding ICU's UErrorCode (> 0 failure, < 0 warning, 0 success).
 */
#pragma once
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cicu_brk cicu_brk;         /* UBreakIterator (or a filtered icu::BreakIterator) */
typedef struct cicu_norm2 cicu_norm2;     /* const UNormalizer2 singleton, never closed */
typedef struct cicu_trans cicu_trans;     /* UTransliterator */
typedef struct cicu_csdet cicu_csdet;     /* UCharsetDetector */

enum {
    CICU_BRK_CHARACTER = 0,
    CICU_BRK_WORD = 1,
    CICU_BRK_LINE = 2,
    CICU_BRK_SENTENCE = 3,
    CICU_BRK_DONE = -1,
    CICU_BUFFER_OVERFLOW = 15,
    CICU_INVALID_CHAR_FOUND = 10,
    CICU_ILLEGAL_CHAR_FOUND = 12,
    CICU_ILLEGAL_ARGUMENT = 1
};

enum { CICU_NORM_NFC = 0, CICU_NORM_NFKC = 1, CICU_NORM_NFKC_CASEFOLD = 2, CICU_NORM_NFD = 3 };

/* Errors */
const char *cicu_error_name(int32_t status);
const char *cicu_version(void);

/* UTF conversions (strict: ill-formed input is an error, never silently replaced) */
int32_t cicu_utf8_to_utf16(const char *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *status);
int32_t cicu_utf16_to_utf8(const uint16_t *src, int32_t len, char *dst, int32_t cap, int32_t *status);

/* Break iterators. `text` must outlive the iterator's use of it. */
cicu_brk *cicu_brk_open(int32_t type, const char *locale, int32_t *status);
/* A sentence iterator whose breaks after the given abbreviations ("Dr.", "U.S.") are suppressed
 * (icu::FilteredBreakIteratorBuilder); `locale` also supplies CLDR's own list when it has @ss=standard. */
cicu_brk *cicu_brk_open_filtered(const char *locale, const char *const *abbreviations, int32_t count,
                                 int32_t *status);
void cicu_brk_close(cicu_brk *bi);
void cicu_brk_set_utf16(cicu_brk *bi, const uint16_t *text, int32_t len, int32_t *status);
int32_t cicu_brk_first(cicu_brk *bi);
int32_t cicu_brk_next(cicu_brk *bi);
int32_t cicu_brk_following(cicu_brk *bi, int32_t offset);
int32_t cicu_brk_rule_status(cicu_brk *bi);

/* Normalizer2 */
const cicu_norm2 *cicu_norm2_instance(int32_t form, int32_t *status);
/* Writes at most cap bytes; returns the full length needed (also on CICU_BUFFER_OVERFLOW). */
int32_t cicu_norm2_normalize_utf8(const cicu_norm2 *n, const char *src, int32_t len, char *dst, int32_t cap,
                                  int32_t *status);
int32_t cicu_norm2_is_normalized_utf8(const cicu_norm2 *n, const char *src, int32_t len, int32_t *status);
int32_t cicu_norm2_normalize_utf16(const cicu_norm2 *n, const uint16_t *src, int32_t len, uint16_t *dst,
                                   int32_t cap, int32_t *status);
int32_t cicu_norm2_has_boundary_before(const cicu_norm2 *n, uint32_t c);

/* Transliterators (ICU ids such as "Katakana-Latin", "Hangul-Latin", "Latin-ASCII") */
cicu_trans *cicu_trans_open(const char *id, int32_t *status);
void cicu_trans_close(cicu_trans *t);
/* Transliterates buf[0..*len) in place; cap is the buffer capacity; *len is updated.
 * Returns the needed length; on CICU_BUFFER_OVERFLOW retry with a larger buffer. */
int32_t cicu_trans_utf16(cicu_trans *t, uint16_t *buf, int32_t *len, int32_t cap, int32_t *status);

/* Scripts: UScriptCode of a code point (e.g. 17 Han, 20 Hiragana, 22 Katakana, 25 Latin, 18 Hangul,
 * 0 Common, 1 Inherited). */
int32_t cicu_script_of(uint32_t c, int32_t *status);
const char *cicu_script_short_name(int32_t script);

/* Charset detection (ucsdet). Results are copied out, so they outlive the detector's next call. */
typedef struct {
    char name[48];
    char language[8];
    int32_t confidence;
} cicu_charset_match;
cicu_csdet *cicu_csdet_open(int32_t *status);
void cicu_csdet_close(cicu_csdet *d);
/* Detects over text[0..len); fills at most cap matches, best first; returns how many. */
int32_t cicu_csdet_detect_all(cicu_csdet *d, const char *text, int32_t len, cicu_charset_match *out, int32_t cap,
                              int32_t *status);

/* Charset conversion (ucnv), strict: stops at the first byte sequence that is not valid in
 * `charset`, returning CICU_ILLEGAL_CHAR_FOUND / CICU_INVALID_CHAR_FOUND and the byte offset of
 * that sequence in *error_offset. Returns UTF-16 units written (or needed, on overflow). */
int32_t cicu_convert_to_utf16(const char *charset, const char *src, int32_t len, uint16_t *dst, int32_t cap,
                              int32_t *error_offset, int32_t *status);
/* Canonical ICU name of a charset alias, or NULL when ICU does not know it. */
const char *cicu_charset_canonical_name(const char *alias, int32_t *status);

/* Regular expressions (uregex), over UTF-16 text the caller keeps alive. */
typedef struct cicu_regex cicu_regex;
enum { CICU_REGEX_CASE_INSENSITIVE = 2 };
/* On a syntax error, *error_offset is the pattern offset (UTF-16 units) where it was found. */
cicu_regex *cicu_regex_open(const uint16_t *pattern, int32_t len, uint32_t flags, int32_t *error_offset, int32_t *status);
void cicu_regex_close(cicu_regex *r);
void cicu_regex_set_utf16(cicu_regex *r, const uint16_t *text, int32_t len, int32_t *status);
/* 1 when a next match was found, 0 at the end. */
int32_t cicu_regex_find_next(cicu_regex *r, int32_t *status);
int32_t cicu_regex_start(cicu_regex *r, int32_t group, int32_t *status);
int32_t cicu_regex_end(cicu_regex *r, int32_t group, int32_t *status);
int32_t cicu_regex_group_count(cicu_regex *r, int32_t *status);
/* Bounds each match's work (in ICU's steps of about a millisecond); 0 for no bound. */
void cicu_regex_set_time_limit(cicu_regex *r, int32_t limit, int32_t *status);

#ifdef __cplusplus
}
#endif
