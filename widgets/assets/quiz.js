// quiz.js: the one quiz renderer for the static book, JupyterLab and Voila (an ES module).
//
// * Static book: widgets.sphinx_ext adds this module to pages holding a `.cx-quiz` container; the quiz
//   data sits in its <script type="application/json" class="cx-quiz-data"> block.
// * JupyterLab and Voila: anywidget loads this module as the widget's front end (`export default
//   {render}`); the data comes from the model's `data` trait and results go back in `result`.
//
// Safety: every piece of text from the data is put into the page with textContent (through the small
// Markdown-subset renderer below); nothing from the data is ever parsed as HTML.
// Grading mirrors widgets/quiz/grading.py exactly (shared test vectors check that).

const TICK_MS = 200;

// ---------------------------------------------------------------- grading (mirror of grading.py)
export function normaliseText(text) {
  return String(text).replace(/\s+/g, " ").trim().toLowerCase();
}

const isIndex = (v, n) => Number.isInteger(v) && v >= 0 && v < n;
const mark = (score, correct, answered, feedback) => ({ score, correct, answered, feedback });

export function gradeQuestion(q, response) {
  const t = q.type;
  if (t === "single" || t === "multiple") {
    const options = q.options || [];
    const raw = t === "single" ? [response] : Array.isArray(response) ? response : [];
    const chosen = [...new Set(raw.filter((c) => isIndex(c, options.length)))].sort((a, b) => a - b);
    const fb = chosen.map((i) => options[i].feedback);
    if (!chosen.length) return mark(0, false, false, []);
    if (t === "single") {
      const ok = options[chosen[0]].correct === true;
      return mark(ok ? 1 : 0, ok, true, fb);
    }
    const nCorrect = options.filter((o) => o.correct).length;
    const nWrong = options.length - nCorrect;
    const right = chosen.filter((i) => options[i].correct).length;
    const wrong = chosen.length - right;
    // right/C − wrong/W, never below 0 (widgets/quiz/grading.py; the same operations in the same order)
    const score = Math.max(0, right / nCorrect - (nWrong ? wrong / nWrong : 0));
    return mark(score, score === 1, true, fb);
  }
  if (t === "true_false") {
    if (typeof response !== "boolean") return mark(0, false, false, []);
    const ok = response === q.answer;
    return mark(ok ? 1 : 0, ok, true, [response ? q.feedback.true : q.feedback.false]);
  }
  let ok;
  if (t === "numeric") {
    if (typeof response !== "number" || !Number.isFinite(response)) return mark(0, false, false, []);
    ok = Math.abs(response - q.answer) <= q.tolerance + 1e-9;
  } else if (t === "text") {
    if (typeof response !== "string" || !response.trim()) return mark(0, false, false, []);
    const accepted = new Set((q.accept || []).map(normaliseText));
    ok = accepted.has(normaliseText(response));
  } else if (t === "ordering") {
    const n = q.items.length;
    const order = Array.isArray(response) ? response : [];
    const sorted = [...order].sort((a, b) => a - b);
    if (order.length !== n || !sorted.every((v, i) => v === i)) return mark(0, false, false, []);
    const score = order.filter((item, pos) => item === pos).length / n;
    return mark(score, score === 1, true, [score === 1 ? q.feedback.correct : q.feedback.incorrect]);
  } else if (t === "matching") {
    const n = q.pairs.length;
    const chosen = (Array.isArray(response) ? response : []).slice(0, n);
    if (!chosen.some((c) => Number.isInteger(c))) return mark(0, false, false, []);
    const score = chosen.filter((c, i) => c === i).length / n;
    return mark(score, score === 1, true, [score === 1 ? q.feedback.correct : q.feedback.incorrect]);
  } else {
    throw new Error("unknown question type " + t);
  }
  return mark(ok ? 1 : 0, ok, true, [ok ? q.feedback.correct : q.feedback.incorrect]);
}

export function paperPercent(scores, questions) {
  let total = 0;
  for (const s of scores) total += s;
  return (total * 100) / questions;
}

export const BAND_TOLERANCE = 1e-9;

// The highest band whose min_percent the (unrounded) percentage reaches; bands come highest first.
export function bandFor(percent, bands) {
  const sorted = [...bands].sort((a, b) => b.min_percent - a.min_percent);
  for (const b of sorted) if (percent + BAND_TOLERANCE >= b.min_percent) return b.grade;
  return null;
}

// ------------------------------------------------- sealed exam keys (mirror of widgets/quiz/payload.py)
// A mock exam's data holds no answers. In the static book each question's key (which options are right,
// the feedback on each option, the explanation) is sealed: JSON XOR-ed with a keystream and base64-encoded,
// opened only when the learner submits. It is obfuscation, not secrecy. In JupyterLab and Voila the key is
// not in the page at all: the kernel marks the answers and sends the key back for the review.
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

export function keystream(salt, n) {
  let a = fnv1a(salt) | 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) >>> 24;
  }
  return out;
}

export function unseal(text, salt) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const ks = keystream(salt, bytes.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] ^= ks[i];
  return JSON.parse(new TextDecoder().decode(bytes));
}

function applyKey(q, k) {
  (q.options || []).forEach((o, i) => {
    const ko = (k.options || [])[i] || {};
    if (ko.correct === true) o.correct = true; else delete o.correct;
    o.feedback = ko.feedback;
  });
  q.explanation = k.explanation;
}

