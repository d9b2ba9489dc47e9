/* libxml2's HTML parser, seen only by the CHTML bridge (never imported by a Swift module). */
#pragma once
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
