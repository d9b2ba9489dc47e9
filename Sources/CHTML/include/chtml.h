/*
 * chtml.h — the C face of Kakehashi's HTML parser bridge (libxml2's lenient HTML parser).
 *
 * Like cicu.h, this header includes no libxml2 header, so the Swift modules that import it never
 * see libxml2's declarations next to Foundation's own. Every libxml2 object is opaque here; the
 * parsed tree is walked with first-child / next-sibling calls (iteratively on the Swift side, so
 * that a 100,000-level page cannot overflow the stack).
 */
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chtml_document chtml_document; /* xmlDoc */
typedef struct chtml_node chtml_node;         /* xmlNode */
typedef struct chtml_attribute chtml_attribute; /* xmlAttr */

enum {
    CHTML_ELEMENT = 1,
    CHTML_TEXT = 3,
    CHTML_CDATA = 4,
    CHTML_COMMENT = 8,
};

/* Parses `length` bytes of UTF-8 HTML from memory: recovering from errors, silently, with network
 * access and any in-document encoding declaration ignored (the caller has already decoded the page
 * to UTF-8). NULL when libxml2 gives up (out of memory, input over 2 GB). */
chtml_document *chtml_parse(const char *utf8, size_t length);
void chtml_free(chtml_document *document);

/* The root element (<html>), or NULL for an empty document. */
const chtml_node *chtml_root(const chtml_document *document);
const chtml_node *chtml_first_child(const chtml_node *node);
const chtml_node *chtml_next_sibling(const chtml_node *node);
/* CHTML_ELEMENT, CHTML_TEXT, … (libxml2's node type numbers; others are skipped by the caller). */
int chtml_kind(const chtml_node *node);
/* The element name as written in the page (the parser lowercases HTML names). */
const char *chtml_name(const chtml_node *node);
/* The text of a text, CDATA or comment node (NUL-terminated UTF-8), or NULL. */
const char *chtml_content(const chtml_node *node);
/* 1-based line of the node in the input (libxml2 stops counting at 65,535). */
long chtml_line(const chtml_node *node);

const chtml_attribute *chtml_first_attribute(const chtml_node *node);
const chtml_attribute *chtml_next_attribute(const chtml_attribute *attribute);
const char *chtml_attribute_name(const chtml_attribute *attribute);
/* The attribute's value when it is plain text (the usual case), else NULL. */
const char *chtml_attribute_value(const chtml_attribute *attribute);

#ifdef __cplusplus
}
#endif
