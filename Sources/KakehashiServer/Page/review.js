// The review page: a queue of units (least certain first, or the matches of a search, marked as
// in the concordance), each beside its neighbouring sentences and its history, with keys to
// approve, reject, edit and undo. Every change names the version it was made on (If-Match).
"use strict";
let items = [], current = -1, unit = null, etag = null, editing = false;
// Keys act one after another, each on the unit as the one before left it: a fast reviewer's
// second key waits for the first change and for the next unit to be read.
let chain = Promise.resolve();
function act(work) { chain = chain.then(work).catch((e) => say(`Failed: ${e.message}`)); return chain; }

function say(text) { $("message").textContent = text; }

function showSignedIn() {
  const signedIn = !!sessionStorage.getItem("kakehashi-token");
  $("who").textContent = signedIn ? "Signed in for this tab." : "Reading only: sign in to change units.";
  $("signout").hidden = !signedIn;
}

async function call(url, options = {}) {
  const response = await fetch(url, { ...options, headers: authorization(options.headers || {}) });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { response, body };
}

function sideTexts(u) {
  const text = (lang) => (u.variants.find((v) => v.lang.toLowerCase().startsWith(lang)) || { text: "" }).text;
  return { en: text("en"), ja: text("ja") };
}

async function load() {
  const q = $("q").value.trim();
  $("status").textContent = "Loading…";
  if (q) {
    const params = new URLSearchParams({ q, mode: "concordance", limit: "50", relation: $("relation-filter").value || "all" });
    const { response, body } = await call(`/api/v1/lookup?${params}`);
    if (!response.ok) { $("status").textContent = body && body.error ? body.error.message : "The search failed."; return; }
    const file = $("file-filter").value.trim();
    items = body.matches.filter((m) => !file || m.provenance.sources.some((s) => s.file.includes(file))).map((m) => ({
      id: m.id, status: m.provenance.status, relation: m.relation, confidence: m.confidence,
      source: m.source, target: m.target, sourceLang: m.source_lang, targetLang: m.target_lang,
      highlight: m.highlight ? [m.highlight] : [], phrases: m.phrases.map((p) => p.range),
    }));
  } else {
    const params = new URLSearchParams({ status: $("status-filter").value, limit: "50" });
    if ($("relation-filter").value) params.set("relation", $("relation-filter").value);
    if ($("file-filter").value.trim()) params.set("source_file", $("file-filter").value.trim());
    if ($("max-confidence").value) params.set("max_confidence", $("max-confidence").value);
    const { response, body } = await call(`/api/v1/review/queue?${params}`);
    if (!response.ok) { $("status").textContent = body && body.error ? body.error.message : "The queue failed."; return; }
    items = body.units.map((u) => {
      const t = sideTexts(u);
      return { id: u.id, status: u.status, relation: u.relation, confidence: u.confidence, source: t.en, target: t.ja,
        sourceLang: "en", targetLang: "ja", highlight: [], phrases: [] };
    });
  }
  renderQueue();
  $("status").textContent = items.length ? `${items.length} unit${items.length > 1 ? "s" : ""} to review` : "Nothing to review.";
  if (items.length) await select(0); else { $("detail").hidden = true; current = -1; }
}

function badges(item) {
  const meta = element("div", "meta");
  meta.append(element("span", "badge status", item.status));
  const relation = ["translation", "partial", "related"].includes(item.relation) ? item.relation : "related";
  meta.append(element("span", `badge relation relation-${relation}`, relation));
  if (item.confidence !== null && item.confidence !== undefined) meta.append(element("span", "badge", `confidence ${item.confidence}`));
  meta.append(element("span", "badge", `#${item.id}`));
  return meta;
}

