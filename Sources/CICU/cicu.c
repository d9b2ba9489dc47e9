/* cicu.c — thin C wrappers over ICU 72's C API. ICU's renaming macros apply here, so every call
 * binds to the versioned symbol (ubrk_open_72 …) that libicu exports. */
#include "cicu.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/uclean.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>

_Static_assert(sizeof(UErrorCode) == sizeof(int32_t), "UErrorCode must be 32-bit");
_Static_assert(sizeof(UChar) == sizeof(uint16_t), "UChar must be 16-bit");
_Static_assert(UBRK_SENTENCE == CICU_BRK_SENTENCE && UBRK_WORD == CICU_BRK_WORD && UBRK_DONE == CICU_BRK_DONE,
               "break iterator constants");
_Static_assert(U_BUFFER_OVERFLOW_ERROR == CICU_BUFFER_OVERFLOW, "overflow code");
_Static_assert(U_INVALID_CHAR_FOUND == CICU_INVALID_CHAR_FOUND && U_ILLEGAL_CHAR_FOUND == CICU_ILLEGAL_CHAR_FOUND,
               "conversion error codes");
_Static_assert(U_ILLEGAL_ARGUMENT_ERROR == CICU_ILLEGAL_ARGUMENT, "argument error code");
_Static_assert(UREGEX_CASE_INSENSITIVE == CICU_REGEX_CASE_INSENSITIVE, "regex flag");

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

const char *cicu_version(void) { return U_ICU_VERSION; }

int32_t cicu_utf8_to_utf16(const char *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *status) {
    int32_t out = 0;
    u_strFromUTF8((UChar *)dst, cap, &out, src, len, (UErrorCode *)status);
    return out;
}

int32_t cicu_utf16_to_utf8(const uint16_t *src, int32_t len, char *dst, int32_t cap, int32_t *status) {
    int32_t out = 0;
    u_strToUTF8(dst, cap, &out, (const UChar *)src, len, (UErrorCode *)status);
    return out;
}

cicu_brk *cicu_brk_open(int32_t type, const char *locale, int32_t *status) {
    return (cicu_brk *)ubrk_open((UBreakIteratorType)type, locale, NULL, 0, (UErrorCode *)status);
}

void cicu_brk_close(cicu_brk *bi) { ubrk_close((UBreakIterator *)bi); }

void cicu_brk_set_utf16(cicu_brk *bi, const uint16_t *text, int32_t len, int32_t *status) {
    ubrk_setText((UBreakIterator *)bi, (const UChar *)text, len, (UErrorCode *)status);
}

int32_t cicu_brk_first(cicu_brk *bi) { return ubrk_first((UBreakIterator *)bi); }
int32_t cicu_brk_next(cicu_brk *bi) { return ubrk_next((UBreakIterator *)bi); }
int32_t cicu_brk_following(cicu_brk *bi, int32_t offset) { return ubrk_following((UBreakIterator *)bi, offset); }
int32_t cicu_brk_rule_status(cicu_brk *bi) { return ubrk_getRuleStatus((UBreakIterator *)bi); }

const cicu_norm2 *cicu_norm2_instance(int32_t form, int32_t *status) {
    UErrorCode *ec = (UErrorCode *)status;
    switch (form) {
    case CICU_NORM_NFC: return (const cicu_norm2 *)unorm2_getNFCInstance(ec);
    case CICU_NORM_NFKC: return (const cicu_norm2 *)unorm2_getNFKCInstance(ec);
    case CICU_NORM_NFKC_CASEFOLD: return (const cicu_norm2 *)unorm2_getNFKCCasefoldInstance(ec);
    case CICU_NORM_NFD: return (const cicu_norm2 *)unorm2_getNFDInstance(ec);
    default: *ec = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
    }
}

int32_t cicu_norm2_normalize_utf16(const cicu_norm2 *n, const uint16_t *src, int32_t len, uint16_t *dst,
                                   int32_t cap, int32_t *status) {
    return unorm2_normalize((const UNormalizer2 *)n, (const UChar *)src, len, (UChar *)dst, cap,
                            (UErrorCode *)status);
}

int32_t cicu_norm2_has_boundary_before(const cicu_norm2 *n, uint32_t c) {
    return unorm2_hasBoundaryBefore((const UNormalizer2 *)n, (UChar32)c) ? 1 : 0;
}

cicu_trans *cicu_trans_open(const char *id, int32_t *status) {
    UChar uid[128];
    int32_t n = 0;
    u_strFromUTF8(uid, 128, &n, id, -1, (UErrorCode *)status);
    if (*status > 0) return NULL;
    return (cicu_trans *)utrans_openU(uid, n, UTRANS_FORWARD, NULL, 0, NULL, (UErrorCode *)status);
}

void cicu_trans_close(cicu_trans *t) { utrans_close((UTransliterator *)t); }

int32_t cicu_trans_utf16(cicu_trans *t, uint16_t *buf, int32_t *len, int32_t cap, int32_t *status) {
    int32_t limit = *len;
    utrans_transUChars((const UTransliterator *)t, (UChar *)buf, len, cap, 0, &limit, (UErrorCode *)status);
    return *len;
}

int32_t cicu_script_of(uint32_t c, int32_t *status) {
    return (int32_t)uscript_getScript((UChar32)c, (UErrorCode *)status);
}

