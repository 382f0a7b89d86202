// SPDX-License-Identifier: EUPL-1.2
// The buurtbudget web module against the real binary: a full round (create,
// anonymous proposals, review, vote codes read from the sheet, voting, a
// second vote with the same code refused, paper ballots on behalf, close),
// the stored result equals `wijkbasis pb` on the exported .pb, and bad input
// (unknown round, cost not a number, invalid UTF-8, budget exceeded, no CSRF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, client, cli, makeDb, SHARED } from '../lib/server.mjs';

const PW = 'test-wachtwoord-budget-1';
const CBS = join(SHARED, 'nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv');

let made, srv, staff, pro;
before(async () => {
  made = makeDb();
  let r = cli(['import', 'cbs', CBS, '--gemeente', 'GM0141', '--db', made.db]);
  assert.equal(r.status, 0, r.stderr);
  for (const [email, role] of [['pro@budget.test', 'professional'], ['beleid@budget.test', 'beleidsadviseur']]) {
    r = cli(['user', 'add', '--db', made.db, '--email', email, '--name', role, '--role', role, '--password-stdin'], PW + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  srv = await startServer({ db: made.db });
  staff = client(srv.url);
  await staff.login('beleid@budget.test', PW);
  pro = client(srv.url);
  await pro.login('pro@budget.test', PW);
});
after(async () => { await srv.stop(); made.cleanup(); });

const idFrom = (res) => Number(/\/buurtbudget\/(\d+)/.exec(res.headers.get('location'))[1]);
const codesFrom = (html) => [...html.matchAll(/class="wb-vote-code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2})</g)].map((m) => m[1]);
const api = async (path) => (await fetch(srv.url + path)).json();

async function newRound(extra = {}) {
  const res = await staff.post('/buurtbudget/nieuw', {
    title: 'Buurtbudget test', area: 'WK014110', amount: '10000', ballot: 'approval',
    max_projects: '', max_points: '', rule: 'mes', starts_on: '2027-01-01', ends_on: '2027-03-01', ...extra,
  });
  assert.equal(res.status, 303, await res.text());
  return idFrom(res);
}

test('a full round: propose, review, codes, vote, paper ballot, result = wijkbasis pb', async () => {
  const id = await newRound();
  const anon = client(srv.url);
  // Anonymous proposals.
  const costs = { Bankjes: 3000, Speeltuin: 6000, Moestuin: 2500, Muurschildering: 4000, Afgewezen: 1000 };
  for (const [title, cost] of Object.entries(costs)) {
    const res = await anon.post(`/buurtbudget/${id}/voorstel`, { title, description: `Plan ${title} <b>`, cost: String(cost) });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<h1[^>]*>[^<]*<\/h1>/);
  }
  // Nothing on the ballot before review.
  assert.equal((await api(`/api/v1/buurtbudget/${id}`)).projects.total, 0);
  // Review: only staff; accept four, reject one, correct one cost with a note.
  assert.equal((await anon.get(`/buurtbudget/${id}/beoordelen`)).status, 303);
  const page = await (await pro.get(`/buurtbudget/${id}/beoordelen`)).text();
  assert.ok(!page.includes('<b>'), 'description escaped');
  const pids = [...page.matchAll(/name="project" value="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(pids.length, 5);
  for (const [i, pid] of pids.entries()) {
    const form = { project: String(pid), status: i === 4 ? 'rejected' : 'accepted', cost: '', note: '' };
    if (i === 3) Object.assign(form, { cost: '3500', note: 'Offerte schilder' });
    const res = await pro.post(`/buurtbudget/${id}/beoordelen`, form);
    assert.equal(res.status, 303);
  }
  let bad = await pro.post(`/buurtbudget/${id}/beoordelen`, { project: String(pids[0]), status: 'accepted', cost: 'veel', note: '' });
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /aria-invalid="true"/);
  const round = await api(`/api/v1/buurtbudget/${id}`);
  assert.equal(round.projects.total, 4);
  assert.equal(round.projects.items[3].cost, 3500);
  assert.equal(round.projects.items[3].cost_note, 'Offerte schilder');
  assert.match(await (await fetch(`${srv.url}/buurtbudget/${id}`)).text(), /Offerte schilder/);

  // Phases: voorstellen -> beoordeling -> stemmen. Residents cannot.
  assert.equal((await pro.post(`/buurtbudget/${id}/fase`, {})).status, 403);
  for (let i = 0; i < 2; i++) assert.equal((await staff.post(`/buurtbudget/${id}/fase`, {})).status, 303);
  assert.equal((await api(`/api/v1/buurtbudget/${id}`)).phase, 'stemmen');

  // Codes: shown once on the sheet, only hashes stored.
  const sheet = await staff.post(`/buurtbudget/${id}/codes`, { count: '12' });
  assert.equal(sheet.status, 200);
  const codes = codesFrom(await sheet.text());
  assert.equal(codes.length, 12);
  assert.ok(codes.every((c) => !/[01OIL]/.test(c)));
  const again = await (await staff.get(`/buurtbudget/${id}/codes`)).text();
  assert.ok(!codes.some((c) => again.includes(c)), 'codes are not shown again');
  const badCount = await staff.post(`/buurtbudget/${id}/codes`, { count: 'twaalf' });
  assert.equal(badCount.status, 422);

  // Voting with codes, from ballots that differ.
  const [p1, p2, p3, p4] = pids;
  const ballots = [[p1, p3], [p1, p3], [p2, p3], [p2], [p1, p4], [p4, p3], [p1, p3, p4], [p2, p3]];
  for (const [i, b] of ballots.entries()) {
    const voter = client(srv.url);
    assert.equal((await voter.get(`/buurtbudget/${id}/stemmen`)).status, 200);
    const body = new URLSearchParams({ csrf: (await voter.get('/'), voter.csrf()), code: i === 0 ? codes[i].toLowerCase() : codes[i] });
    for (const p of b) body.append('project', String(p));
    const res = await voter.post(`/buurtbudget/${id}/stemmen`, body.toString());
    assert.equal(res.status, 200, `ballot ${i}`);
  }
  // Second vote with the same code: refused beside the code field, choices kept.
  const voter = client(srv.url);
  await voter.get('/');
  let body = new URLSearchParams({ csrf: voter.csrf(), code: codes[0] });
  body.append('project', String(p2));
  let res = await voter.post(`/buurtbudget/${id}/stemmen`, body.toString());
  assert.equal(res.status, 422);
  let html = await res.text();
  assert.match(html, /id="f-code-error"|aria-invalid="true"/);
  assert.match(html, /already been used|al gebruikt/);
  assert.match(html, new RegExp(`value="${p2}" checked`));
  // Unknown code and a code of the wrong shape.
  body = new URLSearchParams({ csrf: voter.csrf(), code: 'ABCD-EFGH-JK' });
  body.append('project', String(p2));
  res = await voter.post(`/buurtbudget/${id}/stemmen`, body.toString());
  assert.equal(res.status, 422);
  assert.match(await res.text(), /do not know this code|code kennen we niet/);
  res = await voter.post(`/buurtbudget/${id}/stemmen`, { code: '0000', project: String(p2) });
  assert.equal(res.status, 422);
  // Over the budget (6000 + 3500 + 3000 > 10000): message beside the choices, code not used.
  body = new URLSearchParams({ csrf: voter.csrf(), code: codes[10] });
  for (const p of [p1, p2, p4]) body.append('project', String(p));
  res = await voter.post(`/buurtbudget/${id}/stemmen`, body.toString());
  assert.equal(res.status, 422);
  assert.match(await res.text(), /id="f-choices-error"/);
  // Without CSRF: refused.
  res = await fetch(`${srv.url}/buurtbudget/${id}/stemmen`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `code=${codes[11]}&project=${p1}`,
  });
  assert.equal(res.status, 403);

  // Paper ballots on behalf: with a code, and without one (paper only).
  assert.equal((await anon.get(`/buurtbudget/${id}/papier`)).status, 303);
  res = await pro.post(`/buurtbudget/${id}/papier`, { channel: 'bijeenkomst', code: codes[8], project: String(p2) });
  assert.equal(res.status, 200);
  res = await pro.post(`/buurtbudget/${id}/papier`, { channel: 'papier', code: '', no_code: '1', project: String(p4) });
  assert.equal(res.status, 200);
  res = await pro.post(`/buurtbudget/${id}/papier`, { channel: 'telefoon', code: '', no_code: '1', project: String(p4) });
  assert.equal(res.status, 422);
  assert.equal((await api(`/api/v1/buurtbudget/${id}`)).ballots, ballots.length + 2);

  // No result yet.
  assert.equal((await fetch(`${srv.url}/api/v1/buurtbudget/${id}/uitslag`)).status, 404);
  // Close: the result is computed and stored.
  assert.equal((await staff.post(`/buurtbudget/${id}/fase`, {})).status, 303);
  const result = await api(`/api/v1/buurtbudget/${id}/uitslag`);
  assert.equal(result.voters, ballots.length + 2);
  assert.deepEqual(result.channels, {
    online: { ballots: ballots.length, without_code: 0 },
    bijeenkomst: { ballots: 1, without_code: 0 },
    papier: { ballots: 1, without_code: 1 },
  });
  assert.ok(result.spent <= 10000);
  const pb = await (await fetch(`${srv.url}/buurtbudget/${id}/uitslag.pb`)).text();
  const file = join(made.dir, 'round.pb');
  writeFileSync(file, pb);
  const ref = cli(['pb', file, '--json']);
  assert.equal(ref.status, 0, ref.stderr);
  const refJson = JSON.parse(ref.stdout);
  assert.deepEqual(result.winners, refJson.winners.map(String));
  assert.equal(result.spent, Number(refJson.spent));
  // HTML and CSV agree with the JSON.
  html = await (await fetch(`${srv.url}/buurtbudget/${id}/uitslag`)).text();
  assert.match(html, /<svg role="img"/);
  assert.match(html, /<title id="chart-title">/);
  assert.match(html, /<caption>/);
  const csv = await (await fetch(`${srv.url}/buurtbudget/${id}/uitslag.csv`)).text();
  const selectedRows = csv.trim().split(/\r?\n/).slice(1).filter((l) => l.endsWith(',1')).length;
  assert.equal(selectedRows, result.winners.length);
  // Voting is closed now.
  res = await voter.post(`/buurtbudget/${id}/stemmen`, { code: codes[11], project: String(p1) });
  assert.equal(res.status, 409);
});

test('ballots hold no code and no time of day', async () => {
  const { execFileSync } = await import('node:child_process');
  let cols = '';
  try {
    cols = execFileSync('sqlite3', [made.db, 'PRAGMA table_info(budget_ballots);'], { encoding: 'utf8' });
  } catch { return; } // sqlite3 shell not installed: nothing to check here
  assert.ok(!/code_hash|\|code\|/.test(cols));
  const days = execFileSync('sqlite3', [made.db, 'SELECT DISTINCT length(cast_on) FROM budget_ballots;'], { encoding: 'utf8' });
  assert.ok(days.trim() === '' || days.trim() === '10');
});

test('bad input: unknown round, bad cost, invalid UTF-8, bad round form, roles', async () => {
  assert.equal((await fetch(`${srv.url}/buurtbudget/999999`)).status, 404);
  assert.equal((await fetch(`${srv.url}/buurtbudget/abc`)).status, 404);
  const p = await fetch(`${srv.url}/api/v1/buurtbudget/999999`);
  assert.equal(p.status, 404);
  assert.match(p.headers.get('content-type'), /problem\+json/);
  assert.equal((await p.json()).param, 'id');
  assert.equal((await fetch(`${srv.url}/api/v1/buurtbudget/999999/uitslag`)).status, 404);

  const id = await newRound({ title: 'Tweede ronde' });
  const anon = client(srv.url);
  let res = await anon.post(`/buurtbudget/${id}/voorstel`, { title: 'Bankje <script>', description: 'x', cost: 'duizend' });
  assert.equal(res.status, 422);
  let html = await res.text();
  assert.match(html, /id="f-cost-error"/);
  assert.match(html, /value="Bankje &lt;script&gt;"/);
  res = await anon.post(`/buurtbudget/${id}/voorstel`, { title: '', description: '', cost: '99999999' });
  assert.equal(res.status, 422);
  // Invalid UTF-8 in a form body.
  await anon.get('/');
  res = await anon.post(`/buurtbudget/${id}/voorstel`, `csrf=${anon.csrf()}&title=%FF%FE&cost=10`);
  assert.equal(res.status, 400);
  res = await fetch(`${srv.url}/buurtbudget/${id}?x=%FF`);
  assert.equal(res.status, 400);

  // Round form: errors beside the fields, input kept.
  res = await staff.post('/buurtbudget/nieuw', { title: 'X', area: 'WK999999', amount: '-5', ballot: 'approval_max', max_projects: 'veel', max_points: '', rule: 'mes', starts_on: '2027-13', ends_on: '' });
  assert.equal(res.status, 422);
  html = await res.text();
  for (const f of ['area', 'amount', 'max_projects', 'starts_on']) assert.match(html, new RegExp(`id="f-${f}-error"`), f);
  assert.equal((await pro.get('/buurtbudget/nieuw')).status, 403);
  assert.equal((await client(srv.url).get('/buurtbudget/nieuw')).status, 303);
  assert.equal((await pro.get(`/buurtbudget/${id}/codes`)).status, 403);

  // Lists: HTML, CSV and JSON agree.
  const list = await api('/api/v1/buurtbudget');
  assert.ok(list.total >= 2);
  const csv = await (await fetch(`${srv.url}/buurtbudget.csv`)).text();
  assert.equal(csv.trim().split(/\r?\n/).length, list.total + 1);
  html = await (await fetch(`${srv.url}/buurtbudget`)).text();
  assert.match(html, /Tweede ronde/);
});

test('codes by e-mail: one fresh code per address through the mail command; addresses not stored', async () => {
  // Without a mail command the page says so and offers the sheet.
  const id = await newRound({ title: 'Mailronde' });
  let page = await (await staff.get(`/buurtbudget/${id}/codes`)).text();
  assert.match(page, /Mail is not configured|niet ingesteld/);
  assert.equal((await staff.post(`/buurtbudget/${id}/codes-email`, { addresses: 'a@b.nl' })).status, 409);

  const { readFileSync, existsSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const outbox = join(made.dir, 'mail.txt'), to = join(made.dir, 'to.txt');
  const mailCommand = `printf '%s\\n' "$1" >> '${to}'; cat >> '${outbox}'`;
  const mailSrv = await startServer({ db: made.db, args: ['--mail-command', mailCommand] });
  try {
    const s = client(mailSrv.url);
    await s.login('beleid@budget.test', PW);
    page = await (await s.get(`/buurtbudget/${id}/codes`)).text();
    assert.match(page, /name="addresses"/);
    // A bad address: the list is shown again with the message beside it; nothing sent.
    let res = await s.post(`/buurtbudget/${id}/codes-email`, { addresses: 'anna@example.nl\nniet-een-adres' });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /id="f-addresses-error"/);
    assert.match(html, /anna@example\.nl/);
    assert.ok(!existsSync(outbox));
    // Two addresses (one twice, one with a shell character that must stay data).
    res = await s.post(`/buurtbudget/${id}/codes-email`, { addresses: "anna@example.nl, o'brien$HOME@example.nl; ANNA@example.nl" });
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual(readFileSync(to, 'utf8').trim().split('\n'), ['anna@example.nl', "o'brien$HOME@example.nl"]);
    const mailed = [...readFileSync(outbox, 'utf8').matchAll(/([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2})/g)].map((m) => m[1]);
    assert.equal(mailed.length, 2);
    assert.notEqual(mailed[0], mailed[1]);
    // Two new unused codes in the round.
    page = await (await s.get(`/buurtbudget/${id}/codes`)).text();
    assert.match(page, /(Unused codes|Ongebruikte codes): 2\b/);
  } finally {
    await mailSrv.stop();
  }
  // No address anywhere in the database.
  const dump = execFileSync('sqlite3', [made.db, '.dump'], { encoding: 'utf8' });
  assert.ok(!dump.includes('example.nl'));
});

test('staff forms the database refuses: the round form keeps what was typed, a review says it beside the proposal', async () => {
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  sql("CREATE TRIGGER test_refuse_round BEFORE INSERT ON budget_rounds BEGIN SELECT RAISE(ABORT, 'test'); END;");
  try {
    const res = await staff.post('/buurtbudget/nieuw', {
      title: 'Buurtbudget Weigering', area: 'WK014110', amount: '7777', ballot: 'approval',
      max_projects: '', max_points: '', rule: 'mes', starts_on: '', ends_on: '',
    });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /value="Buurtbudget Weigering"/);
    assert.match(html, /value="7777"/);
  } finally {
    sql('DROP TRIGGER test_refuse_round;');
  }
  const id = await newRound();
  const anon = client(srv.url);
  assert.equal((await anon.post(`/buurtbudget/${id}/voorstel`, { title: 'Bankje', description: '', cost: '900' })).status, 200);
  const page = await (await pro.get(`/buurtbudget/${id}/beoordelen`)).text();
  const pid = /name="project" value="(\d+)"/.exec(page)[1];
  sql("CREATE TRIGGER test_refuse_review BEFORE UPDATE ON budget_projects BEGIN SELECT RAISE(ABORT, 'test'); END;");
  try {
    const res = await pro.post(`/buurtbudget/${id}/beoordelen`, { project: pid, status: 'accepted', cost: '', note: '' });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /aria-invalid="true"/);
    assert.match(html, /Het besluit kon niet worden opgeslagen/);
  } finally {
    sql('DROP TRIGGER test_refuse_review;');
  }
});