function renderQueue() {
  const list = $("queue");
  list.replaceChildren();
  items.forEach((item, i) => {
    const source = element("div", "source", marked(item.source, item.highlight, "q"));
    source.lang = item.sourceLang;
    const target = element("div", "target", marked(item.target, item.phrases, "t"));
    target.lang = item.targetLang;
    const li = element("li", i === current ? "selected" : null, source, target, badges(item));
    li.dataset.id = item.id;
    li.addEventListener("click", () => act(() => select(i)));
    list.append(li);
  });
}

async function select(i) {
  if (!items.length || editing) return;
  current = Math.max(0, Math.min(items.length - 1, i));
  for (const [k, li] of Array.from($("queue").children).entries()) li.classList.toggle("selected", k === current);
  const li = $("queue").children[current];
  if (li) li.scrollIntoView({ block: "nearest" });
  say("");
  await refresh();
}

// The selected unit as the memory has it now: its sides, version, context and history.
async function refresh() {
  const item = items[current];
  const { response, body } = await call(`/api/v1/units/${item.id}`);
  if (!response.ok) { say(body && body.error ? body.error.message : "The unit could not be read."); return; }
  unit = body;
  etag = response.headers.get("ETag");
  item.status = unit.status;
  item.relation = unit.relation;
  const t = sideTexts(unit);
  const sameAsShown = (item.sourceLang.startsWith("en") ? t.en : t.ja) === item.source;
  if (!sameAsShown) { item.highlight = []; item.phrases = []; }
  item.source = item.sourceLang.startsWith("en") ? t.en : t.ja;
  item.target = item.sourceLang.startsWith("en") ? t.ja : t.en;
  renderQueue();
  renderDetail();
  const [context, history] = await Promise.all([call(`/api/v1/units/${item.id}/context`), call(`/api/v1/units/${item.id}/history`)]);
  renderContext(context.response.ok ? context.body : { sides: [] });
  renderHistory(history.response.ok ? history.body : []);
}

function renderDetail() {
  const item = items[current];
  $("detail").hidden = false;
  const sides = $("sides");
  sides.replaceChildren();
  const source = element("div", "side", element("div", "label", item.sourceLang), element("div", "text", marked(item.source, item.highlight, "q")));
  source.lang = item.sourceLang;
  const target = element("div", "side", element("div", "label", item.targetLang), element("div", "text", marked(item.target, item.phrases, "t")));
  target.lang = item.targetLang;
  sides.append(source, target, badges(item));
  for (const note of unit.notes || []) sides.append(element("p", "note", `Note: ${note.value}`));
}

function renderContext(context) {
  const box = $("context");
  box.replaceChildren();
  if (!context.sides.length) { box.append(element("p", "muted", "No stored neighbours.")); return; }
  for (const side of context.sides) {
    const block = element("div", "context-side");
    block.lang = side.lang;
    block.append(element("div", "label", `${side.file}${side.document ? " " + side.document : ""}`));
    block.append(element("p", "before", side.before ? side.before.text : "—"));
    const own = sideTexts(unit)[side.lang.startsWith("en") ? "en" : "ja"];
    block.append(element("p", "own", own));
    block.append(element("p", "after", side.after ? side.after.text : "—"));
    box.append(block);
  }
}

function renderHistory(history) {
  const list = $("history");
  list.replaceChildren();
  if (!history.length) { list.append(element("li", "muted", "No changes yet.")); return; }
  for (const h of history) {
    const what = [];
    for (const key of ["status", "relation"]) if (h.before[key] !== h.after[key]) what.push(`${key}: ${h.before[key]} → ${h.after[key]}`);
    for (const lang of Object.keys(h.after.texts || {})) {
      if ((h.before.texts || {})[lang] !== h.after.texts[lang]) what.push(`${lang}: “${h.before.texts[lang]}” → “${h.after.texts[lang]}”`);
    }
    if ((h.after.notes || []).length > (h.before.notes || []).length) what.push(`note: ${h.after.notes[h.after.notes.length - 1].value}`);
    list.append(element("li", h.undone ? "undone" : null, `v${h.version} ${h.change} by ${h.user}, ${h.at}${h.undone ? " (undone)" : ""}: ${what.join("; ")}`));
  }
}

