/* bitext review page: partner highlighting, term tooltips, flagged-only filter, n/p navigation.
   Text from the document is only ever read from data attributes / JSON and written with
   textContent, never parsed as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("bitext-data").textContent);
  var flagLabels = data.flagLabels || {};
  var body = document.body;
  var pinned = null;

  function partners(bead) {
    return document.querySelectorAll('.s[data-bead="' + CSS.escape(bead) + '"]');
  }
  function mark(bead, cls, on) {
    if (!bead) { return; }
    var els = partners(bead);
    for (var i = 0; i < els.length; i++) { els[i].classList.toggle(cls, on); }
  }
  function sentenceOf(el) { return el && el.closest ? el.closest(".s") : null; }

  /* ---- partner highlighting: hover, keyboard focus, click to pin -------------------------------- */
  var current = null;
  function highlight(bead) {
    if (bead === current) { return; }
    mark(current, "hl", false);
    current = bead;
    mark(current, "hl", true);
  }
  document.addEventListener("mouseover", function (e) {
    var s = sentenceOf(e.target);
    highlight(s ? s.getAttribute("data-bead") : null);
  });
  document.addEventListener("focusin", function (e) {
    var s = sentenceOf(e.target);
    if (s) { highlight(s.getAttribute("data-bead")); }
  });
  document.addEventListener("click", function (e) {
    var s = sentenceOf(e.target);
    var bead = s ? s.getAttribute("data-bead") : null;
    mark(pinned, "pin", false);
    pinned = bead && bead !== pinned ? bead : null;
    mark(pinned, "pin", true);
  });

  /* ---- tooltip for glossary terms and sentence alignment info --------------------------------- */
  var tip = document.getElementById("tooltip");
  function line(text, cls) {
    var div = document.createElement("div");
    div.className = cls || "tt-row";
    div.textContent = text;
    return div;
  }
  function labelled(label, value) {
    var div = document.createElement("div");
    div.className = "tt-row";
    var b = document.createElement("b");
    b.textContent = label + ": ";
    div.appendChild(b);
    div.appendChild(document.createTextNode(value));
    return div;
  }
  function fillTerm(m) {
    var d = m.dataset;
    tip.appendChild(line(d.zh + " → " + d.en, "tt-title"));
    /* d.label names what d.en is (official, or a project choice): never call a project choice official. */
    var label = d.label.charAt(0).toUpperCase() + d.label.slice(1);
    if (d.status === "wrong") {
      tip.appendChild(line("Rendering to avoid used: " + d.avoided, "tt-bad"));
    }
    if (d.status === "missing" || (d.status === "wrong" && !d.rendering)) {
      tip.appendChild(line(label + " missing from the English", "tt-bad"));
    } else if (d.rendering && d.rendering.toLowerCase() !== d.en.toLowerCase()) {
      tip.appendChild(line("Rendered as an accepted variant: " + d.rendering, "tt-ok"));
    } else {
      tip.appendChild(line(label + " used", "tt-ok"));
    }
    if (d.category) { tip.appendChild(labelled("Category", d.category)); }
    if (d.source) { tip.appendChild(labelled("Source", d.source)); }
    if (d.note) { tip.appendChild(labelled("Note", d.note)); }
  }
  function fillSentence(s) {
    var d = s.dataset;
    var text = "Alignment " + (d.shape || "?");
    if (d.score) { text += " · score " + d.score; }
    tip.appendChild(line(text, "tt-title"));
    (d.flags || "").split(" ").forEach(function (f) {
      if (f) { tip.appendChild(line(flagLabels[f] || f, "tt-bad")); }
    });
  }
  function showTip(target) {
    var m = target.closest ? target.closest("mark.term") : null;
    var s = m ? null : sentenceOf(target);
    if (s && !s.dataset.flags) { s = null; }  /* only flagged sentences explain themselves */
    if (!m && !s) { tip.hidden = true; return; }
    tip.textContent = "";
    if (m) { fillTerm(m); } else { fillSentence(s); }
    tip.hidden = false;
    var r = (m || s).getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var y = r.bottom + 8;
    if (y + h > window.innerHeight - 8) { y = Math.max(8, r.top - h - 8); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  document.addEventListener("mouseover", function (e) { showTip(e.target); });
  document.addEventListener("focusin", function (e) { showTip(e.target); });
  document.addEventListener("focusout", function () { tip.hidden = true; });
  window.addEventListener("scroll", function () { tip.hidden = true; }, { passive: true });

  /* ---- flagged-only filter and n/p navigation ------------------------------------------------- */
  var toggle = document.getElementById("only-flagged");
  var flagged = Array.prototype.slice.call(document.querySelectorAll(".row.flagged"));
  var position = document.getElementById("flag-position");
  var emptyNote = document.getElementById("empty-filter");
  var at = -1;

  function applyFilter() {
    body.classList.toggle("only-flagged", toggle.checked);
    emptyNote.hidden = !(toggle.checked && flagged.length === 0);
  }
  toggle.addEventListener("change", applyFilter);

  function go(step) {
    if (!flagged.length) { position.textContent = "no flagged paragraphs"; return; }
    if (at >= 0) { flagged[at].classList.remove("current"); }
    at = at < 0 ? (step > 0 ? 0 : flagged.length - 1) : (at + step + flagged.length) % flagged.length;
    var row = flagged[at];
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center", behavior: "auto" });
    position.textContent = "flagged " + (at + 1) + " of " + flagged.length;
  }
  document.getElementById("next-flag").addEventListener("click", function (e) { e.stopPropagation(); go(1); });
  document.getElementById("prev-flag").addEventListener("click", function (e) { e.stopPropagation(); go(-1); });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" && t.type !== "checkbox" || t.tagName === "TEXTAREA" || t.isContentEditable)) { return; }
    if (e.key === "n" || e.key === "j") { go(1); e.preventDefault(); }
    else if (e.key === "p" || e.key === "k") { go(-1); e.preventDefault(); }
    else if (e.key === "f") { toggle.checked = !toggle.checked; applyFilter(); e.preventDefault(); }
    else if (e.key === "Escape") { mark(pinned, "pin", false); pinned = null; tip.hidden = true; }
    else if ((e.key === "Enter" || e.key === " ") && sentenceOf(t)) { t.click(); e.preventDefault(); }
  });

  applyFilter();
})();
