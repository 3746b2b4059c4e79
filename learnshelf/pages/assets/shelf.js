/* Learnshelf "My shelf": saved / in progress / done cards, pathway progress and the chosen role,
   kept only in this browser's localStorage (one key). Enhances [data-card-id] elements with Save
   and Done buttons, draws the My shelf page (#ls-shelf), the role choice (.ls-role-choice) and
   "Continue where you left off" (.ls-continue). Everything read from storage, an imported file or
   the site's shelf index is untrusted: drawn with textContent only, links only same-origin
   relative card URLs. Without this script every page reads as it does today. */
(function () {
  "use strict";
  const KEY = "learnshelf.shelf";
  const MAX_IMPORT = 10 * 1024 * 1024;
  const STATES = ["saved", "in-progress", "done"];
  const LABELS = {"saved": "Saved", "in-progress": "In progress", "done": "Done"};
  const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  const SAFE_URL = /^[a-z0-9][a-z0-9\/._-]*$/;  // site-relative card paths, never a scheme
  const script = document.currentScript;
  const base = new URL("shelf/", script ? script.src : location.href);
  const root = new URL("../../", script ? script.src : location.href);
  let storageOk = true;

  function el(tag, props, text) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function empty() { return {version: 1, role: null, last: "", items: {}}; }

  /* Keep only well-formed entries; the number refused goes into `refused`. */
  function clean(data, refused) {
    const out = empty();
    if (!data || typeof data !== "object" || Array.isArray(data) || data.version !== 1
        || !data.items || typeof data.items !== "object" || Array.isArray(data.items)) return null;
    if (data.role === null || data.role === "" || (typeof data.role === "string" && ID.test(data.role))) out.role = data.role;
    if (typeof data.last === "string" && ID.test(data.last)) out.last = data.last;
    Object.keys(data.items).forEach(function (id) {
      const entry = data.items[id];
      if (ID.test(id) && id.length <= 200 && entry && STATES.indexOf(entry.state) >= 0) {
        out.items[id] = {state: entry.state, at: typeof entry.at === "number" ? entry.at : 0};
      } else refused.push(id);
    });
    return out;
  }
  function load() {
    try {
      const raw = localStorage.getItem(KEY);
      if (raw === null) return empty();
      const refused = [];
      const data = clean(JSON.parse(raw), refused);
      if (!data) { notice("The stored shelf was not readable and was ignored."); return empty(); }
      if (refused.length) notice(refused.length + " stored shelf entries were not valid and were ignored.");
      return data;
    } catch (e) {
      if (e instanceof SyntaxError) { notice("The stored shelf was not readable and was ignored."); return empty(); }
      storageOk = false;
      return empty();
    }
  }
  function save(data) {
    try { localStorage.setItem(KEY, JSON.stringify(data)); return true; } catch (e) {
      storageOk = false;
      notice("This browser is not letting the site store your shelf (private mode, or storage is full). " +
             "Nothing was saved; every page still works.");
      return false;
    }
  }
  let shelf = load();

  function notice(message) {
    let box = document.getElementById("ls-shelf-notice");
    if (!box) {
      box = el("p", {id: "ls-shelf-notice", className: "ls-shelf-notice"});
      box.setAttribute("role", "status");
      const main = document.querySelector("#ls-shelf") || document.querySelector(".md-content__inner") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = message;
  }

  /* Save and Done: plain buttons with aria-pressed, so keyboard and screen readers get them for free. */
  function toggle(id, state) {
    const entry = shelf.items[id];
    if (state === "saved") { if (entry) delete shelf.items[id]; else shelf.items[id] = {state: "saved", at: Date.now()}; }
    else if (entry && entry.state === "done") entry.state = "saved";
    else shelf.items[id] = {state: "done", at: Date.now()};
    save(shelf);
    refresh();
  }
  function button(id, kind, label) {
    const b = el("button", {type: "button", className: "ls-shelf-button md-button"}, label);
    b.dataset.shelf = kind;
    b.dataset.for = id;
    b.addEventListener("click", function () { toggle(id, kind); });
    return b;
  }
  function enhance(node) {
    const id = node.getAttribute("data-card-id");
    if (!ID.test(id || "") || node.querySelector(".ls-shelf-buttons")) return;
    const title = (node.querySelector("a") || document.querySelector("h1") || node).textContent.trim();
    const box = el("span", {className: "ls-shelf-buttons"});
    const saveB = button(id, "saved", "Save"), doneB = button(id, "done", "Done");
    saveB.setAttribute("aria-label", "Save " + title);
    doneB.setAttribute("aria-label", "Done: " + title);
    box.append(saveB, doneB);
    node.appendChild(box);
    paint(node);
  }
  function paint(node) {
    const entry = shelf.items[node.getAttribute("data-card-id")];
    node.querySelectorAll(".ls-shelf-button").forEach(function (b) {
      const on = b.dataset.shelf === "saved" ? !!entry : !!entry && entry.state === "done";
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function refresh() {
    document.querySelectorAll("[data-card-id]").forEach(paint);
    drawShelf();
  }

  /* The site's shelf index: a meta file and parts of ~25 cards, found by the same hash as shelf.py. */
  const cache = {};
  function fetchJson(path) {
    if (!cache[path]) cache[path] = fetch(new URL(path, base)).then(function (r) {
      if (!r.ok) throw new Error(r.status); return r.json(); });
    return cache[path];
  }
  function partOf(id, parts) {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % parts;
  }
  function lookUp(ids) {
    return fetchJson("meta.json").then(function (meta) {
      const parts = [...new Set(ids.map(function (id) { return partOf(id, meta.parts); }))];
      return Promise.all(parts.map(function (n) { return fetchJson(n + ".json"); })).then(function (found) {
        const cards = {};
        found.forEach(function (part) { ids.forEach(function (id) {
          if (Object.prototype.hasOwnProperty.call(part, id)) cards[id] = part[id]; }); });
        return {meta: meta, cards: cards};
      });
    });
  }
  function cardLink(entry, text) {
    const url = String(entry[5] || "");
    if (!SAFE_URL.test(url)) return el("span", {}, text);
    return el("a", {href: new URL(url, root).pathname}, text);
  }

  function drawShelf() {
    const box = document.getElementById("ls-shelf");
    if (!box) return;
    const ids = Object.keys(shelf.items);
    const pathwayIds = [];
    lookUp(ids.concat([])).then(function (found) {
      const extra = ids.map(function (id) { const c = found.cards[id]; return c && c[4]; })
        .filter(function (r) { return r && ID.test(r) && !found.cards[r]; });
      return extra.length ? lookUp(extra).then(function (more) {
        Object.assign(found.cards, more.cards); return found; }) : found;
    }).then(function (found) { render(box, found, pathwayIds); })
      .catch(function () { box.replaceChildren(el("p", {}, "The shelf could not load the library's card list.")); });
  }
  function render(box, found, unused) {
    const keep = box.querySelector("#ls-shelf-notice");
    box.replaceChildren();
    if (keep) box.appendChild(keep);
    if (!storageOk) box.appendChild(el("p", {className: "ls-shelf-notice"},
      "This browser is not letting the site store your shelf (private mode, or storage is full); it cannot be kept."));
    renderPathways(box, found);
    STATES.forEach(function (state) {
      const ids = Object.keys(shelf.items).filter(function (id) { return shelf.items[id].state === state; }).sort();
      box.appendChild(el("h2", {}, LABELS[state] + " (" + ids.length + ")"));
      if (!ids.length) { box.appendChild(el("p", {}, "Nothing here yet.")); return; }
      const list = el("ul", {className: "ls-shelf-list"});
      ids.forEach(function (id) { list.appendChild(shelfItem(id, found.cards)); });
      box.appendChild(list);
    });
    renderData(box);
  }
  function shelfItem(id, cards) {
    const c = cards[id];
    const li = el("li");
    li.setAttribute("data-card-id", id);
    if (!c) {
      li.append(el("strong", {}, id), el("span", {}, " — this card no longer exists in the library. "));
      const rm = el("button", {type: "button", className: "md-button"}, "Remove");
      rm.setAttribute("aria-label", "Remove " + id + " from the shelf");
      rm.addEventListener("click", function () { delete shelf.items[id]; save(shelf); refresh(); });
      li.appendChild(rm);
      return li;
    }
    const strong = el("strong");
    strong.appendChild(cardLink(c, String(c[0])));
    li.append(strong, el("span", {}, " · " + [c[1], c[2]].filter(Boolean).join(" · ") + " "));
    if (c[3] === "retired") {
      const instead = cards[c[4]];
      const note = el("span", {className: "ls-shelf-retired"}, " Retired. ");
      if (instead) { note.append("Use "); note.appendChild(cardLink(instead, String(instead[0]))); note.append(" instead. "); }
      li.appendChild(note);
    }
    enhance(li);
    return li;
  }
  function renderPathways(box, found) {
    const started = (found.meta.pathways || []).filter(function (p) {
      return Array.isArray(p.steps) && p.steps.some(function (s) { return shelf.items[s]; }); });
    if (!started.length) return;
    box.appendChild(el("h2", {}, "Pathways"));
    const list = el("ul", {className: "ls-shelf-list"});
    const need = [];
    started.forEach(function (p) { p.steps.forEach(function (s) { if (!found.cards[s]) need.push(s); }); });
    started.forEach(function (p) {
      const done = p.steps.filter(function (s) { return shelf.items[s] && shelf.items[s].state === "done"; }).length;
      const li = el("li");
      const title = SAFE_URL.test(p.url) ? el("a", {href: new URL(p.url, root).pathname}, String(p.title)) : el("span", {}, String(p.title));
      const bar = el("progress", {max: p.steps.length, value: done});
      bar.setAttribute("aria-label", String(p.title) + " progress");
      li.append(title, el("span", {}, " " + done + " of " + p.steps.length + " steps "), bar);
      const next = p.steps.find(function (s) { return !(shelf.items[s] && shelf.items[s].state === "done"); });
      if (next) {
        const slot = el("span", {className: "ls-continue-step"});
        li.appendChild(slot);
        lookUp([next]).then(function (f) { const c = f.cards[next]; if (c) {
          slot.append(" "); slot.appendChild(cardLink(c, "Continue: " + c[0])); } });
      }
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  /* Export, import (merging: the further state wins; refused entries are listed), clear. */
  function renderData(box) {
    box.appendChild(el("h2", {}, "Your data"));
    const row = el("p", {className: "ls-shelf-data"});
    const exp = el("button", {type: "button", className: "md-button"}, "Export shelf (JSON)");
    exp.addEventListener("click", function () {
      const blob = new Blob([JSON.stringify(shelf, null, 2)], {type: "application/json"});
      const a = el("a", {href: URL.createObjectURL(blob), download: "learnshelf-shelf.json"});
      document.body.appendChild(a); a.click(); a.remove();
    });
    const label = el("label", {htmlFor: "ls-shelf-import"}, "Import a shelf file: ");
    const input = el("input", {type: "file", id: "ls-shelf-import", accept: "application/json,.json"});
    input.addEventListener("change", function () { if (input.files[0]) importFile(input.files[0]); });
    const clear = el("button", {type: "button", className: "md-button"}, "Clear everything");
    clear.addEventListener("click", function () {
      if (!window.confirm("Delete everything on your shelf in this browser?")) return;
      shelf = empty();
      try { localStorage.removeItem(KEY); } catch (e) { storageOk = false; }
      notice("Your shelf was cleared."); refresh();
    });
    row.append(exp, " ", label, input, " ", clear);
    box.appendChild(row);
  }
  const RANK = {"saved": 0, "in-progress": 1, "done": 2};
  function importFile(file) {
    if (file.size > MAX_IMPORT) { notice("That file is larger than 10 MB, so it was not imported."); return; }
    file.text().then(function (text) {
      let data;
      try { data = JSON.parse(text); } catch (e) { notice("That file is not JSON, so nothing was imported."); return; }
      const refused = [];
      const incoming = clean(data, refused);
      if (!incoming) { notice("That file is not a Learnshelf shelf export (version 1), so nothing was imported."); return; }
      let added = 0;
      Object.keys(incoming.items).forEach(function (id) {
        const mine = shelf.items[id], theirs = incoming.items[id];
        if (!mine || RANK[theirs.state] > RANK[mine.state]) { shelf.items[id] = theirs; added++; }
      });
      if (shelf.role === null && incoming.role !== null) shelf.role = incoming.role;
      if (!shelf.last) shelf.last = incoming.last;
      save(shelf);
      notice("Imported " + Object.keys(incoming.items).length + " entries (" + added + " new or further along)." +
             (refused.length ? " Refused " + refused.length + " invalid entries: " + refused.slice(0, 5).join(", ") : ""));
      refresh();
    });
  }

  /* Role choice: remembered; only orders and highlights, never hides. */
  function roleChoice(hook) {
    fetchJson("meta.json").then(function (meta) {
      const roles = (meta.roles || []).filter(function (r) { return ID.test(r[0]); });
      const current = roles.find(function (r) { return r[0] === shelf.role; });
      hook.replaceChildren();
      const line = el("p", {className: "ls-role-line"});
      line.append(el("span", {}, "Showing: " + (current ? current[1] : shelf.role === "" ? "No role" : "everything") + " · "));
      const change = el("button", {type: "button", className: "ls-linkbutton"}, "change");
      const all = el("a", {href: new URL(SAFE_URL.test(meta.library) ? meta.library : "", root).pathname}, "see everything");
      line.append(change, " · ", all);
      const form = el("p", {className: "ls-role-form"});
      const select = el("select", {id: "ls-role-select"});
      select.append(el("option", {value: ""}, "No role"));
      roles.forEach(function (r) { const o = el("option", {value: r[0]}, String(r[1])); select.append(o); });
      select.value = shelf.role || (hook.dataset.rolePage || "");
      const label = el("label", {htmlFor: "ls-role-select"}, "I work as ");
      const ok = el("button", {type: "button", className: "md-button"}, "Remember my role");
      ok.addEventListener("click", function () { shelf.role = select.value; save(shelf); roleChoice(hook); order(); });
      form.append(label, select, " ", ok);
      form.hidden = shelf.role !== null;
      change.addEventListener("click", function () { form.hidden = !form.hidden; if (!form.hidden) select.focus(); });
      hook.append(line, form);
      order();
    });
  }
  /* On the home page, the chosen role comes first in "Browse by role" and is highlighted. */
  function order() {
    document.querySelectorAll(".ls-mine").forEach(function (n) { n.classList.remove("ls-mine"); });
    if (!shelf.role) return;
    const link = [...document.querySelectorAll("a[href]")].find(function (a) {
      return new URL(a.href).pathname.endsWith("/roles/" + shelf.role + "/") && a.closest("li"); });
    if (!link || document.querySelector("[data-role-page]")) return;
    const li = link.closest("li");
    li.classList.add("ls-mine");
    li.parentNode.insertBefore(li, li.parentNode.firstChild);
  }

  function continueHere(hook) {
    const id = shelf.last;
    if (!id || !shelf.items[id] || shelf.items[id].state === "done") return;
    lookUp([id]).then(function (found) {
      const c = found.cards[id];
      if (!c) return;
      const p = el("p", {}, "Continue where you left off: ");
      p.appendChild(cardLink(c, String(c[0])));
      hook.replaceChildren(p);
    }).catch(function () {});
  }

  function start() {
    const here = document.querySelector(".ls-shelf-controls[data-card-id]");
    if (here) {  // opening a saved card's page: it is in progress, and where to continue
      const id = here.getAttribute("data-card-id");
      if (ID.test(id)) {
        if (shelf.items[id] && shelf.items[id].state === "saved") shelf.items[id].state = "in-progress";
        if (shelf.items[id]) { shelf.last = id; save(shelf); }
      }
    }
    document.querySelectorAll("[data-card-id]").forEach(enhance);
    new MutationObserver(function (changes) {
      changes.forEach(function (ch) { ch.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) return;
        if (n.hasAttribute("data-card-id")) enhance(n);
        n.querySelectorAll("[data-card-id]").forEach(enhance);
      }); });
    }).observe(document.body, {childList: true, subtree: true});
    document.querySelectorAll(".ls-role-choice").forEach(roleChoice);
    document.querySelectorAll(".ls-continue").forEach(continueHere);
    drawShelf();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
