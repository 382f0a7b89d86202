// SPDX-License-Identifier: EUPL-1.2
// A buurtbudget proposal entered by staff on behalf of a resident (who
// phoned, or handed in paper): the form asks how it came in, the review
// shows it, a bad channel is refused beside the field with the text kept. A
// resident's own proposal is always "online", whatever the form says. A
// proposal the database refuses comes back with the text kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, client, makeDb, DEMO_USERS } from '../lib/server.mjs';

let made, srv, pro, staff, id;
before(async () => {
  made = makeDb({ demo: true });
  srv = await startServer({ db: made.db });
  staff = client(srv.url);
  await staff.login(DEMO_USERS.beleidsadviseur);
  pro = client(srv.url);
  await pro.login(DEMO_USERS.professional);
  const res = await staff.post('/buurtbudget/nieuw', {
    title: 'Buurtbudget namens bewoners', area: 'WK014110', amount: '20000', ballot: 'approval',
    max_projects: '', max_points: '', rule: 'mes', starts_on: '', ends_on: '',
  });
  assert.equal(res.status, 303, await res.text());
  id = Number(/\/buurtbudget\/(\d+)/.exec(res.headers.get('location'))[1]);
});
after(async () => { await srv.stop(); made.cleanup(); });

const channelOf = (title) => execFileSync('sqlite3', [made.db,
  `SELECT channel FROM budget_projects WHERE title = '${title}'`], { encoding: 'utf8' }).trim();

test('staff see the channel field; residents do not', async () => {
  assert.match(await (await pro.get(`/buurtbudget/${id}/voorstel`)).text(), /name="channel"/);
  assert.doesNotMatch(await (await client(srv.url).get(`/buurtbudget/${id}/voorstel`)).text(), /name="channel"/);
});

test('a proposal by phone is stored with its channel and shown in the review', async () => {
  let res = await pro.post(`/buurtbudget/${id}/voorstel`, { title: 'Jeu de boules-baan', description: 'Gebeld door mevrouw', cost: '3000', channel: 'telefoon' });
  assert.equal(res.status, 200, await res.text());
  assert.equal(channelOf('Jeu de boules-baan'), 'telefoon');
  const review = await (await pro.get(`/buurtbudget/${id}/beoordelen`)).text();
  assert.match(review, /Jeu de boules-baan[\s\S]*?Binnengekomen via: Telefoon/);
});

test('a bad channel is refused beside the field, with the text kept', async () => {
  const res = await pro.post(`/buurtbudget/${id}/voorstel`, { title: 'Bloembakken', cost: '800', channel: 'duif' });
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-channel-error"/);
  assert.match(html, /value="Bloembakken"/);
  assert.equal(channelOf('Bloembakken'), '');
});

test('a resident cannot set a channel: their proposal is online', async () => {
  const res = await client(srv.url).post(`/buurtbudget/${id}/voorstel`, { title: 'Speeltoestel', cost: '5000', channel: 'papier' });
  assert.equal(res.status, 200);
  assert.equal(channelOf('Speeltoestel'), 'online');
});

test('a proposal that cannot be saved: the form comes back with everything typed', async () => {
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  sql("CREATE TRIGGER test_refuse BEFORE INSERT ON budget_projects BEGIN SELECT RAISE(ABORT, 'test'); END;");
  try {
    const res = await client(srv.url).post(`/buurtbudget/${id}/voorstel`, { title: 'Moestuin achter de school', description: 'Met de kinderen', cost: '1200' });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /Uw voorstel kon niet worden opgeslagen/);
    assert.match(html, /value="Moestuin achter de school"/);
    assert.match(html, /Met de kinderen/);
    assert.match(html, /value="1200"/);
  } finally {
    sql('DROP TRIGGER test_refuse;');
  }
  assert.equal(channelOf('Moestuin achter de school'), '');
});
