/* The libxml2 side of chtml.h: the HTML parser's SAX events turned into flat records. */
#include "chtml.h"
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

struct chtml_page {
    chtml_record *records;
    size_t count, capacity;
    chtml_attribute_record *attributes;
    size_t attribute_count, attribute_capacity;
    char *strings;
    size_t used, size;
    int32_t *open;            /* stack of open element indexes */
    size_t depth, open_capacity;
    int failed;               /* out of memory or over 4 GB of strings */
    htmlParserCtxtPtr context;
};

static pthread_once_t chtml_once = PTHREAD_ONCE_INIT;
static void chtml_initialize(void) { xmlInitParser(); }

static int grow(void **buffer, size_t *capacity, size_t needed, size_t item) {
    if (needed <= *capacity) return 1;
    size_t next = *capacity ? *capacity : 256;
    while (next < needed) next *= 2;
    void *bigger = realloc(*buffer, next * item);
    if (!bigger) return 0;
    *buffer = bigger;
    *capacity = next;
    return 1;
}

/* Appends `length` bytes and a NUL; returns the offset, or UINT32_MAX on failure. */
static uint32_t add_string(chtml_page *page, const char *text, size_t length) {
    if (page->used + length + 1 > UINT32_MAX) { page->failed = 1; return UINT32_MAX; }
    if (!grow((void **)&page->strings, &page->size, page->used + length + 1, 1)) { page->failed = 1; return UINT32_MAX; }
    uint32_t offset = (uint32_t)page->used;
    memcpy(page->strings + page->used, text, length);
    page->used += length;
    page->strings[page->used++] = 0;
    return offset;
}

static chtml_record *add_record(chtml_page *page) {
    if (!grow((void **)&page->records, &page->capacity, page->count + 1, sizeof(chtml_record))) { page->failed = 1; return NULL; }
    chtml_record *r = &page->records[page->count++];
    memset(r, 0, sizeof *r);
    r->parent = page->depth ? page->open[page->depth - 1] : -1;
    r->depth = (int32_t)page->depth;
    return r;
}

static const char *const kept_attributes[] = {
    "id", "class", "itemprop", "itemtype", "role", "hidden", "aria-hidden", "aria-label", "style", "href", "property",
    "name", "content", "charset", "http-equiv", "rel", "type", "lang", "xml:lang", "datetime", NULL,
};

static int is_kept(const char *name) {
    for (const char *const *k = kept_attributes; *k; k++)
        if ((*k)[0] == name[0] && strcmp(*k, name) == 0) return 1;
    return 0;
}

static void on_start(void *data, const xmlChar *name, const xmlChar **attributes) {
    chtml_page *page = data;
    if (page->failed) return;
    chtml_record *r = add_record(page);
    if (!r) return;
    size_t index = page->count - 1;
    r->kind = CHTML_ELEMENT;
    r->line = page->context ? page->context->input->line : 0;
    size_t length = strlen((const char *)name);
    uint32_t offset = add_string(page, (const char *)name, length);
    r = &page->records[index];
    r->string = offset;
    r->length = (uint32_t)length;
    r->first_attribute = (uint32_t)page->attribute_count;
    for (const xmlChar **a = attributes; a && a[0]; a += 2) {
        if (!is_kept((const char *)a[0])) continue;
        if (!grow((void **)&page->attributes, &page->attribute_capacity, page->attribute_count + 1, sizeof(chtml_attribute_record))) {
            page->failed = 1; return;
        }
        const char *value = a[1] ? (const char *)a[1] : "";
        size_t name_length = strlen((const char *)a[0]), value_length = strlen(value);
        chtml_attribute_record *ar = &page->attributes[page->attribute_count++];
        ar->name = add_string(page, (const char *)a[0], name_length);
        ar->name_length = (uint32_t)name_length;
        ar->value = add_string(page, value, value_length);
        ar->value_length = (uint32_t)value_length;
        page->records[index].attributes++;
    }
    if (!grow((void **)&page->open, &page->open_capacity, page->depth + 1, sizeof(int32_t))) { page->failed = 1; return; }
    page->open[page->depth++] = (int32_t)index;
}

static void on_end(void *data, const xmlChar *name) {
    chtml_page *page = data;
    if (page->failed || page->depth == 0) return;
    /* Close up to the innermost open element of that name (the parser's events are balanced, but
     * a stray end must not close everything). */
    for (size_t d = page->depth; d > 0; d--) {
        const chtml_record *r = &page->records[page->open[d - 1]];
        if (strcmp(page->strings + r->string, (const char *)name) == 0) { page->depth = d - 1; return; }
    }
}

static void on_text(void *data, const xmlChar *text, int length) {
    chtml_page *page = data;
    if (page->failed || length <= 0) return;
    int newlines = 0;
    for (int i = 0; i < length; i++) newlines += text[i] == '\n';
    int32_t parent = page->depth ? page->open[page->depth - 1] : -1;
    if (page->count > 0) {
        chtml_record *last = &page->records[page->count - 1];
        /* The parser delivers one text in pieces: join a piece to the text just before it. */
        if (last->kind == CHTML_TEXT && last->parent == parent && last->string + last->length + 1 == page->used) {
            if (page->used + (size_t)length > UINT32_MAX || !grow((void **)&page->strings, &page->size, page->used + length + 1, 1)) {
                page->failed = 1; return;
            }
            memcpy(page->strings + page->used - 1, text, length);
            page->used += length;
            page->strings[page->used - 1] = 0;
            page->records[page->count - 1].length += (uint32_t)length;
            return;
        }
    }
    chtml_record *r = add_record(page);
    if (!r) return;
    size_t index = page->count - 1;
    r->kind = CHTML_TEXT;
    /* The parser has read the text already: its first line is the current one less its line breaks. */
    int line = page->context ? page->context->input->line - newlines : 0;
    r->line = line > 0 ? line : 1;
    uint32_t offset = add_string(page, (const char *)text, (size_t)length);
    page->records[index].string = offset;
    page->records[index].length = (uint32_t)length;
}