// ------------------------------------------------------------ safe Markdown subset, as DOM nodes
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) {
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

function splitKeep(text, re) {
  // Alternating [plain, match-group, plain, ...] like Python's re.split with one group.
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), m[1]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function inlineNodes(text) {
  const nodes = [];
  splitKeep(String(text), /`([^`]+)`/g).forEach((part, i) => {
    if (i % 2) { nodes.push(h("code", { text: part })); return; }
    splitKeep(part, /\*\*(.+?)\*\*/g).forEach((seg, j) => {
      const italic = splitKeep(seg, /\*(.+?)\*/g).map((s, k) => (k % 2 ? h("em", { text: s }) : s)).filter((s) => s !== "");
      if (j % 2) nodes.push(h("strong", {}, italic));
      else nodes.push(...italic);
    });
  });
  return nodes;
}

export function markdownNodes(text) {
  const blocks = [];
  let para = [];
  let items = [];
  let kind = "";
  const flush = () => {
    if (para.length) {
      const p = h("p");
      para.forEach((line, i) => { if (i) p.append(h("br")); p.append(...inlineNodes(line)); });
      blocks.push(p);
      para = [];
    }
    if (items.length) {
      blocks.push(h(kind === "ul" ? "ul" : "ol", {}, items.map((it) => h("li", {}, inlineNodes(it)))));
      items = [];
    }
    kind = "";
  };
  for (const line of String(text).trim().split(/\r?\n/)) {
    const bullet = /^\s*-\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    if (!line.trim()) flush();
    else if (bullet || numbered) {
      const want = bullet ? "ul" : "ol";
      if (para.length || (items.length && kind !== want)) flush();
      kind = want;
      items.push((bullet || numbered)[1]);
    } else {
      if (items.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return blocks;
}

// --------------------------------------------------------------------------------- utilities
function shuffled(n) {
  const a = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function storage() {
  try { const s = window.localStorage; s.getItem("cx"); return s; } catch { return null; }
}

function loadState(key) {
  const s = storage();
  if (!s) return null;
  try { return JSON.parse(s.getItem(key) || "null"); } catch { return null; }
}

function saveState(key, state) {
  const s = storage();
  if (s) try { s.setItem(key, JSON.stringify(state)); } catch { /* storage full: progress not kept */ }
}

// ------------------------------------------------- progress by criterion (read by the My progress page)
// Besides each quiz's own state (key `cx-quiz:…`/`cx-exam:…`: layout, responses, answers), every Check of a
// practice question and every marked mock exam is recorded per specification under `cx-progress:<spec>`:
//   {v: 1, spec, questions: {<question id>: {criteria: [...], score, correct, at}}, mocks: [{key, paper, at,
//    how, score, questions, percent, band, criteria: {<criterion>: {score, n}}, marks: {<question id>: score}}]}
// A question keeps its latest attempt only (Retry does not erase it). A mock keeps marks, never the key.
// The export file, its checks and the merging rule are documented in data/quizzes/README.md.
export const PROGRESS_PREFIX = "cx-progress:";
export const PROGRESS_FORMAT = "cx-progress";
export const PROGRESS_VERSION = 1;
export const PROGRESS_MAX_BYTES = 2 * 1024 * 1024;
const QUESTION_ID = /^[a-z0-9][a-z0-9-]*$/;

const emptyProgress = (spec) => ({ v: PROGRESS_VERSION, spec, questions: {}, mocks: [] });

export function loadProgress(spec) {
  const p = loadState(PROGRESS_PREFIX + spec);
  if (!p || typeof p !== "object" || typeof p.questions !== "object" || !Array.isArray(p.mocks)) return emptyProgress(spec);
  return p;
}

function saveProgress(spec, p) { saveState(PROGRESS_PREFIX + spec, p); }

// `at` null: an answer saved before attempts were timed (kept only if the question has no record yet).
export function recordCheck(spec, q, score, correct, at) {
  if (!spec) return;
  const p = loadProgress(spec);
  if (at === null && p.questions[q.id]) return;
  p.questions[q.id] = { criteria: [...(q.criteria || [])], score, correct: !!correct, at };
  saveProgress(spec, p);
}

export function recordMock(spec, mock) {
  if (!spec) return;
  const p = loadProgress(spec);
  if (p.mocks.some((m) => m.key === mock.key && m.at === mock.at)) return;
  p.mocks.push(mock);
  p.mocks.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  saveProgress(spec, p);
}

const later = (a, b) => (b.at && (!a.at || b.at > a.at)) ? b : a;

// Merge `incoming` into `current` (both one spec's progress): per question the latest attempt wins (an
// attempt with a time beats one without; on a tie the one already here stays); mock attempts are
// combined, one per paper and time.
export function mergeProgress(current, incoming) {
  const out = { v: PROGRESS_VERSION, spec: current.spec, questions: { ...current.questions }, mocks: [...current.mocks] };
  for (const [id, rec] of Object.entries(incoming.questions)) out.questions[id] = out.questions[id] ? later(out.questions[id], rec) : rec;
  for (const m of incoming.mocks) if (!out.mocks.some((x) => x.key === m.key && x.at === m.at)) out.mocks.push(m);
  out.mocks.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return out;
}

// The export file: {format: "cx-progress", version: 1, exported, learner, specs: {<spec>: {questions, mocks}}}.
export function progressExport(specIds, learner) {
  const specs = {};
  for (const id of specIds) {
    const p = loadProgress(id);
    if (Object.keys(p.questions).length || p.mocks.length) specs[id] = { questions: p.questions, mocks: p.mocks };
  }
  const out = { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exported: new Date().toISOString(), specs };
  if (learner) out.learner = String(learner).slice(0, 100);
  return out;
}

const isIsoTime = (v) => v === null || (typeof v === "string" && v.length <= 40 && !Number.isNaN(Date.parse(v)));
const isShare = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
const isCount = (v) => Number.isInteger(v) && v >= 0 && v <= 10000;
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Check an export file's text; return its specs ({<spec>: {questions, mocks}}) or throw an Error whose
// message says what is wrong in words a learner understands. Mirrors widgets/progress.py parse_progress.
export function parseProgressFile(text, knownSpecs) {
  if (text.length > PROGRESS_MAX_BYTES) throw new Error(`the file is larger than ${PROGRESS_MAX_BYTES / 1048576} MB, so it cannot be a progress file from this course`);
  let d;
  try { d = JSON.parse(text); } catch { throw new Error("the file is not a progress file: it is not valid JSON"); }
  if (!isObject(d) || d.format !== PROGRESS_FORMAT) throw new Error("the file is not a progress file from this course (it has no \u201Cformat\u201D: \u201Ccx-progress\u201D)");
  if (!Number.isInteger(d.version)) throw new Error("the file has no version number");
  if (d.version > PROGRESS_VERSION) throw new Error(`the file was made by a newer version of the course (version ${d.version}); this page reads version ${PROGRESS_VERSION}`);
  if (d.version < 1) throw new Error(`version ${d.version} is not a progress file version`);
  if (d.learner !== undefined && (typeof d.learner !== "string" || d.learner.length > 100)) throw new Error("the learner name must be text of at most 100 characters");
  if (!isObject(d.specs)) throw new Error("the file has no \u201Cspecs\u201D section");
  const out = {};
  for (const [spec, body] of Object.entries(d.specs)) {
    if (!knownSpecs.includes(spec)) throw new Error(`the file holds progress for \u201C${spec.slice(0, 40)}\u201D, which is not a specification of this course`);
    if (!isObject(body) || !isObject(body.questions) || !Array.isArray(body.mocks)) throw new Error(`${spec}: needs \u201Cquestions\u201D and \u201Cmocks\u201D`);
    for (const [id, r] of Object.entries(body.questions)) {
      const where = `${spec}: question \u201C${id.slice(0, 40)}\u201D`;
      if (!QUESTION_ID.test(id) || id.length > 80) throw new Error(`${where}: not a question id`);
      if (!isObject(r) || !Array.isArray(r.criteria) || !r.criteria.length || !r.criteria.every((c) => typeof c === "string" && c.startsWith(spec + ":") && c.length <= 60)) throw new Error(`${where}: criteria must be a list of this specification's criteria`);
      if (!isShare(r.score)) throw new Error(`${where}: score must be a number from 0 to 1`);
      if (typeof r.correct !== "boolean") throw new Error(`${where}: correct must be true or false`);
      if (!isIsoTime(r.at)) throw new Error(`${where}: at must be a date and time`);
    }
    body.mocks.forEach((m, i) => {
      const where = `${spec}: mock attempt ${i + 1}`;
      if (!isObject(m) || typeof m.key !== "string" || !m.key.startsWith(`cx-exam:${spec}:`) || m.key.length > 80) throw new Error(`${where}: not a mock exam of this specification`);
      if (!isIsoTime(m.at) || m.at === null) throw new Error(`${where}: at must be a date and time`);
      if (!isCount(m.questions) || !(typeof m.score === "number" && m.score >= 0 && m.score <= m.questions)) throw new Error(`${where}: score and questions must be numbers, the score no more than the questions`);
      if (!(typeof m.percent === "number" && m.percent >= 0 && m.percent <= 100)) throw new Error(`${where}: percent must be from 0 to 100`);
      if (m.band !== null && (typeof m.band !== "string" || m.band.length > 40)) throw new Error(`${where}: band must be text`);
      if (!isObject(m.criteria) || !Object.entries(m.criteria).every(([k, c]) => k.startsWith(spec + ":") && isObject(c) && isCount(c.n) && typeof c.score === "number" && c.score >= 0 && c.score <= c.n)) throw new Error(`${where}: marks by criterion are malformed`);
      if (!isObject(m.marks) || !Object.entries(m.marks).every(([k, s]) => QUESTION_ID.test(k) && isShare(s))) throw new Error(`${where}: question marks must be numbers from 0 to 1`);
    });
    out[spec] = { questions: body.questions, mocks: body.mocks };
  }
  return { learner: d.learner || "", specs: out };
}

