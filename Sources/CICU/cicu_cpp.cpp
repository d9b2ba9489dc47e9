// cicu_cpp.cpp — the parts of the bridge that ICU 72 offers only in C++: UTF-8 normalization
// (Normalizer2::normalizeUTF8 / isNormalizedUTF8) and custom sentence-break suppressions
// (FilteredBreakIteratorBuilder).
#include "cicu.h"

#include <memory>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/filteredbrk.h>
#include <unicode/normalizer2.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

extern "C" int32_t cicu_norm2_normalize_utf8(const cicu_norm2 *n, const char *src, int32_t len, char *dst,
                                             int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    icu::CheckedArrayByteSink sink(dst, cap);
    reinterpret_cast<const icu::Normalizer2 *>(n)->normalizeUTF8(0, icu::StringPiece(src, len), sink, nullptr, ec);
    if (U_SUCCESS(ec) && sink.Overflowed()) ec = U_BUFFER_OVERFLOW_ERROR;
    *status = ec;
    return sink.NumberOfBytesAppended();  // bytes needed, also on overflow
}

extern "C" int32_t cicu_norm2_is_normalized_utf8(const cicu_norm2 *n, const char *src, int32_t len,
                                                 int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBool yes = reinterpret_cast<const icu::Normalizer2 *>(n)->isNormalizedUTF8(icu::StringPiece(src, len), ec);
    *status = ec;
    return yes ? 1 : 0;
}

extern "C" cicu_brk *cicu_brk_open_filtered(const char *locale, const char *const *abbreviations, int32_t count,
                                            int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    icu::Locale loc(locale);
    std::unique_ptr<icu::FilteredBreakIteratorBuilder> builder(
        icu::FilteredBreakIteratorBuilder::createInstance(loc, ec));
    if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    for (int32_t i = 0; i < count; i++) {
        builder->suppressBreakAfter(icu::UnicodeString::fromUTF8(abbreviations[i]), ec);
        if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    }
    icu::BreakIterator *base = icu::BreakIterator::createSentenceInstance(loc, ec);
    if (U_FAILURE(ec)) { delete base; *status = ec; return nullptr; }
    icu::BreakIterator *filtered = builder->wrapIteratorWithFilter(base, ec);  // adopts base
    if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    *status = ec;
    // ubrk_* accept an icu::BreakIterator* (UBreakIterator is that class behind the C API).
    return reinterpret_cast<cicu_brk *>(filtered);
}
