// SPDX-License-Identifier: EUPL-1.2
// Walks the whole route table (GET /api/v1/routes) for every role and checks
// that the server enforces each route's role: a route added with the wrong
// role, or a handler that crashes on an empty form, fails here. Generic on
// purpose: it knows no module's routes, only the pattern conventions
// ({code} = a CBS area code, {id} = a row id, {*} = a static file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, cli, makeDb } from '../lib/server.mjs';

const PW = 'routes-wachtwoord';
const RANK = { inwoner: 0, professional: 1, beleidsadviseur: 2, beheerder: 3 };
// The beheerder is made first so that it has id 1: POST .../{id}/... routes
// then act on the beheerder's own row (refused politely for a self-deactivate)
// instead of locking out the other test accounts.
const ACCOUNTS = [
  ['beheerder', 'route-beheer@test.nl'],
  ['professional', 'route-pro@test.nl'],
  ['beleidsadviseur', 'route-beleid@test.nl'],
];
const SAMPLE = { code: 'GM0141', id: '1', '*': 'wijkbasis.css' };

let srv, made, routes;
const clients = {};

before(async () => {
  made = makeDb();
  for (const [role, email] of ACCOUNTS) {
    const r = cli(['user', 'add', '--db', made.db, '--email', email, '--name', `Test ${role}`,
      '--role', role, '--password-stdin'], PW + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  srv = await startServer({ db: made.db });
  clients.anonymous = client(srv.url);
  for (const [role, email] of ACCOUNTS) {
    clients[role] = client(srv.url);
    clients[role].email = email;
    await clients[role].login(email, PW);
  }
  const res = await clients.anonymous.get('/api/v1/routes');
  assert.equal(res.status, 200);
  routes = (await res.json()).items;
});

after(async () => {
  if (srv) await srv.stop();
  if (made) made.cleanup();
});

// The path to request for a pattern: every {name} gets its sample value.
function samplePath(pattern) {
  return pattern.replace(/\{([^}]*)\}/g, (_, name) => SAMPLE[name] ?? '1');
}

// What the server must answer for this route and role; returns an error
// text or null.
function check(route, role, res) {
  const s = res.status;
  const need = RANK[route.role];
  const have = role === 'anonymous' ? 0 : RANK[role];
  const where = `${route.method} ${route.pattern} as ${role}: got ${s}`;
  if (need === undefined) return `${route.method} ${route.pattern}: unknown role ${route.role}`;
  if (need > have) {
    if (role !== 'anonymous') return s === 403 ? null : `${where}, expected 403`;
    const api = route.pattern.startsWith('/api/');
    if (api || route.method === 'POST') return s === 401 ? null : `${where}, expected 401`;
    if (s !== 303) return `${where}, expected 303 to /login`;
    const loc = res.headers.get('location') || '';
    return loc.startsWith('/login?next=') ? null : `${where}, redirect to ${loc} instead of /login`;
  }
  if (s === 401 || s === 403) return `${where}, but the role ${route.role} is allowed`;
  if (s >= 500) return `${where} (server error)`;
  return null;
}

test('the route table lists every route with a known role and method', () => {
  assert.ok(routes.length > 5, 'route table looks empty');
  const seen = new Set();
  for (const r of routes) {
    assert.ok(['GET', 'POST'].includes(r.method), `${r.method} ${r.pattern}: method`);
    assert.ok(r.role in RANK, `${r.method} ${r.pattern}: role ${r.role}`);
    assert.equal(typeof r.csrf, 'boolean');
    const key = `${r.method} ${r.pattern}`;
    assert.ok(!seen.has(key), `${key} is listed twice`);
    seen.add(key);
    // Management pages are for staff only.
    if (r.pattern.startsWith('/beheer')) assert.ok(RANK[r.role] >= 1, `${key} is open to residents`);
  }
});

for (const role of ['anonymous', 'professional', 'beleidsadviseur', 'beheerder']) {
  test(`every route enforces its role for ${role}`, async () => {
    const c = clients[role];
    const problems = [];
    for (const route of routes) {
      const path = samplePath(route.pattern);
      let res;
      if (route.method === 'GET') {
        res = await c.get(path);
      } else {
        res = await c.post(path, {});
      }
      await res.arrayBuffer();
      const err = check(route, role, res);
      if (err) problems.push(err);
      // A POST may have ended the session (logout) or rotated it: log in
      // again so the next route is tested with this role.
      if (role !== 'anonymous' && route.method === 'POST' && !c.jar.has('wb_session')) {
        await c.login(c.email, PW);
      }
    }
    assert.deepEqual(problems, []);
  });
}
