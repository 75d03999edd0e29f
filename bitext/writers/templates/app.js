/* bitext review page: partner highlighting, term tooltips, search, filters and navigation by flag,
   and the reviewer's loop (edit, approve, reject, comment, re-pair, undo, export as TMX + JSON).

   Text from the document or typed by the reviewer is only ever read from data attributes / JSON /
   textContent / form values and written with textContent, createTextNode or setAttribute: never parsed
   as HTML. The exported TMX is built with XML DOM APIs and XMLSerializer, which escape it. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("bitext-data").textContent);
  var flagLabels = data.flagLabels || {};
  var flagTitles = data.flagTitles || {};
  var body = document.body;
  var XML_NS = "http://www.w3.org/XML/1998/namespace";
  var SID = /^(p\d+)-(zh|en)(\d+)$/;
  // Re-pairing fixes what these flags complain about; the others stay with the text.
  var ALIGNMENT_FLAGS = { "low-alignment-confidence": true, "unaligned": true };
  // Characters XML 1.0 forbids: a single one makes a CAT tool reject the whole TMX.
  var XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  function $(id) { return document.getElementById(id); }
  function sentenceOf(el) { return el && el.closest ? el.closest(".s") : null; }
  function xmlText(s) { return String(s).replace(XML_INVALID, "$1"); }
  function oneLine(s) { return xmlText(s).replace(/\s+/g, " ").trim(); }
  function nowStamp() { return new Date().toISOString(); }

  /* ---- model: paragraphs, their sentences and sentence pairs ----------------------------------- */
  var paras = {};  // pid -> paragraph
  var order = [];  // pids in reading order
  var zhLang = "zh-Hans";

  function textsAndGaps(container, side) {
    // Sentence elements by number, and the text between sentence i and i + 1, in reading order.
    var els = [], gaps = [], last = -1;
    var nodes = container.querySelectorAll(".cell." + side + " .s, .cell." + side + " .gap");
    for (var n = 0; n < nodes.length; n++) {
      var node = nodes[n];
      if (node.classList.contains("gap")) {
        if (last >= 0) { gaps[last] = (gaps[last] || "") + node.textContent; }
        continue;
      }
      var m = SID.exec(node.id);
      if (!m) { continue; }
      last = +m[3];
      els[last] = node;
    }
    return { els: els, gaps: gaps };
  }

  function initParagraph(pid) {
    var container = $(pid);
    if (!container) { return; }
    var zh = textsAndGaps(container, "zh"), en = textsAndGaps(container, "en");
    var cell = container.querySelector(".cell.zh");
    if (cell) { zhLang = cell.getAttribute("lang") || zhLang; }
    var para = {
      id: pid,
      number: pid.slice(1),
      container: container,
      pairRows: container.classList.contains("para-group"),
      zh: zh.els, en: en.els, zhGap: zh.gaps, enGap: en.gaps,
      orig: data.pairs[pid].map(function (a, k) {
        return { zh: a[0], en: a[1], flags: a[2], origin: a[3], k: k };
      }),
      pairs: [], zhPair: [], enPair: [],
      // what sits before each sentence in its cell (pair rows move both together when re-paired)
      before: {}, trailing: {}
    };
    ["zh", "en"].forEach(function (side) {
      para[side].forEach(function (el) {
        if (el && el.previousSibling && el.previousSibling.classList && el.previousSibling.classList.contains("gap")) {
          para.before[el.id] = el.previousSibling;
        }
      });
      var list = para[side];
      var lastEl = list[list.length - 1];
      if (lastEl && lastEl.nextSibling && lastEl.nextSibling.classList && lastEl.nextSibling.classList.contains("gap")) {
        para.trailing[side] = lastEl.nextSibling;
      }
    });
    para.origText = {};
    para.en.forEach(function (el) { if (el) { para.origText[el.id] = el.textContent; } });
    // The original pair of each key and of each sentence, for pairs a reviewer re-forms.
    para.origByKey = {};
    para.zhOrig = [];
    para.enOrig = [];
    para.orig.forEach(function (o) {
      para.origByKey[pairKey(pid, o.zh, o.en)] = o;
      var first = para[o.zh.length ? "zh" : "en"][(o.zh.length ? o.zh : o.en)[0]];
      o.score = first ? first.getAttribute("data-score") : null;
      o.zh.forEach(function (i) { para.zhOrig[i] = o; });
      o.en.forEach(function (i) { para.enOrig[i] = o; });
    });
    setPairs(para, para.orig);
    paras[pid] = para;
    order.push(pid);
  }

  function pairKey(pid, zh, en) { return pid + ":" + zh.join(".") + "/" + en.join("."); }
  function tuid(pair) { return pair.pid + "-z" + pair.zh.join("_") + "-e" + pair.en.join("_"); }

  function setPairs(para, list) {
    para.pairs = list.map(function (p, k) {
      return { pid: para.id, k: k, zh: p.zh.slice(), en: p.en.slice(), flags: p.flags || [],
               origin: p.origin || "mt", key: pairKey(para.id, p.zh, p.en) };
    });
    para.zhPair = []; para.enPair = []; para.byKey = {};
    para.pairs.forEach(function (pair) {
      para.byKey[pair.key] = pair;
      pair.zh.forEach(function (i) { para.zhPair[i] = pair.k; });
      pair.en.forEach(function (i) { para.enPair[i] = pair.k; });
    });
  }

  function locate(el) {
    var m = el && SID.exec(el.id);
    if (!m || !paras[m[1]]) { return null; }
    return { para: paras[m[1]], side: m[2], i: +m[3] };
  }
  function pairOf(el) {
    var at = locate(el);
    if (!at) { return null; }
    var k = (at.side === "zh" ? at.para.zhPair : at.para.enPair)[at.i];
    return k === undefined ? null : at.para.pairs[k];
  }
  function els(pair, side) {
    var para = paras[pair.pid];
    return pair[side].map(function (i) { return para[side][i]; }).filter(Boolean);
  }
  function pairEls(pair) { return els(pair, "zh").concat(els(pair, "en")); }
  function label(pair) { return "¶" + paras[pair.pid].number + "." + (pair.k + 1); }
  function rowOf(pair) {
    var first = pairEls(pair)[0];
    return first ? first.closest(".row") : null;
  }
  function eachPair(fn) {
    for (var n = 0; n < order.length; n++) {
      var pairs = paras[order[n]].pairs;
      for (var k = 0; k < pairs.length; k++) { fn(pairs[k]); }
    }
  }

  /* ---- review state, kept in this browser per document version ----------------------------------- */
  var storeKey = "bitext-review:v1:" + data.document + ":" + data.hash;
  var storageOk = true;
  function emptyState() { return { v: 1, edits: {}, status: {}, comments: {}, pairing: {} }; }
  function loadState() {
    var raw = null;
    try { raw = window.localStorage.getItem(storeKey); } catch (err) { storageOk = false; }
    if (!raw) { return emptyState(); }
    try {
      var s = JSON.parse(raw);
      var fresh = emptyState();
      ["edits", "status", "comments", "pairing"].forEach(function (part) {
        if (s && s[part] && typeof s[part] === "object") { fresh[part] = s[part]; }
      });
      return sanitize(fresh);
    } catch (err) {
      return emptyState();
    }
  }
  function sanitize(s) {
    // Whatever the store holds, only what fits this page is used.
    Object.keys(s.edits).forEach(function (seg) {
      var at = locate($(seg));
      var e = s.edits[seg];
      if (!at || at.side !== "en" || !e || typeof e.text !== "string") { delete s.edits[seg]; }
    });
    Object.keys(s.pairing).forEach(function (pid) {
      var p = s.pairing[pid];
      if (!paras[pid] || !p || !validPairing(paras[pid], p.pairs)) { delete s.pairing[pid]; }
    });
    ["status", "comments"].forEach(function (part) {
      Object.keys(s[part]).forEach(function (key) {
        var v = s[part][key];
        var ok = v && (part === "status" ? v.value === "approved" || v.value === "rejected" : typeof v.text === "string");
        if (!ok) { delete s[part][key]; }
      });
    });
    return s;
  }
  function validPairing(para, list) {
    if (!Array.isArray(list) || !list.length) { return false; }
    var next = { zh: 0, en: 0 };
    for (var k = 0; k < list.length; k++) {
      var p = list[k];
      if (!p || !Array.isArray(p[0]) || !Array.isArray(p[1]) || !(p[0].length + p[1].length)) { return false; }
      for (var s = 0; s < 2; s++) {
        var side = s ? "en" : "zh";
        for (var j = 0; j < p[s].length; j++) {
          if (p[s][j] !== next[side]) { return false; }  // every sentence once, in order
          next[side]++;
        }
      }
    }
    return next.zh === para.zh.length && next.en === para.en.length;
  }
  function save() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(state));
      storageOk = true;
    } catch (err) {
      storageOk = false;
      say("This browser does not let the page keep your changes: export them before closing it.");
    }
  }

  /* ---- applying state to the page ----------------------------------------------------------------- */
  var saved = {};  // seg -> the sentence's original child nodes (term marks included)

  function setText(seg, edit) {
    var el = $(seg);
    if (!el) { return; }
    if (!edit) {
      if (saved[seg]) {
        el.textContent = "";
        saved[seg].forEach(function (node) { el.appendChild(node); });
        delete saved[seg];
      }
      el.classList.remove("edited");
      el.setAttribute("data-origin", el.getAttribute("data-first-origin") || "mt");
      return;
    }
    if (!saved[seg]) {
      saved[seg] = Array.prototype.slice.call(el.childNodes);
      el.setAttribute("data-first-origin", el.getAttribute("data-origin") || "mt");
    }
    el.textContent = edit.text;
    el.classList.add("edited");
    el.setAttribute("data-origin", "review");
  }

  function pairingOf(para, s) {
    var stored = s.pairing[para.id];
    if (!stored) { return para.orig; }
    return stored.pairs.map(function (p) { return repairedPair(para, p[0], p[1]); });
  }
  function repairedPair(para, zh, en) {
    var same = para.origByKey[pairKey(para.id, zh, en)];
    if (same) { return same; }
    var flags = {};
    var origins = {};
    zh.forEach(function (i) { para.zhOrig[i].flags.forEach(function (f) { flags[f] = 1; }); });
    en.forEach(function (i) {
      var o = para.enOrig[i];
      o.flags.forEach(function (f) { flags[f] = 1; });
      origins[o.origin] = 1;
    });
    var list = Object.keys(flags).filter(function (f) { return !ALIGNMENT_FLAGS[f]; });
    if (!zh.length || !en.length) { list.push("unaligned"); }
    var kinds = Object.keys(origins);
    return { zh: zh, en: en, flags: list, origin: kinds.length === 1 ? kinds[0] : "mt", repaired: true };
  }

  function applyPairing(para) {
    // Returns the keys of the pairs that are new; pairs that stay keep their elements and bead ids.
    var focused = document.activeElement;
    var old = para.byKey, oldList = para.pairs;
    setPairs(para, pairingOf(para, state));
    var fresh = para.pairs.filter(function (pair) { return !old[pair.key]; });
    fresh.forEach(function (pair) {
      var shape = pair.zh.length + ":" + pair.en.length;
      var bead = para.id + "-z" + pair.zh.join(".") + "-e" + pair.en.join(".");
      var score = para.origByKey[pair.key] ? para.origByKey[pair.key].score : null;  // as first shown
      pairEls(pair).forEach(function (el) {
        el.setAttribute("data-bead", bead);
        el.setAttribute("data-shape", shape);
        if (pair.flags.length) { el.setAttribute("data-flags", pair.flags.join(" ")); }
        else { el.removeAttribute("data-flags"); }
        el.classList.toggle("s-flagged", pair.flags.length > 0);
        if (score) { el.setAttribute("data-score", score); } else { el.removeAttribute("data-score"); }
      });
    });
    if (para.pairRows) { layoutPairRows(para, oldList); }
    if (focused && focused !== document.activeElement && document.contains(focused)) {
      focused.focus({ preventScroll: true });
    }
    return fresh.map(function (pair) { return pair.key; });
  }

  function chip(flag) {
    var span = document.createElement("span");
    span.className = "chip flag-" + flag;
    span.title = flagTitles[flag] || flag;
    span.textContent = flagLabels[flag] || flag;
    return span;
  }

  function pairRow(para, pair) {
    var row = document.createElement("article");
    row.className = "row pair-row" + (pair.flags.length ? " flagged" : "");
    row.tabIndex = -1;
    row.setAttribute("data-p", para.id);
    if (pair.flags.length) { row.setAttribute("data-flags", pair.flags.join(" ")); }
    var gutter = document.createElement("div");
    gutter.className = "gutter";
    var num = document.createElement("span");
    num.className = "pnum";
    gutter.appendChild(num);
    pair.flags.forEach(function (f) { gutter.appendChild(chip(f)); });
    row.appendChild(gutter);
    ["zh", "en"].forEach(function (side) {
      var cell = document.createElement("div");
      cell.className = "cell " + side;
      cell.setAttribute("lang", side === "zh" ? zhLang : "en");
      pair[side].forEach(function (i) {
        var el = para[side][i];
        if (!el) { return; }
        if (para.before[el.id]) { cell.appendChild(para.before[el.id]); }
        cell.appendChild(el);
        if (i === para[side].length - 1 && para.trailing[side]) { cell.appendChild(para.trailing[side]); }
      });
      if (!pair[side].length) {
        var none = document.createElement("span");
        none.className = "placeholder";
        none.textContent = side === "zh" ? "no Chinese" : "no English";
        cell.appendChild(none);
      }
      row.appendChild(cell);
    });
    return row;
  }

  function layoutPairRows(para, oldList) {
    // One row per pair. Rows of pairs that stay are kept (renumbered); new pairs get rows built here,
    // into which their sentence elements (and the text before each) move.
    var rows = para.container.querySelectorAll("article.pair-row");
    var keep = {};
    for (var n = 0; n < rows.length; n++) {
      var k = rows[n].getAttribute("data-pair");
      var was = k !== null ? oldList[+k] : null;
      if (was && para.byKey[was.key]) { keep[was.key] = rows[n]; } else { rows[n].remove(); }
    }
    var previous = para.container.querySelector(".para-head");
    para.pairs.forEach(function (pair) {
      var row = keep[pair.key] || pairRow(para, pair);
      if (previous.nextSibling !== row) { para.container.insertBefore(row, previous.nextSibling); }
      var id = para.id + "-r" + pair.k;
      if (row.id !== id) {
        row.id = id;
        row.setAttribute("data-pair", String(pair.k));
        row.querySelector(".pnum").textContent = label(pair);
      }
      previous = row;
    });
  }
  function decorate(pair) {
    var st = state.status[pair.key];
    var value = st ? st.value : "";
    var commented = !!state.comments[pair.key];
    pairEls(pair).forEach(function (el) {
      el.classList.toggle("approved", value === "approved");
      el.classList.toggle("rejected", value === "rejected");
      el.classList.toggle("commented", commented);
    });
  }

  function renderComments(row) {
    if (!row) { return; }
    var para = paras[row.getAttribute("data-p")];
    if (!para) { return; }
    var old = row.querySelector(".comments");
    if (old) { old.remove(); }
    var k = row.getAttribute("data-pair");
    var pairs = k === null ? para.pairs : [para.pairs[+k]].filter(Boolean);
    var list = pairs.filter(function (pair) { return state.comments[pair.key]; });
    if (!list.length) { return; }
    var box = document.createElement("aside");
    box.className = "comments";
    list.forEach(function (pair) {
      var p = document.createElement("p");
      p.className = "comment";
      var b = document.createElement("span");
      b.className = "comment-label";
      b.textContent = label(pair) + " comment";
      p.appendChild(b);
      p.appendChild(document.createTextNode(" " + state.comments[pair.key].text));
      box.appendChild(p);
    });
    var cell = row.querySelector(".cell.en") || row;
    cell.appendChild(box);
  }

  function pidOfKey(key) { return key.slice(0, key.indexOf(":")); }

  function sync(prev, next) {
    // Bring the page from state ``prev`` to state ``next``, touching only the pairs that changed.
    var keys = {};
    Object.keys(Object.assign({}, prev.pairing, next.pairing)).forEach(function (pid) {
      if (paras[pid] && JSON.stringify(prev.pairing[pid] && prev.pairing[pid].pairs) !==
          JSON.stringify(next.pairing[pid] && next.pairing[pid].pairs)) {
        applyPairing(paras[pid]).forEach(function (key) { keys[key] = true; });
      }
    });
    Object.keys(Object.assign({}, prev.edits, next.edits)).forEach(function (seg) {
      var a = prev.edits[seg], b = next.edits[seg];
      if (!a !== !b || (a && a.text) !== (b && b.text)) {
        setText(seg, b);
        var pair = pairOf($(seg));
        if (pair) { keys[pair.key] = true; }
      }
    });
    ["status", "comments"].forEach(function (part) {
      Object.keys(Object.assign({}, prev[part], next[part])).forEach(function (key) {
        if (JSON.stringify(prev[part][key]) !== JSON.stringify(next[part][key])) { keys[key] = true; }
      });
    });
    var rows = [];
    Object.keys(keys).forEach(function (key) {
      var para = paras[pidOfKey(key)], pair = para && para.byKey[key];
      if (!pair) { return; }
      decorate(pair);
      var row = rowOf(pair);
      if (row && rows.indexOf(row) < 0) { rows.push(row); }
    });
    rows.forEach(renderComments);
    refreshCounts();
    refreshFilter();
    showSelected();
  }

  /* ---- what each pair is: edited, approved, rejected, still to review ---------------------------- */
  function review(pair) {
    var para = paras[pair.pid];
    var edited = pair.en.some(function (i) { var el = para.en[i]; return el && state.edits[el.id]; });
    var repaired = !!state.pairing[pair.pid] && !para.origByKey[pair.key];
    var st = state.status[pair.key];
    return { edited: edited, repaired: repaired, status: st ? st.value : null,
             comment: state.comments[pair.key] ? state.comments[pair.key].text : null };
  }
  function refreshCounts() {
    var c = { edited: 0, approved: 0, rejected: 0, todo: 0 };
    eachPair(function (pair) {
      var r = review(pair);
      if (r.edited || r.repaired) { c.edited++; }
      if (r.status === "approved") { c.approved++; }
      if (r.status === "rejected") { c.rejected++; }
      if (!r.edited && !r.repaired && !r.status) { c.todo++; }
    });
    $("count-edited").textContent = c.edited;
    $("count-approved").textContent = c.approved;
    $("count-rejected").textContent = c.rejected;
    $("count-todo").textContent = c.todo;
    return c;
  }

  /* ---- changes and undo ---------------------------------------------------------------------------- */
  var state = emptyState();
  var history = [];
  var undoButton = $("act-undo");

  function change(what, mutate) {
    var before = JSON.stringify(state);
    var prev = JSON.parse(before);
    mutate(state);
    if (JSON.stringify(state) === before) { return false; }
    history.push({ state: before, what: what });
    if (history.length > 500) { history.shift(); }
    undoButton.disabled = false;
    save();
    sync(prev, state);
    say(what);
    return true;
  }
  function undo() {
    var last = history.pop();
    undoButton.disabled = !history.length;
    if (!last) { say("Nothing to undo."); return; }
    var prev = state;
    state = JSON.parse(last.state);
    save();
    sync(prev, state);
    say("Undone: " + last.what);
  }

  var statusTimer = null;
  function say(text) {
    var el = $("status");
    el.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { el.textContent = ""; }, 8000);
  }

  /* ---- actions on a pair ------------------------------------------------------------------------- */
  function setStatus(pair, value) {
    var current = state.status[pair.key];
    var next = current && current.value === value ? null : value;  // pressing again takes it back
    change((next ? (value === "approved" ? "Approved " : "Rejected ") : "Cleared ") + label(pair), function (s) {
      if (next) { s.status[pair.key] = { value: next, at: nowStamp() }; } else { delete s.status[pair.key]; }
    });
  }

  function currentPairing(para) {
    return para.pairs.map(function (p) { return [p.zh.slice(), p.en.slice()]; });
  }
  function commitPairing(para, list, what) {
    list = list.filter(function (p) { return p[0].length + p[1].length; });
    var oldPairs = para.pairs.slice();
    change(what, function (s) {
      var same = list.length === para.orig.length && list.every(function (p, k) {
        return pairKey(para.id, p[0], p[1]) === pairKey(para.id, para.orig[k].zh, para.orig[k].en);
      });
      if (same) { delete s.pairing[para.id]; } else { s.pairing[para.id] = { pairs: list, at: nowStamp() }; }
      // A pair that no longer exists loses its verdict (it must be looked at again); its comment moves to
      // the pair that now holds its first sentence.
      var newKeys = list.map(function (p) { return pairKey(para.id, p[0], p[1]); });
      oldPairs.forEach(function (old) {
        if (newKeys.indexOf(old.key) >= 0) { return; }
        delete s.status[old.key];
        var comment = s.comments[old.key];
        if (!comment) { return; }
        delete s.comments[old.key];
        var side = old.zh.length ? 0 : 1, first = (old.zh.length ? old.zh : old.en)[0];
        for (var k = 0; k < list.length; k++) {
          if (list[k][side].indexOf(first) >= 0) {
            var key = newKeys[k];
            s.comments[key] = s.comments[key]
              ? { text: s.comments[key].text + "\n" + comment.text, at: comment.at } : comment;
            break;
          }
        }
      });
    });
  }

  function join(el, step) {
    var at = locate(el), pair = pairOf(el);
    if (!at || !pair) { return; }
    var para = at.para, list = currentPairing(para), k = pair.k, side = at.side === "zh" ? 0 : 1;
    var target = k + step;
    if (target < 0 || target >= list.length) {
      say("No " + (step < 0 ? "previous" : "next") + " pair in this paragraph.");
      return;
    }
    var mine = list[k][side], pos = mine.indexOf(at.i);
    // The sentence takes the ones between it and the other pair along, so both pairs stay in order.
    var moved = step < 0 ? mine.slice(0, pos + 1) : mine.slice(pos);
    list[k][side] = step < 0 ? mine.slice(pos + 1) : mine.slice(0, pos);
    list[target][side] = step < 0 ? list[target][side].concat(moved) : moved.concat(list[target][side]);
    commitPairing(para, list, "Joined " + (moved.length > 1 ? moved.length + " sentences" : "a sentence") +
      " to the " + (step < 0 ? "previous" : "next") + " pair (" + label(pair) + ")");
    el.focus({ preventScroll: true });
    select(el);
  }

  function split(el) {
    var pair = pairOf(el);
    if (!pair) { return; }
    var n = Math.max(pair.zh.length, pair.en.length);
    if (n < 2) { say(label(pair) + " has one sentence a side: nothing to split."); return; }
    var para = paras[pair.pid], list = currentPairing(para), parts = [];
    for (var j = 0; j < n; j++) {
      parts.push([j < pair.zh.length ? [pair.zh[j]] : [], j < pair.en.length ? [pair.en[j]] : []]);
    }
    list.splice.apply(list, [pair.k, 1].concat(parts));
    commitPairing(para, list, "Split " + label(pair) + " into " + n + " pairs");
    el.focus({ preventScroll: true });
    select(el);
  }

  /* ---- inline editors (sentence text, comments) -------------------------------------------------- */
  var editing = null;

  function openBox(after, value, opts) {
    if (editing) { editing.finish(true, false); }
    var box = document.createElement("textarea");
    box.className = "editor" + (opts.comment ? " comment-editor" : "");
    box.value = value;
    box.setAttribute("aria-label", opts.label);
    box.setAttribute("rows", String(Math.max(1, Math.min(8, Math.ceil(value.length / 70)))));
    if (opts.placeholder) { box.setAttribute("placeholder", opts.placeholder); }
    box.spellcheck = !opts.comment;
    after.parentNode.insertBefore(box, after.nextSibling);
    if (opts.hide) { after.hidden = true; }
    var done = false;
    var session = {
      finish: function (commit, refocus) {
        if (done) { return; }
        done = true;
        editing = null;
        var text = box.value;
        box.remove();
        if (opts.hide) { after.hidden = false; }
        // Enter / Esc go back to the sentence; leaving the field leaves the focus where it went.
        if (refocus) { opts.focus.focus({ preventScroll: true }); }
        if (commit) { opts.commit(text); }
      }
    };
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); session.finish(false, true); }
      else if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault(); e.stopPropagation(); session.finish(true, true);
      }
    });
    box.addEventListener("blur", function () { session.finish(true, false); });
    editing = session;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    return session;
  }

  function englishFor(el) {
    // The English sentence a double-click or Enter on ``el`` should edit.
    var at = locate(el);
    if (!at) { return null; }
    if (at.side === "en") { return el; }
    var pair = pairOf(el);
    var list = pair ? els(pair, "en") : [];
    return list[0] || null;
  }

  function edit(el) {
    var target = englishFor(el);
    if (!target) { say("This pair has no English sentence to edit."); return; }
    var seg = target.id;
    var para = locate(target).para;
    openBox(target, target.textContent, {
      label: "Correct the English sentence (Enter keeps it, Esc cancels)",
      hide: true,
      focus: target,
      commit: function (text) {
        var clean = oneLine(text);
        var original = para.origText[seg];
        var current = state.edits[seg] ? state.edits[seg].text : original;
        if (clean === current) { return; }
        var pair = pairOf(target);
        change("Edited " + (pair ? label(pair) : seg), function (s) {
          if (clean === oneLine(original)) { delete s.edits[seg]; }
          else { s.edits[seg] = { text: clean, at: nowStamp() }; }
        });
      }
    });
  }

  function comment(el) {
    var pair = pairOf(el);
    if (!pair) { return; }
    var list = els(pair, "en");
    if (!list.length) { list = els(pair, "zh"); }
    var after = list[list.length - 1];
    var existing = state.comments[pair.key] ? state.comments[pair.key].text : "";
    openBox(after, existing, {
      label: "Comment on " + label(pair) + " (Enter keeps it, Shift+Enter new line, Esc cancels)",
      placeholder: "Comment on " + label(pair),
      comment: true,
      focus: el,
      commit: function (text) {
        var clean = xmlText(text).replace(/\r\n?/g, "\n").trim();
        if (clean === existing) { return; }
        change((clean ? "Commented on " : "Removed the comment on ") + label(pair), function (s) {
          if (clean) { s.comments[pair.key] = { text: clean, at: nowStamp() }; } else { delete s.comments[pair.key]; }
        });
      }
    });
  }

  /* ---- partner highlighting: hover, keyboard focus, click to pin ------------------------------- */
  var current = null, pinned = null, selected = null;

  function groupOf(el) {
    var pair = pairOf(el);
    return pair ? pairEls(pair) : [el];
  }
  function mark(list, cls, on) {
    if (!list) { return; }
    for (var i = 0; i < list.length; i++) { list[i].classList.toggle(cls, on); }
  }
  function highlight(el) {
    var list = el ? groupOf(el) : null;
    if (current && list && current[0] === list[0] && current.length === list.length) { return; }
    mark(current, "hl", false);
    current = list;
    mark(current, "hl", true);
  }
  function pin(el) {
    var list = el ? groupOf(el) : null;
    var same = pinned && list && pinned[0] === list[0];
    mark(pinned, "pin", false);
    pinned = list && !same ? list : null;
    mark(pinned, "pin", true);
  }
  function select(el) {
    selected = el;
    showSelected();
  }
  function selectedEl() {
    return selected && document.contains(selected) ? selected : null;
  }
  function showSelected() {
    var el = selectedEl();
    var pair = el ? pairOf(el) : null;
    var text = "no pair selected";
    var r = pair ? review(pair) : null;
    if (pair) {
      text = label(pair) + " · " + pair.zh.length + ":" + pair.en.length;
      if (r.status) { text += " · " + r.status; }
      if (r.edited || r.repaired) { text += " · edited"; }
    }
    $("selected-pair").textContent = text;
    $("act-approve").setAttribute("aria-pressed", String(!!r && r.status === "approved"));
    $("act-reject").setAttribute("aria-pressed", String(!!r && r.status === "rejected"));
  }

  // Where a tapped sentence's counterpart is off-screen (a phone shows one column), bring it into view.
  var toolbar = document.querySelector(".toolbar");
  function reveal(el) {
    var at = locate(el), pair = pairOf(el);
    if (!at || !pair) { return; }
    var others = els(pair, at.side === "zh" ? "en" : "zh");
    if (!others.length) { return; }
    var top = Math.max(0, toolbar.getBoundingClientRect().bottom) + 8;
    var bottom = window.innerHeight - 8;
    var a = others[0].getBoundingClientRect(), b = others[others.length - 1].getBoundingClientRect();
    if (a.top >= top && b.bottom <= bottom) { return; }
    var dy = a.top < top ? a.top - top : Math.min(b.bottom - bottom, a.top - top);
    window.scrollBy(0, dy);
  }

  document.addEventListener("mouseover", function (e) {
    highlight(sentenceOf(e.target));
  });
  // A pointer focuses on press but clicks on release: scrolling in between would lose the click.
  var pressing = false;
  document.addEventListener("pointerdown", function () { pressing = true; }, true);
  document.addEventListener("keydown", function () { pressing = false; }, true);
  document.addEventListener("focusin", function (e) {
    var s = sentenceOf(e.target);
    if (s) { highlight(s); select(s); if (!pressing) { reveal(s); } }
  });
  document.addEventListener("click", function (e) {
    pressing = false;
    var s = sentenceOf(e.target);
    if (e.target.closest && e.target.closest(".toolbar, textarea")) { return; }
    pin(s);
    if (s) { select(s); reveal(s); }
  });
  document.addEventListener("dblclick", function (e) {
    var s = sentenceOf(e.target);
    if (!s || !locate(s)) { return; }
    var sel = window.getSelection ? window.getSelection() : null;
    if (sel) { sel.removeAllRanges(); }
    select(s);
    edit(s);
  });

  /* ---- tooltip for glossary terms and sentence pairs ---------------------------------------- */
  var tip = $("tooltip");
  function line(text, cls) {
    var div = document.createElement("div");
    div.className = cls || "tt-row";
    div.textContent = text;
    return div;
  }
  function labelled(name, value) {
    var div = document.createElement("div");
    div.className = "tt-row";
    var b = document.createElement("b");
    b.textContent = name + ": ";
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
  function fillSentence(s, r) {
    var d = s.dataset;
    var text = "Alignment " + (d.shape || "?");
    if (d.score) { text += " · score " + d.score; }
    tip.appendChild(line(text, "tt-title"));
    (d.flags || "").split(" ").forEach(function (f) {
      if (f) { tip.appendChild(line(flagLabels[f] || f, "tt-bad")); }
    });
    if (r && r.status) { tip.appendChild(line(r.status === "approved" ? "Approved" : "Rejected", r.status === "approved" ? "tt-ok" : "tt-bad")); }
    if (r && r.comment) { tip.appendChild(labelled("Comment", r.comment)); }
  }
  function showTip(target) {
    var m = target.closest ? target.closest("mark.term") : null;
    var s = m ? null : sentenceOf(target);
    var pair = s ? pairOf(s) : null;
    var r = pair ? review(pair) : null;
    // only sentences with something to say explain themselves
    if (s && !s.dataset.flags && !(r && (r.status || r.comment))) { s = null; }
    if (!m && !s) { tip.hidden = true; return; }
    tip.textContent = "";
    if (m) { fillTerm(m); } else { fillSentence(s, r); }
    tip.hidden = false;
    tipAnchor = m || s;
    placeTip();
  }
  var tipAnchor = null, tipFrame = 0;
  function placeTip() {
    tipFrame = 0;
    if (tip.hidden || !tipAnchor) { return; }
    var rect = tipAnchor.getBoundingClientRect();
    if (rect.bottom < 0 || rect.top > window.innerHeight || !document.contains(tipAnchor)) {
      tip.hidden = true;  // its sentence scrolled away
      return;
    }
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = Math.max(8, Math.min(rect.left, window.innerWidth - w - 8));
    var y = rect.bottom + 8;
    if (y + h > window.innerHeight - 8) { y = Math.max(8, rect.top - h - 8); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  document.addEventListener("mouseover", function (e) { showTip(e.target); });
  document.addEventListener("focusin", function (e) { showTip(e.target); });
  document.addEventListener("focusout", function () { tip.hidden = true; });
  // The tooltip follows its sentence when the page scrolls (long rows settle in as they are laid out).
  window.addEventListener("scroll", function () {
    if (!tip.hidden && !tipFrame) { tipFrame = requestAnimationFrame(placeTip); }
  }, { passive: true });

  /* ---- pairs of a kind: filter, n/p navigation ------------------------------------------------ */
  var kindSelect = $("flag-type");
  var toggle = $("only-flagged");
  var position = $("flag-position");
  var emptyNote = $("empty-filter");

  function matches(pair, kind) {
    var r;
    switch (kind) {
      case "any": return pair.flags.length > 0;
      case "todo": r = review(pair); return !r.edited && !r.repaired && !r.status;
      case "edited": r = review(pair); return r.edited || r.repaired;
      case "approved": return review(pair).status === "approved";
      case "rejected": return review(pair).status === "rejected";
      case "commented": return !!state.comments[pair.key];
      default: return pair.flags.indexOf(kind) >= 0;
    }
  }
  function kindName() {
    var opt = kindSelect.options[kindSelect.selectedIndex];
    return kindSelect.value === "any" ? "flagged" : opt.textContent;
  }
  function matching() {
    var list = [], kind = kindSelect.value;
    eachPair(function (pair) { if (matches(pair, kind)) { list.push(pair); } });
    return list;
  }
  var filtered = [];  // rows hidden and sentences dimmed by the filter
  function refreshFilter() {
    var kind = kindSelect.value;
    var list = matching();
    $("match-count").textContent = "(" + list.length + ")";
    $("filter-name").textContent = kindName();
    filtered.forEach(function (el) { el.classList.remove("filtered-out", "dim"); });
    filtered = [];
    body.classList.toggle("filtering", toggle.checked);
    if (toggle.checked) {
      var shown = 0;
      var rows = document.querySelectorAll("#rows article.row");
      for (var n = 0; n < rows.length; n++) {
        var row = rows[n], para = paras[row.getAttribute("data-p")];
        var k = row.getAttribute("data-pair");
        var pairs = !para ? [] : (k === null ? para.pairs : [para.pairs[+k]].filter(Boolean));
        var hit = false;
        pairs.forEach(function (pair) {
          if (matches(pair, kind)) { hit = true; return; }
          pairEls(pair).forEach(function (el) { el.classList.add("dim"); filtered.push(el); });
        });
        if (hit) { shown++; } else { row.classList.add("filtered-out"); filtered.push(row); }
      }
      var groups = document.querySelectorAll("#rows .para-group");
      for (var g = 0; g < groups.length; g++) {
        if (!groups[g].querySelector("article.row:not(.filtered-out)")) {
          groups[g].classList.add("filtered-out");
          filtered.push(groups[g]);
        }
      }
      emptyNote.hidden = shown > 0;
    } else {
      emptyNote.hidden = true;
    }
  }
  toggle.addEventListener("change", refreshFilter);
  kindSelect.addEventListener("change", function () { position.textContent = ""; refreshFilter(); });

  function firstOf(pair) { return els(pair, "en")[0] || els(pair, "zh")[0]; }
  function go(step) {
    var list = matching();
    if (!list.length) { position.textContent = "no " + kindName() + " pairs"; return; }
    var anchor = selectedEl() ? pairOf(selectedEl()) : null;
    var flat = [], index = -1;
    eachPair(function (pair) { flat.push(pair); });
    var from = anchor ? flat.indexOf(anchor) : -1;
    var n;
    if (from < 0) {
      n = step > 0 ? 0 : list.length - 1;
    } else {
      n = -1;
      for (var j = 0; j < list.length; j++) {
        var pos = flat.indexOf(list[j]);
        if (step > 0 && pos > from) { n = j; break; }
        if (step < 0 && pos < from) { n = j; }
      }
      if (n < 0) { n = step > 0 ? 0 : list.length - 1; }  // wrap around
    }
    index = n;
    var pair = list[index];
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var row = rowOf(pair);
    if (row) { row.classList.add("current"); }
    pairEls(pair).forEach(function (el) { el.classList.add("current"); });
    var first = firstOf(pair);
    if (first) {
      first.focus({ preventScroll: true });
      first.scrollIntoView({ block: "center", behavior: "auto" });
      select(first);
    }
    position.textContent = kindName() + " " + (index + 1) + " of " + list.length;
  }
  $("next-flag").addEventListener("click", function (e) { e.stopPropagation(); go(1); });
  $("prev-flag").addEventListener("click", function (e) { e.stopPropagation(); go(-1); });

  /* ---- search over both languages ------------------------------------------------------------ */
  var search = $("search");
  var searchPosition = $("search-position");
  var found = [], foundAt = -1, searchTimer = null;
  function fold(s) { return s.normalize("NFKC").toLowerCase(); }
  function runSearch() {
    found.forEach(function (el) { el.classList.remove("found", "found-current"); });
    found = [];
    foundAt = -1;
    var q = fold(search.value.trim());
    if (!q) { searchPosition.textContent = ""; return; }
    var all = document.querySelectorAll("#rows .s");
    for (var n = 0; n < all.length; n++) {
      if (fold(all[n].textContent).indexOf(q) >= 0 && !all[n].closest(".filtered-out")) { found.push(all[n]); }
    }
    found.forEach(function (el) { el.classList.add("found"); });
    searchPosition.textContent = found.length ? found.length + " found" : "not found";
  }
  function stepSearch(step) {
    if (searchTimer) { clearTimeout(searchTimer); searchTimer = null; runSearch(); }
    if (!found.length) { return; }
    if (foundAt >= 0) { found[foundAt].classList.remove("found-current"); }
    foundAt = foundAt < 0 ? (step > 0 ? 0 : found.length - 1) : (foundAt + step + found.length) % found.length;
    var el = found[foundAt];
    el.classList.add("found-current");
    el.scrollIntoView({ block: "center", behavior: "auto" });
    searchPosition.textContent = (foundAt + 1) + " of " + found.length;
  }
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { searchTimer = null; runSearch(); }, 150);
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); stepSearch(e.shiftKey ? -1 : 1); }
    else if (e.key === "Escape") {
      e.preventDefault();
      var el = foundAt >= 0 ? found[foundAt] : found[0];
      if (el) { el.focus(); } else { search.blur(); }
    }
  });

  /* ---- export: TMX for --tm, JSON with everything ---------------------------------------------- */
  function tmxDate(iso) { return iso.replace(/[-:]/g, "").replace(/\.\d+/, ""); }
  function joined(para, side, indices, textOf) {
    var out = "";
    indices.forEach(function (i, n) {
      if (n) { out += indices[n - 1] === i - 1 ? (para[side + "Gap"][i - 1] || "") : (side === "en" ? " " : ""); }
      out += textOf(i);
    });
    return out.trim();
  }
  function pairRecord(pair) {
    var para = paras[pair.pid], r = review(pair);
    var original = function (i) { var el = para.en[i]; return el ? para.origText[el.id] : ""; };
    var text = function (i) {
      var el = para.en[i];
      return el ? (state.edits[el.id] ? state.edits[el.id].text : para.origText[el.id]) : "";
    };
    var zhText = function (i) { var el = para.zh[i]; return el ? el.textContent : ""; };
    var dates = [];
    pair.en.forEach(function (i) { var el = para.en[i]; if (el && state.edits[el.id]) { dates.push(state.edits[el.id].at); } });
    if (state.status[pair.key]) { dates.push(state.status[pair.key].at); }
    if (state.comments[pair.key]) { dates.push(state.comments[pair.key].at); }
    if (r.repaired) { dates.push(state.pairing[pair.pid].at); }
    dates.sort();
    return {
      pair: pair, review: r,
      source: joined(para, "zh", pair.zh, zhText),
      target: joined(para, "en", pair.en, text),
      originalTarget: joined(para, "en", pair.en, original),
      changed: dates.length ? dates[dates.length - 1] : null
    };
  }

  function buildTmx(records, now) {
    var doc = document.implementation.createDocument(null, "tmx", null);
    var root = doc.documentElement;
    function node(parent, name, attrs, text, indent) {
      parent.appendChild(doc.createTextNode("\n" + indent));
      var el = doc.createElement(name);
      (attrs || []).forEach(function (a) {
        if (a[0] === "xml:lang") { el.setAttributeNS(XML_NS, "xml:lang", a[1]); } else { el.setAttribute(a[0], a[1]); }
      });
      if (text !== null && text !== undefined) { el.appendChild(doc.createTextNode(xmlText(text))); }
      parent.appendChild(el);
      return el;
    }
    root.setAttribute("version", "1.4");
    var stamp = tmxDate(now);
    var header = node(root, "header", [
      ["creationtool", "bitext"], ["creationtoolversion", data.version], ["segtype", "sentence"],
      ["o-tmf", "bitext"], ["adminlang", "en-US"], ["srclang", data.srcLang], ["datatype", "plaintext"],
      ["creationdate", stamp]
    ], null, "  ");
    node(header, "prop", [["type", "x-document"]], data.document, "    ");
    node(header, "prop", [["type", "x-review-of"]], data.hash, "    ");
    header.appendChild(doc.createTextNode("\n  "));
    var bodyEl = node(root, "body", [], null, "  ");
    records.forEach(function (rec) {
      var r = rec.review, changed = tmxDate(rec.changed || now);
      var tu = node(bodyEl, "tu", [["tuid", tuid(rec.pair)], ["creationdate", changed], ["changedate", changed]], null, "    ");
      if (r.comment) { node(tu, "note", [], r.comment, "      "); }
      node(tu, "prop", [["type", "x-origin"]], "review", "      ");
      var what = [];
      if (r.status === "approved") { what.push("approved"); }
      if (r.edited) { what.push("edited"); }
      if (r.repaired) { what.push("re-paired"); }
      node(tu, "prop", [["type", "x-review"]], what.join(","), "      ");
      node(tu, "prop", [["type", "x-document"]], data.document, "      ");
      node(tu, "prop", [["type", "x-paragraph"]], paras[rec.pair.pid].number, "      ");
      node(tu, "prop", [["type", "x-alignment"]], rec.pair.zh.length + "-" + rec.pair.en.length, "      ");
      if (r.edited && rec.originalTarget) { node(tu, "prop", [["type", "x-original"]], rec.originalTarget, "      "); }
      var zh = node(tu, "tuv", [["xml:lang", data.srcLang]], null, "      ");
      node(zh, "seg", [], rec.source, "        ");
      zh.appendChild(doc.createTextNode("\n      "));
      var en = node(tu, "tuv", [["xml:lang", data.tgtLang]], null, "      ");
      node(en, "seg", [], rec.target, "        ");
      en.appendChild(doc.createTextNode("\n      "));
      tu.appendChild(doc.createTextNode("\n    "));
    });
    bodyEl.appendChild(doc.createTextNode("\n  "));
    root.appendChild(doc.createTextNode("\n"));
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' +
      new XMLSerializer().serializeToString(root) + "\n";
  }

  function buildJson(records, now, counts) {
    var edits = [], repairings = [];
    order.forEach(function (pid) {
      var para = paras[pid];
      para.en.forEach(function (el, i) {
        var e = el && state.edits[el.id];
        if (e) {
          edits.push({ seg: el.id, paragraph: +para.number, sentence: i, original: para.origText[el.id],
                       text: e.text, at: e.at });
        }
      });
      var p = state.pairing[pid];
      if (p) {
        repairings.push({
          paragraph: +para.number,
          original: para.orig.map(function (o) { return { zh: o.zh, en: o.en }; }),
          pairs: p.pairs.map(function (q) { return { zh: q[0], en: q[1] }; }),
          at: p.at
        });
      }
    });
    return JSON.stringify({
      format: "bitext-review",
      version: 1,
      tool: "bitext " + data.version,
      document: data.document,
      content_hash: data.hash,
      exported: now,
      src_lang: data.srcLang,
      tgt_lang: data.tgtLang,
      counts: { pairs: counts.pairs, edited: counts.edited, approved: counts.approved,
                rejected: counts.rejected, to_review: counts.todo, in_tmx: counts.inTmx },
      pairs: records.map(function (rec) {
        var r = rec.review;
        return {
          id: tuid(rec.pair), paragraph: +paras[rec.pair.pid].number, pair: rec.pair.k,
          zh_sentences: rec.pair.zh, en_sentences: rec.pair.en,
          source: rec.source, target: rec.target, original_target: rec.originalTarget,
          status: r.status, edited: r.edited, repaired: r.repaired, comment: r.comment,
          in_tmx: !!rec.inTmx, changed: rec.changed
        };
      }),
      edits: edits,
      repairings: repairings
    }, null, 2) + "\n";
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function exportAll() {
    if (editing) { editing.finish(true, false); }
    var now = nowStamp();
    var records = [], total = 0;
    eachPair(function (pair) {
      total++;
      var r = review(pair);
      if (!r.edited && !r.repaired && !r.status && !r.comment) { return; }
      var rec = pairRecord(pair);
      rec.inTmx = r.status !== "rejected" && (r.edited || r.repaired || r.status === "approved") &&
        !!rec.source && !!rec.target;
      records.push(rec);
    });
    var counts = refreshCounts();
    counts.pairs = total;
    var inTmx = records.filter(function (rec) { return rec.inTmx; });
    counts.inTmx = inTmx.length;
    var stem = data.stem || "document";
    download(stem + ".review.tmx", buildTmx(inTmx, now), "application/x-tmx+xml");
    download(stem + ".review.json", buildJson(records, now, counts), "application/json");
    say("Exported " + inTmx.length + " pair" + (inTmx.length === 1 ? "" : "s") + " to " + stem + ".review.tmx and everything to " + stem + ".review.json.");
  }
  $("export").addEventListener("click", function (e) { e.stopPropagation(); exportAll(); });

  /* ---- toolbar buttons and keys -------------------------------------------------------------- */
  function withSelected(fn) {
    return function (e) {
      if (e) { e.stopPropagation(); }
      var el = selectedEl();
      if (!el || !locate(el)) { say("Select a sentence first: click it or Tab to it."); return; }
      fn(el);
    };
  }
  var actions = {
    edit: withSelected(edit),
    approve: withSelected(function (el) { var p = pairOf(el); if (p) { setStatus(p, "approved"); } }),
    reject: withSelected(function (el) { var p = pairOf(el); if (p) { setStatus(p, "rejected"); } }),
    comment: withSelected(comment),
    joinPrev: withSelected(function (el) { join(el, -1); }),
    joinNext: withSelected(function (el) { join(el, 1); }),
    split: withSelected(split)
  };
  $("act-edit").addEventListener("click", actions.edit);
  $("act-approve").addEventListener("click", actions.approve);
  $("act-reject").addEventListener("click", actions.reject);
  $("act-comment").addEventListener("click", actions.comment);
  $("act-join-prev").addEventListener("click", actions.joinPrev);
  $("act-join-next").addEventListener("click", actions.joinNext);
  $("act-split").addEventListener("click", actions.split);
  undoButton.addEventListener("click", function (e) { e.stopPropagation(); undo(); });

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" && t.type !== "checkbox" || t.tagName === "TEXTAREA" ||
                       t.tagName === "SELECT" || t.isContentEditable);
    if (typing) { return; }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "z" || e.key === "Z") && !e.shiftKey) {
      undo(); e.preventDefault(); return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var s = sentenceOf(t);
    if (s && locate(s)) { select(s); }
    var key = e.key;
    if (key === "n" || key === "j") { go(1); }
    else if (key === "p" || key === "k") { go(-1); }
    else if (key === "f") { toggle.checked = !toggle.checked; refreshFilter(); }
    else if (key === "/") { search.focus(); search.select(); }
    else if (key === "u") { undo(); }
    else if (key === "e") { actions.edit(); }
    else if (key === "a") { actions.approve(); }
    else if (key === "r") { actions.reject(); }
    else if (key === "c") { actions.comment(); }
    else if (key === "[") { actions.joinPrev(); }
    else if (key === "]") { actions.joinNext(); }
    else if (key === "s") { actions.split(); }
    else if (key === "Escape") { pin(null); tip.hidden = true; return; }
    else if (key === "Enter" && s && locate(s) && locate(s).side === "en") { edit(s); }
    else if ((key === "Enter" || key === " ") && s) { s.click(); }
    else { return; }
    e.preventDefault();
  });

  /* ---- start ----------------------------------------------------------------------------------- */
  Object.keys(data.pairs || {}).forEach(initParagraph);
  state = loadState();
  sync(emptyState(), state);
  if (!storageOk) { say("This browser does not let the page keep your changes: export them before closing it."); }
  document.documentElement.setAttribute("data-review", "ready");
  window.bitextReview = { readyMs: Math.round(performance.now()) };
})();
