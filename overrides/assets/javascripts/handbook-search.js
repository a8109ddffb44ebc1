/*
 * The handbook's search worker. Material for MkDocs runs it in place of its own (see hooks/search.py) and talks to
 * it with Material's worker protocol, so the search box and the results list stay Material's.
 *
 * It searches one language's index, the one the page loaded. A query word matches a page word when both reduce to
 * the same stem, or when the page word begins with it (as the reader types). Case, diacritics and zero-width
 * joiners never matter, punctuation never sticks to a word, and titles weigh most.
 */
"use strict";

/* Material's message types: SETUP -> READY, QUERY -> RESULT */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

const TITLE_WEIGHT = 8;
const PREFIX_WEIGHT = 0.5;
const TEASER_LENGTH = 320;
const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d]+/gu;
const FOLD = { "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i" };

let engine = null;

self.addEventListener("message", event => {
  const message = event.data;
  if (message.type === SETUP) {
    engine = new Engine(message.data);
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    self.postMessage({ type: RESULT, data: engine ? engine.search(message.data) : { items: [] } });
  }
});

/* Lower case, without zero-width joiners and without diacritics */
function fold(word) {
  return word
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[łđøæœßı]/g, c => FOLD[c])
    .normalize("NFC");
}

/* A function from a raw word to its stem, as docs/search.yml describes for the language */
function stemmerFor(spec) {
  if (spec && spec.snowball) {
    // Material ships lunr-languages' Snowball stemmers; they need only these two parts of Lunr to load.
    self.lunr = self.lunr || { Pipeline: { registerFunction() {} }, generateStopWordFilter: () => t => t };
    importScripts("lunr/min/lunr.stemmer.support.min.js", `lunr/min/lunr.${spec.snowball}.min.js`);
    const snowball = self.lunr[spec.snowball].stemmer;
    return raw => fold(snowball(raw.toLowerCase().replace(/[\u200b-\u200d]/g, "")));
  }
  if (spec && spec.suffixes) {
    const suffixes = [...spec.suffixes].sort((a, b) => b.length - a.length);
    const min = spec.min_stem || 3;
    return raw => {
      let word = fold(raw);
      const suffix = suffixes.find(s => word.length - s.length >= min && word.endsWith(s));
      if (suffix)
        word = word.slice(0, -suffix.length);
      if (spec.fleeting_e && word.length > min + 1)
        word = word.replace(/([^aeiouy])e([kc])$/, "$1$2");
      return word;
    };
  }
  return fold;
}

class Engine {
  constructor({ config, docs }) {
    const stem = stemmerFor((config && config.stemmer) || null), cache = new Map();
    // Highlighting stems every word of every result again; each distinct word is stemmed once.
    this.stem = raw => {
      let value = cache.get(raw);
      if (value === undefined)
        cache.set(raw, value = stem(raw));
      return value;
    };
    this.docs = docs.map(doc => ({
      ...doc,
      boost: doc.boost || 1,
      parent: doc.location.split("#")[0],
      fields: { title: this.analyze(doc.title), text: this.analyze(doc.text) }
    }));
    this.byLocation = new Map(this.docs.map(doc => [doc.location, doc]));
  }

  /* Each word of a text as { word, stem }, with how often it occurs */
  analyze(text) {
    const words = new Map();
    for (const [raw] of (text || "").matchAll(WORD)) {
      const word = fold(raw);
      if (!word)
        continue;
      const entry = words.get(word) || { word, stem: this.stem(raw), count: 0 };
      entry.count += 1;
      words.set(word, entry);
    }
    return [...words.values()];
  }

  /* Query terms as typed, each with its folded form and stem */
  terms(query) {
    const seen = new Map();
    for (const [raw] of query.matchAll(WORD)) {
      const word = fold(raw);
      if (word && !seen.has(word))
        seen.set(word, { key: raw.toLowerCase(), word, stem: this.stem(raw) });
    }
    return [...seen.values()];
  }

  /* How strongly one field matches one term: a stem match counts fully, a word beginning half */
  static weight(field, term) {
    let total = 0;
    for (const entry of field) {
      if (entry.stem === term.stem || entry.word === term.word)
        total += entry.count;
      else if (entry.word.startsWith(term.word))
        total += entry.count * PREFIX_WEIGHT;
    }
    return total / (total + 1.2);
  }

  search(query) {
    const terms = this.terms(query);
    if (!terms.length)
      return { items: [] };
    const matches = terms.map(term => this.docs.map(doc => ({
      title: Engine.weight(doc.fields.title, term),
      text: Engine.weight(doc.fields.text, term)
    })));
    const idf = matches.map(list => {
      const found = list.filter(m => m.title || m.text).length;
      return Math.log(1 + this.docs.length / (1 + found));
    });

    const hits = [];
    this.docs.forEach((doc, i) => {
      let score = 0, matched = 0;
      const flags = {};
      terms.forEach((term, t) => {
        const m = matches[t][i];
        flags[term.key] = m.title > 0 || m.text > 0;
        matched += flags[term.key] ? 1 : 0;
        score += idf[t] * (TITLE_WEIGHT * m.title + m.text);
      });
      if (matched) {
        const coverage = matched / terms.length;
        hits.push({ doc, flags, score: score * doc.boost * (1 + coverage * coverage) });
      }
    });
    hits.sort((a, b) => b.score - a.score);

    // Material shows one group per page, the page itself first, then its sections.
    const groups = new Map();
    for (const hit of hits) {
      const group = groups.get(hit.doc.parent) || [];
      group.push(this.item(hit.doc, hit.score, hit.flags, terms));
      groups.set(hit.doc.parent, group);
    }
    for (const [parent, group] of groups) {
      const page = this.byLocation.get(parent);
      if (page && !group.some(item => item.location === parent))
        group.push(this.item(page, 0, {}, []));
    }
    return { items: [...groups.values()] };
  }

  /* One result as Material renders it: highlighted title and teaser */
  item(doc, score, flags, terms) {
    return {
      location: doc.location,
      title: this.highlight(doc.title, terms, Infinity),
      text: `<p>${this.highlight(doc.text, terms, TEASER_LENGTH)}</p>`,
      score,
      terms: flags
    };
  }

  highlight(text, terms, limit) {
    text = text || "";
    let html = "", last = 0, first = -1;
    for (const match of text.matchAll(WORD)) {
      const word = fold(match[0]);
      const hit = terms.some(t => this.stem(match[0]) === t.stem || word.startsWith(t.word));
      if (!hit)
        continue;
      if (first < 0)
        first = match.index;
      html += escape(text.slice(last, match.index)) + `<mark>${escape(match[0])}</mark>`;
      last = match.index + match[0].length;
    }
    html += escape(text.slice(last));
    if (limit === Infinity || text.length <= limit)
      return html;
    // Keep the teaser short: from just before the first match, cut at a word.
    const start = Math.max(0, text.lastIndexOf(" ", Math.max(0, first - 40)));
    const cut = text.indexOf(" ", start + limit);
    const part = text.slice(start, cut < 0 ? text.length : cut);
    return (start > 0 ? "… " : "") + this.highlight(part, terms, Infinity) + (cut < 0 ? "" : " …");
  }
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
