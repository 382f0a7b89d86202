// SPDX-License-Identifier: EUPL-1.2
// `serve --form-limit N`: a visitor without login may send the public forms
// (kaart suggestion and correction, buurtbudget proposal) N times per hour
// from one address; then the server answers 429 with Retry-After and a plain
// Dutch page that says the typed text is not lost. Nothing is stored for it.
// Staff who are logged in are not limited; other POSTs (votes) are not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, makeDb, DEMO_USERS } from '../lib/server.mjs';

let made, srv;
before(async () => {
  made = makeDb({ demo: true });
  srv = await startServer({ db: made.db, args: ['--form-limit', '2'] });
});
after(async () => { await srv.stop(); made.cleanup(); });

// A valid suggestion for the sociale kaart (themes is a repeated field).
function suggestion(c, name) {
  const body = new URLSearchParams({ csrf: c.csrf() || '', name, kind: 'vereniging',
    area: 'BU01411000', description: 'Wij wandelen elke week samen.' });
  body.append('themes', 'sport');
  return body.toString();
}

async function suggest(c, name) {
  if (!c.csrf()) await c.get('/');
  return c.post('/kaart/nieuw', suggestion(c, name));
}

test('the third public form from one address in an hour is refused with 429', async () => {
  const c = client(srv.url);
  for (const name of ['Wandelclub Noord', 'Wandelclub Zuid']) {
    const res = await suggest(c, name);
    assert.equal(res.status, 303, `${name}: ${res.status} ${await res.text()}`);
  }
  // Another limited form shares the count: it is the address that is limited.
  const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
  const res = await c.post(`/buurtbudget/${rounds[0].id}/voorstel`, { title: 'Bankje', cost: '500' });
  assert.equal(res.status, 429);
  const retry = Number(res.headers.get('retry-after'));
  assert.ok(retry > 3500 && retry <= 3600, `Retry-After ${retry}`);
  const html = await res.text();
  assert.match(html, /Probeer het over 60 minuten opnieuw/);
  assert.match(html, /ga terug in uw browser/);
  assert.match(html, /<html lang="nl"/);

  // The refused suggestion was not stored; the two allowed ones were.
  const staff = client(srv.url);
  await staff.login(DEMO_USERS.professional);
  const queue = await (await staff.get('/beheer/kaart')).text();
  assert.match(queue, /Wandelclub Noord/);
  assert.match(queue, /Wandelclub Zuid/);

  // Logged-in staff are not limited on the same address.
  const more = await suggest(staff, 'Wandelclub West');
  assert.notEqual(more.status, 429);
});

test('the route table says which forms are limited', async () => {
  const routes = (await (await fetch(srv.url + '/api/v1/routes')).json()).items;
  const limited = routes.filter((r) => r.limited).map((r) => `${r.method} ${r.pattern}`);
  assert.ok(limited.includes('POST /kaart/nieuw'), limited.join(', '));
  assert.ok(limited.includes('POST /buurtbudget/{id}/voorstel'));
  assert.ok(!limited.includes('POST /buurtbudget/{id}/stemmen'), 'voting is guarded by the codes');
  assert.ok(!limited.includes('POST /login'), 'login has its own limit');
  assert.ok(routes.every((r) => typeof r.csrf === 'boolean'));
});

test('--form-limit 0 switches the limit off; a bad value is refused', async () => {
  const { spawnSync } = await import('node:child_process');
  const { BIN } = await import('../lib/server.mjs');
  const r = spawnSync(BIN, ['serve', '--db', made.db, '--port', '0', '--form-limit', 'veel'], { encoding: 'utf8', timeout: 5000 });
  assert.equal(r.status, 2);
  const open = await startServer({ db: made.db, args: ['--form-limit', '0'] });
  try {
    const c = client(open.url);
    for (let i = 0; i < 4; i++)
      assert.equal((await suggest(c, `Koor ${i}`)).status, 303);
  } finally {
    await open.stop();
  }
});
