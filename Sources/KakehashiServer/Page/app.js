// The concordance page: search as you type (debounced), bilingual results with the query marked
// in the source and the counterpart phrases marked in the target. Memory text is only ever put
// into the page as text nodes, never as markup.
"use strict";
let timer = null, generation = 0, selected = -1, shown = [];

function render(answer) {
  const list = $("results"), file = $("file").value.trim();
  list.replaceChildren();
  shown = answer.matches.filter((m) => !file || m.provenance.sources.some((s) => s.file.includes(file)));
  selected = -1;
  $("status").textContent = shown.length ? `${shown.length} result${shown.length > 1 ? "s" : ""}` : `No match for “${answer.query}”`;
  for (const m of shown) {
    const source = element("div", "source", marked(m.source, m.highlight ? [m.highlight] : [], "q"));
    source.lang = m.source_lang;
    const target = element("div", "target", marked(m.target, m.phrases.map((p) => p.range), "t"));
    target.lang = m.target_lang;
    const meta = element("div", "meta");
    const score = m.kind === "concordance" ? "" : ` ${m.score}%`;
    meta.append(element("span", "badge", `${m.kind}${score}`), element("span", "badge", m.provenance.status));
    const relation = ["translation", "partial", "related"].includes(m.relation) ? m.relation : "related";
    meta.append(element("span", `badge relation relation-${relation}`, relation));
    if (m.confidence !== null) meta.append(element("span", "badge", `confidence ${m.confidence}`));
    for (const s of m.provenance.sources) {
      meta.append(element("span", "source-file", `${s.file}${s.document ? " " + s.document : ""}${s.sentences ? " (" + s.sentences + ")" : ""}  `));
    }
    list.append(element("li", null, source, target, meta));
  }
}

async function search() {
  const q = $("q").value;
  const params = new URLSearchParams({ q, mode: $("mode").value, min_score: $("min_score").value, limit: "20" });
  if ($("from").value) params.set("from", $("from").value);
  const shareable = new URLSearchParams({ q });
  history.replaceState(null, "", q ? `/?${shareable}` : "/");
  if (!q.trim()) { $("results").replaceChildren(); $("status").textContent = ""; return; }
  const mine = ++generation;
  const response = await fetch(`/api/v1/lookup?${params}`, { headers: authorization() });
  const body = await response.json();
  if (mine !== generation) return;
  if (!response.ok) { $("status").textContent = body.error ? body.error.message : "The search failed."; return; }
  render(body);
}

function schedule() { clearTimeout(timer); timer = setTimeout(search, 60); }

function select(k) {
  const items = $("results").children;
  if (!items.length) return;
  selected = Math.max(0, Math.min(items.length - 1, k));
  for (const [i, li] of Array.from(items).entries()) li.classList.toggle("selected", i === selected);
  items[selected].scrollIntoView({ block: "nearest" });
}

$("search").addEventListener("submit", (e) => { e.preventDefault(); search(); });
for (const id of ["q", "min_score", "file"]) $(id).addEventListener("input", schedule);
for (const id of ["from", "mode"]) $(id).addEventListener("change", search);
document.addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
  else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
  else if (e.key === "Enter" && selected >= 0 && shown[selected]) {
    e.preventDefault();
    navigator.clipboard && navigator.clipboard.writeText(shown[selected].target);
    $("status").textContent = "Target copied.";
  }
});

$("ingest-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData();
  for (const f of $("files").files) form.append("files", f, f.name);
  if ($("article").value.trim()) form.append("files", new Blob([$("article").value], { type: "text/plain" }), "pasted.txt");
  const response = await fetch("/api/v1/ingest", { method: "POST", body: form, headers: $("token").value ? { Authorization: `Bearer ${$("token").value}` } : authorization() });
  const body = await response.json();
  $("ingest-status").textContent = response.ok ? `${body.added} new units (${body.document_pairs} document pairs).` : body.error.message;
  if (response.ok) search();
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) { $("q").value = initial; search(); }