// A change to the selected unit on the version shown; a stale version reloads the unit.
async function change(url, method, payload) {
  if (!sessionStorage.getItem("kakehashi-token")) { say("Sign in with a reviewer's token first."); $("token").focus(); return false; }
  const options = { method, headers: { "If-Match": etag, "Content-Type": "application/json" } };
  if (payload) options.body = JSON.stringify(payload);
  const { response, body } = await call(url, options);
  if (response.status === 412) { say("Someone changed this unit meanwhile: it is shown as it is now. Try again."); await refresh(); return false; }
  if (!response.ok) { say(body && body.error ? body.error.message : `The change failed (${response.status}).`); return false; }
  await refresh();
  return true;
}

async function setStatus(status) {
  const item = items[current];
  if (!item || editing) return;
  if (await change(`/api/v1/units/${item.id}`, "PATCH", { status })) {
    say(`Unit ${item.id} ${status}.`);
    if (current < items.length - 1) await select(current + 1);
  }
}

async function undo() {
  const item = items[current];
  if (!item || editing) return;
  if (await change(`/api/v1/units/${item.id}/undo`, "POST", null)) say(`Unit ${item.id}: the last change is undone.`);
}

// Edit in place: both sides become text areas; Ctrl+Enter saves what changed, Esc cancels.
function edit() {
  if (!unit || editing) return;
  editing = true;
  const t = sideTexts(unit);
  const sides = $("sides");
  sides.replaceChildren();
  for (const lang of ["en", "ja"]) {
    const area = element("textarea", "edit-area");
    area.id = `edit-${lang}`;
    area.lang = lang;
    area.value = t[lang];
    area.rows = 3;
    area.setAttribute("aria-label", `${lang} text`);
    sides.append(element("div", "side", element("div", "label", lang), area));
  }
  const save = element("button", null, "Save (Ctrl+Enter)");
  save.type = "button";
  save.id = "save";
  save.addEventListener("click", () => act(saveEdit));
  const cancel = element("button", null, "Cancel (Esc)");
  cancel.type = "button";
  cancel.addEventListener("click", cancelEdit);
  sides.append(save, cancel);
  $("edit-en").focus();
}

async function saveEdit() {
  const t = sideTexts(unit), payload = {};
  for (const lang of ["en", "ja"]) if ($(`edit-${lang}`).value !== t[lang]) payload[lang] = $(`edit-${lang}`).value;
  editing = false;
  if (!Object.keys(payload).length) { renderDetail(); return; }
  if (await change(`/api/v1/units/${items[current].id}`, "PATCH", payload)) say(`Unit ${items[current].id} edited.`);
  else renderDetail();
}

function cancelEdit() { editing = false; renderDetail(); say("Edit cancelled."); }

// A bulk change of the units the queue's filter takes: a preview first (the count and a sample),
// then the same change applied, which can be undone as one.
let previewed = null, lastBulk = null;

function bulkBody(dryRun) {
  const filter = { status: $("status-filter").value };
  if ($("relation-filter").value) filter.relation = $("relation-filter").value;
  if ($("file-filter").value.trim()) filter.source_file = $("file-filter").value.trim();
  if ($("max-confidence").value) filter.max_confidence = $("max-confidence").value;
  const body = { filter, action: $("bulk-action").value, dry_run: dryRun };
  if (body.action === "replace") {
    body.language = $("bulk-language").value;
    body.pattern = $("bulk-pattern").value;
    body.replacement = $("bulk-replacement").value;
  }
  return body;
}

