/*
 * The handbook's search worker. Material for MkDocs runs it in place of its own (see hooks/search.py) and talks to
 * it with Material's worker protocol, so the search box and the results list stay Material's.
 *
 * It searches the one language's index the page loaded. Words are read as hooks/searchtext.py reads them at build
 * time: lower case, no diacritics, no zero-width joiners, split at punctuation, and text in scripts without spaces
 * (Chinese, Japanese, Thai) split with Intl.Segmenter (ICU's word rules, as PyICU at build time). Each word's stem
 * comes from the vocabulary the build made with Snowball or the language's suffix list, so no stemmer runs here.
 *
 * A query word finds, best first: its own stem; the stem of a form no page has (the language's suffixes, or the
 * longest known stem it begins with); words it begins (as the reader types); words one typo away (five letters or
 * more); and the words of any synonym group in docs/search.yml it belongs to. Sections are scored BM25-style with
 * field weights (page title, section heading, text); a heading repeated on many pages counts as text. Results are
 * grouped by page, collection items (the handbook's principles) weigh more than home and index pages, and each
 * page shows its best passage.
 */
"use strict";

/* Material's message types: SETUP -> READY, QUERY -> RESULT */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/* Field weights: a page's title, a section's heading, the page title on each of its sections, and text */
const FIELD = { title: 5, heading: 2, page: 1, text: 1 };
const K1 = 1.2, B = 0.75;
/* How much a match counts, by how the query word reached it */
const EXACT = 1, GUESSED = 0.9, SYNONYM = 0.7, TYPO = 0.6, PREFIX = 0.5;
const TYPO_MIN = 5, MIN_NEAR = 5, MIN_PREFIX = 2, MAX_EXPANSIONS = 40;
const TEASER_LENGTH = 240, MAX_SECTIONS = 3, MAX_FORMS = 12;
const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d]+/gu;
/* Scripts written without spaces: the same ranges as NO_SPACE in hooks/searchtext.py */
const NO_SPACE = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2ffff}]/u;
const FOLD = { "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i" };
/* Arabic and Japanese folding: the same as ARABIC, HAN, HIRAGANA and PARTICLE in hooks/searchtext.py */
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g, ARABIC = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه" };
const HAN = /[\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
const HIRAGANA = /[\u3041-\u3096\u309d\u309e]/g, KATAKANA = /[\u30a1-\u30f6]/g, PARTICLE = /^[\u3041-\u3096]{1,2}$/;

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

/* Lower case, without zero-width characters and without diacritics (as searchtext.fold); each word once */
const folded = new Map();
function fold(word) {
  let value = folded.get(word);
  if (value === undefined)
    folded.set(word, value = foldWord(word));
  return value;
}

function foldWord(word) {
  return japanese(word
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[łđøæœßı]/g, c => FOLD[c])
    .normalize("NFC")
    .replace(ARABIC_MARKS, "")
    .replace(/[أإآٱىة]/g, c => ARABIC[c]));
}

/* Okurigana dropped from words with kanji, katakana read as hiragana, a last long vowel mark dropped (as
   searchtext.japanese) */
function japanese(word) {
  if (HAN.test(word) && word.search(HIRAGANA) >= 0)
    word = word.replace(HIRAGANA, "");
  word = word.replace(KATAKANA, c => String.fromCharCode(c.charCodeAt(0) - 0x60));
  return [...word].length >= 3 && word.endsWith("ー") ? word.slice(0, -1) : word;
}

/* A word no page has as the longest known words it is made of, left to right (as searchtext.known_parts) */
function knownParts(word, known) {
  const parts = [];
  for (let start = 0; start < word.length;) {
    let end = word.length;
    while (end > start && !known.has(word.slice(start, end)))
      end--;
    if (end === start)
      return [];
    parts.push(word.slice(start, end));
    start = end;
  }
  return parts;
}

/* The language's suffix stemmer (as searchtext.strip_suffixes), for words no page contains */
function stripSuffixes(spec, word) {
  const suffixes = spec.suffixes;  // folded, longest first
  const least = spec.min_stem || 3;
  for (let round = 0; round < (spec.rounds || 1); round++) {
    const cut = suffixes.find(s => word.length - s.length >= least && word.endsWith(s));
    if (cut === undefined)
      break;
    word = word.slice(0, -cut.length);
  }
  const final = (spec.final || []).map(fold).find(f => word.length > least && word.endsWith(f));
  return final ? word.slice(0, -final.length) : word;
}

/* One edit apart: a letter added, dropped, changed, or two neighbours swapped */
function oneEdit(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1)
    return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i])
    i++;
  if (a.length === b.length)
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