const char *cicu_script_short_name(int32_t script) { return uscript_getShortName((UScriptCode)script); }

cicu_csdet *cicu_csdet_open(int32_t *status) { return (cicu_csdet *)ucsdet_open((UErrorCode *)status); }

void cicu_csdet_close(cicu_csdet *d) { ucsdet_close((UCharsetDetector *)d); }

int32_t cicu_csdet_detect_all(cicu_csdet *d, const char *text, int32_t len, cicu_charset_match *out, int32_t cap,
                              int32_t *status) {
    UErrorCode *ec = (UErrorCode *)status;
    UCharsetDetector *det = (UCharsetDetector *)d;
    ucsdet_setText(det, text, len, ec);
    if (U_FAILURE(*ec)) return 0;
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(det, &found, ec);
    if (U_FAILURE(*ec) || matches == NULL) return 0;
    int32_t n = found < cap ? found : cap;
    for (int32_t i = 0; i < n; i++) {
        /* Copy at once: the matches die at the detector's next setText or close. */
        const char *name = ucsdet_getName(matches[i], ec);
        const char *lang = ucsdet_getLanguage(matches[i], ec);
        out[i].confidence = ucsdet_getConfidence(matches[i], ec);
        strncpy(out[i].name, name ? name : "", sizeof out[i].name - 1);
        out[i].name[sizeof out[i].name - 1] = 0;
        strncpy(out[i].language, lang ? lang : "", sizeof out[i].language - 1);
        out[i].language[sizeof out[i].language - 1] = 0;
        if (U_FAILURE(*ec)) return i;
    }
    return n;
}

int32_t cicu_convert_to_utf16(const char *charset, const char *src, int32_t len, uint16_t *dst, int32_t cap,
                              int32_t *error_offset, int32_t *status) {
    UErrorCode *ec = (UErrorCode *)status;
    *error_offset = -1;
    UConverter *cnv = ucnv_open(charset, ec);
    if (U_FAILURE(*ec)) return 0;
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, ec);
    if (U_FAILURE(*ec)) { ucnv_close(cnv); return 0; }
    const char *source = src;
    UChar *target = (UChar *)dst;
    ucnv_toUnicode(cnv, &target, (UChar *)dst + cap, &source, src + len, NULL, 1, ec);
    int32_t written = (int32_t)(target - (UChar *)dst);
    if (*ec == U_ILLEGAL_CHAR_FOUND || *ec == U_INVALID_CHAR_FOUND || *ec == U_TRUNCATED_CHAR_FOUND) {
        char bad[32];
        int8_t badLen = sizeof bad;
        UErrorCode ignore = U_ZERO_ERROR;
        ucnv_getInvalidChars(cnv, bad, &badLen, &ignore);
        *error_offset = (int32_t)(source - src) - (U_SUCCESS(ignore) ? badLen : 0);
    }
    ucnv_close(cnv);
    return written;
}

const char *cicu_charset_canonical_name(const char *alias, int32_t *status) {
    const char *name = ucnv_getCanonicalName(alias, "", (UErrorCode *)status);
    if (name == NULL || *status > 0) {
        /* Not an IANA/MIME alias: let ICU's own alias table try. */
        UErrorCode ec = U_ZERO_ERROR;
        UConverter *cnv = ucnv_open(alias, &ec);
        if (U_FAILURE(ec)) { *status = ec; return NULL; }
        *status = U_ZERO_ERROR;
        name = ucnv_getName(cnv, &ec);
        ucnv_close(cnv);
        return U_SUCCESS(ec) ? name : NULL;
    }
    return name;
}

cicu_regex *cicu_regex_open(const uint16_t *pattern, int32_t len, uint32_t flags, int32_t *error_offset, int32_t *status) {
    UParseError pe;
    memset(&pe, 0, sizeof pe);
    URegularExpression *r = uregex_open((const UChar *)pattern, len, flags, &pe, (UErrorCode *)status);
    *error_offset = pe.offset;
    return (cicu_regex *)r;
}

void cicu_regex_close(cicu_regex *r) { uregex_close((URegularExpression *)r); }

void cicu_regex_set_utf16(cicu_regex *r, const uint16_t *text, int32_t len, int32_t *status) {
    uregex_setText((URegularExpression *)r, (const UChar *)text, len, (UErrorCode *)status);
}

int32_t cicu_regex_find_next(cicu_regex *r, int32_t *status) {
    return uregex_findNext((URegularExpression *)r, (UErrorCode *)status) ? 1 : 0;
}

int32_t cicu_regex_start(cicu_regex *r, int32_t group, int32_t *status) {
    return uregex_start((URegularExpression *)r, group, (UErrorCode *)status);
}

int32_t cicu_regex_end(cicu_regex *r, int32_t group, int32_t *status) {
    return uregex_end((URegularExpression *)r, group, (UErrorCode *)status);
}

int32_t cicu_regex_group_count(cicu_regex *r, int32_t *status) {
    return uregex_groupCount((URegularExpression *)r, (UErrorCode *)status);
}

void cicu_regex_set_time_limit(cicu_regex *r, int32_t limit, int32_t *status) {
    uregex_setTimeLimit((URegularExpression *)r, limit, (UErrorCode *)status);
}
