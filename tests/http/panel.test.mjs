// SPDX-License-Identifier: EUPL-1.2
// The burgerraad web module against the real binary: a panel with quotas,
// public sign-up (errors beside the fields, input kept, valid), staff upload of
// a pool CSV (example_small_20), quotas that cannot be met (report shown, not
// saved) then feasible ones, the LEXIMIN draw with a public seed (same seed ->
// same ticket), the transparency page (no group below 5, no names), roles
// (anonymous and residents never see contacts), a drop-out with a replacement
// draw that keeps the others, and deletion of the pool data. The household
// rule: sign-up asks postcode and house number, uploads name address columns,
// only a keyed hash is stored, and no ticket of the lottery holds two people
// of one household (a panel without the rule does). The quota "check" button
// changes nothing. Quotas that leave no place for some people: the page says
// so and gives the lowest chance of the others. The private link: see,
// download, withdraw. Forms whose write the database refuses (a trigger
// stands in for a full disk) come back with the input kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, client, cli, makeDb, SHARED } from '../lib/server.mjs';

const PW = 'test-wachtwoord-panel-1';
const INST = join(SHARED, 'sortition/instances/example_small_20');
const POOL = readFileSync(join(INST, 'respondents.csv'), 'utf8');
const QUOTAS = 'feature,value,min,max\ngender,female,9,20\ngender,male,9,20\nleaning,liberal,9,20\nleaning,conservative,9,20\n';