export function importProgress(parsed) {
  for (const [spec, body] of Object.entries(parsed.specs)) {
    saveProgress(spec, mergeProgress(loadProgress(spec), { spec, questions: body.questions, mocks: body.mocks }));
  }
}

// Everything this browser holds for a spec: its progress record and every quiz and mock exam of it.
export function resetProgress(spec) {
  const s = storage();
  if (!s) return;
  const doomed = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k === PROGRESS_PREFIX + spec || k.startsWith(`cx-quiz:${spec}:`) || k.startsWith(`cx-exam:${spec}:`)) doomed.push(k);
  }
  for (const k of doomed) s.removeItem(k);
}

let uid = 0;
const ICON = { correct: "\u2714", incorrect: "\u2718", partial: "\u25D0" };
const fmtMarks = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, "").replace(/\.$/, ""));
const fmtPercent = (p) => p.toFixed(1).replace(/\.0$/, "") + "%";

function verdict(m) {
  if (!m.answered) return { cls: "incorrect", text: `${ICON.incorrect} Not answered` };
  if (m.correct) return { cls: "correct", text: `${ICON.correct} Correct` };
  if (m.score > 0) return { cls: "partial", text: `${ICON.partial} Partly correct: ${fmtMarks(m.score)} of 1 mark` };
  return { cls: "incorrect", text: `${ICON.incorrect} Incorrect` };
}

function answerText(q) {
  switch (q.type) {
    case "single": case "multiple":
      return q.options.filter((o) => o.correct).map((o) => o.text).join("; ");
    case "true_false": return q.answer ? "True" : "False";
    case "numeric": return `${q.answer}${q.unit ? " " + q.unit : ""} (within ${q.tolerance})`;
    case "ordering": return q.items.map((t, i) => `${i + 1}. ${t}`).join("  ");
    case "matching": return q.pairs.map((p) => `${p.left} \u2192 ${p.right}`).join("; ");
    case "text": return q.accept.join(" or ");
    default: return "";
  }
}

function responseText(q, r) {
  if (r === null || r === undefined || (Array.isArray(r) && !r.length) || r === "") return "(not answered)";
  switch (q.type) {
    case "single": return q.options[r] ? q.options[r].text : "(not answered)";
    case "multiple": return r.map((i) => q.options[i].text).join("; ");
    case "true_false": return r ? "True" : "False";
    case "ordering": return r.map((i, p) => `${p + 1}. ${q.items[i]}`).join("  ");
    case "matching": return q.pairs.map((p, i) => `${p.left} \u2192 ${r[i] === null || r[i] === undefined ? "(none)" : q.pairs[r[i]].right}`).join("; ");
    default: return String(r);
  }
}

// ------------------------------------------------------------------------ one question's view
class QuestionView {
  constructor(quiz, q, number, total, layout) {
    this.quiz = quiz;
    this.q = q;
    this.layout = layout; // {options: [...indices]} order shown
    this.id = `cx-q-${++uid}`;
    this.mark = null;
    const stemId = `${this.id}-stem`;
    this.feedback = h("div", { class: "cx-q-feedback", id: `${this.id}-fb` });
    this.controls = h("div", { class: "cx-q-controls" });
    this.el = h("fieldset", { class: "cx-q", id: this.id, "data-qid": q.id, "aria-describedby": stemId },
      h("legend", { text: `Question ${number} of ${total}` }),
      h("div", { class: "cx-q-stem", id: stemId }, markdownNodes(q.stem)),
      this.controls);
    this.build();
    if (quiz.mode === "practice") {
      this.checkBtn = h("button", { type: "button", class: "cx-btn cx-btn-primary", onclick: () => this.check() }, "Check");
      this.retryBtn = h("button", { type: "button", class: "cx-btn", onclick: () => this.retry(), hidden: true }, "Retry");
      this.showBtn = h("button", { type: "button", class: "cx-btn", onclick: () => this.showAnswer() }, "Show answer");
      this.el.append(h("div", { class: "cx-q-actions" }, this.checkBtn, this.retryBtn, this.showBtn));
    }
    this.el.append(this.feedback);
  }

  build() {
    const q = this.q;
    const name = `${this.id}-in`;
    this.inputs = [];
    if (q.type === "single" || q.type === "multiple" || q.type === "true_false") {
      const choices = q.type === "true_false"
        ? [{ value: true, text: "True" }, { value: false, text: "False" }]
        : this.layout.options.map((i) => ({ value: i, text: q.options[i].text }));
      const list = h("div", { class: "cx-q-options" });
      choices.forEach((c, k) => {
        const input = h("input", { type: q.type === "multiple" ? "checkbox" : "radio", name, id: `${name}-${k}`,
          onchange: () => this.changed() });
        input._value = c.value;
        this.inputs.push(input);
        list.append(h("div", { class: "cx-q-option" }, input,
          h("label", { for: `${name}-${k}` }, q.type === "true_false" ? c.text : inlineNodes(c.text)),
          h("span", { class: "cx-q-mark", "aria-hidden": "false" })));
      });
      if (q.type === "multiple") this.controls.append(h("p", { class: "cx-q-hint", text: "Select all that apply." }));
      this.controls.append(list);
    } else if (q.type === "numeric" || q.type === "text") {
      const input = h("input", { type: "text", id: `${name}-0`, class: "cx-q-input", autocomplete: "off",
        inputmode: q.type === "numeric" ? "decimal" : null, spellcheck: "false", oninput: () => this.changed() });
      this.inputs.push(input);
      this.controls.append(h("div", { class: "cx-q-field" },
        h("label", { for: `${name}-0`, text: q.type === "numeric" ? "Your answer (a number)" : "Your answer" }),
        input, q.unit ? h("span", { class: "cx-q-unit", text: q.unit }) : null));
    } else if (q.type === "ordering") {
      this.order = [...this.layout.options];
      this.list = h("ol", { class: "cx-q-order" });
      const hint = "Put the items in order with the Move up and Move down buttons." + (this.quiz.mode === "exam"
        ? " An order you have not changed counts as not answered." : "");
      this.controls.append(h("p", { class: "cx-q-hint", text: hint }), this.list);
      this.drawOrder();
    } else if (q.type === "matching") {
      const box = h("div", { class: "cx-q-match" });
      q.pairs.forEach((p, i) => {
        const sel = h("select", { id: `${name}-${i}`, onchange: () => this.changed() },
          h("option", { value: "", text: "Choose\u2026" }),
          this.layout.options.map((j) => h("option", { value: String(j), text: q.pairs[j].right })));
        this.inputs.push(sel);
        box.append(h("div", { class: "cx-q-pair" }, h("label", { for: `${name}-${i}` }, inlineNodes(p.left)), sel));
      });
      this.controls.append(box);
    }
  }

