/* The explorer's page: levers from /api/levers, runs from /api/run, charts in SVG.
 * The body's data-state is "running", "drawing", "idle" or "error", and data-runs
 * counts the answers drawn, so tests (and curious users) can follow it. */
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const CHARTS = [
    ['rearrested', 'Rearrested at least once (% of everyone)'],
    ['in_prison', 'In prison (% of everyone)'],
    ['employed', 'In work (% of people free)'],
    ['housed', 'Stably housed (% of people free)'],
    ['homeless', 'Homeless (% of people free)'],
    ['in_programme', 'In a programme (% of everyone)'],
  ];
  const MEASURES = [['arrest', 'Rearrested'], ['conviction', 'Reconvicted'],
    ['return_to_prison', 'Back in prison']];
  const state = {
    meta: null, levers: {}, defaults: {}, agents: 0, months: 0, seed: 1,
    person: null, changedFrom: 0, runs: 0, inflight: false, pending: false,
    timer: null, last: null, lastRequest: null, frame: null,
  };
  window.rgExplore = state;

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svgEl = (tag, attrs) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  };
  const setState = (s) => { document.body.dataset.state = s; };
  const status = (text, error) => {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!error);
  };
  const fmt = (v, d) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
  const money = (v) => '$' + Math.round(v).toLocaleString('en-US');

  /* ---- Levers ---- */

  function leverValueText(l, v) {
    if (l.kind !== 'slider') return '';
    const decimals = l.step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(l.step)));
    return Number(v).toFixed(decimals);
  }

  function buildLever(l, parent) {
    const box = el('div', { class: 'lever ' + (l.needs ? 'sub' : '') + ' ' + l.kind,
      id: 'box-' + l.name, title: l.meaning + ' (' + l.param + '; ' + l.source + ')' });
    const id = 'lever-' + l.name;
    let input;
    if (l.kind === 'switch') {
      input = el('input', { type: 'checkbox', id });
      input.checked = !!l.value;
      const label = el('label', { for: id });
      label.append(input, ' ' + l.label);
      box.append(label);
    } else if (l.kind === 'choice') {
      input = el('select', { id });
      for (const c of l.choices) input.append(el('option', { value: c }, c));
      input.value = l.value;
      box.append(el('label', { for: id }, l.label), input);
    } else {
      input = el('input', { type: 'range', id, min: l.min, max: l.max, step: l.step });
      input.value = l.value;
      const out = el('output', { id: id + '-out' }, leverValueText(l, l.value));
      const label = el('label', { for: id }, l.label + ' ');
      label.append(out);
      box.append(label, input);
    }
    input.dataset.lever = l.name;
    input.addEventListener(l.kind === 'switch' || l.kind === 'choice' ? 'change' : 'input', () => {
      const v = l.kind === 'switch' ? input.checked
        : l.kind === 'choice' ? input.value : Number(input.value);
      state.levers[l.name] = v;
      if (l.kind === 'slider') $(id + '-out').textContent = leverValueText(l, v);
      refreshEnabled();
      schedule();
    });
    parent.append(box);
  }

  function buildControls(meta) {
    const root = $('levers');
    const sections = new Map();
    for (const l of meta.levers) {
      if (!sections.has(l.section)) {
        const fs = el('fieldset');
        fs.append(el('legend', {}, l.section));
        root.append(fs);
        sections.set(l.section, fs);
      }
      buildLever(l, sections.get(l.section));
      state.levers[l.name] = l.value;
      state.defaults[l.name] = l.value;
    }
    const sz = meta.size;
    state.agents = sz.agents.value;
    state.months = sz.months.value;
    state.seed = sz.seed;
    const agents = $('size-agents'), months = $('size-months'), seed = $('size-seed');
    Object.assign(agents, { min: sz.agents.min, max: sz.agents.max, step: 1000 });
    agents.value = state.agents;
    Object.assign(months, { min: sz.months.min, max: sz.months.max, step: 12 });
    months.value = state.months;
    seed.value = state.seed;
    const showSize = () => {
      $('size-agents-out').textContent = state.agents.toLocaleString('en-US');
      $('size-months-out').textContent = state.months;
    };
    showSize();
    agents.addEventListener('input', () => { state.agents = Number(agents.value); showSize(); schedule(); });
    months.addEventListener('input', () => { state.months = Number(months.value); showSize(); schedule(); });
    seed.addEventListener('change', () => {
      const v = Math.max(0, Math.floor(Number(seed.value) || 0));
      seed.value = v;
      state.seed = v;
      schedule();
    });
    refreshEnabled();
  }

  function refreshEnabled() {
    for (const l of state.meta.levers) {
      if (!l.needs) continue;
      const on = !!state.levers[l.needs];
      $('box-' + l.name).classList.toggle('disabled', !on);
      $('lever-' + l.name).disabled = !on;
    }
  }

  function reset() {
    for (const l of state.meta.levers) {
      const input = $('lever-' + l.name);
      state.levers[l.name] = state.defaults[l.name];
      if (l.kind === 'switch') input.checked = !!l.value;
      else input.value = l.value;
      if (l.kind === 'slider') $('lever-' + l.name + '-out').textContent = leverValueText(l, l.value);
    }
    refreshEnabled();
    schedule();
  }

  /* ---- Runs ---- */

  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(run, 250);
  }

  function request() {
    const levers = {};
    for (const [k, v] of Object.entries(state.levers))
      if (v !== state.defaults[k]) levers[k] = v;
    const q = { agents: state.agents, months: state.months, seed: state.seed, levers };
    if (state.person !== null) q.person = state.person;
    else q.changed_from = state.changedFrom;
    return q;
  }

  async function run() {
    if (state.inflight) { state.pending = true; return; }
    state.inflight = true;
    state.pending = false;
    setState('running');
    status('Simulating ' + state.agents.toLocaleString('en-US') + ' people for ' + state.months + ' months…');
    const q = request();
    let answer = null;
    try {
      for (;;) {
        const res = await fetch('/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(q) });
        const body = await res.json();
        if (res.status === 503) { status(body.error + ' (retrying)'); await new Promise((r) => setTimeout(r, 500)); continue; }
        if (!res.ok) { status(body.error || ('error ' + res.status), true); setState('error'); break; }
        answer = body;
        break;
      }
    } catch (e) {
      status('The explorer did not answer: ' + e.message, true);
      setState('error');
    }
    state.inflight = false;
    if (answer) {
      state.last = answer;
      state.lastRequest = q;
      show(answer);
    }
    if (state.pending) run();
  }

  /* ---- Charts ---- */

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function pathOf(values, n, x, y) {
    let d = '';
    let pen = 'M';
    for (let i = 0; i < n && i < values.length; i++) {
      if (values[i] === null) { pen = 'M'; continue; }
      d += pen + x(i).toFixed(1) + ',' + y(values[i]).toFixed(1);
      pen = 'L';
    }
    return d;
  }

  function drawChart(key, title, base, changed, frac) {
    let fig = $('chart-' + key);
    if (!fig) {
      fig = el('figure', { class: 'chart', id: 'chart-' + key });
      fig.append(el('figcaption', {}, title));
      fig.append(svgEl('svg', { viewBox: '0 0 320 190', role: 'img', 'aria-label': title }));
      const legend = el('div', { class: 'legend' });
      legend.append(el('span', { class: 'b' }, '- - baseline'), '  ', el('span', { class: 'c' }, '—— changed world'));
      fig.append(legend);
      $('charts').append(fig);
    }
    const svg = fig.querySelector('svg');
    svg.replaceChildren();
    const W = 320, H = 190, L = 36, R = 12, T = 8, B = 28;
    const n = base.length;
    const top = niceMax(Math.max(...base.filter((v) => v !== null), ...changed.filter((v) => v !== null), 0));
    const x = (i) => L + (n > 1 ? (i / (n - 1)) * (W - L - R) : 0);
    const y = (v) => H - B - (v / top) * (H - T - B);
    svg.append(svgEl('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    svg.append(svgEl('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
    for (const v of [0, top / 2, top]) {
      const t = svgEl('text', { class: 'tick', x: L - 4, y: y(v) + 3, 'text-anchor': 'end' });
      t.textContent = v % 1 ? v.toFixed(1) : String(v);
      svg.append(t);
    }
    for (let m = 12; m <= n; m += 12) {
      const t = svgEl('text', { class: 'tick', x: x(m - 1), y: H - 12, 'text-anchor': 'middle' });
      t.textContent = String(m);
      svg.append(t);
    }
    const xt = svgEl('text', { class: 'tick', x: (L + W - R) / 2, y: H - 1, 'text-anchor': 'middle' });
    xt.textContent = 'months since release';
    svg.append(xt);
    svg.append(svgEl('path', { class: 'baseline', d: pathOf(base, n, x, y) }));
    const shown = Math.max(1, Math.ceil(frac * n));
    svg.append(svgEl('path', { class: 'changed', d: pathOf(changed, shown, x, y), 'data-months': shown }));
  }

  function drawCharts(a, frac) {
    for (const [key, title] of CHARTS)
      drawChart(key, title, a.baseline.series[key], a.changed.series[key], frac);
  }

  /* ---- Numbers and story ---- */

  function showHeadline(a) {
    const years = Object.keys(a.baseline.headline.arrest).length;
    const head = $('headline').tHead, body = $('headline').tBodies[0];
    head.replaceChildren();
    body.replaceChildren();
    const r1 = el('tr');
    r1.append(el('th', { rowspan: 2 }, ''));
    for (let y = 1; y <= years; y++) r1.append(el('th', { colspan: 3 }, 'within ' + y + (y > 1 ? ' years' : ' year')));
    const r2 = el('tr');
    for (let y = 1; y <= years; y++) r2.append(el('th', {}, 'baseline'), el('th', {}, 'changed'), el('th', {}, 'difference'));
    head.append(r1, r2);
    for (const [m, label] of MEASURES) {
      const tr = el('tr');
      tr.append(el('th', { scope: 'row' }, label));
      for (let y = 1; y <= years; y++) {
        const b = a.baseline.headline[m]['year' + y], c = a.changed.headline[m]['year' + y];
        for (const [world, v] of [['baseline', b], ['changed', c]])
          tr.append(el('td', { 'data-world': world, 'data-measure': m, 'data-year': y,
            'data-value': v === null ? '' : v.toFixed(4) }, fmt(v, 1)));
        const d = b === null || c === null ? null : c - b;
        const td = el('td', { class: 'diff' }, d === null ? '–' : (d > 0 ? '+' : '') + d.toFixed(1));
        if (d !== null && Math.abs(d) >= 0.05) td.classList.add(d > 0 ? 'up' : 'down');
        tr.append(td);
      }
      body.append(tr);
    }
    const last = (w) => w.final;
    const work = (w) => (last(w).free ? (100 * last(w).employed) / last(w).free : 0);
    $('figures').textContent =
      'Lives that went differently: ' + a.changed_people.toLocaleString('en-US') + ' of ' +
      a.people.toLocaleString('en-US') + ' people. In work at the end: ' + work(a.baseline).toFixed(1) +
      '% in the baseline, ' + work(a.changed).toFixed(1) + '% in the changed world. Programme cost: ' +
      money(a.changed.programme_cost) + ' (baseline ' + money(a.baseline.programme_cost) + ').';
  }

  function showLives(list, lines, parting) {
    list.replaceChildren();
    for (const line of lines) {
      const li = el('li', { 'data-month': line.month }, line.text);
      if (parting !== null && line.month === parting) li.classList.add('parting');
      else if (parting !== null && line.month > parting) li.classList.add('after');
      list.append(li);
    }
  }

  function showStory(a) {
    const s = a.story;
    if (!s) { $('story-who').textContent = 'No story for this run.'; return; }
    $('story-who').textContent = 'Person ' + s.person + ': ' + s.who + '.';
    $('story-divergence').textContent = s.divergence.text;
    $('story-person').value = s.person;
    const parting = s.divergence.month;
    showLives($('story-baseline'), s.baseline.slice(1), parting);
    showLives($('story-changed'), s.changed.slice(1), parting);
  }

  function show(a) {
    cancelAnimationFrame(state.frame);
    showHeadline(a);
    showStory(a);
    $('reproduce').textContent = a.reproduce.baseline + '\n' + a.reproduce.changed;
    const t = a.timing;
    const secs = (t.baseline.simulated ? t.baseline.seconds : 0) + (t.changed.simulated ? t.changed.seconds : 0);
    status(a.people.toLocaleString('en-US') + ' people, ' + a.settings.months + ' months, seed ' + a.settings.seed +
      (secs > 0 ? ': simulated in ' + secs.toFixed(2) + ' s' : ': from the explorer\'s memory') + '.');
    setState('drawing');
    const still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const start = performance.now(), duration = still ? 0 : 700;
    const step = (now) => {
      const frac = duration ? Math.min(1, (now - start) / duration) : 1;
      drawCharts(a, frac);
      if (frac < 1) { state.frame = requestAnimationFrame(step); return; }
      state.runs += 1;
      document.body.dataset.runs = state.runs;
      setState(state.inflight || state.pending ? 'running' : 'idle');
    };
    state.frame = requestAnimationFrame(step);
  }

  /* ---- Start ---- */

  async function init() {
    try {
      const res = await fetch('/api/levers');
      state.meta = await res.json();
    } catch (e) {
      status('The explorer did not answer: ' + e.message, true);
      setState('error');
      return;
    }
    buildControls(state.meta);
    $('reset').addEventListener('click', reset);
    $('story-next').addEventListener('click', () => {
      state.changedFrom = (state.last ? state.last.story.person : 0) + 1;
      state.person = null;
      run();
    });
    $('story-follow').addEventListener('click', () => {
      const v = Math.floor(Number($('story-person').value));
      if (v >= 0) { state.person = v; run(); }
    });
    $('download').addEventListener('click', () => {
      if (!state.last) return;
      const blob = new Blob([JSON.stringify(state.last, null, 1)], { type: 'application/json' });
      const a = el('a', { href: URL.createObjectURL(blob), download: 'reintegra-explore.json' });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
    run();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