let made, srv, staff, pro;
before(async () => {
  made = makeDb();
  for (const [email, role] of [['pro@panel.test', 'professional'], ['beleid@panel.test', 'beleidsadviseur']]) {
    const r = cli(['user', 'add', '--db', made.db, '--email', email, '--name', role, '--role', role, '--password-stdin'], PW + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  srv = await startServer({ db: made.db });
  staff = client(srv.url);
  await staff.login('beleid@panel.test', PW);
  pro = client(srv.url);
  await pro.login('pro@panel.test', PW);
});
after(async () => { await srv.stop(); made.cleanup(); });

const api = async (path) => (await fetch(srv.url + path)).json();

async function newPanel(extra = {}) {
  const res = await staff.post('/panels/nieuw', {
    title: 'Burgerraad test', area: '', size: '20', end_date: '2099-12-31', quotas: QUOTAS, ...extra,
  });
  assert.equal(res.status, 303, await res.text());
  return Number(/\/panels\/(\d+)/.exec(res.headers.get('location'))[1]);
}

test('new panel: errors beside the fields, input kept; roles', async () => {
  let res = await staff.post('/panels/nieuw', { title: '', area: 'XX', size: 'veel', end_date: 'morgen', quotas: 'gender,female,9' });
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /aria-invalid="true"/);
  assert.match(html, /value="veel"/);
  assert.match(html, /gender,female,9/);
  const anon = client(srv.url);
  assert.equal((await anon.get('/panels/nieuw')).status, 303);
  assert.equal((await pro.get('/panels/nieuw')).status, 403);
  res = await anon.post('/panels/nieuw', { title: 'x' });
  assert.equal(res.status, 401);
});

test('sign-up: errors, input kept, valid; contact kept apart and never public', async () => {
  const id = await newPanel();
  const anon = client(srv.url);
  let res = await anon.get(`/panels/${id}/aanmelden`);
  assert.equal(res.status, 200);
  const form = await res.text();
  assert.match(form, /Waarom we dit vragen|Why we ask this/);
  assert.match(form, /2099-12-31/);
  res = await anon.post(`/panels/${id}/aanmelden`, { name: 'Fatima Test', contact: 'nope', f0: 'female', f1: 'other' });
  assert.equal(res.status, 422);
  const err = await res.text();
  assert.match(err, /value="Fatima Test"/);
  assert.match(err, /id="consent-error"/);
  assert.match(err, /<option value="female" selected/);
  // Without CSRF: refused.
  res = await anon.post(`/panels/${id}/aanmelden`, 'name=x');
  assert.equal(res.status, 403);
  res = await anon.post(`/panels/${id}/aanmelden`, { name: 'Fatima Test', contact: 'fatima@example.org', f0: 'female', f1: 'liberal', consent: '1' });
  assert.equal(res.status, 200, await res.text());
  // The public page and JSON never show the name or contact, and show "< 5".
  const pub = await (await anon.get(`/panels/${id}`)).text();
  assert.doesNotMatch(pub, /Fatima|fatima@/);
  assert.match(pub, /&lt; 5/);
  const j = await api(`/api/v1/panels/${id}`);
  assert.equal(j.pool_size, '< 5');
  assert.ok(j.quotas.every((q) => q.pool === '< 5' || q.pool >= 5));
  // Unknown panel: 404 page and problem JSON.
  assert.equal((await anon.get('/panels/999999')).status, 404);
  const p = await fetch(srv.url + '/api/v1/panels/abc');
  assert.equal(p.status, 404);
  assert.equal((await p.json()).param, 'id');
});

test('upload, quotas (infeasible then feasible), draw, transparency, drop-out, deletion', async () => {
  const id = await newPanel();
  // Bad CSV: message beside the field, input kept.
  let res = await staff.post(`/panels/${id}/pool`, { pool: 'gender,leaning\nfemale,purple\n' });
  assert.equal(res.status, 422);
  assert.match(await res.text(), /purple/);
  res = await staff.post(`/panels/${id}/pool`, { pool: POOL });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /200/);
  // A resident signs up too, so contacts exist.
  const anon = client(srv.url);
  res = await anon.post(`/panels/${id}/aanmelden`, { name: 'Jan Contact', contact: '0612345678', f0: 'male', f1: 'liberal', consent: '1' });
  assert.equal(res.status, 200);
  // Infeasible quotas: 15 women and 15 men in a panel of 20.
  const q = { min_0: '15', max_0: '20', min_1: '15', max_1: '20', min_2: '9', max_2: '20', min_3: '9', max_3: '20' };
  res = await staff.post(`/panels/${id}/quota`, q);
  assert.equal(res.status, 422);
  const rep = await res.text();
  assert.match(rep, /role="alert"/);
  assert.match(rep, /value="15"/);
  assert.equal((await api(`/api/v1/panels/${id}`)).quotas[0].min, 9, 'infeasible quotas are not saved');
  res = await staff.post(`/panels/${id}/quota`, { ...q, min_0: '8', min_1: '8' });
  assert.equal(res.status, 200);
  assert.equal((await api(`/api/v1/panels/${id}`)).quotas[0].min, 8);
  // Draw: seed required; then a reproducible draw.
  res = await staff.post(`/panels/${id}/loting`, { seed: '' });
  assert.equal(res.status, 422);
  assert.equal((await pro.post(`/panels/${id}/loting`, { seed: '123' })).status, 403);
  res = await staff.post(`/panels/${id}/loting`, { seed: '4 2 6 1' });
  assert.equal(res.status, 303, await res.text());
  const j = await api(`/api/v1/panels/${id}`);
  assert.equal(j.draw.tickets, 1000);
  assert.equal(j.draw.ticket_table.length, 1000);
  assert.equal(j.draw.selected, j.draw.ticket_table[j.draw.ticket - 1]);
  assert.equal(j.draw.selected.split(' ').length, 20);
  assert.ok(j.draw.min_probability > 0);
  // Groups have a chance, no head count (with the pool counts it would give the small ones away).
  for (const t of j.draw.types) {
    assert.equal(t.people, undefined);
    assert.ok(t.probability >= j.draw.min_probability - 1e-9 && t.probability <= 1);
  }
  // Pool counts: a number of 5 or more, '< 5', or 'hidden'; per feature never exactly one left out.
  for (const f of new Set(j.quotas.map((q) => q.feature))) {
    const cells = j.quotas.filter((q) => q.feature === f);
    for (const q of cells) assert.ok(q.pool === '< 5' || q.pool === 'hidden' || q.pool >= 5);
    assert.notEqual(cells.filter((q) => typeof q.pool !== 'number').length, 1);
  }
  // Same seed -> same ticket, through the CLI on the same pool file.
  const sel = cli(['panel', 'select', '--categories', join(INST, 'categories.csv'), '--respondents', join(INST, 'respondents.csv'),
    '--size', '20', '--seed', '4 2 6 1', '--json', '--quiet']);
  assert.equal(sel.status, 0, `wijkbasis panel select failed: ${sel.stderr}`);
  assert.equal(JSON.parse(sel.stdout).ticket, j.draw.ticket);
  // Transparency page: seed, chart, tables, no names.
  const pub = await (await anon.get(`/panels/${id}`)).text();
  assert.match(pub, /4 2 6 1/);
  assert.match(pub, /<svg role="img"/);
  assert.match(pub, /<caption>/);
  assert.doesNotMatch(pub, /Jan Contact|0612345678/);
  const csv = await (await anon.get(`/panels/${id}/loten.csv`)).text();
  assert.equal(csv.trim().split('\n').length, 1001);
  // Contacts: staff only.
  assert.equal((await anon.get(`/panels/${id}/beheer`)).status, 303);
  const staffPage = await (await pro.get(`/panels/${id}/beheer`)).text();
  assert.match(staffPage, /Pool|pool/);
  // The selected people as CSV and JSON: staff only.
  assert.equal((await anon.get(`/panels/${id}/leden.csv`)).status, 303);
  assert.equal((await fetch(`${srv.url}/api/v1/panels/${id}/leden`)).status, 401);
  const mcsv = await (await pro.get(`/panels/${id}/leden.csv`)).text();
  assert.equal(mcsv.trim().split('\n')[0].trim(), 'pool_number,name,contact,status');
  assert.equal(mcsv.trim().split('\n').length, 21);
  const mj = await (await pro.get(`/api/v1/panels/${id}/leden`)).json();
  assert.equal(mj.total, 20);
  assert.deepEqual(mj.items.map((m) => String(m.pool_number)).sort(), j.draw.selected.split(' ').sort());
  assert.ok(mj.items.every((m) => m.status === 'selected'));
  // Drop-out and replacement: the other 19 stay.
  const first = j.draw.selected.split(' ');
  res = await staff.post(`/panels/${id}/uitval`, { pno: '99999' });
  assert.equal(res.status, 422);
  res = await staff.post(`/panels/${id}/uitval`, { pno: first[0] });
  assert.equal(res.status, 200);
  res = await staff.post(`/panels/${id}/loting`, { seed: '777' });
  assert.equal(res.status, 303, await res.text());
  const j2 = await api(`/api/v1/panels/${id}`);
  assert.equal(j2.draw.round, 2);
  const second = j2.draw.selected.split(' ');
  assert.equal(second.length, 20);
  assert.ok(!second.includes(first[0]), 'the drop-out is not drawn again');
  for (const p of first.slice(1)) assert.ok(second.includes(p), `pool number ${p} stays`);
  assert.equal(j2.draw.kept.split(' ').length, 19);
  // Deletion asks for a tick first; then removes contacts and answers; public figures stay.
  res = await staff.post(`/panels/${id}/wissen`, {});
  assert.equal(res.status, 422);
  assert.match(await res.text(), /id="confirm-error"/);
  assert.equal((await api(`/api/v1/panels/${id}`)).pool_deleted, false);
  res = await staff.post(`/panels/${id}/wissen`, { confirm: '1' });
  assert.equal(res.status, 303);
  const after = await (await staff.get(`/panels/${id}/beheer`)).text();
  assert.doesNotMatch(after, /Jan Contact|0612345678/);
  const j3 = await api(`/api/v1/panels/${id}`);
  assert.equal(j3.pool_deleted, true);
  assert.equal(j3.pool_size, '< 5');
  assert.equal(j3.quotas[0].pool, j2.quotas[0].pool);
  assert.equal(j3.draw.round, 2);
  const { execFileSync } = await import('node:child_process');
  const left = execFileSync('sqlite3', [made.db, `SELECT COUNT(*) FROM panel_contacts WHERE name = 'Jan Contact'; SELECT COUNT(*) FROM panel_person_values WHERE panel_id = ${id}; SELECT COUNT(*) FROM panel_people WHERE panel_id = ${id};`], { encoding: 'utf8' });
  assert.equal(left.trim().split('\n').join(','), '0,0,0');
});