  drawOrder(focusItem, focusDir) {
    const q = this.q;
    this.list.replaceChildren();
    this.moveBtns = [];
    this.order.forEach((item, pos) => {
      const label = q.items[item];
      const up = h("button", { type: "button", class: "cx-btn cx-btn-small", "aria-label": `Move up: \u201C${label}\u201D`,
        disabled: pos === 0 || this.locked, onclick: () => this.move(pos, -1) }, h("span", { "aria-hidden": "true", text: "\u2191 " }), "Move up");
      const down = h("button", { type: "button", class: "cx-btn cx-btn-small", "aria-label": `Move down: \u201C${label}\u201D`,
        disabled: pos === this.order.length - 1 || this.locked, onclick: () => this.move(pos, 1) }, h("span", { "aria-hidden": "true", text: "\u2193 " }), "Move down");
      this.moveBtns.push(up, down);
      this.list.append(h("li", { class: "cx-q-order-item" }, h("span", { class: "cx-q-order-text" }, inlineNodes(label)), up, down));
      if (item === focusItem) {
        const target = focusDir < 0 ? (pos === 0 ? down : up) : (pos === this.order.length - 1 ? up : down);
        queueMicrotask(() => target.focus());
      }
    });
  }

  move(pos, dir) {
    const to = pos + dir;
    if (to < 0 || to >= this.order.length) return;
    const item = this.order[pos];
    this.touched = true;
    [this.order[pos], this.order[to]] = [this.order[to], this.order[pos]];
    this.drawOrder(item, dir);
    this.quiz.announce(`\u201C${this.q.items[item]}\u201D is now number ${to + 1} of ${this.order.length}.`);
    this.changed();
  }

  response() {
    const q = this.q;
    switch (q.type) {
      case "single": case "true_false": {
        const c = this.inputs.find((i) => i.checked);
        return c ? c._value : null;
      }
      case "multiple": return this.inputs.filter((i) => i.checked).map((i) => i._value).sort((a, b) => a - b);
      case "numeric": {
        const v = this.inputs[0].value.trim().replace(/,/g, "");
        if (!v) return null;
        const n = Number(v);
        return Number.isFinite(n) ? n : v;
      }
      case "text": return this.inputs[0].value;
      case "ordering": return this.quiz.mode === "exam" && !this.touched ? null : [...this.order];
      case "matching": return this.inputs.map((s) => (s.value === "" ? null : Number(s.value)));
      default: return null;
    }
  }

  setResponse(r) {
    const q = this.q;
    if (r === null || r === undefined) return;
    if (q.type === "single" || q.type === "true_false") this.inputs.forEach((i) => { i.checked = i._value === r; });
    else if (q.type === "multiple") this.inputs.forEach((i) => { i.checked = r.includes(i._value); });
    else if (q.type === "numeric" || q.type === "text") this.inputs[0].value = String(r);
    else if (q.type === "ordering" && Array.isArray(r) && r.length === this.order.length) {
      this.order = [...r];
      this.touched = true;
      this.drawOrder();
    }
    else if (q.type === "matching") this.inputs.forEach((s, i) => { s.value = r[i] === null || r[i] === undefined ? "" : String(r[i]); });
  }

  lock(locked) {
    this.locked = locked;
    for (const i of this.inputs) i.disabled = locked;
    if (this.q.type === "ordering") this.drawOrder();
  }

  changed() { this.quiz.changed(this); }

  check() {
    const r = this.response();
    if (this.q.type === "numeric" && typeof r === "string") {
      this.showMessage(`\u26A0 \u201C${r}\u201D is not a number: type digits only, for example 12.5.`);
      this.quiz.announce(`Question ${this.el.querySelector("legend").textContent}: please enter a number.`);
      return;
    }
    const m = gradeQuestion(this.q, r);
    if (!m.answered) {
      this.showMessage("\u26A0 Answer the question first, then press Check.");
      this.quiz.announce("Answer the question first, then press Check.");
      return;
    }
    this.showMark(m, r, true);
    this.quiz.recordMark(this, r, m, true);
  }

  showMessage(text) {
    this.feedback.replaceChildren(h("p", { class: "cx-q-warn", text }));
  }

  showMark(m, r, announce) {
    this.mark = m;
    const v = verdict(m);
    const q = this.q;
    const parts = [h("p", { class: `cx-q-verdict cx-${v.cls}`, text: v.text })];
    if (!m.answered) {
      // nothing chosen: the verdict and the explanation say it all
    } else if (q.type === "single" || q.type === "multiple") {
      const chosen = q.type === "single" ? [r] : r;
      const items = chosen.map((i) => h("li", { class: q.options[i].correct ? "cx-correct" : "cx-incorrect" },
        h("strong", { text: `${q.options[i].correct ? ICON.correct + " Right choice" : ICON.incorrect + " Wrong choice"}: ` }),
        inlineNodes(q.options[i].text), h("br"), inlineNodes(q.options[i].feedback)));
      parts.push(h("ul", { class: "cx-q-option-feedback", "aria-label": "Feedback on your choices" }, items));
      this.inputs.forEach((input) => {
        const span = input.parentElement.querySelector(".cx-q-mark");
        const idx = input._value;
        span.textContent = input.checked ? (q.options[idx].correct ? ` ${ICON.correct} right` : ` ${ICON.incorrect} wrong`) : "";
        span.className = "cx-q-mark " + (input.checked ? (q.options[idx].correct ? "cx-correct" : "cx-incorrect") : "");
      });
    } else {
      parts.push(h("p", { class: "cx-q-general-feedback" }, inlineNodes(m.feedback[0])));
    }
    parts.push(h("div", { class: "cx-q-explanation" }, h("p", {}, h("strong", { text: "Explanation" })), markdownNodes(q.explanation)));
    this.feedback.replaceChildren(...parts);
    if (this.quiz.mode === "practice") {
      this.lock(true);
      this.checkBtn.hidden = true;
      this.retryBtn.hidden = false;
    }
    if (announce) {
      const legend = this.el.querySelector("legend").textContent;
      this.quiz.announce(`${legend}: ${v.text}. ${m.feedback.join(" ")}`);
    }
  }

  retry() {
    this.mark = null;
    this.lock(false);
    this.inputs.forEach((i) => { if (i.type === "radio" || i.type === "checkbox") i.checked = false; else i.value = ""; });
    if (this.q.type === "ordering") { this.order = [...this.layout.options]; this.touched = false; this.drawOrder(); }
    this.controls.querySelectorAll(".cx-q-mark").forEach((s) => { s.textContent = ""; s.className = "cx-q-mark"; });
    this.feedback.replaceChildren();
    this.checkBtn.hidden = false;
    this.retryBtn.hidden = true;
    this.quiz.recordMark(this, null, null, false);
    (this.inputs[0] || this.moveBtns.find((b) => !b.disabled)).focus();
  }

  showAnswer() {
    const box = h("div", { class: "cx-q-answer" }, h("p", {}, h("strong", { text: "Answer: " }), answerText(this.q)),
      h("div", { class: "cx-q-explanation" }, h("p", {}, h("strong", { text: "Explanation" })), markdownNodes(this.q.explanation)));
    const old = this.feedback.querySelector(".cx-q-answer");
    if (old) old.remove();
    if (!this.mark) this.feedback.replaceChildren(box); else this.feedback.append(box);
    this.quiz.announce(`Answer: ${answerText(this.q)}`);
  }
}

// ------------------------------------------------------------------------------- a whole quiz
class Quiz {
  constructor(el, data, options) {
    this.el = el;
    this.data = data;
    this.mode = data.mode === "exam" ? "exam" : "practice";
    this.onResult = options.onResult || (() => {});
    this.submitToKernel = options.submit || null;
    const params = new URLSearchParams(globalThis.location ? globalThis.location.search : "");
    this.timeScale = Number(params.get("cx-quiz-time-scale")) || Number(data.time_scale) || 1;
    this.key = data.key;
    this.state = loadState(this.key) || {};
    this.root = h("section", { class: "cx-quiz-root", "aria-label": data.title });
    this.live = h("div", { class: "cx-quiz-live", "aria-live": "polite", role: "status" });
    const script = el.querySelector(":scope > script.cx-quiz-data");  // kept: the page's copy of the data
    el.replaceChildren(...(script ? [script] : []), this.root);
    if (this.mode === "exam") this.buildExam(); else this.buildPractice();
    this.root.setAttribute("data-ready", "1");
    el.setAttribute("data-cx-ready", "1");
  }

