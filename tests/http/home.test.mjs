// SPDX-License-Identifier: EUPL-1.2
// The start page tells residents where they can take part right now: a
// buurtbudget open for plans or for votes (with its closing date written as
// people write dates), a burgerpanel open for sign-up. With nothing open the
// section is not there at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, makeDb, DEMO_USERS } from '../lib/server.mjs';

let made, srv, staff;
before(async () => {
  made = makeDb({ demo: true });
  srv = await startServer({ db: made.db });
  staff = client(srv.url);
  await staff.login(DEMO_USERS.beleidsadviseur);
});
after(async () => { await srv.stop(); made.cleanup(); });

const home = async (q = '') => (await fetch(`${srv.url}/${q}`)).text();
const section = (html) => (/<section aria-labelledby="doe-mee">(.*?)<\/section>/s.exec(html) || [])[1];

test('open rounds and panels are listed with what to do and a link', async () => {
  const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
  const panels = (await (await fetch(srv.url + '/api/v1/panels')).json()).items;
  const voting = rounds.find((r) => r.phase === 'stemmen');
  const closed = rounds.find((r) => r.phase === 'uitslag');
  const open = panels.find((p) => p.signup_open);
  assert.ok(voting && closed && open, 'the demo has an open round, a closed one and an open panel');

  const s = section(await home());
  assert.ok(s, 'the section is there');
  assert.match(s, /<h2 class="utrecht-heading-2" id="doe-mee">Doe nu mee<\/h2>/);
  assert.ok(s.includes(`href="/buurtbudget/${voting.id}/stemmen">Stemmen: `), s);
  assert.ok(!s.includes(`/buurtbudget/${closed.id}/`), 'a round with a result is not "open"');
  assert.ok(s.includes(`href="/panels/${open.id}/aanmelden">Aanmelden: `), s);
});

test('a new round open for plans shows; voting shows its closing date in words', async () => {
  let res = await staff.post('/buurtbudget/nieuw', {
    title: 'Buurtbudget Ossenkoppelerhoek', area: 'WK014110', amount: '25000', ballot: 'approval',
    max_projects: '', max_points: '', rule: 'mes', starts_on: '2027-01-01', ends_on: '2027-03-01',
  });
  assert.equal(res.status, 303, await res.text());
  const id = Number(/\/buurtbudget\/(\d+)/.exec(res.headers.get('location'))[1]);
  let s = section(await home());
  assert.match(s, new RegExp(`href="/buurtbudget/${id}/voorstel">Bedenk een plan: Buurtbudget Ossenkoppelerhoek</a> \\([^)]+\\)`));
  // Review, then voting: the same round now asks for votes, open until 1 March 2027.
  for (let i = 0; i < 2; i++) assert.equal((await staff.post(`/buurtbudget/${id}/fase`, {})).status, 303);
  s = section(await home());
  assert.match(s, new RegExp(`href="/buurtbudget/${id}/stemmen">Stemmen: Buurtbudget Ossenkoppelerhoek</a> \\([^)]+\\)\\. Open tot en met 1 maart 2027\\.`));
  const en = section(await home('?lang=en'));
  assert.match(en, /Take part now/);
  assert.match(en, /Open until 1 March 2027\./);
});

test('the same list as JSON, for a gemeente\'s own website', async () => {
  const j = await (await fetch(srv.url + '/api/v1/doe-mee')).json();
  const s = section(await home());
  const links = [...s.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(j.total, links.length);
  assert.deepEqual(j.items.map((i) => i.url), links);
  for (const i of j.items) {
    assert.ok(['vote', 'propose', 'signup'].includes(i.kind), i.kind);
    assert.ok(s.includes(`${i.action}: `), i.action);
    if (i.kind === 'vote') assert.match(i.url, /^\/buurtbudget\/\d+\/stemmen$/);
    if (i.kind === 'signup') assert.equal(i.area, null);
  }
  const en = await (await fetch(srv.url + '/api/v1/doe-mee?lang=en')).json();
  assert.ok(en.items.some((i) => i.action === 'Vote'));
});

test('with nothing open there is no empty section', async () => {
  const empty = await startServer();
  try {
    const html = await (await fetch(empty.url + '/')).text();
    assert.equal(section(html), undefined);
    assert.doesNotMatch(html, /Doe nu mee/);
    assert.deepEqual(await (await fetch(empty.url + '/api/v1/doe-mee')).json(), { items: [], total: 0 });
  } finally {
    await empty.stop();
  }
});