test('lists: HTML, CSV and JSON agree', async () => {
  const j = await api('/api/v1/panels');
  assert.ok(j.total >= 1);
  const csv = await (await fetch(srv.url + '/panels.csv')).text();
  assert.equal(csv.trim().split('\n').length, j.total + 1);
  const html = await (await fetch(srv.url + '/panels')).text();
  assert.match(html, new RegExp(j.items[0].title));
});

// The pool of example_small_20 with an address per row: rows 2h and 2h+1 share
// household h, written in different ways (spaces, case, an addition column).
function poolWithAddresses() {
  const rows = POOL.trim().split('\n');
  const out = [`${rows[0]},postcode,huisnummer,toevoeging`];
  rows.slice(1).forEach((row, i) => {
    const h = Math.floor(i / 2);
    const pc = i % 2 ? `${1000 + h} ab` : `${1000 + h}AB`;
    const add = h % 5 === 0 ? (i % 2 ? 'a' : 'A') : '';
    out.push(`${row},${pc},${i % 2 ? ' ' : ''}${h + 1},${add}`);
  });
  return out.join('\n') + '\n';
}

// Per ticket, the pool numbers; pno 2h+1 and 2h+2 share a household.
function householdsBroken(tickets, extra = []) {
  let broken = 0;
  for (const t of tickets) {
    const m = new Set(t.split(' ').map(Number));
    for (let h = 0; h < 100; h++) if (m.has(2 * h + 1) && m.has(2 * h + 2)) broken++;
    if (extra.filter((p) => m.has(p)).length > 1) broken++;
  }
  return broken;
}