  announce(text) {
    // Clear then set, so the same message is announced again.
    this.live.textContent = "";
    setTimeout(() => { this.live.textContent = text; }, 30);
  }

  layoutFor(q) {
    const stored = (this.state.layout || {})[q.id];
    const n = q.options ? q.options.length : q.items ? q.items.length : q.pairs ? q.pairs.length : 0;
    if (stored && stored.length === n) return { options: stored };
    let order = [...Array(n).keys()];
    if (q.type === "ordering") {
      do order = shuffled(n); while (n > 1 && order.every((v, i) => v === i));
    } else if (q.type === "matching" || (q.options && q.shuffle !== false)) order = shuffled(n);
    this.state.layout = Object.assign(this.state.layout || {}, { [q.id]: order });
    return { options: order };
  }

  questionOrder() {
    const ids = this.data.questions.map((q) => q.id);
    const stored = this.state.order;
    if (stored && stored.length === ids.length && stored.every((id) => ids.includes(id))) return stored;
    const order = this.mode === "practice" ? shuffled(ids.length).map((i) => ids[i]) : ids;
    this.state.order = order;
    return order;
  }

  buildQuestions() {
    const byId = Object.fromEntries(this.data.questions.map((q) => [q.id, q]));
    const order = this.questionOrder();
    this.views = order.map((id, i) => new QuestionView(this, byId[id], i + 1, order.length, this.layoutFor(byId[id])));
    saveState(this.key, this.state);
    return this.views.map((v) => v.el);
  }

  // ------------------------------------------------------------------------------- practice
  buildPractice() {
    const n = this.data.questions.length;
    this.progress = h("p", { class: "cx-quiz-progress" });
    const reset = h("button", { type: "button", class: "cx-btn", onclick: () => this.reset() }, "Reset progress");
    const slip = h("button", { type: "button", class: "cx-btn", onclick: () => this.downloadSlip() }, "Download result slip (CSV)");
    this.root.append(
      h("h3", { class: "cx-quiz-title", text: this.data.title }),
      h("p", { class: "cx-quiz-intro", text: `${n} questions. Answer each one, then press Check to see feedback. ` +
        "Your score and answers are kept in this browser until you reset them." }),
      h("div", { class: "cx-quiz-bar" }, this.progress, reset, slip),
      this.live, ...this.buildQuestions());
    const answers = this.state.answers || {};
    for (const v of this.views) {
      const a = answers[v.q.id];
      if (!a) continue;
      const m = gradeQuestion(v.q, a.response);
      v.setResponse(a.response);
      v.showMark(m, a.response, false);
      // Answers saved before attempts were recorded (no `at`) join the progress record once, undated.
      if (!this.state.recorded) recordCheck(this.data.spec, v.q, m.score, m.correct, a.at || null);
    }
    if (!this.state.recorded) { this.state.recorded = 1; saveState(this.key, this.state); }
    this.updateProgress(false);
  }

  recordMark(view, response, m, announce) {
    this.state.answers = this.state.answers || {};
    if (m) {
      const at = new Date().toISOString();
      this.state.answers[view.q.id] = { response, score: m.score, correct: m.correct, at };
      recordCheck(this.data.spec, view.q, m.score, m.correct, at);
    } else delete this.state.answers[view.q.id];
    saveState(this.key, this.state);
    this.updateProgress(announce);
  }

  changed() {
    if (this.mode === "exam") this.saveExamResponses();
  }

  results() {
    const answers = this.state.answers || {};
    const rows = this.views.map((v) => {
      const a = answers[v.q.id];
      const m = a ? gradeQuestion(v.q, a.response) : mark(0, false, false, []);
      return { id: v.q.id, criteria: v.q.criteria, response: a ? a.response : null, score: m.score,
        correct: m.correct, answered: m.answered };
    });
    const scores = this.data.questions.map((q) => rows.find((r) => r.id === q.id).score);
    return { rows, score: scores.reduce((s, x) => s + x, 0), percent: paperPercent(scores, scores.length) };
  }

  updateProgress() {
    const { rows, score } = this.results();
    const done = rows.filter((r) => r.answered).length;
    this.progress.textContent = `Score: ${fmtMarks(score)} of ${rows.length} \u00B7 answered ${done} of ${rows.length}`;
    this.sendResult();
  }

  sendResult(extra) {
    const r = this.results();
    this.onResult(Object.assign({ key: this.key, title: this.data.title, mode: this.mode, spec: this.data.spec,
      questions: r.rows.length, score: r.score, percent: r.percent, answers: r.rows, updated: new Date().toISOString() }, extra || {}));
  }

  reset() {
    const s = storage();
    if (s) s.removeItem(this.key);
    this.state = {};
    this.root.replaceChildren();
    if (this.mode === "exam") this.buildExam(); else this.buildPractice();
    this.root.setAttribute("data-ready", "1");
    this.announce(this.mode === "exam" ? "The exam has been reset." : "Progress reset: every question is unanswered again.");
    const first = this.root.querySelector("button, input, select");
    if (first) first.focus();
  }

  downloadSlip(extra) {
    const r = this.results();
    const esc = (v) => `"${String(v).replace(/"/g, '""')}"`;
    const lines = [["quiz", this.data.title], ["date", new Date().toISOString()],
      ["score", fmtMarks(r.score)], ["questions", r.rows.length], ["percent", r.percent.toFixed(1)]];
    if (extra) for (const [k, v] of Object.entries(extra)) lines.push([k, v]);
    lines.push([], ["question", "criteria", "answered", "mark", "correct"]);
    for (const row of r.rows) lines.push([row.id, row.criteria.join(" "), row.answered ? "yes" : "no", fmtMarks(row.score), row.correct ? "yes" : "no"]);
    const csv = lines.map((l) => l.map(esc).join(",")).join("\r\n") + "\r\n";
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const a = h("a", { href: url, download: `${this.key.replace(/[^a-z0-9-]+/gi, "-")}-result.csv`, class: "cx-hidden-link" });
    this.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.announce("The result slip has been downloaded.");
  }

  // ----------------------------------------------------------------------------------- exam
  buildExam() {
    const d = this.data;
    const n = d.questions.length;
    const st = this.state;
    this.root.append(h("h3", { class: "cx-quiz-title", text: d.title }), this.live);
    if (st.result || st.submitted) {
      this.root.append(...this.buildQuestions());
      for (const v of this.views) v.lock(true);
      this.markExam(!st.result);
      return;
    }
    if (st.startedAt) { this.startExam(false); return; }
    const extraId = `cx-extra-${++uid}`;
    const extra = h("input", { type: "checkbox", id: extraId });
    const mins = d.minutes;
    const extraMins = mins * (1 + d.extra_time);
    this.root.append(h("div", { class: "cx-exam-start" },
      h("p", { text: `${n} questions, ${mins} minutes. Answer in any order; you can change an answer until you submit. ` +
        "When the time runs out your answers are submitted as they stand." }),
      h("div", { class: "cx-q-option" }, extra, h("label", { for: extraId },
        `I have agreed 25% extra time as a reasonable adjustment (${fmtDuration(extraMins * 60000)} in all)`)),
      h("button", { type: "button", class: "cx-btn cx-btn-primary", onclick: () => {
        st.startedAt = Date.now();
        st.durationMs = (extra.checked ? extraMins : mins) * 60000;
        st.extraTime = extra.checked;
        this.root.replaceChildren(h("h3", { class: "cx-quiz-title", text: d.title }), this.live);
        this.startExam(true);
      } }, "Start the exam")));
  }

