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
  let finders = [];  /* one Pagefind copy per group of index parts: they search in parallel */
  let counter = null;  /* a Pagefind copy over every part that counts the facet values */
  let allFilters = {};
  let sequence = 0;
  let running = false;
  let again = false;
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

  function distance(a, b) {
    /* Edit distance where swapping two neighbouring letters counts as one typo. */
    const d = Array.from({length: a.length + 1}, (_, i) => [i].concat(Array(b.length).fill(0)));
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  function suggestion(query) {
    /* Pagefind matches prefixes but not typos: suggest the nearest taxonomy word. */
    const q = query.toLowerCase();
    let best = null, bestDistance = q.length > 5 ? 2 : 1;
    for (const term of cfg.terms) {
      const d = distance(q, term.toLowerCase());
      if (d > 0 && d <= bestDistance) { best = term; bestDistance = d; }
    }
    return best;
  }

  function renderFacets(state, counts) {
    /* One collapsible group per facet. Values with no matching result are hidden, except in a
       group where something is ticked: there every value stays, to widen the choice. */
    const open = new Set([...facetsEl.querySelectorAll("details[open]")].map((d) => d.dataset.facet));
    facetsEl.textContent = "";
    cfg.facets.forEach((facet, position) => {
      const values = Object.keys(allFilters[facet] || {}).sort((a, b) => a.localeCompare(b));
      const ticked = state.filters[facet] || [];
      const count = (value) => (counts && counts[facet] ? counts[facet][value] || 0 : allFilters[facet][value]);
      const shown = values.filter((v) => ticked.length || ticked.includes(v) || count(v) > 0);
      if (!shown.length) return;
      const group = el("details", {className: "ls-facet"});
      group.dataset.facet = facet;
      group.open = ticked.length > 0 || open.has(facet) || (open.size === 0 && position === 0);
      group.appendChild(el("summary", {}, (LABELS[facet] || facet) + (ticked.length ? " (" + ticked.length + " selected)" : "")));
      shown.forEach((value, index) => {
        const id = "ls-f-" + facet + "-" + index;
        const row = el("div", {className: "ls-facet-option"});
        const check = el("input", {type: "checkbox", id: id, value: value});
        check.dataset.facet = facet;
        check.checked = ticked.includes(value);
        row.append(check, el("label", {htmlFor: id}, value + " (" + count(value) + ")"));
        group.appendChild(row);
      });
      facetsEl.appendChild(group);
    });
  }

  function resultItem(data) {
    const item = el("li", {className: "ls-result"});
    const link = el("a", {href: data.url}, data.meta.title || data.url);
    const heading = el("h3");
    heading.appendChild(link);
    item.appendChild(heading);
    if (data.meta.facts) item.appendChild(el("p", {className: "ls-result-facts"}, data.meta.facts));
    item.appendChild(el("p", {className: "ls-result-summary"}, data.meta.summary || ""));
    return item;
  }

  function hidden() {
    /* Each index part has a hidden record of the words it lacks (see learnshelf/search.py). */
    const filters = {};
    for (const [name, value] of Object.entries(cfg.hidden || {})) filters[name] = {none: [value]};
    return filters;
  }

  async function search(state, note) {
    const mine = ++sequence;
    const filters = {};
    for (const [facet, values] of Object.entries(state.filters)) filters[facet] = {any: values};
    const hasFilters = Object.keys(filters).length > 0;
    Object.assign(filters, hidden());
    if (!state.q && !hasFilters) {
      renderFacets(state, null);
      resultsEl.textContent = "";
      resultsEl.appendChild(el("p", {className: "ls-hint"}, "Type a word, or pick a filter, to see resources."));
      root.dataset.counts = "shown";
      return;
    }
    root.dataset.counts = "pending";
    /* No sort option: without a query Pagefind returns pages in index order, which is title
       order within each part and from part to part (a sort would rank within each part only).
       The groups' results are merged as Pagefind merges its parts: by score, ties in part order. */
    const found = await Promise.all(finders.map((pf) => pf.search(state.q || null, {filters: filters})));
    if (mine !== sequence) return;
    const response = {results: found.flatMap((r) => r.results).sort((a, b) => b.score - a.score)};
    if (!response.results.length && state.q && !note) {
      const better = suggestion(state.q);
      if (better) return search({q: better, filters: state.filters}, state.q);
    }
    const data = await Promise.all(response.results.slice(0, shown).map((r) => r.data()));
    if (mine !== sequence) return;
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
    countFacets(state, filters, mine);
  }

  async function countFacets(state, filters, mine) {
    /* Counting facet values costs as much again as finding the results, so it runs after they
       are shown, in its own worker. */
    const counted = await counter.search(state.q || null, {filters: filters});
    if (mine !== sequence) return;
    renderFacets(state, counted.filters);
    root.dataset.counts = "shown";
  }

  async function update() {
    /* Search at once, one search at a time: input arriving meanwhile is searched when the
       running search ends (only the latest; Pagefind cannot stop a search once started). */
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        const state = currentState();
        shown = PAGE;
        writeUrl(state);
        await search(state);
      } while (again);
    } finally {
      running = false;
    }
  }

  async function copy(name, folders) {
    /* A separate copy of Pagefind's module (its own URL) starts its own web worker. */
    const paths = folders.map((folder) => new URL(folder, window.location.href).pathname);
    const pf = await import(new URL("pagefind.js" + (name ? "?" + name : ""), bundle).href);
    await pf.options({baseUrl: siteRoot.pathname, basePath: paths[0]});
    await pf.init();
    await Promise.all(paths.slice(1).map((path) => pf.mergeIndex(path, {baseUrl: siteRoot.pathname})));
    return pf;
  }

  async function start() {
    /* A large library's index comes in parts (see learnshelf/search.py), searched in groups. */
    const groups = cfg.groups || [[cfg.bundle]];
    finders = await Promise.all(groups.map((folders, n) => copy(n ? "group-" + n : "", folders)));
    counter = await copy("counts", groups.flat());
    allFilters = await counter.filters();
    const state = readUrl();
    input.value = state.q;
    renderFacets(state, null);
    root.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); update(); });
    input.addEventListener("input", update);
    facetsEl.addEventListener("change", update);
    const fallback = root.nextElementSibling;
    if (fallback && fallback.tagName === "P") fallback.hidden = true;
    if (cfg.warmup && !state.q && !Object.keys(state.filters).length) {
      /* A browser compiles Pagefind's WebAssembly fully only once it has run a while: one
         throwaway search per worker makes the reader's first search as fast as later ones. */
      await Promise.all(finders.map((pf) => pf.search(cfg.warmup, {filters: hidden()})));
    }
    root.dataset.ready = "true";
    await search(state);
  }

  start().catch((error) => {
    resultsEl.textContent = "";
    resultsEl.appendChild(el("p", {className: "ls-error"}, "Search could not start: " + error.message));
  });
})();
