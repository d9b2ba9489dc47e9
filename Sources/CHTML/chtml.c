/* The libxml2 side of chtml.h. */
#include "chtml.h"
#include <limits.h>
#include <pthread.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>

static pthread_once_t chtml_once = PTHREAD_ONCE_INIT;

static void chtml_initialize(void) {
    /* Once per process, before any thread parses (libxml2's global state). */
    xmlInitParser();
}

chtml_document *chtml_parse(const char *utf8, size_t length) {
    pthread_once(&chtml_once, chtml_initialize);
    if (length > (size_t)INT_MAX) return NULL;
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
    htmlDocPtr doc = htmlReadMemory(length == 0 ? "" : utf8, (int)length, NULL, "UTF-8", options);
    return (chtml_document *)doc;
}

void chtml_free(chtml_document *document) {
    if (document) xmlFreeDoc((xmlDocPtr)document);
}

const chtml_node *chtml_root(const chtml_document *document) {
    return document ? (const chtml_node *)xmlDocGetRootElement((xmlDocPtr)document) : NULL;
}

const chtml_node *chtml_first_child(const chtml_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    /* An entity reference's children are the entity's own tree, shared: never walk into it. */
    if (!n || n->type == XML_ENTITY_REF_NODE) return NULL;
    return (const chtml_node *)n->children;
}

const chtml_node *chtml_next_sibling(const chtml_node *node) {
    return node ? (const chtml_node *)((const xmlNode *)node)->next : NULL;
}

int chtml_kind(const chtml_node *node) {
    return node ? (int)((const xmlNode *)node)->type : 0;
}

const char *chtml_name(const chtml_node *node) {
    return node ? (const char *)((const xmlNode *)node)->name : NULL;
}

const char *chtml_content(const chtml_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    if (!n) return NULL;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE || n->type == XML_COMMENT_NODE)
        return (const char *)n->content;
    return NULL;
}

long chtml_line(const chtml_node *node) {
    return node ? (long)((const xmlNode *)node)->line : 0;
}

const chtml_attribute *chtml_first_attribute(const chtml_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    if (!n || n->type != XML_ELEMENT_NODE) return NULL;
    return (const chtml_attribute *)n->properties;
}

const chtml_attribute *chtml_next_attribute(const chtml_attribute *attribute) {
    return attribute ? (const chtml_attribute *)((const xmlAttr *)attribute)->next : NULL;
}

const char *chtml_attribute_name(const chtml_attribute *attribute) {
    return attribute ? (const char *)((const xmlAttr *)attribute)->name : NULL;
}

const char *chtml_attribute_value(const chtml_attribute *attribute) {
    const xmlAttr *a = (const xmlAttr *)attribute;
    if (!a) return NULL;
    if (a->children == NULL) return "";
    if (a->children->next == NULL && a->children->type == XML_TEXT_NODE) return (const char *)a->children->content;
    return NULL;
}