class Engine {
  constructor({ config, docs }) {
    this.config = config || {};
    const { stems, synonyms, parts } = this.config;
    const lang = (this.config.lang || ["en"])[0];
    this.segmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter(lang, { granularity: "word" }) : null;
    this.vocabulary = new Map();
    if (this.config.suffixes)
      this.suffixes = { ...this.config.suffixes,
        suffixes: this.config.suffixes.suffixes.map(fold).sort((a, b) => b.length - a.length) };
    for (const [stem, rests] of Object.entries(stems || {}))
      for (const rest of rests)
        this.vocabulary.set(rest.startsWith("=") ? rest.slice(1) : stem + rest, stem);
    const ranking = this.config.ranking || {};
    this.docs = docs.map(doc => {
      const [parent, anchor] = doc.location.split("#");
      return { ...doc, parent, anchor: anchor || "", boost: (doc.boost || 1) * (ranking[doc.kind] || 1) };
    });
    this.pages = new Map(this.docs.filter(doc => !doc.anchor).map(doc => [doc.parent, doc]));
    this.cache = new Map();        // the words of each title and text, found once
    this.words = new Map();        // every folded word of the pages -> its stem
    this.postings = new Map();     // stem -> the docs that have it
    const lengths = [];
    for (const doc of this.docs) {
      const page = this.pages.get(doc.parent);
      const fields = [[doc.title, doc.anchor ? (doc.repeated ? FIELD.text : FIELD.heading) : FIELD.title],
        [doc.text, FIELD.text]];
      if (doc.anchor && page)
        fields.push([page.title, FIELD.page, true]);
      this.cache.set(doc.title, this.tokens(doc.title));
      this.cache.set(doc.text, this.tokens(doc.text));
      doc.tf = new Map();
      doc.forms = new Map();       // stem -> the words as written on the page, for Material's ?h= highlighting
      doc.length = 0;
      for (const [text, weight, borrowed] of fields)
        for (const { raw } of this.cache.get(text) || this.tokens(text)) {
          const word = fold(raw), stem = this.stemOf(word);
          this.words.set(word, stem);
          doc.length += weight;
          // A compound counts as itself and as each of its parts.
          for (const each of [stem, ...((parts || {})[word] || [])]) {
            doc.tf.set(each, (doc.tf.get(each) || 0) + weight);
            if (!borrowed) {
              const forms = doc.forms.get(each) || new Set();
              doc.forms.set(each, forms.add(raw.toLowerCase()));
            }
          }
        }
      for (const stem of doc.tf.keys())
        (this.postings.get(stem) || this.postings.set(stem, []).get(stem)).push(doc);
      lengths.push(doc.length);
    }
    this.average = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
    // Synonyms' words, which no page may have, are words a query can match too.
    this.known = new Set(this.postings.keys());
    this.synonyms = (synonyms || []).map(group => group.map(phrase => this.tokens(phrase).map(t => {
      const word = fold(t.raw), stem = this.stemOf(word);
      this.words.set(word, stem);
      this.known.add(stem);
      return stem;
    })));
  }

  /* The words of a text as written, with where each starts */
  tokens(text) {
    const out = [];
    for (const match of (text || "").matchAll(WORD)) {
      if (this.segmenter && NO_SPACE.test(match[0])) {
        for (const part of this.segmenter.segment(match[0]))
          if (part.isWordLike)
            out.push({ raw: part.segment, index: match.index + part.index });
      } else {
        out.push({ raw: match[0], index: match.index });
      }
    }
    return out.filter(t => fold(t.raw));
  }

  /* A folded word's stem: from the vocabulary, else by the language's suffixes (the build left those out) */
  stemOf(word) {
    let stem = this.vocabulary.get(word);
    if (stem === undefined) {
      stem = this.config.suffixes ? stripSuffixes(this.suffixes, word) : word;
      this.vocabulary.set(word, stem);
    }
    return stem;
  }

