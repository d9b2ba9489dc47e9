/*
 * chtml.h — the C face of Kakehashi's HTML parser bridge (libxml2's lenient HTML parser).
 *
 * Like cicu.h, this header includes no libxml2 header, so the Swift modules that import it never
 * see libxml2's declarations next to Foundation's own. The page comes back as plain records.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A parsed page as flat records in document order (libxml2's HTML parser driven through SAX, so no
 * libxml2 tree is built and nothing recurses). Names, texts and attribute values live in one buffer
 * of NUL-terminated UTF-8 strings; records point into it by offset. */
typedef struct chtml_page chtml_page;

enum {
    CHTML_ELEMENT = 1,
    CHTML_TEXT = 3,
};

typedef struct {
    int32_t kind;            /* CHTML_ELEMENT or CHTML_TEXT */
    int32_t parent;          /* index of the parent element, -1 at the top */
    int32_t line;            /* 1-based source line where the element or text starts */
    int32_t depth;           /* 0 at the top */
    uint32_t string;         /* element name or text: offset in the string buffer */
    uint32_t length;         /* its length in bytes */
    uint32_t first_attribute;/* index of the first attribute record */
    uint32_t attributes;     /* how many */
} chtml_record;

typedef struct {
    uint32_t name, name_length;
    uint32_t value, value_length;
} chtml_attribute_record;

/* Parses `length` bytes of UTF-8 HTML from memory: recovering from errors, silently, with network
 * access off and any in-document encoding declaration ignored (the caller has decoded the page to
 * UTF-8 already). Only the attributes the reader uses are kept (id, class, itemprop, role, hidden,
 * style, href, the meta and link attributes, lang …). NULL when out of memory or over 2 GB. */
chtml_page *chtml_parse(const char *utf8, size_t length);
void chtml_free(chtml_page *page);

size_t chtml_record_count(const chtml_page *page);
const chtml_record *chtml_records(const chtml_page *page);
const chtml_attribute_record *chtml_attribute_records(const chtml_page *page);
const char *chtml_strings(const chtml_page *page);

#ifdef __cplusplus
}
#endif
