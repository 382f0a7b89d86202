// SPDX-License-Identifier: EUPL-1.2
// The anonymous response cache (src/http/cache.c) against the real binary:
// a cached page changes right after a write through the web (publishing an
// item) and after a CLI import by another process; logged-in users and pages
// with a POST form never get a cached page; languages are cached apart;
// serve --no-cache turns it off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, client, cli, makeDb, SHARED, SOURCE } from '../lib/server.mjs';

const PW = 'test-wachtwoord-cache-1';
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
  r = cli(['user', 'add', '--db', made.db, '--email', 'pro@cache.test', '--name', 'Pro Cache',
    '--role', 'professional', '--password-stdin'], PW + '\n');
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ db: made.db });
});
after(async () => { await srv.stop(); made.cleanup(); });

// Two anonymous GETs: the second must come from the cache.
const warm = async (path) => {
  const a = await fetch(srv.url + path);
  assert.equal(a.status, 200, path);
  const first = await a.text();
  const b = await fetch(srv.url + path);
  assert.equal(b.headers.get('x-cache'), 'hit', `${path} is cached`);
  assert.equal(await b.text(), first, 'the cached body is the same');
  return first;
};

test('a cached list changes right after an item is published through the web', async () => {
  const path = '/api/v1/kaart?q=' + encodeURIComponent('Cachekoor');
  const html = '/kaart?q=' + encodeURIComponent('Cachekoor');
  assert.equal(JSON.parse(await warm(path)).total, 0);
  assert.doesNotMatch(await warm(html), /Cachekoor De Merels/);

  const c = client(srv.url);
  await c.get('/kaart/nieuw');
  const body = new URLSearchParams({ csrf: c.csrf(), name: 'Cachekoor De Merels', kind: 'vereniging',
    area: 'BU01411000', description: 'Wij zingen elke week.', contact: '' });
  body.append('themes', 'cultuur');
  assert.equal((await c.post('/kaart/nieuw', body.toString())).status, 303);
  const pro = client(srv.url);
  await pro.login('pro@cache.test', PW);
  const beheer = await (await pro.get('/beheer/kaart')).text();
  const id = /action="\/beheer\/kaart\/(\d+)\/publiceer"/.exec(beheer.slice(beheer.indexOf('Cachekoor De Merels')))[1];
  assert.equal((await pro.post(`/beheer/kaart/${id}/publiceer`)).status, 303);

  const res = await fetch(srv.url + path);
  assert.equal(res.headers.get('x-cache'), null, 'the write dropped the cache');
  assert.equal((await res.json()).total, 1);
  assert.match(await (await fetch(srv.url + html)).text(), /Cachekoor De Merels/);
});

test('a cached list changes right after a CLI import by another process', async () => {
  const path = '/api/v1/kaart?q=' + encodeURIComponent('Importclub');
  assert.equal(JSON.parse(await warm(path)).total, 0);
  const csv = join(made.dir, 'cache-import.csv');
  writeFileSync(csv, HEADER + 'Importclub Het Anker,Wij varen samen.,vereniging,WK014110,sport,,,,,,\n');
  const r = cli(['import', 'kaart', csv, '--db', made.db]);
  assert.equal(r.status, 0, r.stderr);
  const res = await fetch(srv.url + path);
  assert.equal(res.headers.get('x-cache'), null);
  assert.equal((await res.json()).total, 1);
});

test('a logged-in user never gets the cached anonymous page', async () => {
  const pro = client(srv.url);
  await pro.login('pro@cache.test', PW); // a write: it drops the cache
  const anon = await warm('/kaart');
  const res = await pro.get('/kaart');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-cache'), null);
  const html = await res.text();
  assert.notEqual(html, anon);
  // And the logged-in page never went into the cache for anonymous visitors.
  const again = await fetch(srv.url + '/kaart');
  assert.equal(again.status, 200);
  assert.equal(await again.text(), anon);
});

test('a page with a form always has the client\'s own CSRF token', async () => {
  for (let i = 0; i < 3; i++) {
    const c = client(srv.url);
    const res = await c.get('/kaart/nieuw');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-cache'), null);
    const html = await res.text();
    assert.ok(c.csrf(), 'the server set a token');
    assert.ok(html.includes(`value="${c.csrf()}"`), 'the form carries this client\'s token');
  }
  // A client that comes back with its cookie gets its own token again.
  const c = client(srv.url);
  await c.get('/kaart/nieuw');
  const html = await (await c.get('/kaart/nieuw')).text();
  assert.ok(html.includes(`value="${c.csrf()}"`));
});

test('lang=en and lang=nl are cached apart; the language cookie is still set', async () => {
  const en = await warm('/kaart?lang=en');
  const nl = await warm('/kaart?lang=nl');
  assert.notEqual(en, nl);
  assert.match(en, /<html lang="en"/);
  assert.match(nl, /<html lang="nl"/);
  const res = await fetch(srv.url + '/kaart?lang=en');
  assert.equal(res.headers.get('x-cache'), 'hit');
  assert.ok(res.headers.getSetCookie().some((c) => c.startsWith('lang=en')));
  // Per client: a new visitor still gets a CSRF cookie of its own.
  assert.ok(res.headers.getSetCookie().some((c) => c.startsWith('wb_csrf=')));
  // The same path with Accept-Language picks the cached language too.
  const acc = await fetch(srv.url + '/kaart', { headers: { 'accept-language': 'en' } });
  assert.match(await acc.text(), /<html lang="en"/);
});

test('serve --no-cache answers every request itself', async () => {
  const s = await startServer({ db: made.db, args: ['--no-cache'] });
  try {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(s.url + '/kaart');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-cache'), null);
      await res.text();
    }
  } finally {
    await s.stop();
  }
});