  /* What one query word can match: stems with how much each counts */
  expand(word, last) {
    const found = new Map();
    const add = (stem, weight) => {
      if (this.known.has(stem) && (found.get(stem) || 0) < weight)
        found.set(stem, weight);
    };
    if (this.words.has(word)) {
      const stem = this.words.get(word);
      add(stem, EXACT);
      // Stems one letter apart are one word where a stemmer is not consistent (Hungarian "problém", "problema").
      if ([...stem].length >= MIN_NEAR)
        for (const other of this.postings.keys())
          if (other.length === stem.length + 1 ? other.startsWith(stem)
            : other.length === stem.length - 1 && stem.startsWith(other))
            add(other, GUESSED);
    }
    const guess = form => {
      // A form no page has: the language's suffixes, then the longest known stem the word begins with.
      const stem = this.stemOf(form);
      add(stem, GUESSED);
      for (let end = stem.length - 1; !found.size && end >= Math.max(3, stem.length - 4); end--)
        add(stem.slice(0, end), GUESSED);
    };
    if (!found.size)
      guess(word);
    // A negated form ("nelhat"): the word after the language's negative prefix.
    for (const prefix of this.config.prefixes || [])
      if (!found.size && word.startsWith(prefix) && word.length - prefix.length >= 3) {
        const rest = word.slice(prefix.length);
        if (this.words.has(rest))
          add(this.words.get(rest), GUESSED);
        else
          guess(rest);
      }
    // A compound no page has ("panaszkezeles"): its two known words, in one section.
    const phrases = [];
    if (!found.size && this.config.compounds)
      // The rule of searchtext.compound_parts: two words with stems of four letters, the second five letters long.
      for (let cut = word.length - 5; cut > 3; cut--) {
        const left = this.words.get(word.slice(0, cut)) || "", right = this.words.get(word.slice(cut)) || "";
        if (left.length >= 4 && right.length >= 4) {
          phrases.push({ stems: [left, right], weight: GUESSED });
          break;
        }
      }
    // A word in a script without spaces that no page has: the pages' words it is made of, in one section ("手洗い":
    // "手", "洗い"), as ICU splits the same letters differently alone and in a sentence.
    if (!found.size && NO_SPACE.test(word)) {
      const parts = knownParts(word, this.words);
      if (parts.length === 1)
        add(this.words.get(parts[0]), GUESSED);
      else if (parts.length > 1)
        phrases.push({ stems: parts.map(part => this.words.get(part)), weight: GUESSED });
    }
    const chars = [...word].length;
    const inside = NO_SPACE.test(word);
    if ((last || !found.size) && (inside || chars >= MIN_PREFIX)) {
      // The word being typed: words it begins (in scripts without spaces, words it is part of).
      let count = 0;
      for (const [other, stem] of this.words)
        if (other !== word && (inside ? other.includes(word) : other.startsWith(word)) && count++ < MAX_EXPANSIONS)
          add(stem, PREFIX);
    }
    if (chars >= TYPO_MIN && !phrases.length && ![...found.values()].some(w => w >= GUESSED))
      for (const [other, stem] of this.words)
        if (oneEdit(word, other))
          add(stem, TYPO);
    return { found, phrases };
  }

  /* The query's words, each with the stems it matches; synonym groups add their other words */
  terms(query) {
    // Half- and full-width forms as the pages write them (NFKC); particles dropped when other words remain.
    const all = this.tokens(query.normalize("NFKC")).map(t => ({ raw: t.raw, word: fold(t.raw) }));
    const content = all.filter(t => !PARTICLE.test(t.raw));
    const tokens = content.length ? content : all;
    const seen = new Set(), terms = [];
    tokens.forEach((token, i) => {
      if (seen.has(token.word))
        return;
      seen.add(token.word);
      const last = i === tokens.length - 1 && !/\s$/.test(query);
      const { found, phrases } = this.expand(token.word, last);
      terms.push({ key: token.raw.toLowerCase(), alternatives: found, phrases, typed: new Set(found.keys()) });
    });
    // What each query word stands for, for synonyms: its stems (not its mere beginnings), each also shortened by up
    // to three letters, so that a phrase's "mond" is met by "mondani" where the stemmer left more of the word.
    const meets = terms.map(term => {
      const set = new Set();
      for (const [stem, weight] of term.alternatives)
        if (weight >= TYPO)
          for (let end = stem.length; end >= Math.max(1, stem.length - 3); end--)
            set.add(stem.slice(0, end));
      return set;
    });
    for (const group of this.synonyms)
      for (const phrase of group) {
        // A phrase of the group is in the query when each of its words is matched by some query word.
        const at = phrase.map(stem => meets.findIndex(set => set.has(stem)));
        if (!phrase.length || at.some(i => i < 0))
          continue;
        const term = terms[at[0]], weight = SYNONYM * Math.max(...term.alternatives.values());
        for (const other of group)
          if (other.length > 1)
            term.phrases.push({ stems: other, weight });  // all of its words, in one section
          else if (other !== phrase && this.postings.has(other[0]) && (term.alternatives.get(other[0]) || 0) < weight)
            term.alternatives.set(other[0], weight);
      }
    return terms;
  }