function showBulk(body, made) {
  const sample = $("bulk-sample");
  sample.replaceChildren();
  for (const item of body.sample) {
    const what = [];
    if (item.before.status !== item.after.status) what.push(`${item.before.status} → ${item.after.status}`);
    for (const lang of Object.keys(item.after.texts || {})) {
      if (item.before.texts[lang] !== item.after.texts[lang]) what.push(`${lang}: “${item.before.texts[lang]}” → “${item.after.texts[lang]}”`);
    }
    sample.append(element("li", null, `#${item.unit}: ${what.join("; ")}`));
  }
  const units = `${body.count} unit${body.count === 1 ? "" : "s"}`;
  $("bulk-result").textContent = made ? `Bulk change ${body.id}: ${units} changed.` : `${units} would change${body.count > body.sample.length ? ` (the first ${body.sample.length} shown)` : ""}.`;
}

async function bulkChange(dryRun) {
  if (!sessionStorage.getItem("kakehashi-token")) { $("bulk-result").textContent = "Sign in with a reviewer's token first."; return; }
  const body = bulkBody(dryRun);
  const { response, body: answer } = await call("/api/v1/bulk", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) { $("bulk-result").textContent = answer && answer.error ? answer.error.message : `The bulk change failed (${response.status}).`; return; }
  showBulk(answer, !dryRun);
  previewed = dryRun ? JSON.stringify(bulkBody(false)) : null;
  $("bulk-apply").disabled = !dryRun || answer.count === 0;
  if (!dryRun) { lastBulk = answer.id; $("bulk-undo").hidden = false; await load(); }
}

async function undoBulk() {
  if (lastBulk === null) return;
  const { response, body } = await call(`/api/v1/bulk/${lastBulk}/undo`, { method: "POST" });
  if (!response.ok) { $("bulk-result").textContent = body && body.error ? body.error.message : "The undo failed."; return; }
  $("bulk-result").textContent = `Bulk change ${lastBulk} undone: ${body.count} unit${body.count === 1 ? "" : "s"} restored` + (body.skipped.length ? `; ${body.skipped.length} changed since kept their change.` : ".");
  $("bulk-sample").replaceChildren();
  $("bulk-undo").hidden = true;
  lastBulk = null;
  await load();
}

$("bulk-action").addEventListener("change", () => { $("bulk-replace-fields").hidden = $("bulk-action").value !== "replace"; });
// Apply is the change previewed, nothing else: any edit of the form asks for a new preview.
$("bulk-form").addEventListener("input", () => { if (previewed !== JSON.stringify(bulkBody(false))) $("bulk-apply").disabled = true; });
$("filter").addEventListener("input", () => { $("bulk-apply").disabled = true; });
$("bulk-preview").addEventListener("click", () => act(() => bulkChange(true)));
$("bulk-apply").addEventListener("click", () => act(async () => { if (previewed === JSON.stringify(bulkBody(false))) await bulkChange(false); }));
$("bulk-undo").addEventListener("click", () => act(undoBulk));

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  if ($("token").value) sessionStorage.setItem("kakehashi-token", $("token").value);
  $("token").value = "";
  $("token").blur();
  showSignedIn();
  act(load);
});
$("signout").addEventListener("click", () => { sessionStorage.removeItem("kakehashi-token"); showSignedIn(); });
$("filter").addEventListener("submit", (e) => { e.preventDefault(); act(load); });
$("approve").addEventListener("click", () => act(() => setStatus("approved")));
$("reject").addEventListener("click", () => act(() => setStatus("rejected")));
$("edit").addEventListener("click", () => act(edit));
$("undo").addEventListener("click", () => act(undo));
document.addEventListener("keydown", (e) => {
  if (editing) {
    if (e.key === "Escape") { e.preventDefault(); cancelEdit(); }
    else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); act(saveEdit); }
    return;
  }
  if (e.target.closest && e.target.closest("input, textarea, select")) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const keys = { j: () => select(current + 1), k: () => select(current - 1), a: () => setStatus("approved"),
    r: () => setStatus("rejected"), e: edit, u: undo };
  if (keys[e.key]) { e.preventDefault(); act(keys[e.key]); }
});

showSignedIn();
act(load);
