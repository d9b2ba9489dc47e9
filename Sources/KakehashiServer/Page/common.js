// What both pages share: memory text put into the page as text nodes only (never as markup),
// marks over UTF-8 byte ranges, and the token a tab signed in with.
"use strict";
const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder(), decoder = new TextDecoder();

// Text with UTF-8 byte ranges marked: a fragment of text nodes and <mark> elements.
function marked(text, ranges, className) {
  const bytes = encoder.encode(text), fragment = document.createDocumentFragment();
  let at = 0;
  for (const [lo, hi] of ranges.slice().sort((a, b) => a[0] - b[0])) {
    if (lo < at || hi > bytes.length || lo >= hi) continue;
    fragment.append(decoder.decode(bytes.slice(at, lo)));
    const mark = document.createElement("mark");
    mark.className = className;
    mark.textContent = decoder.decode(bytes.slice(lo, hi));
    fragment.append(mark);
    at = hi;
  }
  fragment.append(decoder.decode(bytes.slice(at)));
  return fragment;
}

function element(tag, className, ...children) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const c of children) e.append(c);
  return e;
}

// The token this tab signed in with (kept for the tab's session only), as request headers.
function authorization(extra = {}) {
  const token = sessionStorage.getItem("kakehashi-token");
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}
