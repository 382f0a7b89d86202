// SPDX-License-Identifier: EUPL-1.2
// The sociale kaart against the real binary: CSV import, Dutch search,
// filters (an area includes its sub-areas), pagination, CSV and JSON output,
// bad parameters, the suggestion -> review -> publish flow, corrections,
// roles, and hostile input (invalid UTF-8, oversized bodies, no CSRF token)
// that must leave the data unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, client, cli, makeDb, SHARED, SOURCE } from '../lib/server.mjs';

const PW = 'test-wachtwoord-kaart-1';
const CBS = join(SHARED, 'nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv');
const DEMO = join(SOURCE, 'demo/kaart-almelo.csv');
const HEADER = 'name,description,kind,area_code,themes,pillars,contact,when_where,accessibility,source,last_checked\n';

let made, srv;
before(async () => {
  made = makeDb();
  let r = cli(['import', 'cbs', CBS, '--gemeente', 'GM0141', '--db', made.db]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['import', 'kaart', DEMO, '--db', made.db, '--demo']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /67 sociale kaart items imported/);
  for (const [email, role] of [['pro@kaart.test', 'professional'], ['beleid@kaart.test', 'beleidsadviseur']]) {
    r = cli(['user', 'add', '--db', made.db, '--email', email, '--name', role, '--role', role, '--password-stdin'], PW + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  srv = await startServer({ db: made.db });
});
after(async () => { await srv.stop(); made.cleanup(); });

const api = async (qs) => {
  const res = await fetch(srv.url + '/api/v1/kaart' + qs);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
};
const total = async () => (await api('')).body.total;
const names = (body) => body.items.map((i) => i.name);

test('import kaart: --help, line-numbered errors, nothing written on error', async () => {
  const h = cli(['import', 'kaart', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage: wijkbasis import kaart/);
  const before = await total();
  const bad = join(made.dir, 'bad.csv');
  writeFileSync(bad, HEADER + 'Goed,,vereniging,WK014110,sport,,,,,,\n,,club,XX1,dansen,,,,,,2026-13-01\n');
  const r = cli(['import', 'kaart', bad, '--db', made.db]);
  assert.equal(r.status, 1);
  for (const field of ['name', 'kind', 'area_code', 'themes', 'last_checked'])
    assert.match(r.stderr, new RegExp(`bad\\.csv:3: field ${field}: `));
  assert.equal(await total(), before, 'the good row must not be imported either');
  assert.equal(cli(['import', 'kaart', '--db', made.db]).status, 2);
});

test('Dutch search: stems, prefixes on the stem, and FTS syntax is harmless', async () => {
  let r = await api('?q=vrijwilliger');
  assert.equal(r.status, 200);
  assert.ok(names(r.body).includes('Vrijwilligerscentrale Almelo'));
  assert.ok(names(r.body).includes('Taalmaatjes Aalderinkshoek')); // "Een vrijwilliger oefent"
  assert.ok(names(r.body).includes('Moestuin Nieuwland')); // "Vrijwilligers gezocht"
  r = await api('?q=ontmoeting');
  assert.ok(r.body.total >= 5);
  assert.ok(names(r.body).includes('Ontmoetingsplek Havezathe'));
  r = await api('?q=' + encodeURIComponent('koffie buurthuis'));
  assert.ok(r.body.items.every((i) => /koffie/i.test(i.name + i.description + i.when_where)));
  for (const q of ['"', 'a OR b', 'NEAR(x y)', '*', 'name:koffie', '-', '^x', '(((', '“koffie”']) {
    r = await api('?q=' + encodeURIComponent(q));
    assert.equal(r.status, 200, q);
  }
  r = await api('?q=' + encodeURIComponent('xyzzyplugh'));
  assert.equal(r.body.total, 0);
});

test('filters: kind, theme, pillar, and an area includes everything below it', async () => {
  let r = await api('?kind=talent');
  assert.ok(r.body.total >= 4);
  assert.ok(r.body.items.every((i) => i.kind === 'talent'));
  r = await api('?theme=mantelzorg');
  assert.ok(r.body.total >= 2 && r.body.items.every((i) => i.themes.includes('mantelzorg')));
  r = await api('?pillar=zekerheid&kind=voorziening');
  assert.ok(r.body.total >= 1);
  assert.ok(r.body.items.every((i) => i.pillars.includes('zekerheid') && i.kind === 'voorziening'));
  r = await api('?area=WK014116');
  assert.ok(r.body.total >= 4);
  assert.ok(r.body.items.every((i) => i.area === 'WK014116' || i.area.startsWith('BU01411')));
  assert.ok(r.body.items.some((i) => i.area.startsWith('BU014116')), 'buurten of the wijk are included');
  const buurt = await api('?area=BU01411600');
  assert.ok(buurt.body.total >= 1 && buurt.body.total < r.body.total);
  const gemeente = await api('?area=GM0141');
  assert.equal(gemeente.body.total, await total(), 'every demo item lies in Almelo');
});

test('pagination: 20 per page, page links keep the filters', async () => {
  const all = await total();
  const last = Math.ceil(all / 20);
  const r = await api('?page=' + last);
  assert.equal(r.body.page, last);
  assert.equal(r.body.items.length, all - 20 * (last - 1));
  const beyond = await api('?page=' + (last + 5));
  assert.equal(beyond.status, 200);
  assert.equal(beyond.body.items.length, 0);
  const html = await (await fetch(srv.url + '/kaart?theme=eenzaamheid&q=koffie')).text();
  const res = await fetch(srv.url + '/kaart?area=GM0141');
  const page = await res.text();
  assert.equal(res.status, 200);
  assert.match(page, /href="\/kaart\?area=GM0141&amp;page=2"/);
  assert.match(page, /href="\/kaart\.csv\?area=GM0141"/);
  assert.match(html, /\d+ (resultaat|resultaten)<\/h2>/);
  const p1 = (await api('?area=GM0141')).body.items.map((i) => i.id);
  const p2 = (await api('?area=GM0141&page=2')).body.items.map((i) => i.id);
  assert.ok(p2.length > 0 && p2.every((id) => !p1.includes(id)));
  const big = await api('?per_page=100');
  assert.equal(big.body.per_page, 100);
  assert.equal(big.body.items.length, all);
  const small = await fetch(srv.url + '/kaart?per_page=5&kind=talent').then((r) => r.text());
  assert.match(small, /href="\/kaart\?kind=talent&amp;per_page=5&amp;page=2"/);
  assert.match(small, /<input type="hidden" name="per_page" value="5">/);
});

test('list page: search box, labelled filters, stale badge, no account needed', async () => {
  const res = await fetch(srv.url + '/kaart?area=WK014111');
  assert.equal(res.status, 200);
  const html = await res.text();
  for (const f of ['q', 'area', 'kind', 'theme', 'pillar'])
    assert.match(html, new RegExp(`<label class="utrecht-form-label" for="f-${f}">`));
  assert.match(html, /<option value="WK014111" selected>/);
  assert.match(html, /niet recent gecontroleerd/); // Speeltuinvereniging Arendsboer, 2024
  assert.match(html, /<h1 class="utrecht-heading-1">Sociale kaart<\/h1>/);
});

test('CSV has the same rows as the JSON', async () => {
  const res = await fetch(srv.url + '/kaart.csv?theme=armoede');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const lines = (await res.text()).trim().split('\r\n');
  assert.equal(lines[0], 'id,name,description,kind,area,area_name,themes,pillars,contact,when_where,accessibility,last_checked,stale');
  const j = await api('?theme=armoede');
  assert.equal(lines.length - 1, j.body.total);
});

test('JSON contract of list and item; hidden talent contact stays hidden', async () => {
  const r = await api('?kind=talent');
  assert.match(r.type, /^application\/json/);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'page', 'per_page', 'total']);
  const keys = ['accessibility', 'area', 'area_name', 'contact', 'description', 'id', 'kind',
    'last_checked', 'name', 'pillars', 'stale', 'themes', 'when_where'];
  for (const it of r.body.items) {
    assert.deepEqual(Object.keys(it).sort(), keys);
    assert.equal(typeof it.stale, 'boolean');
    assert.ok(Array.isArray(it.themes) && Array.isArray(it.pillars));
  }
  const gerda = r.body.items.find((i) => i.name.startsWith('Talent: breien'));
  assert.equal(gerda.contact, '', 'no consent: no contact');
  const ahmed = r.body.items.find((i) => i.name.startsWith('Talent: fietsen'));
  assert.notEqual(ahmed.contact, '');
  const one = await fetch(srv.url + '/api/v1/kaart/' + gerda.id);
  assert.equal(one.status, 200);
  assert.deepEqual(await one.json(), gerda);
  const page = await (await fetch(srv.url + '/kaart/' + gerda.id)).text();
  assert.doesNotMatch(page, /06 0000 0202/);
  assert.match(page, /Klopt er iets niet\? Geef een correctie door/);
  const stale = (await api('?q=Speeltuinvereniging')).body.items[0];
  assert.equal(stale.stale, true);
});

test('bad parameters: 400 problem JSON naming the parameter; HTML shows it beside the filter', async () => {
  const cases = [['kind=boot', 'kind'], ['theme=x', 'theme'], ['pillar=geluk', 'pillar'],
    ['page=0', 'page'], ['page=-1', 'page'], ['page=abc', 'page'], ['page=1.5', 'page'],
    ['page=99999999999999999999', 'page'], ['per_page=0', 'per_page'], ['per_page=101', 'per_page'], ['area=WK999999', 'area'], ['q=' + 'a'.repeat(300), 'q']];
  for (const [qs, param] of cases) {
    const res = await fetch(srv.url + '/api/v1/kaart?' + qs);
    assert.equal(res.status, 400, qs);
    assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
    const p = await res.json();
    assert.equal(p.status, 400);
    assert.equal(p.param, param, qs);
    const csv = await fetch(srv.url + '/kaart.csv?' + qs);
    assert.equal(csv.status, 400, 'csv ' + qs);
    const html = await fetch(srv.url + '/kaart?' + qs);
    assert.equal(html.status, 400, 'html ' + qs);
    assert.match(await html.text(), new RegExp(`id="f-${param}-error"`), qs);
  }
  const enc = await fetch(srv.url + '/api/v1/kaart?q=%FF%FE');
  assert.equal(enc.status, 400);
  assert.equal((await fetch(srv.url + '/api/v1/kaart/abc')).status, 400);
  assert.equal((await fetch(srv.url + '/api/v1/kaart/999999')).status, 404);
  assert.equal((await fetch(srv.url + '/kaart/999999')).status, 404);
  assert.equal((await fetch(srv.url + '/kaart/0')).status, 404);
});

test('suggestion: errors keep the input; valid -> pending, hidden; published by a professional', async () => {
  const c = client(srv.url);
  const before = await total();
  let res = await c.get('/kaart/nieuw');
  assert.equal(res.status, 200);
  const form = await res.text();
  assert.match(form, /<legend[^>]*>Thema(&#39;|')s<\/legend>/);
  assert.doesNotMatch(form, /name="channel"/, 'the channel is for staff only');
  res = await c.post('/kaart/nieuw', { name: '<b>Zangkoor</b>', kind: '', description: 'Wij zingen' });
  assert.equal(res.status, 422);
  let html = await res.text();
  assert.match(html, /id="f-kind-error"/);
  assert.match(html, /id="f-themes-error"/);
  assert.match(html, /value="&lt;b&gt;Zangkoor&lt;\/b&gt;"/);
  assert.match(html, />Wij zingen<\/textarea>/);
  const body = new URLSearchParams({ csrf: c.csrf(), name: 'Zangkoor De Lijsters', kind: 'vereniging',
    area: 'BU01411000', description: 'Wij zingen elke week samen liederen.', contact: '06-1' });
  body.append('themes', 'cultuur');
  body.append('themes', 'eenzaamheid');
  body.append('pillars', 'cohesie');
  res = await c.post('/kaart/nieuw', body.toString());
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/kaart/bedankt');
  assert.equal((await c.get('/kaart/bedankt')).status, 200);
  assert.equal(await total(), before);
  assert.equal((await api('?q=lijsters')).body.total, 0);

  const pro = client(srv.url);
  await pro.login('pro@kaart.test', PW);
  res = await pro.get('/beheer/kaart');
  assert.equal(res.status, 200);
  html = await res.text();
  assert.match(html, /Zangkoor De Lijsters/);
  const id = /action="\/beheer\/kaart\/(\d+)\/publiceer"/.exec(html.slice(html.indexOf('Zangkoor De Lijsters')))[1];
  res = await pro.post(`/beheer/kaart/${id}/publiceer`);
  assert.equal(res.status, 303);
  const found = await api('?q=lijsters');
  assert.equal(found.body.total, 1);
  assert.equal(found.body.items[0].area, 'BU01411000');
  assert.deepEqual(found.body.items[0].themes, ['eenzaamheid', 'cultuur']);
  assert.equal(found.body.items[0].last_checked, new Date().toISOString().slice(0, 10));
  assert.equal(await total(), before + 1);
  // Publishing twice is refused, not a 500.
  assert.equal((await pro.post(`/beheer/kaart/${id}/publiceer`)).status, 409);
});

test('correction: pending until published, then copied onto the original', async () => {
  const orig = (await api('?q=Schaakclub')).body.items[0];
  const c = client(srv.url);
  let res = await c.get(`/kaart/${orig.id}/correctie`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /value="Schaakclub Kollenveld"/);
  const body = new URLSearchParams({ csrf: c.csrf(), name: 'Schaakclub Kollenveld', kind: 'vereniging',
    area: 'BU01411703', description: 'Demo-gegeven. Schaken op donderdag en zaterdag.' });
  body.append('themes', 'cultuur');
  res = await c.post(`/kaart/${orig.id}/correctie`, body.toString());
  assert.equal(res.status, 303);
  assert.equal((await api('?q=Schaakclub')).body.items[0].description, orig.description);
  const before = await total();
  const pro = client(srv.url);
  await pro.login('pro@kaart.test', PW);
  const html = await (await pro.get('/beheer/kaart')).text();
  assert.match(html, /Voorgestelde wijziging/);
  const id = /action="\/beheer\/kaart\/(\d+)\/publiceer"/.exec(html.slice(html.indexOf('Schaakclub')))[1];
  assert.notEqual(Number(id), orig.id);
  assert.equal((await pro.post(`/beheer/kaart/${id}/publiceer`)).status, 303);
  const now = (await fetch(srv.url + '/api/v1/kaart/' + orig.id).then((r) => r.json()));
  assert.equal(now.description, 'Demo-gegeven. Schaken op donderdag en zaterdag.');
  assert.deepEqual(now.themes, ['cultuur']);
  assert.equal(await total(), before, 'the correction is not a new item');
  assert.equal((await fetch(srv.url + '/api/v1/kaart/' + id)).status, 404, 'the correction row is gone');
});

test('review: reject, mark as checked, and only for staff', async () => {
  const anon = client(srv.url);
  let res = await anon.get('/beheer/kaart');
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/login/);
  res = await anon.post('/beheer/kaart/1/gecontroleerd');
  assert.equal(res.status, 401);

  const pro = client(srv.url);
  await pro.login('pro@kaart.test', PW);
  const stale = (await api('?q=Speeltuinvereniging')).body.items[0];
  assert.equal(stale.stale, true);
  assert.equal((await pro.post(`/beheer/kaart/${stale.id}/gecontroleerd`)).status, 303);
  assert.equal((await fetch(srv.url + '/api/v1/kaart/' + stale.id).then((r) => r.json())).stale, false);

  const c = client(srv.url);
  const body = new URLSearchParams({ csrf: c.csrf() || '', name: 'Spam spam', kind: 'organisatie' });
  await c.get('/kaart/nieuw');
  body.set('csrf', c.csrf());
  body.append('themes', 'sport');
  assert.equal((await c.post('/kaart/nieuw', body.toString())).status, 303);
  const html = await (await pro.get('/beheer/kaart')).text();
  const id = /action="\/beheer\/kaart\/(\d+)\/afwijzen"/.exec(html.slice(html.indexOf('Spam spam')))[1];
  assert.equal((await pro.post(`/beheer/kaart/${id}/afwijzen`)).status, 303);
  assert.doesNotMatch(await (await pro.get('/beheer/kaart')).text(), /Spam spam/);
  assert.equal((await api('?q=spam')).body.total, 0);

  // The review lists as JSON and CSV, for staff only.
  assert.equal((await fetch(srv.url + '/api/v1/beheer/kaart')).status, 401);
  const j = await (await pro.get('/api/v1/beheer/kaart')).json();
  assert.ok(Array.isArray(j.pending) && Array.isArray(j.stale));
  assert.ok(j.stale.length >= 3);
  assert.ok(!j.stale.some((i) => i.id === stale.id), 'just checked');
  assert.ok(j.stale.every((i) => i.last_checked < new Date().toISOString().slice(0, 10)));
  const csv = (await (await pro.get('/beheer/kaart.csv')).text()).trim().split('\r\n');
  assert.equal(csv[0], 'list,id,name,kind,area,corrects_id,channel,created_at,last_checked');
  assert.equal(csv.length - 1, j.pending.length + j.stale.length);
});

test('staff can enter a suggestion on behalf of a resident with a channel', async () => {
  const pro = client(srv.url);
  await pro.login('pro@kaart.test', PW);
  const form = await (await pro.get('/kaart/nieuw')).text();
  assert.match(form, /name="channel"/);
  const body = new URLSearchParams({ csrf: pro.csrf(), name: 'Breiclub Telefoon', kind: 'bewonersinitiatief', channel: 'telefoon' });
  body.append('themes', 'cultuur');
  assert.equal((await pro.post('/kaart/nieuw', body.toString())).status, 303);
  body.set('channel', 'duif');
  const res = await pro.post('/kaart/nieuw', body.toString());
  assert.equal(res.status, 422);
  assert.match(await res.text(), /id="f-channel-error"/);
});

test('overview: beleidsadviseur only; tables, SVG, JSON and CSV agree', async () => {
  const pro = client(srv.url);
  await pro.login('pro@kaart.test', PW);
  assert.equal((await pro.get('/kaart/overzicht')).status, 403);
  const b = client(srv.url);
  await b.login('beleid@kaart.test', PW);
  const res = await b.get('/kaart/overzicht');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<svg class="wb-chart wb-map" role="img" aria-labelledby="heat-title heat-desc"/);
  assert.match(html, /<title id="heat-title">/);
  assert.equal((html.match(/<caption>/g) || []).length, 2);
  assert.match(html, /<th scope="row"><a class="utrecht-link" href="\/kaart\?area=WK014110">Binnenstad<\/a><\/th>/);
  const j = await (await b.get('/api/v1/kaart/overzicht')).json();
  assert.equal(j.items.length, 13); // 12 wijken + gemeente-wide
  const sum = j.items.reduce((s, r) => s + r.total, 0);
  assert.equal(sum, await total());
  const csv = (await (await b.get('/kaart/overzicht.csv')).text()).trim().split('\r\n');
  assert.equal(csv.length, 14);
  assert.match(csv[0], /^area,area_name,total,pillar_zekerheid/);
  const bin = csv.find((l) => l.startsWith('WK014110,'));
  const jb = j.items.find((r) => r.area === 'WK014110');
  assert.equal(Number(bin.split(',')[2]), jb.total);
});

test('hostile input: invalid UTF-8, oversized body, missing CSRF change nothing', async () => {
  const c = client(srv.url);
  await c.get('/kaart/nieuw');
  const before = await total();
  const count = async () => {
    const pro = client(srv.url);
    await pro.login('pro@kaart.test', PW);
    const html = await (await pro.get('/beheer/kaart')).text();
    return (html.match(/\/publiceer"/g) || []).length;
  };
  const pending = await count();
  let res = await c.post('/kaart/nieuw', `csrf=${c.csrf()}&name=%FF%FE&kind=vereniging&themes=sport`);
  assert.equal(res.status, 400);
  res = await c.post('/kaart/nieuw', `csrf=${c.csrf()}&name=a%00b&kind=vereniging&themes=sport`);
  assert.equal(res.status, 400);
  res = await c.post('/kaart/nieuw', `csrf=${c.csrf()}&name=${'x'.repeat(40 * 1024)}&kind=vereniging&themes=sport`);
  assert.equal(res.status, 413);
  res = await c.post('/kaart/nieuw', `name=Zonder&kind=vereniging&themes=sport`);
  assert.equal(res.status, 403);
  res = await c.post('/kaart/nieuw', `csrf=${c.csrf()}&name=${'x'.repeat(300)}&kind=vereniging&themes=sport&themes=vliegen`);
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-name-error"/);
  assert.match(html, /id="f-themes-error"/);
  res = await c.post('/kaart/1/correctie', `csrf=${c.csrf()}&name=%C0%AF&kind=vereniging&themes=sport`);
  assert.equal(res.status, 400);
  assert.equal(await total(), before);
  assert.equal(await count(), pending);
});

test('a suggestion the database refuses: the form comes back with everything typed', async () => {
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  const c = client(srv.url);
  await c.get('/kaart/nieuw');
  const body = new URLSearchParams({ csrf: c.csrf(), name: 'Breiclub De Steek', kind: 'vereniging',
    area: 'BU01411000', description: 'Wij breien op donderdag.', contact: '06-2' });
  body.append('themes', 'cultuur');
  sql("CREATE TRIGGER test_refuse BEFORE INSERT ON kaart_items BEGIN SELECT RAISE(ABORT, 'test'); END;");
  try {
    const res = await c.post('/kaart/nieuw', body.toString());
    assert.equal(res.status, 503);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /value="Breiclub De Steek"/);
    assert.match(html, />Wij breien op donderdag.<\/textarea>/);
    assert.match(html, /value="cultuur" checked/);
  } finally {
    sql('DROP TRIGGER test_refuse;');
  }
  assert.equal((await api('?q=breiclub')).body.total, 0);
});