  startExam(fresh) {
    const st = this.state;
    this.timer = h("span", { class: "cx-exam-clock" });
    this.answered = h("span", { class: "cx-exam-answered" });
    this.root.append(h("div", { class: "cx-exam-bar", role: "group", "aria-label": "Exam timer" },
      h("p", {}, "Time left: ", this.timer, " \u00B7 ", this.answered)));
    const qs = this.buildQuestions();
    const submit = h("button", { type: "button", class: "cx-btn cx-btn-primary", onclick: () => this.submitExam("submitted") }, "Submit answers");
    this.root.append(...qs, h("div", { class: "cx-exam-submit" }, submit));
    for (const v of this.views) { const r = (st.responses || {})[v.q.id]; if (r !== undefined) v.setResponse(r); }
    st.announced = st.announced || {};
    saveState(this.key, st);
    this.tick();
    this.interval = setInterval(() => this.tick(), TICK_MS);
    this.updateAnswered();
    if (fresh) {
      this.announce(`The exam has started: ${fmtDuration(st.durationMs)} to answer ${this.views.length} questions.`);
      const first = this.views[0] && this.views[0].inputs[0];
      if (first) first.focus();
    }
  }

  remainingMs() {
    return this.state.durationMs - (Date.now() - this.state.startedAt) * this.timeScale;
  }

  tick() {
    const left = this.remainingMs();
    const st = this.state;
    this.timer.textContent = fmtClock(Math.max(0, left));
    for (const [mark, text] of [[10, "10 minutes left."], [1, "1 minute left."]]) {
      if (left <= mark * 60000 && left > 0 && !st.announced[mark] && st.durationMs > mark * 60000) {
        st.announced[mark] = true;
        saveState(this.key, st);
        this.announce(text);
      }
    }
    if (left <= 0) this.submitExam("time");
  }

  saveExamResponses() {
    if (!this.views) return;
    this.state.responses = Object.fromEntries(this.views.map((v) => [v.q.id, v.response()]));
    saveState(this.key, this.state);
    this.updateAnswered();
  }

  updateAnswered() {
    if (!this.answered) return;
    const n = this.views.filter((v) => gradeQuestion(v.q, v.response()).answered).length;
    this.answered.textContent = `answered ${n} of ${this.views.length}`;
  }

  submitExam(how) {
    if (this.state.result || this.state.submitted) return;
    clearInterval(this.interval);
    this.saveExamResponses();
    const st = this.state;
    st.answers = {};
    for (const v of this.views) {
      const r = st.responses[v.q.id];
      st.answers[v.q.id] = { response: typeof r === "string" && v.q.type === "numeric" ? null : r };
    }
    st.submitted = how;  // final from here on, even if marking has to wait for the kernel
    saveState(this.key, st);
    for (const v of this.views) v.lock(true);
    this.announce("Marking your answers\u2026");
    this.markExam(true);
  }

  // Get the key (unseal it, or ask the kernel to mark), then show the result.
  markExam(announce) {
    const st = this.state;
    const how = st.result ? st.result.how : st.submitted;
    this.keysFor(how).then(() => {
      if (!st.result) {
        const r = this.results();
        st.result = { how, percent: r.percent, score: r.score, band: bandFor(r.percent, this.data.bands),
          finishedAt: Date.now() };
        delete st.submitted;
        saveState(this.key, st);
      }
      this.recordAttempt();
      this.showResults(announce);
    }).catch(() => this.showMarkingError());
  }

  // The marked attempt joins the progress record: band and marks by criterion and by question, no key.
  recordAttempt() {
    const res = this.state.result;
    if (!res.finishedAt) { res.finishedAt = Date.now(); saveState(this.key, this.state); }  // saved before times were kept
    const r = this.results();
    const criteria = {};
    const marks = {};
    for (const row of r.rows) {
      const c = row.criteria[0];
      criteria[c] = criteria[c] || { score: 0, n: 0 };
      criteria[c].score += row.score;
      criteria[c].n += 1;
      marks[row.id] = row.score;
    }
    const paper = Number((/paper(\d+)$/.exec(this.key) || [])[1]) || null;
    recordMock(this.data.spec, { key: this.key, paper, at: new Date(res.finishedAt || Date.now()).toISOString(),
      how: res.how, score: res.score, questions: r.rows.length, percent: res.percent, band: res.band || null, criteria, marks });
  }

  keysFor(how) {
    const d = this.data;
    if (this.keysShown || !d.marking) return Promise.resolve();
    if (d.marking === "sealed") {
      for (const q of d.questions) if (q.sealed) applyKey(q, unseal(q.sealed, `${d.key}:${q.id}`));
      this.keysShown = true;
      return Promise.resolve();
    }
    if (!this.submitToKernel) return Promise.reject(new Error("no kernel to mark the exam"));
    const responses = Object.fromEntries(Object.entries(this.state.answers || {}).map(([id, a]) => [id, a.response]));
    return this.submitToKernel({ responses, how, extra_time: !!this.state.extraTime }).then((msg) => {
      for (const q of d.questions) {
        const k = msg && msg.questions ? msg.questions[q.id] : null;
        if (!k) throw new Error("the marking did not include every question");
        applyKey(q, k);
      }
      this.keysShown = true;
    });
  }

  showMarkingError() {
    const old = this.root.querySelector(".cx-exam-marking-error");
    if (old) old.remove();
    const retry = h("button", { type: "button", class: "cx-btn cx-btn-primary", onclick: () => {
      box.remove();
      this.announce("Marking your answers\u2026");
      this.markExam(true);
    } }, "Try marking again");
    const box = h("div", { class: "cx-exam-marking-error", role: "alert" },
      h("p", { class: "cx-q-warn", text: "Your answers are saved in this browser, but they could not be marked: " +
        "the app has lost its connection to the server. Check your connection, then press Try marking again " +
        "or reload the page. Your answers will not change." }), retry);
    this.root.append(box);
    retry.focus();
  }

