/* Learnshelf search page: a query box and facet filters over the Pagefind index.
   The state (query and filters) lives in the URL, so a filtered view can be shared and
   survives a reload. Card text is only ever inserted with textContent. */
(function () {
  "use strict";
  const root = document.getElementById("ls-search");
  if (!root) return;
  const cfg = JSON.parse(root.dataset.config);
  const bundle = new URL(cfg.bundle, window.location.href);
  const siteRoot = new URL("../", bundle);
  const input = root.querySelector("#ls-q");
  const facetsEl = root.querySelector(".ls-facets");
  const resultsEl = root.querySelector(".ls-results");
  const LABELS = {type: "Type", topic: "Topic", role: "Role", level: "Level", cost: "Cost",
                  language: "Language", accessibility: "Accessibility", duration: "Duration"};
  const PAGE = 20;
  let pagefind = null;
  let allFilters = {};
  let sequence = 0;
  let timer = null;
  let shown = PAGE;

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const facet of cfg.facets) {
      const values = params.getAll(facet);
      if (values.length) filters[facet] = values;
    }
    return {q: params.get("q") || "", filters: filters};
  }

  function writeUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const facet of cfg.facets) (state.filters[facet] || []).forEach((v) => params.append(facet, v));
    const query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function currentState() {
    const filters = {};
    facetsEl.querySelectorAll("input[type=checkbox]:checked").forEach((box) => {
      (filters[box.dataset.facet] = filters[box.dataset.facet] || []).push(box.value);
    });
    return {q: input.value.trim(), filters: filters};
  }

  function el(tag, props, text) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeExcerpt(html) {
    /* Pagefind marks matches with <mark>; keep those and show everything else as text. */
    const span = el("span");
    html.split(/(<mark>|<\/mark>)/).reduce((inMark, part) => {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      const text = el("span").appendChild(document.createTextNode(
        part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")));
      if (inMark) { const m = el("mark"); m.appendChild(text); span.appendChild(m); } else span.appendChild(text);
      return inMark;
    }, false);
    return span;
  }

  function levenshtein(a, b) {
    const row = Array.from({length: b.length + 1}, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]; row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return row[b.length];
  }

  function suggestion(query) {
    /* Pagefind matches prefixes but not typos: suggest the nearest taxonomy word. */
    const q = query.toLowerCase();
    let best = null, bestDistance = q.length > 5 ? 2 : 1;
    for (const term of cfg.terms) {
      const d = levenshtein(q, term.toLowerCase());
      if (d > 0 && d <= bestDistance) { best = term; bestDistance = d; }
    }
    return best;
  }

  function renderFacets(state, counts) {
    facetsEl.textContent = "";
    for (const facet of cfg.facets) {
      const values = Object.keys(allFilters[facet] || {}).sort((a, b) => a.localeCompare(b));
      if (!values.length) continue;
      const box = el("fieldset", {className: "ls-facet"});
      box.appendChild(el("legend", {}, LABELS[facet] || facet));
      values.forEach((value, index) => {
        const id = "ls-f-" + facet + "-" + index;
        const row = el("div", {className: "ls-facet-option"});
        const check = el("input", {type: "checkbox", id: id, value: value});
        check.dataset.facet = facet;
        check.checked = (state.filters[facet] || []).includes(value);
        const count = counts && counts[facet] ? (counts[facet][value] || 0) : allFilters[facet][value];
        const label = el("label", {htmlFor: id}, value + " (" + count + ")");
        row.append(check, label);
        box.appendChild(row);
      });
      facetsEl.appendChild(box);
    }
  }

  function resultItem(data) {
    const item = el("li", {className: "ls-result"});
    const link = el("a", {href: data.url}, data.meta.title || data.url);
    const heading = el("h3");
    heading.appendChild(link);
    item.appendChild(heading);
    if (data.meta.facts) item.appendChild(el("p", {className: "ls-result-facts"}, data.meta.facts));
    const summary = el("p", {className: "ls-result-summary"});
    summary.appendChild(data.excerpt ? safeExcerpt(data.excerpt) : document.createTextNode(data.meta.summary || ""));
    item.appendChild(summary);
    return item;
  }

  async function search(state, note) {
    const mine = ++sequence;
    const filters = {};
    for (const [facet, values] of Object.entries(state.filters)) filters[facet] = {any: values};
    const hasFilters = Object.keys(filters).length > 0;
    if (!state.q && !hasFilters) {
      renderFacets(state, null);
      resultsEl.textContent = "";
      resultsEl.appendChild(el("p", {className: "ls-hint"}, "Type a word, or pick a filter, to see resources."));
      return;
    }
    const response = await pagefind.search(state.q || null, {filters: filters, sort: state.q ? undefined : {title: "asc"}});
    if (mine !== sequence) return;
    if (!response.results.length && state.q && !note) {
      const better = suggestion(state.q);
      if (better) return search({q: better, filters: state.filters}, state.q);
    }
    const data = await Promise.all(response.results.slice(0, shown).map((r) => r.data()));
    if (mine !== sequence) return;
    renderFacets(state, response.filters);
    resultsEl.textContent = "";
    if (note) resultsEl.appendChild(el("p", {className: "ls-note"}, "No results for \u201c" + note + "\u201d. Showing results for \u201c" + state.q + "\u201d."));
    const count = response.results.length;
    resultsEl.appendChild(el("p", {className: "ls-count"}, count + (count === 1 ? " resource" : " resources")));
    const list = el("ol", {className: "ls-result-list"});
    data.forEach((d) => list.appendChild(resultItem(d)));
    resultsEl.appendChild(list);
    if (count > shown) {
      const more = el("button", {type: "button", className: "md-button"}, "Show more");
      more.addEventListener("click", () => { shown += PAGE; search(state, note); });
      resultsEl.appendChild(more);
    }
  }

  function update() {
    const state = currentState();
    shown = PAGE;
    writeUrl(state);
    search(state);
  }

  async function start() {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({baseUrl: siteRoot.pathname});
    await pagefind.init();
    allFilters = await pagefind.filters();
    const state = readUrl();
    input.value = state.q;
    renderFacets(state, null);
    root.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); update(); });
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 150); });
    facetsEl.addEventListener("change", update);
    root.dataset.ready = "true";
    await search(state);
  }

  start().catch((error) => {
    resultsEl.textContent = "";
    resultsEl.appendChild(el("p", {className: "ls-error"}, "Search could not start: " + error.message));
  });
})();
