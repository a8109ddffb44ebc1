// The preview's live problem boxes (`mkdocs serve` only; see hooks/livepreview.py). Polls the handbook's problem
// list while a rebuild runs and redraws this page's boxes as hooks/preview.py's template draws them. The messages
// quote contributors' files: they are set as text (textContent), never parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var address = new URL("../../preview-problems.json", script.src).href;
  var seen = null, timer = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function where(p) { return p.line ? p.file + ":" + p.line : p.file; }
  function about(p) {
    var parts = [];
    if (p.language) parts.push("language '" + p.language + "'");
    if (p.principle) parts.push("principle '" + p.principle + "'");
    return parts.join(", ");
  }
  function plural(n) { return n === 1 ? "" : "s"; }
  function box(kind, cls, title) {
    var div = el("div", "admonition " + kind + " " + cls);
    div.setAttribute("data-search-exclude", "");
    div.lang = "en";
    div.appendChild(el("p", "admonition-title", title));
    div.appendChild(el("ul"));
    return div;
  }
  function item(p) {
    var li = el("li");
    li.appendChild(el("code", "", where(p)));
    li.appendChild(document.createTextNode((about(p) ? " [" + about(p) + "]" : "") + " " + p.message));
    li.appendChild(el("br"));
    li.appendChild(el("strong", "", "Fix:"));
    li.appendChild(document.createTextNode(" " + p.fix));
    return li;
  }
  function draw(list) {
    var content = document.querySelector("article.md-content__inner");
    if (!content) return;
    content.querySelectorAll(".hb-problems, .hb-problem-list").forEach(function (n) { n.remove(); });
    var all = list.problems, here = location.pathname, boxes = [];
    var own = all.filter(function (p) { return p.url && p.url === here; });
    var data = all.filter(function (p) { return p.data; });
    if (own.length) {
      boxes.push(box("failure", "hb-problems hb-page-problems",
        "This page has " + own.length + " problem" + plural(own.length) + " to fix"));
      own.forEach(function (p) { boxes[boxes.length - 1].lastChild.appendChild(item(p)); });
    }
    if (data.length) {
      boxes.push(box("failure", "hb-problems hb-data-problems", "The handbook's data files have " + data.length +
        " problem" + plural(data.length) + " (they affect every page)"));
      data.forEach(function (p) { boxes[boxes.length - 1].lastChild.appendChild(item(p)); });
    }
    if (all.length) {
      var short = box("warning", "hb-problem-list", "The handbook has " + all.length + " problem" +
        plural(all.length) + " to fix; the published build (");
      short.firstChild.appendChild(el("code", "", "mkdocs build"));
      short.firstChild.appendChild(document.createTextNode(") stops until they are fixed"));
      all.slice(0, list.shown).forEach(function (p) {
        var li = el("li"), code = el("code", "", where(p));
        if (p.url) { var a = el("a"); a.href = p.url; a.appendChild(code); li.appendChild(a); }
        else li.appendChild(code);
        li.appendChild(document.createTextNode(" " + p.message));
        short.lastChild.appendChild(li);
      });
      if (all.length > list.shown) {
        var more = el("li", "", "and " + (all.length - list.shown) + " more: the terminal that runs ");
        more.appendChild(el("code", "", "mkdocs serve"));
        more.appendChild(document.createTextNode(" lists them all."));
        short.lastChild.appendChild(more);
      }
      boxes.push(short);
    }
    // Where the server puts them: after the draft notice, else before the page's text (after the edit buttons).
    var after = content.querySelector(".hb-draft-notice");
    var before = after ? after.nextSibling : null;
    if (!after) {
      before = content.firstChild;
      while (before && before.classList && before.classList.contains("md-content__button")) before = before.nextSibling;
      while (before && before.nodeType === 3 && !before.textContent.trim()) before = before.nextSibling;
    }
    boxes.forEach(function (b) { content.insertBefore(b, before); });
  }
  function poll() {
    timer = -1;  // busy: a visibility change does not start a second loop
    fetch(address, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (list) {
      // Pages are served only between builds: a first answer from a finished build is the list the page was made
      // with; one from a build under way (a save since the page loaded) and each new list after it are drawn.
      if (seen === null ? list.building : list.digest !== seen) draw(list);
      seen = list.digest;
    }).catch(function () {}).then(function () {
      timer = null;
      schedule();
    });
  }
  function schedule() {
    if (!document.hidden && timer === null) timer = setTimeout(poll, 400);
  }
  document.addEventListener("visibilitychange", schedule);
  poll();
})();