  showResults(announce) {
    const d = this.data;
    const st = this.state;
    const res = st.result;
    const r = this.results();
    for (const v of this.views) {
      const a = (st.answers || {})[v.q.id];
      if (a && a.response !== null && a.response !== undefined) v.setResponse(a.response);
      v.lock(true);
    }
    const rootUrl = d.links_from_root ? (document.documentElement.dataset.content_root || "") : "";
    const byCrit = {};
    for (const row of r.rows) {
      const c = row.criteria[0];
      byCrit[c] = byCrit[c] || { n: 0, score: 0 };
      byCrit[c].n += 1;
      byCrit[c].score += row.score;
    }
    const table = h("table", { class: "cx-exam-breakdown" },
      h("caption", { text: "Your marks by assessment criterion" }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Criterion" }), h("th", { scope: "col", text: "Marks" }),
        h("th", { scope: "col", text: "Where it is taught" }))),
      h("tbody", {}, Object.keys(d.criteria).filter((k) => byCrit[k]).map((k) => h("tr", {},
        h("th", { scope: "row", text: d.criteria[k].label }),
        h("td", { text: `${fmtMarks(byCrit[k].score)} of ${byCrit[k].n} (${fmtPercent((byCrit[k].score * 100) / byCrit[k].n)})` }),
        h("td", {}, d.criteria[k].links.map((l, i) => [i ? "; " : "", h("a", { href: rootUrl + l.url, text: l.title })]))))));
    const when = res.how === "time" ? "Time ran out, so your answers were submitted as they stood." : "You submitted your answers.";
    const summary = h("div", { class: "cx-exam-result", tabindex: "-1" },
      h("h4", { text: "Your result" }),
      h("p", { class: "cx-exam-when", text: when }),
      h("p", { class: "cx-exam-score" }, "Score: ", h("strong", { text: `${fmtMarks(res.score)} of ${r.rows.length}` }),
        " \u00B7 Percentage: ", h("strong", { class: "cx-exam-percent", text: fmtPercent(res.percent) }),
        " \u00B7 Result band: ", h("strong", { class: "cx-exam-band", text: res.band || "" })),
      h("p", { class: "cx-exam-bands", text: "Bands: " + bandsText(d.bands) + ". The percentage is not rounded before banding." }),
      table,
      h("div", { class: "cx-quiz-bar" },
        h("button", { type: "button", class: "cx-btn", onclick: () => this.downloadSlip({ band: res.band, finished: res.how }) }, "Download result slip (CSV)"),
        h("button", { type: "button", class: "cx-btn", onclick: () => this.reset() }, "Start again")),
      h("h4", { text: "Review of every answer" }));
    const review = this.views.map((v) => {
      const a = (st.answers || {})[v.q.id];
      const resp = a ? a.response : null;
      const m = gradeQuestion(v.q, resp);
      v.showMark(m.answered ? m : mark(0, false, false, []), resp, false);
      v.feedback.prepend(h("p", { class: "cx-q-review" }, h("strong", { text: "Your answer: " }), responseText(v.q, resp),
        h("br"), h("strong", { text: "Correct answer: " }), answerText(v.q)));
      return v.el;
    });
    this.root.replaceChildren(h("h3", { class: "cx-quiz-title", text: d.title }), this.live, summary, ...review);
    this.root.setAttribute("data-finished", res.how);
    if (announce) {
      this.announce(`${res.how === "time" ? "Time is up. " : ""}Your result: ${fmtMarks(res.score)} of ${r.rows.length}, ${fmtPercent(res.percent)}, ${res.band}.`);
      summary.focus();
    }
    this.sendResult({ band: res.band, finished: res.how, extra_time: !!st.extraTime });
  }
}

function bandsText(bands) {
  const sorted = [...bands].sort((a, b) => b.min_percent - a.min_percent);
  return sorted.map((b, i) => (b.min_percent > 0 ? `${b.grade} ${b.min_percent}% or more`
    : `${b.grade} below ${sorted[i - 1] ? sorted[i - 1].min_percent : 0}%`)).join(", ");
}

function fmtClock(ms) {
  const s = Math.ceil(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const p = (x) => String(x).padStart(2, "0");
  return hh ? `${hh}:${p(mm)}:${p(ss)}` : `${p(mm)}:${p(ss)}`;
}

function fmtDuration(ms) {
  const total = Math.round(ms / 1000);
  const hh = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = total % 60;
  const parts = [];
  if (hh) parts.push(`${hh} hour${hh > 1 ? "s" : ""}`);
  if (mm) parts.push(`${mm} minute${mm > 1 ? "s" : ""}`);
  if (ss) parts.push(`${ss} seconds`);
  return parts.join(" ") || "0 minutes";
}

// ------------------------------------------------------------------------- the My progress page
// Data (widgets/progress.py progress_page_data): {mode: "progress", surface: "book"|"live", links_from_root,
// specs: [{id, title, criteria: [{key, id, label, teach: [{title, url}], practice: [{title, url}]}]}]}.
const fmtDate = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
};
const shortSpec = (spec) => spec.title;

export function criterionSummary(progress, key) {
  const recs = Object.values(progress.questions).filter((r) => (r.criteria || []).includes(key));
  if (!recs.length) return null;
  const right = recs.reduce((t, r) => t + r.score, 0);
  const dated = recs.map((r) => r.at).filter(Boolean).sort();
  return { n: recs.length, right, share: right / recs.length, last: dated.length ? dated[dated.length - 1] : null };
}

class ProgressPage {
  constructor(el, data) {
    this.el = el;
    this.data = data;
    this.specIds = data.specs.map((s) => s.id);
    this.rootUrl = data.links_from_root ? (document.documentElement.dataset.content_root || "") : "";
    this.root = h("section", { class: "cx-quiz-root cx-progress-root", "aria-label": "My progress" });
    this.live = h("div", { class: "cx-quiz-live", "aria-live": "polite", role: "status" });
    const script = el.querySelector(":scope > script.cx-quiz-data");
    el.replaceChildren(...(script ? [script] : []), this.root);
    this.build();
    el.setAttribute("data-cx-ready", "1");
  }

  announce(text) {
    this.live.textContent = "";
    setTimeout(() => { this.live.textContent = text; }, 30);
  }

  build() {
    const where = this.data.surface === "live"
      ? "This page reads the quizzes and mock exams you have answered in JupyterLab or the Voila apps at this address. " +
        "Your browser keeps a separate record for each web address, so attempts made in the online book are not " +
        "shown here: export them from the book's My progress page and import the file below to see them together."
      : "This page reads the quizzes and mock exams you have answered in this browser. Nothing is sent anywhere: " +
        "to carry your progress to another device, export it here and import the file there.";
    const nameId = `cx-prog-name-${++uid}`;
    const fileId = `cx-prog-file-${++uid}`;
    const msgId = `cx-prog-msg-${++uid}`;
    this.name = h("input", { type: "text", id: nameId, autocomplete: "off", maxlength: "100" });
    this.file = h("input", { type: "file", id: fileId, accept: ".json,application/json", "aria-describedby": msgId,
      onchange: () => this.importFile() });
    this.message = h("p", { class: "cx-progress-msg", id: msgId });
    this.confirmBox = h("div", { class: "cx-progress-confirm" });
    this.body = h("div", { class: "cx-progress-specs" });
    this.root.append(
      h("p", { class: "cx-progress-where", text: where }),
      h("div", { class: "cx-progress-tools", role: "group", "aria-label": "Export, import or reset your progress" },
        h("div", { class: "cx-q-field" }, h("label", { for: nameId, text: "Your name for your tutor (optional, saved in the exported file)" }), this.name),
        h("div", { class: "cx-quiz-bar" },
          h("button", { type: "button", class: "cx-btn cx-btn-primary", onclick: () => this.exportFile() }, "Export my progress (JSON)"),
          h("button", { type: "button", class: "cx-btn", onclick: () => this.askReset(null) }, "Reset all my progress")),
        h("div", { class: "cx-q-field" }, h("label", { for: fileId, text: "Import a progress file" }), this.file),
        this.message, this.confirmBox),
      this.live, this.body);
    this.render();
  }

  render() {
    this.body.replaceChildren(...this.data.specs.map((spec) => this.specSection(spec)));
    this.root.setAttribute("data-ready", "1");
  }

  links(list) {
    if (!list || !list.length) return "\u2013";
    return list.map((l, i) => [i ? "; " : "", h("a", { href: this.rootUrl + l.url, text: l.title })]);
  }