test('household rule: address asked and hashed, no ticket with two people of one household', async () => {
  const id = await newPanel({ household: '1' });
  const anon = client(srv.url);
  let res = await anon.get(`/panels/${id}/aanmelden`);
  const form = await res.text();
  assert.match(form, /name="postcode"/);
  assert.match(form, /autocomplete="postal-code"/);
  assert.match(form, /name="huisnummer"/);
  // Bad address: errors beside the fields, input kept.
  res = await anon.post(`/panels/${id}/aanmelden`, { name: 'Kees Huis', contact: 'kees@example.org', f0: 'male', f1: 'liberal', consent: '1', postcode: '12AB', huisnummer: 'nul' });
  assert.equal(res.status, 422);
  const bad = await res.text();
  assert.match(bad, /id="f-postcode-error"|aria-describedby="[^"]*postcode/);
  assert.match(bad, /value="12AB"/);
  // Upload first (pool numbers 1..200), then a resident of household 0 signs up (201).
  res = await staff.post(`/panels/${id}/pool`, { pool: poolWithAddresses(), address_columns: 'postcode, huisnummer,toevoeging' });
  assert.equal(res.status, 200, await res.text());
  res = await anon.post(`/panels/${id}/aanmelden`, { name: 'Kees Huis', contact: 'kees@example.org', f0: 'male', f1: 'liberal', consent: '1', postcode: '1000 ab', huisnummer: '1-a' });
  assert.equal(res.status, 200, await res.text());
  // An unknown address column is refused beside the field.
  res = await staff.post(`/panels/${id}/pool`, { pool: poolWithAddresses(), address_columns: 'straat' });
  assert.equal(res.status, 422);
  assert.match(await res.text(), /straat/);
  // Only keyed hashes are stored: no postcode in the database, equal hashes per household.
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE panel_id = ${id} AND household GLOB '[0-9a-f]*' AND length(household) = 32`), '201');
  assert.equal(sql(`SELECT COUNT(DISTINCT household) FROM panel_people WHERE panel_id = ${id}`), '100');
  assert.equal(sql(`SELECT COUNT(DISTINCT household) FROM panel_people WHERE panel_id = ${id} AND pno IN (1, 2, 201)`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_person_values WHERE panel_id = ${id} AND (value LIKE '%1000%' OR feature LIKE '%postcode%')`), '0');
  // Draw: not one of the 1000 tickets has two people of one household.
  res = await staff.post(`/panels/${id}/loting`, { seed: '2024' });
  assert.equal(res.status, 303, await res.text());
  const j = await api(`/api/v1/panels/${id}`);
  assert.equal(j.one_per_household, true);
  assert.equal(j.draw.ticket_table.length, 1000);
  assert.equal(householdsBroken(j.draw.ticket_table, [1, 2, 201]), 0);
  // The same pool without the rule: households do end up together, so the check above can fail.
  const off = await newPanel();
  res = await staff.post(`/panels/${off}/pool`, { pool: poolWithAddresses(), address_columns: 'postcode,huisnummer,toevoeging' });
  assert.equal(res.status, 200);
  res = await staff.post(`/panels/${off}/loting`, { seed: '2024' });
  assert.equal(res.status, 303);
  assert.ok(householdsBroken((await api(`/api/v1/panels/${off}`)).draw.ticket_table) > 0);
  // Staff can switch the rule on later; the panel JSON says so.
  res = await staff.post(`/panels/${off}/huishouden`, { on: '1' });
  assert.equal(res.status, 303);
  assert.equal((await api(`/api/v1/panels/${off}`)).one_per_household, true);
  // Deleting the pool deletes the household key too.
  res = await staff.post(`/panels/${id}/wissen`, { confirm: '1' });
  assert.equal(res.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM panel_household_keys WHERE panel_id = ${id}`), '0');
});

test('quotas: "check" reports without saving', async () => {
  const id = await newPanel();
  let res = await staff.post(`/panels/${id}/pool`, { pool: POOL });
  assert.equal(res.status, 200);
  const q = { min_0: '15', max_0: '20', min_1: '15', max_1: '20', min_2: '9', max_2: '20', min_3: '9', max_3: '20', action: 'check' };
  res = await staff.post(`/panels/${id}/quota`, q);
  assert.equal(res.status, 422);
  assert.match(await res.text(), /role="alert"/);
  res = await staff.post(`/panels/${id}/quota`, { ...q, min_0: '8', min_1: '8' });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /role="status"/);
  assert.match(html, /value="8"/);
  assert.equal((await api(`/api/v1/panels/${id}`)).quotas[0].min, 9, 'a check saves nothing');
  // The JSON check behind the live check: the same answer, nothing saved; roles and CSRF apply.
  let r = await staff.post(`/api/v1/panels/${id}/quota-check`, q);
  assert.equal(r.status, 200);
  let jc = await r.json();
  assert.equal(jc.feasible, false);
  assert.equal(jc.saved, false);
  assert.ok(jc.reasons.length > 0 || jc.smallest_change.length > 0);
  r = await staff.post(`/api/v1/panels/${id}/quota-check`, { ...q, min_0: '8', min_1: '8' });
  jc = await r.json();
  assert.equal(jc.feasible, true);
  assert.equal(jc.people, 200);
  r = await staff.post(`/api/v1/panels/${id}/quota-check`, { ...q, min_0: 'veel' });
  assert.equal(r.status, 422);
  assert.equal((await r.json()).param, 'min_0');
  assert.equal((await pro.post(`/api/v1/panels/${id}/quota-check`, q)).status, 403);
  assert.equal((await staff.post(`/api/v1/panels/${id}/quota-check`, 'min_0=1')).status, 403);
  assert.equal((await api(`/api/v1/panels/${id}`)).quotas[0].min, 9, 'the JSON check saves nothing');
  res = await staff.post(`/panels/${id}/quota`, { ...q, min_0: '8', min_1: '8', action: 'save' });
  assert.equal(res.status, 200);
  assert.equal((await api(`/api/v1/panels/${id}`)).quotas[0].min, 8);
});

test('pool counts: a small group cannot be worked out from the total (HTML and JSON)', async () => {
  const res0 = await staff.post('/panels/nieuw', {
    title: 'Onderdrukking test', area: '', size: '3', end_date: '2099-12-31',
    quotas: 'feature,value,min,max\nleeftijd,jong,0,3\nleeftijd,oud,0,3\nleeftijd,midden,0,3\n',
  });
  assert.equal(res0.status, 303);
  const id = Number(/\/panels\/(\d+)/.exec(res0.headers.get('location'))[1]);
  const rows = ['leeftijd', ...Array(8).fill('jong'), ...Array(2).fill('oud'), ...Array(20).fill('midden')];
  assert.equal((await staff.post(`/panels/${id}/pool`, { pool: rows.join('\n') + '\n' })).status, 200);
  const j = await api(`/api/v1/panels/${id}`);
  assert.equal(j.pool_size, 30);
  assert.deepEqual(j.quotas.map((q) => q.pool), ['hidden', '< 5', 20]);
  const html = await (await fetch(`${srv.url}/panels/${id}`)).text();
  assert.doesNotMatch(html, /<td>8<\/td>/);
  assert.match(html, /<td>(verborgen|hidden)<\/td>/);
  // After deletion the published pool size is gone, but the row still adds up: still hidden.
  assert.equal((await staff.post(`/panels/${id}/wissen`, { confirm: '1' })).status, 303);
  assert.deepEqual((await api(`/api/v1/panels/${id}`)).quotas.map((q) => q.pool), ['hidden', '< 5', 20]);
});

test('quotas that leave no place for some people: the page says so, with the lowest chance of the others', async () => {
  const id = await newPanel({ quotas: 'feature,value,min,max\ngender,female,20,20\ngender,male,0,0\nleaning,liberal,0,20\nleaning,conservative,0,20\n' });
  let res = await staff.post(`/panels/${id}/pool`, { pool: POOL });
  assert.equal(res.status, 200, await res.text());
  res = await staff.post(`/panels/${id}/loting`, { seed: '31' });
  assert.equal(res.status, 303, await res.text());
  const j = await api(`/api/v1/panels/${id}`);
  assert.equal(j.draw.min_probability, 0);
  assert.equal(j.draw.some_cannot_be_chosen, true);
  // 100 women for 20 places, all alike in the quotas that count: 20 % each
  assert.ok(Math.abs(j.draw.min_probability_above_zero - 0.2) < 1e-6, String(j.draw.min_probability_above_zero));
  const page = await (await client(srv.url).get(`/panels/${id}`)).text();
  assert.match(page, /konden niet gekozen worden/);
  assert.match(page, /Alle anderen hadden een kans van minstens 20(,0)?%/);
  // A panel where everyone fits keeps the plain sentence.
  const plain = await newPanel();
  assert.equal((await staff.post(`/panels/${plain}/pool`, { pool: POOL })).status, 200);
  assert.equal((await staff.post(`/panels/${plain}/loting`, { seed: '31' })).status, 303);
  const pj = await api(`/api/v1/panels/${plain}`);
  assert.equal(pj.draw.some_cannot_be_chosen, false);
  assert.equal(pj.draw.min_probability_above_zero, pj.draw.min_probability);
  const plainPage = await (await client(srv.url).get(`/panels/${plain}`)).text();
  assert.match(plainPage, /Iedereen in de pool had een kans van minstens/);
  assert.doesNotMatch(plainPage, /konden niet gekozen worden/);
});

test('own link: see and download what is kept, withdraw; someone drawn becomes a drop-out', async () => {
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  const id = await newPanel();
  const anon = client(srv.url);
  let res = await anon.post(`/panels/${id}/aanmelden`, { name: 'Els Eigen', contact: 'els@example.org', f0: 'female', f1: 'liberal', consent: '1' });
  assert.equal(res.status, 200);
  const link = /\/panels\/\d+\/mijn\/[0-9a-f]{48}/.exec(await res.text())?.[0];
  assert.ok(link, 'the thank-you page gives the private link');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE own_hash IS NOT NULL AND own_hash = lower(own_hash) AND length(own_hash) = 64 AND panel_id = ${id}`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE instr(own_hash, '${link.split('/').pop()}') > 0`), '0', 'only a hash of the token is stored');
  // See: everything kept, nothing cached or indexed.
  res = await client(srv.url).get(link);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-robots-tag'), 'noindex');
  let html = await res.text();
  for (const s of ['Els Eigen', 'els@example.org', 'female', 'liberal', 'U zit in de pool']) assert.ok(html.includes(s), s);
  // Download.
  res = await fetch(srv.url + '/api/v1' + link);
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.deepEqual([j.name, j.contact, j.status, j.answers.gender, j.answers.leaning], ['Els Eigen', 'els@example.org', 'pool', 'female', 'liberal']);
  // Other panels and made-up tokens: not found.
  const other = await newPanel();
  assert.equal((await anon.get(link.replace(`/panels/${id}/`, `/panels/${other}/`))).status, 404);
  assert.equal((await anon.get(`/panels/${id}/mijn/${'0'.repeat(48)}`)).status, 404);
  res = await fetch(`${srv.url}/api/v1/panels/${id}/mijn/kort`);
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /application\/problem\+json/);
  assert.equal((await res.json()).status, 404);
  // Withdraw without the tick: nothing deleted, the error beside the box.
  res = await anon.post(link, {});
  assert.equal(res.status, 422);
  html = await res.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /id="confirm"[^>]*aria-invalid="true"/);
  assert.equal(sql(`SELECT COUNT(*) FROM panel_contacts WHERE name = 'Els Eigen'`), '1');
  // With the tick: all gone, the link dead.
  res = await anon.post(link, { confirm: '1' });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /U bent afgemeld/);
  assert.equal(sql(`SELECT COUNT(*) FROM panel_contacts WHERE name = 'Els Eigen'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE panel_id = ${id}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_person_values WHERE panel_id = ${id}`), '0');
  assert.equal((await anon.get(link)).status, 404);

  // Someone on the drawn panel: the place becomes a drop-out, the data goes.
  const small = await newPanel({ size: '1', quotas: 'feature,value,min,max\ngender,female,0,1\ngender,male,0,1\n' });
  res = await anon.post(`/panels/${small}/aanmelden`, { name: 'Dirk Getrokken', contact: '0612345678', f0: 'male', consent: '1' });
  assert.equal(res.status, 200);
  const link2 = /\/panels\/\d+\/mijn\/[0-9a-f]{48}/.exec(await res.text())[0];
  res = await staff.post(`/panels/${small}/loting`, { seed: '5' });
  assert.equal(res.status, 303, await res.text());
  assert.match(await (await anon.get(link2)).text(), /U bent geloot voor het panel/);
  res = await anon.post(link2, { confirm: '1' });
  assert.equal(res.status, 200);
  assert.equal(sql(`SELECT status || ':' || COALESCE(own_hash, '') FROM panel_people WHERE panel_id = ${small}`), 'dropped:');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_contacts WHERE name = 'Dirk Getrokken'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM panel_person_values WHERE panel_id = ${small}`), '0');
  const members = await (await staff.get(`/api/v1/panels/${small}/leden`)).json();
  assert.deepEqual(members.items.map((m) => [m.status, m.name || null]), [['dropped', null]]);
});

