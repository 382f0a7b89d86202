// SPDX-License-Identifier: EUPL-1.2
// The buurtbudget result page's chart, read the way a resident reads it: one
// labelled row per project in the result's order, a check mark on every
// funded project (colour is not the only sign), the share of voters and the
// cost beside each bar, all equal to the result's JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv, result, html, closedId;
before(async () => {
  srv = await startServer({ demo: true });
  const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
  const closed = closedId = rounds.find((r) => r.has_result).id;
  result = await (await fetch(`${srv.url}/api/v1/buurtbudget/${closed}/uitslag`)).json();
  html = await (await fetch(`${srv.url}/buurtbudget/${closed}/uitslag`)).text();
});
after(async () => { await srv?.stop(); });

const euro = (n) => '€ ' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

test('one labelled row per project, funded ones with a check mark, figures as in the JSON', () => {
  const svg = /<svg role="img" class="wb-chart wb-bar-chart" aria-labelledby="chart-title"[^>]*>(.*?)<\/svg>/s.exec(html);
  assert.ok(svg, 'the chart is there, as an image with a title');
  assert.match(svg[1], /<title id="chart-title">Per project: het deel van de stemmers/);
  const rows = [...svg[1].matchAll(/<g><text[^>]*>(.*?)<\/text><rect class="([^"]+)"[^>]*width="([\d.]+)"[^>]*><\/rect><text[^>]*>(.*?)<\/text><\/g>/g)];
  assert.equal(rows.length, result.projects.length);
  assert.equal((svg[1].match(/<title/g) || []).length, 1, 'one title: the chart\'s');
  rows.forEach(([, label, cls, width, figures], i) => {
    const p = result.projects[i];
    const shown = unescape(label).replace(/^✓ /, '');
    assert.ok(shown === p.title || (shown.endsWith('…') && p.title.startsWith(shown.slice(0, -1))), shown);
    assert.equal(label.startsWith('✓ '), p.selected, `${p.title}: check mark`);
    assert.equal(cls, p.selected ? 'wb-bar' : 'wb-bar wb-bar--muted');
    const share = p.votes / result.voters;
    assert.ok(Math.abs(Number(width) - share * 220) < 0.06, `${p.title}: bar ${width} for ${share}`);
    assert.equal(figures, `${Math.round(share * 100)}% van de stemmers · ${euro(p.cost)}`);
  });
  assert.match(html, /<figcaption>✓ = krijgt geld\./);
});

test('a long title is shortened at a character boundary in the label only', () => {
  const labels = [...html.matchAll(/text-anchor="end">(?:✓ )?(.*?)<\/text>/g)].map((m) => unescape(m[1]));
  for (const l of labels) assert.ok([...l].length <= 35, l);
  const long = result.projects.find((p) => [...p.title].length > 34);
  assert.ok(long, 'the demo round has a title longer than a label');
  assert.ok(labels.some((l) => l.endsWith('…') && long.title.startsWith(l.slice(0, -1))));
});

test('the comparison with "most votes first" equals wijkbasis pb on the exported .pb', async () => {
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { cli } = await import('../lib/server.mjs');
  const c = result.comparison;
  assert.ok(c, 'an MES result carries the comparison');
  assert.equal(c.prefer_this_result + c.prefer_greedy + c.indifferent, result.voters);

  const dir = mkdtempSync(join(tmpdir(), 'wb-cmp-'));
  try {
    const pb = await (await fetch(`${srv.url}/buurtbudget/${closedId}/uitslag.pb`)).text();
    const file = join(dir, 'round.pb');
    writeFileSync(file, pb);
    const r = cli(['pb', file, '--comparison', 'satisfaction', '--json', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const ref = JSON.parse(r.stdout).comparison;
    assert.deepEqual(c.winners, ref.greedy_winners);
    assert.equal(c.spent, ref.greedy_spent);
    assert.equal(c.prefer_this_result, ref.prefer_mes);
    assert.equal(c.prefer_greedy, ref.prefer_greedy);
    assert.equal(c.indifferent, ref.indifferent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The page says it in words: each greedy winner, marked, and the counts.
  const part = html.slice(html.indexOf('id="vergelijking"'));
  assert.match(part, /Vergeleken met &quot;meeste stemmen eerst&quot;/);
  for (const id of c.winners) {
    const p = result.projects.find((x) => x.id === id);
    const mark = p.selected ? 'krijgt nu ook geld' : 'krijgt nu geen geld';
    assert.ok(unescape(part).includes(`${p.title} (${euro(p.cost)}, ${mark})`), p.title);
  }
  assert.ok(part.includes(`${c.prefer_this_result} stemmers hebben bij deze uitslag meer gekozen projecten met geld, ${c.prefer_greedy} bij`));
});

test('amounts with cents in the explanations: a comma in Dutch, a dot in English', () => {
  const nl = result.projects.map((p) => p.explanation.nl).join(' ');
  const en = result.projects.map((p) => p.explanation.en).join(' ');
  assert.match(nl, /\d,\d\d\b/, 'the demo has amounts with cents');
  assert.doesNotMatch(nl, /\d\.\d\d\b/);
  assert.match(en, /\d\.\d\d\b/);
  assert.doesNotMatch(en, /\d,\d\d\b/);
});