  specSection(spec) {
    const p = loadProgress(spec.id);
    const headId = `cx-prog-${spec.id}`;
    const rows = spec.criteria.map((c) => ({ c, sum: criterionSummary(p, c.key) }));
    const tried = rows.filter((r) => r.sum).length;
    const table = h("table", { class: "cx-exam-breakdown cx-progress-table", "data-spec": spec.id },
      h("caption", { text: `${spec.title}: your progress by criterion` }),
      h("thead", {}, h("tr", {}, ["Criterion", "Questions attempted", "Right at the latest attempt", "Last attempt",
        "Where it is taught", "Practice questions"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows.map(({ c, sum }) => h("tr", { "data-criterion": c.key, class: sum ? "cx-tried" : "cx-untried" },
        h("th", { scope: "row", text: c.label }),
        sum ? h("td", { text: String(sum.n) }) : h("td", { colspan: "3", text: "Not yet tried" }),
        sum ? h("td", { text: `${fmtMarks(sum.right)} of ${sum.n} (${fmtPercent(sum.share * 100)})` }) : null,
        sum ? h("td", {}, sum.last ? h("time", { datetime: sum.last, text: fmtDate(sum.last) }) : "time not recorded") : null,
        h("td", {}, this.links(c.teach)), h("td", {}, this.links(c.practice))))));
    const section = h("section", { class: "cx-progress-spec", "aria-labelledby": headId },
      h("h2", { id: headId, tabindex: "-1", text: spec.title }),
      h("p", { text: `${tried} of ${spec.criteria.length} criteria tried in practice questions.` }),
      table);
    if (p.mocks.length) {
      const labels = Object.fromEntries(spec.criteria.map((c) => [c.key, c.id]));
      section.append(h("table", { class: "cx-exam-breakdown cx-progress-mocks", "data-spec": spec.id },
        h("caption", { text: `${spec.title}: mock exam attempts` }),
        h("thead", {}, h("tr", {}, ["Date", "Paper", "Score", "Result band", "Marks by criterion"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, [...p.mocks].reverse().map((m) => h("tr", {},
          h("th", { scope: "row" }, h("time", { datetime: m.at, text: fmtDate(m.at) })),
          h("td", { text: m.paper ? `Paper ${m.paper}` : "\u2013" }),
          h("td", { text: `${fmtMarks(m.score)} of ${m.questions} (${fmtPercent(m.percent)})` }),
          h("td", { text: m.band || "\u2013" }),
          h("td", { text: Object.entries(m.criteria).map(([k, c]) => `${labels[k] || k}: ${fmtMarks(c.score)} of ${c.n}`).join("; ") }))))));
    }
    section.append(h("div", { class: "cx-quiz-bar" },
      h("button", { type: "button", class: "cx-btn", onclick: (e) => this.askReset(spec, e.currentTarget) }, `Reset my progress in ${shortSpec(spec)}`)));
    return section;
  }

  say(text, bad) {
    this.message.textContent = text;
    this.message.className = "cx-progress-msg" + (bad ? " cx-q-warn" : "");
    this.announce(text);
  }

  exportFile() {
    const data = progressExport(this.specIds, this.name.value.trim());
    const n = Object.keys(data.specs).length;
    const text = JSON.stringify(data, null, 1);
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const a = h("a", { href: url, download: `cx-progress-${data.exported.slice(0, 10)}.json`, class: "cx-hidden-link" });
    this.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.say(n ? `Your progress in ${n} specification${n > 1 ? "s" : ""} has been downloaded as a file.`
      : "You have no progress to export yet; the file downloaded is empty.");
  }

  importFile() {
    const f = this.file.files && this.file.files[0];
    if (!f) return;
    const fail = (why) => { this.say(`\u26A0 \u201C${f.name.slice(0, 80)}\u201D was not imported: ${why}. Nothing has changed.`, true); this.file.value = ""; };
    if (f.size > PROGRESS_MAX_BYTES) { fail(`the file is larger than ${PROGRESS_MAX_BYTES / 1048576} MB, so it cannot be a progress file from this course`); return; }
    f.text().then((text) => {
      let parsed;
      try { parsed = parseProgressFile(text, this.specIds); } catch (err) { fail(err.message); return; }
      importProgress(parsed);
      this.render();
      const n = Object.keys(parsed.specs).length;
      this.say(`\u201C${f.name.slice(0, 80)}\u201D imported: progress in ${n} specification${n === 1 ? "" : "s"} merged with this browser's (the latest attempt at each question kept).`);
      this.file.value = "";
    }, () => fail("the file could not be read"));
  }

  askReset(spec, opener) {
    const what = spec ? `your progress in ${spec.title}` : "all your progress in every specification";
    const back = opener || null;
    const cancel = h("button", { type: "button", class: "cx-btn", onclick: () => {
      this.confirmBox.replaceChildren();
      this.announce("Nothing was reset.");
      if (back && back.isConnected) back.focus();
    } }, "Cancel");
    const yes = h("button", { type: "button", class: "cx-btn cx-btn-primary", onclick: () => {
      for (const id of spec ? [spec.id] : this.specIds) resetProgress(id);
      this.confirmBox.replaceChildren();
      this.render();
      this.say(`Reset: ${what} has been removed from this browser.`);
      const target = spec ? this.body.querySelector(`#cx-prog-${spec.id}`) : this.body.querySelector("h2");
      if (target) target.focus();
    } }, spec ? `Yes, reset ${spec.title}` : "Yes, reset everything");
    const qid = `cx-prog-confirm-${++uid}`;
    this.confirmBox.replaceChildren(h("div", { class: "cx-exam-marking-error", role: "alertdialog", "aria-modal": "false", "aria-labelledby": qid },
      h("p", { id: qid, class: "cx-q-warn", text: `Remove ${what} from this browser? This also clears the answers saved in its quizzes and mock exams, and it cannot be undone (export a copy first if you may want it back).` }),
      h("div", { class: "cx-quiz-bar" }, yes, cancel)));
    cancel.focus();
  }
}

export function mountProgress(el, data) {
  return new ProgressPage(el, data);
}

// ------------------------------------------------------------------------------- entry points
export function mount(el, data, options = {}) {
  const quiz = new Quiz(el, data, options);
  return () => clearInterval(quiz.interval);
}

function mountStatic() {
  for (const el of document.querySelectorAll(".cx-quiz:not([data-cx-ready])")) {
    const script = el.querySelector("script.cx-quiz-data");
    if (!script) continue;
    try {
      const data = JSON.parse(script.textContent);
      if (data.mode === "progress") mountProgress(el, data); else mount(el, data);
    } catch (err) {
      el.append(h("p", { class: "cx-q-warn", role: "alert", text: "This quiz could not be shown: its data is damaged." }));
      console.error(err);
    }
  }
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountStatic);
  else mountStatic();
}

// anywidget front end (JupyterLab and Voila): data in, result out.
export default {
  render({ model, el }) {
    el.classList.add("cx-quiz");
    const data = model.get("data");
    if (data.mode === "progress") { mountProgress(el, data); return () => {}; }
    const kernelMarks = data.mode === "exam" && data.marking === "kernel";
    return mount(el, data, {
      // A mock exam marked in the kernel gets its result from the kernel, not from the page.
      onResult(result) { if (!kernelMarks) { model.set("result", result); model.save_changes(); } },
      submit: kernelMarks ? (payload) => new Promise((resolve, reject) => {
        const onMsg = (msg) => {
          if (!msg || msg.type !== "marked") return;
          clearTimeout(timer);
          model.off("msg:custom", onMsg);
          if (msg.error) reject(new Error(msg.error)); else resolve(msg);
        };
        const timer = setTimeout(() => { model.off("msg:custom", onMsg); reject(new Error("no reply")); }, 30000);
        model.on("msg:custom", onMsg);
        model.send(Object.assign({ type: "submit" }, payload));
      }) : null,
    });
  },
};
