/* transcheck report: filters and sorting over findings already in the page (progressive
   enhancement; reads the DOM only, never evaluates corpus text). */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll) { return; }
  document.documentElement.classList.add("js");
  form.hidden = false;

  var container = document.getElementById("findings");
  var groups = Array.prototype.slice.call(document.querySelectorAll(".rule-group"));
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var docs = Array.prototype.slice.call(document.querySelectorAll(".doc"));
  var status = document.getElementById("filter-status");
  var total = findings.length;

  function norm(s) {
    return (s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
  }
  var haystack = new Map();
  findings.forEach(function (f) { haystack.set(f, norm(f.textContent)); });

  function has(list, token) {
    return (" " + (list || "") + " ").indexOf(" " + token + " ") >= 0;
  }
  function value(name) { return form.elements[name] ? form.elements[name].value : ""; }

  function apply() {
    var sev = value("severity"), rule = value("rule"), lang = value("lang"), doc = value("doc");
    var q = norm(value("q")).trim();
    var shown = 0;
    findings.forEach(function (f) {
      var ok = (!sev || f.dataset.severity === sev) &&
        (!rule || f.dataset.rule === rule) &&
        (!lang || has(f.dataset.langs, lang)) &&
        (!doc || has(f.dataset.docs, doc)) &&
        (!q || haystack.get(f).indexOf(q) >= 0);
      f.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (g) {
      g.hidden = !g.querySelector(".finding:not([hidden])");
    });
    docs.forEach(function (d) {
      d.hidden = (doc && d.dataset.doc !== doc) || (lang && d.dataset.lang !== lang) ? true : false;
    });
    var active = sev || rule || lang || doc || q;
    status.textContent = active
      ? "Showing " + shown + " of " + total + " findings."
      : "Showing all " + total + " findings.";
    container.classList.toggle("filtered", !!active);
  }

  function sortKey(mode) {
    return function (a, b) {
      var d = 0;
      if (mode === "docs") { d = Number(b.dataset.ndocs) - Number(a.dataset.ndocs); }
      if (!d && mode !== "rule") { d = Number(a.dataset.rank) - Number(b.dataset.rank); }
      return d || Number(a.dataset.order) - Number(b.dataset.order);
    };
  }
  function groupKey(mode) {
    function best(g, attr, pick) {
      var vals = Array.prototype.map.call(g.querySelectorAll(".finding"), function (f) {
        return Number(f.dataset[attr]);
      });
      return pick.apply(null, vals);
    }
    return function (a, b) {
      var d = 0;
      if (mode === "docs") { d = best(b, "ndocs", Math.max) - best(a, "ndocs", Math.max); }
      if (!d && mode === "severity") { d = best(a, "rank", Math.min) - best(b, "rank", Math.min); }
      return d || (a.dataset.rule < b.dataset.rule ? -1 : a.dataset.rule > b.dataset.rule ? 1 : 0);
    };
  }
  var initialGroups = groups.slice();
  function sort() {
    var mode = value("sort") || "severity";
    var ordered = mode === "severity" ? initialGroups.slice() : groups.slice().sort(groupKey(mode));
    ordered.forEach(function (g) {
      var items = Array.prototype.slice.call(g.querySelectorAll(".finding"));
      items.sort(sortKey(mode)).forEach(function (f) { g.appendChild(f); });
      container.appendChild(g); // rule groups are the last children of #findings
    });
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", function (e) {
    if (e.target && e.target.name === "sort") { sort(); } else { apply(); }
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(function () { sort(); apply(); }, 0); });

  // Following a link to something a filter hides: clear the filters first.
  function reveal(id) {
    var el = id && document.getElementById(id);
    var hidden = el && el.closest ? el.closest("[hidden]") : null;
    if (hidden && hidden !== form) {
      form.reset(); // resets the controls synchronously, after the "reset" event
      sort();
      apply();
      return el;
    }
    return null;
  }
  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest ? e.target.closest('a[href^="#"]') : null;
    if (link) { reveal(decodeURIComponent(link.getAttribute("href").slice(1))); }
  }, true);
  window.addEventListener("hashchange", function () {
    var el = reveal(decodeURIComponent(window.location.hash.slice(1)));
    if (el) { el.scrollIntoView(); }
  });
  apply();

  // Triage: decisions (accepted / false positive) are collected here and downloaded as a
  // baseline file with the decisions the report was made with (works from file://).
  var bar = document.getElementById("triage-bar");
  var previous = {};
  try { previous = JSON.parse(bar ? bar.dataset.baseline : "{}") || {}; } catch (err) { previous = {}; }
  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
  if (bar) { bar.hidden = false; }
  var counter = document.getElementById("triage-count");

  function decisions() {
    var entries = {};
    Object.keys(previous).forEach(function (id) { entries[id] = previous[id]; });
    Array.prototype.forEach.call(document.querySelectorAll("input.reopen:checked"), function (box) {
      delete entries[box.value];
    });
    var added = 0;
    Array.prototype.forEach.call(document.querySelectorAll("fieldset.triage"), function (fs) {
      var picked = fs.querySelector("input:checked");
      if (picked && picked.value) {
        entries[fs.dataset.id] = { message: fs.dataset.message, rule: fs.dataset.rule, status: picked.value };
        added += 1;
      }
    });
    return { entries: entries, added: added };
  }
  function sorted(obj) {  // keys in code-point order, as the Python writer sorts them
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) { return obj; }
    var out = {};
    Object.keys(obj).sort().forEach(function (k) { out[k] = sorted(obj[k]); });
    return out;
  }
  function baselineText() {
    var d = decisions();
    return JSON.stringify(sorted({ findings: d.entries, schema: "transcheck-baseline/1" }), null, 2) + "\n";
  }
  function updateCount() {
    if (!counter) { return; }
    var d = decisions();
    var reopened = document.querySelectorAll("input.reopen:checked").length;
    var parts = [];
    if (d.added) { parts.push(d.added + (d.added === 1 ? " new decision" : " new decisions")); }
    if (reopened) { parts.push(reopened + " reopened"); }
    counter.textContent = parts.length ? parts.join(", ") + "." : "No new decisions.";
  }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.closest && (t.closest("fieldset.triage") || t.classList.contains("reopen"))) {
      var article = t.closest(".finding");
      if (article) { article.classList.toggle("decided", !!t.value && t.checked); }
      updateCount();
    }
  });
  var button = document.getElementById("baseline-download");
  if (button) {
    button.addEventListener("click", function () {
      var blob = new Blob([baselineText()], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "transcheck-baseline.json";
      document.body.appendChild(link);
      link.click();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }
  window.transcheckBaseline = baselineText;  // for tests and the curious: the file's text
})();