  search(query) {
    const terms = this.terms(query);
    if (!terms.length)
      return { items: [] };
    const total = this.docs.length;
    const pages = new Map();
    terms.forEach((term, t) => {
      // A query word and all it expands to count as one term (as Lucene's synonym queries do): one rarity for
      // all of them, so that a rare synonym or typo correction never outweighs the common word typed.
      const best = new Map();
      const saturated = (doc, stem) => {
        const tf = (doc.tf.get(stem) || 0) / (1 - B + B * doc.length / this.average);
        return tf / (tf + K1);
      };
      for (const [stem, weight] of term.alternatives)
        for (const doc of this.postings.get(stem) || []) {
          const score = weight * saturated(doc, stem);
          if (score > (best.get(doc) || 0))
            best.set(doc, score);
        }
      for (const { stems, weight } of term.phrases)
        for (const doc of this.postings.get(stems[0]) || []) {
          const score = weight * Math.min(...stems.map(stem => saturated(doc, stem)));
          if (score > (best.get(doc) || 0))
            best.set(doc, score);
        }
      const idf = Math.log(1 + (total - best.size + 0.5) / (best.size + 0.5));
      for (const [doc, value] of best) {
        const score = idf * value;
        const page = pages.get(doc.parent) || { sections: new Map(), matched: new Set() };
        page.sections.set(doc, (page.sections.get(doc) || 0) + score * doc.boost);
        page.matched.add(t);
        pages.set(doc.parent, page);
      }
    });

    const ranked = [];
    for (const [parent, page] of pages) {
      const scores = [...page.sections.entries()].sort((a, b) => b[1] - a[1]);
      const coverage = page.matched.size / terms.length;
      // The best passage counts most; more passages on the same subject add a little; every query word counts.
      const score = (scores[0][1] + 0.25 * (scores[1] ? scores[1][1] : 0) + 0.1 * (scores[2] ? scores[2][1] : 0)) *
        (0.25 + 0.75 * coverage * coverage);
      ranked.push({ parent, page, scores, score });
    }
    ranked.sort((a, b) => b.score - a.score);
    const stems = new Set(terms.flatMap(term => [...term.alternatives.keys(), ...term.phrases.flatMap(p => p.stems)]));
    // The opened page marks what the reader typed, in the forms the page has (not the synonyms).
    const typed = new Set(terms.flatMap(term => [...term.typed]));
    return { items: ranked.map(hit => this.group(hit, terms, stems, typed)) };
  }

  /* One page's results as Material renders them: its best passage first, then the page, then other passages */
  group({ parent, page, scores, score }, terms, stems, typed) {
    const flags = {};
    for (const [doc] of scores)
      for (const stem of typed)
        for (const form of doc.forms.get(stem) || [])
          if (Object.keys(flags).length < MAX_FORMS)
            flags[form] = true;
    terms.forEach((term, t) => {
      if (!page.matched.has(t))
        flags[term.key] = false;
    });
    const [best] = scores[0];
    const items = [this.item(best, score, flags, stems)];
    const own = this.pages.get(parent);
    if (own && own !== best)
      items.push(this.item(own, score, flags, stems));
    for (const [doc, value] of scores.slice(1, MAX_SECTIONS))
      if (doc !== own)
        items.push(this.item(doc, Math.min(value, score * 0.99), flags, stems));
    return items;
  }

  item(doc, score, terms, stems) {
    return {
      location: doc.location,
      title: this.highlight(doc.title, stems, Infinity),
      text: `<p>${this.highlight(doc.text, stems, TEASER_LENGTH)}</p>`,
      score,
      terms
    };
  }

  /* A text with the matched words marked; long texts are cut to a teaser around the first match */
  highlight(text, stems, limit) {
    text = text || "";
    let tokens = this.cache.get(text);
    if (tokens === undefined)
      tokens = this.tokens(text);
    const marks = tokens.filter(({ raw }) => stems.has(this.stemOf(fold(raw))));
    let start = 0, end = text.length;
    if (text.length > limit) {
      // From just before the first match, cut at a word.
      const first = marks.length ? marks[0].index : 0;
      start = first < 40 ? 0 : Math.max(0, text.lastIndexOf(" ", first - 40));
      end = text.indexOf(" ", start + limit);
      end = end < 0 ? text.length : end;
    }
    let html = start > 0 ? "… " : "", last = start;
    for (const { raw, index } of marks)
      if (index >= start && index + raw.length <= end) {
        html += escape(text.slice(last, index)) + `<mark>${escape(raw)}</mark>`;
        last = index + raw.length;
      }
    return html + escape(text.slice(last, end)) + (end < text.length ? " …" : "");
  }
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
