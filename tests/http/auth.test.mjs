// SPDX-License-Identifier: EUPL-1.2
// Staff login, sessions, rate limiting, CSRF and the beheerder's user pages,
// against the real binary with a fresh database. Accounts are made with the
// CLI (`wijkbasis user add`), so this test needs no demo data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, cli, makeDb } from '../lib/server.mjs';

const PW = 'test-wachtwoord-1';
const ACCOUNTS = [
  ['beheer@test.nl', 'Anna Beheer', 'beheerder'],
  ['pro@test.nl', 'Petra Pro', 'professional'],
  ['beleid@test.nl', 'Bram Beleid', 'beleidsadviseur'],
  ['weg@test.nl', 'Wim Weg', 'professional'],
  ['limiet@test.nl', 'Lies Limiet', 'professional'],
  ['adres@test.nl', 'Ad Adres', 'professional'],
];

// A fresh database with the accounts above, and a server on it.
async function serverWithAccounts() {
  const made = makeDb();
  for (const [email, name, role] of ACCOUNTS) {
    const r = cli(['user', 'add', '--db', made.db, '--email', email, '--name', name, '--role', role,
      '--password-stdin'], PW + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  const srv = await startServer({ db: made.db });
  return { ...srv, stop: async () => { await srv.stop(); made.cleanup(); } };
}

const WRONG = 'Het e-mailadres of het wachtwoord klopt niet.';
const TOO_OFTEN = 'U heeft te vaak geprobeerd in te loggen';

let srv;
before(async () => { srv = await serverWithAccounts(); });
after(async () => { await srv.stop(); });

const sessionCookie = (res) => res.headers.getSetCookie().find((c) => c.startsWith('wb_session='));

test('the CLI refuses bad input with exit status 1 or 2', () => {
  const add = (args, input) => cli(['user', 'add', '--db', srv.db, ...args], input);
  assert.equal(add(['--email', 'beheer@test.nl', '--name', 'X', '--role', 'professional', '--password-stdin'], PW + '\n').status, 1);
  assert.equal(add(['--email', 'kort@test.nl', '--name', 'X', '--role', 'professional', '--password-stdin'], 'kort\n').status, 1);
  assert.equal(add(['--email', 'rol@test.nl', '--name', 'X', '--role', 'inwoner', '--password-stdin'], PW + '\n').status, 1);
  assert.equal(add(['--email', 'x@test.nl', '--name', 'X', '--role', 'professional'], '').status, 2);
  assert.equal(cli(['user', 'bogus']).status, 2);
  for (const sub of ['add', 'passwd', 'list']) {
    const h = cli(['user', sub, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage: wijkbasis user/);
  }
  const list = cli(['user', 'list', '--db', srv.db, '--json']);
  assert.equal(list.status, 0, list.stderr);
  const j = JSON.parse(list.stdout);
  assert.ok(j.items.some((u) => u.email === 'beheer@test.nl' && u.role === 'beheerder' && u.active));
});

test('GET /login shows an accessible form and keeps a local next', async () => {
  const c = client(srv.url);
  const res = await c.get('/login?next=/beheer/gebruikers');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<label class="utrecht-form-label" for="f-email">/);
  assert.match(html, /<label class="utrecht-form-label" for="f-password">/);
  assert.match(html, /name="next" value="\/beheer\/gebruikers"/);
  // WCAG 1.3.5 and password managers: the fields say what they are for.
  assert.match(html, /name="email" value="" autocomplete="username"/);
  assert.match(html, /name="password" value="" autocomplete="current-password"/);
  const evil = await (await c.get('/login?next=//evil.example/x')).text();
  assert.match(evil, /name="next" value="\/"/);
});

test('login succeeds, sets a HttpOnly SameSite=Lax session and a fresh CSRF token', async () => {
  const c = client(srv.url);
  await c.get('/login');
  const csrfBefore = c.csrf();
  const res = await c.post('/login', { email: 'Beheer@Test.nl', password: PW, next: '/beheer/gebruikers' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/beheer/gebruikers');
  const sc = sessionCookie(res);
  assert.ok(sc, 'session cookie set');
  assert.match(sc, /^wb_session=[0-9a-f]{64};/);
  assert.match(sc, /HttpOnly/);
  assert.match(sc, /SameSite=Lax/);
  assert.match(sc, /Path=\//);
  assert.doesNotMatch(sc, /Secure/); // not behind TLS in this test
  assert.match(c.csrf(), /^[0-9a-f]{48}$/);
  assert.notEqual(c.csrf(), csrfBefore);
  const page = await c.get('/beheer/gebruikers');
  assert.equal(page.status, 200);
});

test('an open redirect through next is refused', async () => {
  const c = client(srv.url);
  const res = await c.post('/login', { email: 'pro@test.nl', password: PW, next: '//evil.example/' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
});

test('wrong password and unknown account get the same message, email kept', async () => {
  const c = client(srv.url);
  const a = await c.post('/login', { email: 'pro@test.nl', password: 'verkeerd-wachtwoord' });
  assert.equal(a.status, 422);
  const ha = await a.text();
  assert.ok(ha.includes(WRONG));
  assert.match(ha, /name="email" value="pro@test.nl"/);
  assert.match(ha, /aria-invalid="true"/);
  assert.equal(sessionCookie(a), undefined);
  const b = await c.post('/login', { email: 'niemand@test.nl', password: 'verkeerd-wachtwoord' });
  assert.equal(b.status, 422);
  assert.ok((await b.text()).includes(WRONG));
  const empty = await c.post('/login', {});
  assert.equal(empty.status, 422);
  assert.ok((await empty.text()).includes('Vul uw e-mailadres in.'));
});

test('session rotation: the old cookie is worthless after a new login', async () => {
  const c = client(srv.url);
  await c.login('beleid@test.nl', PW);
  const first = c.jar.get('wb_session');
  await c.login('beleid@test.nl', PW);
  const second = c.jar.get('wb_session');
  assert.notEqual(first, second);
  const old = client(srv.url);
  old.jar.set('wb_session', first);
  const res = await old.get('/api/v1/users');
  assert.equal(res.status, 401);
  const fresh = client(srv.url);
  fresh.jar.set('wb_session', second);
  assert.equal((await fresh.get('/api/v1/users')).status, 403); // logged in, but not beheerder
});

test('logout deletes the session on the server, not only the cookie', async () => {
  const c = client(srv.url);
  await c.login('beheer@test.nl', PW);
  const token = c.jar.get('wb_session');
  const res = await c.post('/logout', {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  assert.match(sessionCookie(res), /Max-Age=0/);
  assert.equal(c.jar.has('wb_session'), false);
  const replay = client(srv.url);
  replay.jar.set('wb_session', token);
  assert.equal((await replay.get('/api/v1/users')).status, 401);
});

test('a POST without the CSRF token is refused with 403', async () => {
  const c = client(srv.url);
  await c.login('beheer@test.nl', PW);
  const body = new URLSearchParams({ name: 'X', email: 'csrf@test.nl', role: 'professional', password: PW }).toString();
  const res = await c.post('/beheer/gebruikers', body);
  assert.equal(res.status, 403);
  const wrong = await c.post('/beheer/gebruikers', { csrf: 'f'.repeat(48), name: 'X', email: 'csrf@test.nl', role: 'professional', password: PW });
  assert.equal(wrong.status, 403);
  const login = await client(srv.url).post('/login', `email=pro%40test.nl&password=${PW}`);
  assert.equal(login.status, 403);
  const list = await (await c.get('/api/v1/users')).json();
  assert.ok(!list.items.some((u) => u.email === 'csrf@test.nl'));
});

test('the beheerder adds a user, who can then log in', async () => {
  const c = client(srv.url);
  await c.login('beheer@test.nl', PW);
  const bad = await c.post('/beheer/gebruikers', { name: '', email: 'geen-mail', role: 'inwoner', password: 'kort' });
  assert.equal(bad.status, 422);
  const hb = await bad.text();
  assert.ok(hb.includes('Vul een naam in'));
  assert.ok(hb.includes('Vul een geldig e-mailadres in'));
  assert.ok(hb.includes('Kies een rol.'));
  assert.ok(hb.includes('minstens 12 tekens'));
  assert.match(hb, /name="email" value="geen-mail"/);

  const dup = await c.post('/beheer/gebruikers', { name: 'Dubbel', email: 'PRO@test.nl', role: 'professional', password: PW });
  assert.equal(dup.status, 422);
  assert.ok((await dup.text()).includes('Er is al een account met dit e-mailadres.'));

  const ok = await c.post('/beheer/gebruikers', { name: 'Nina Nieuw <b>', email: 'nieuw@test.nl', role: 'beleidsadviseur', password: PW });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/beheer/gebruikers?klaar=toegevoegd');
  const page = await (await c.get('/beheer/gebruikers?klaar=toegevoegd')).text();
  assert.ok(page.includes('De gebruiker is toegevoegd.'));
  assert.ok(page.includes('Nina Nieuw &lt;b&gt;'));
  assert.match(page, /<caption/);
  assert.match(page, /<th class="utrecht-table__header-cell" scope="col">/);

  const json = await (await c.get('/api/v1/users')).json();
  const nina = json.items.find((u) => u.email === 'nieuw@test.nl');
  assert.equal(nina.role, 'beleidsadviseur');
  assert.equal(nina.active, true);
  assert.equal(json.total, json.items.length);
  const csv = await c.get('/beheer/gebruikers.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const text = await csv.text();
  assert.match(text, /^id,name,email,role,active,created_at\r\n/);
  assert.ok(text.includes('nieuw@test.nl,beleidsadviseur,1'));

  const nc = client(srv.url);
  await nc.login('nieuw@test.nl', PW);
  assert.equal((await nc.get('/beheer/gebruikers')).status, 403);
});

test('deactivating ends the sessions; a beheerder cannot deactivate themself', async () => {
  const admin = client(srv.url);
  await admin.login('beheer@test.nl', PW);
  const users = (await (await admin.get('/api/v1/users')).json()).items;
  const self = users.find((u) => u.email === 'beheer@test.nl');
  const wim = users.find((u) => u.email === 'weg@test.nl');
  const w = client(srv.url);
  await w.login('weg@test.nl', PW);
  const selfRes = await admin.post(`/beheer/gebruikers/${self.id}/uit`, {});
  assert.equal(selfRes.status, 409);
  assert.ok((await selfRes.text()).includes('U kunt uw eigen account niet uitzetten.'));
  const res = await admin.post(`/beheer/gebruikers/${wim.id}/uit`, {});
  assert.equal(res.status, 303);
  assert.equal((await w.get('/beheer/gebruikers')).status, 303); // session gone: anonymous again
  const again = await client(srv.url).post('/login', { email: 'weg@test.nl', password: PW });
  assert.equal(again.status, 422);
  const listed = await (await admin.get('/beheer/gebruikers?klaar=uit')).text();
  assert.ok(listed.includes('De gebruiker is uitgezet.'));
  assert.ok(listed.includes(`action="/beheer/gebruikers/${wim.id}/aan"`));
  const on = await admin.post(`/beheer/gebruikers/${wim.id}/aan`, {});
  assert.equal(on.status, 303);
  await client(srv.url).login('weg@test.nl', PW);
  assert.equal((await admin.post('/beheer/gebruikers/999999/uit', {})).status, 404);
  assert.equal((await admin.post('/beheer/gebruikers/999999/aan', {})).status, 404);
  assert.equal((await admin.post('/beheer/gebruikers/abc/uit', {})).status, 404);
});

test('a professional gets 403, an anonymous visitor is sent to the login', async () => {
  const p = client(srv.url);
  await p.login('pro@test.nl', PW);
  assert.equal((await p.get('/beheer/gebruikers')).status, 403);
  assert.equal((await p.get('/beheer/gebruikers.csv')).status, 403);
  const api = await p.get('/api/v1/users');
  assert.equal(api.status, 403);
  assert.match(api.headers.get('content-type'), /problem\+json/);
  assert.equal((await p.post('/beheer/gebruikers', { name: 'X', email: 'x@test.nl', role: 'beheerder', password: PW })).status, 403);

  const anon = client(srv.url);
  const res = await anon.get('/beheer/gebruikers');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login?next=%2Fbeheer%2Fgebruikers');
  // The query survives the detour through the login form.
  const withQuery = await anon.get('/beheer/gebruikers?x=1');
  assert.equal(withQuery.headers.get('location'), '/login?next=%2Fbeheer%2Fgebruikers%3Fx%3D1');
  assert.equal((await anon.get('/api/v1/users')).status, 401);
});

test('rate limit: 429 after 5 failures per account and 20 per address, checked first', async () => {
  const s = await serverWithAccounts();
  try {
    const c = client(s.url);
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/login', { email: 'limiet@test.nl', password: 'fout-' + i });
      assert.equal(r.status, 422, `attempt ${i + 1}`);
    }
    // The right password does not help now: the limit is checked before it.
    const blocked = await c.post('/login', { email: 'limiet@test.nl', password: PW });
    assert.equal(blocked.status, 429);
    const hb = await blocked.text();
    assert.ok(hb.includes(TOO_OFTEN));
    assert.match(hb, /name="email" value="limiet@test.nl"/);
    assert.equal(sessionCookie(blocked), undefined);
    // Another account from the same address still works, and success
    // clears only that account's failures.
    await c.login('adres@test.nl', PW);
    // 15 more failures on other (unknown) accounts: 20 from this address.
    for (let i = 0; i < 15; i++) {
      const r = await c.post('/login', { email: `onbekend${i}@test.nl`, password: 'fout' });
      assert.equal(r.status, 422, `address attempt ${i + 6}`);
    }
    const addr = await client(s.url).post('/login', { email: 'adres@test.nl', password: PW });
    assert.equal(addr.status, 429);
  } finally {
    await s.stop();
  }
});

test('behind TLS the session cookie is Secure', async () => {
  const made = makeDb();
  const r = cli(['user', 'add', '--db', made.db, '--email', 'tls@test.nl', '--name', 'T', '--role',
    'professional', '--password', PW]);
  assert.equal(r.status, 0, r.stderr);
  const s = await startServer({ db: made.db, args: ['--behind-tls'] });
  try {
    const res = await client(s.url).login('tls@test.nl', PW);
    assert.match(sessionCookie(res), /; Secure/);
    assert.match(res.headers.getSetCookie().find((c) => c.startsWith('wb_csrf=')), /; Secure/);
  } finally {
    await s.stop();
    made.cleanup();
  }
});