/* ASCII case-insensitive comparison of `length` bytes. */
static int same_letters(const char *a, const char *b, size_t length) {
    for (size_t i = 0; i < length; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return 0;
    }
    return 1;
}

/* The first `</name` (any case) at or after `from`, or `end`. */
static const char *find_end_tag(const char *from, const char *end, const char *name, size_t length) {
    for (const char *p = from; p + 2 + length <= end; p++) {
        p = memchr(p, '<', (size_t)(end - p));
        if (!p || p + 2 + length > end) return end;
        if (p[1] == '/' && same_letters(p + 2, name, length)) return p;
    }
    return end;
}

/* A copy of the page in which the bodies of `script` and `style` elements (JSON-LD scripts excepted)
 * keep only their line breaks. Half the bytes of a news page are scripts and styles; libxml2 reads
 * them character by character for nothing, and the lines of everything else stay where they were.
 * The scan follows the HTML tokenizer where it matters: comments are skipped, a tag is read to its
 * `>` with quoted values (so "<script" inside an attribute is not a script), and a script ends at
 * the first `</script`, as libxml2's recovering parser ends it. Returns NULL when out of memory. */
static char *without_script_bodies(const char *in, size_t length, size_t *out_length) {
    char *out = malloc(length ? length : 1);
    if (!out) return NULL;
    const char *p = in, *end = in + length;
    char *w = out;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) { memcpy(w, p, (size_t)(end - p)); w += end - p; break; }
        memcpy(w, p, (size_t)(lt - p)); w += lt - p; p = lt;
        if (end - p >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
            /* A comment: copied whole, to its "-->" (or the end). */
            const char *q = p + 4;
            while (q + 3 <= end && !(q[0] == '-' && q[1] == '-' && q[2] == '>')) q++;
            q = q + 3 <= end ? q + 3 : end;
            memcpy(w, p, (size_t)(q - p)); w += q - p; p = q;
            continue;
        }
        if (end - p < 2 || !((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))) { *w++ = *p++; continue; }
        /* A start tag: its name, then to its '>' outside quotes. */
        const char *name = p + 1, *q = name;
        while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))) q++;
        size_t name_length = (size_t)(q - name);
        char quote = 0;
        while (q < end && (quote || *q != '>')) {
            if (quote) { if (*q == quote) quote = 0; }
            else if ((*q == '"' || *q == '\'') && q > name && (q[-1] == '=' || q[-1] == ' ')) quote = *q;
            q++;
        }
        if (q < end) q++;  /* past '>' */
        memcpy(w, p, (size_t)(q - p)); w += q - p;
        int script = name_length == 6 && same_letters(name, "script", 6);
        int style = name_length == 5 && same_letters(name, "style", 5);
        p = q;
        if (!script && !style) continue;
        int json_ld = 0;
        for (const char *t = name; t + 7 <= q; t++) if (same_letters(t, "ld+json", 7)) { json_ld = 1; break; }
        const char *close = find_end_tag(p, end, script ? "script" : "style", script ? 6 : 5);
        if (json_ld) { memcpy(w, p, (size_t)(close - p)); w += close - p; }
        else { for (const char *t = p; t < close; t++) if (*t == '\n') *w++ = '\n'; }
        p = close;
    }
    *out_length = (size_t)(w - out);
    return out;
}

chtml_page *chtml_parse(const char *utf8, size_t length) {
    pthread_once(&chtml_once, chtml_initialize);
    if (length > (size_t)INT_MAX) return NULL;
    chtml_page *page = calloc(1, sizeof *page);
    if (!page) return NULL;
    size_t lean_length = 0;
    char *lean = without_script_bodies(utf8, length, &lean_length);
    if (!lean) { free(page); return NULL; }
    htmlParserCtxtPtr context = htmlCreateMemoryParserCtxt(lean_length ? lean : " ", lean_length ? (int)lean_length : 1);
    if (!context) { free(lean); free(page); return NULL; }
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;            /* script and style content */
    sax.ignorableWhitespace = on_text;   /* spaces between inline elements are text */
    sax.initialized = 1;
    memcpy(context->sax, &sax, sizeof sax);
    context->userData = page;
    page->context = context;
    htmlCtxtUseOptions(context, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                | HTML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(context);
    page->context = NULL;
    htmlFreeParserCtxt(context);
    free(lean);
    if (page->failed) { chtml_free(page); return NULL; }
    return page;
}

void chtml_free(chtml_page *page) {
    if (!page) return;
    free(page->records);
    free(page->attributes);
    free(page->strings);
    free(page->open);
    free(page);
}

size_t chtml_record_count(const chtml_page *page) { return page ? page->count : 0; }
const chtml_record *chtml_records(const chtml_page *page) { return page ? page->records : NULL; }
const chtml_attribute_record *chtml_attribute_records(const chtml_page *page) { return page ? page->attributes : NULL; }
const char *chtml_strings(const chtml_page *page) { return page ? page->strings : NULL; }