test('sign-up that cannot be saved: the form comes back with everything typed', async () => {
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  const id = await newPanel();
  // A database that refuses the write, as a full disk or a broken file would.
  sql("CREATE TRIGGER test_refuse BEFORE INSERT ON panel_contacts BEGIN SELECT RAISE(ABORT, 'test'); END;");
  try {
    const res = await client(srv.url).post(`/panels/${id}/aanmelden`, { name: 'Nina Niet Opgeslagen', contact: 'nina@example.org', f0: 'female', f1: 'liberal', consent: '1' });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /Uw aanmelding kon niet worden opgeslagen/);
    assert.match(html, /value="Nina Niet Opgeslagen"/);
    assert.match(html, /value="nina@example.org"/);
    assert.match(html, /<option value="female" selected>/);
    assert.match(html, /id="consent"[^>]* checked/);
  } finally {
    sql('DROP TRIGGER test_refuse;');
  }
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE panel_id = ${id}`), '0', 'nothing half-saved');
});

test('staff forms the database refuses: new panel, pool, quotas and deletion come back on their page, input kept', async () => {
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  const refuse = (name, what) => sql(`CREATE TRIGGER ${name} ${what} BEGIN SELECT RAISE(ABORT, 'test'); END;`);
  // New panel.
  refuse('test_refuse_panel', 'BEFORE INSERT ON panel_panels');
  try {
    const res = await staff.post('/panels/nieuw', { title: 'Burgerraad Weigering', area: '', size: '20', end_date: '2099-12-31', quotas: QUOTAS });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /value="Burgerraad Weigering"/);
    assert.match(html, /gender,female,9,20/);
  } finally { sql('DROP TRIGGER test_refuse_panel;'); }
  const id = await newPanel();
  // Pool upload: the pasted pool stays in the form.
  refuse('test_refuse_pool', 'BEFORE INSERT ON panel_people');
  try {
    const res = await staff.post(`/panels/${id}/pool`, { pool: POOL });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /aria-invalid="true"/);
    assert.ok(html.includes('female,conservative'), 'the pasted pool is still there');
  } finally { sql('DROP TRIGGER test_refuse_pool;'); }
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE panel_id = ${id}`), '0');
  assert.equal((await staff.post(`/panels/${id}/pool`, { pool: POOL })).status, 200);
  // Quotas: the numbers typed stay in the form.
  refuse('test_refuse_quota', 'BEFORE UPDATE ON panel_quotas');
  try {
    const res = await staff.post(`/panels/${id}/quota`, { min_0: '8', max_0: '19', min_1: '9', max_1: '20', min_2: '9', max_2: '20', min_3: '9', max_3: '20' });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /value="19"/);
  } finally { sql('DROP TRIGGER test_refuse_quota;'); }
  // Deletion: the message beside the box, nothing deleted.
  refuse('test_refuse_delete', 'BEFORE DELETE ON panel_contacts');
  refuse('test_refuse_delete2', 'BEFORE DELETE ON panel_people');
  try {
    const res = await staff.post(`/panels/${id}/wissen`, { confirm: '1' });
    assert.equal(res.status, 500);
    assert.match(await res.text(), /id="confirm-error"/);
  } finally { sql('DROP TRIGGER test_refuse_delete; DROP TRIGGER test_refuse_delete2;'); }
  assert.equal(sql(`SELECT COUNT(*) FROM panel_people WHERE panel_id = ${id}`), '200');
});
