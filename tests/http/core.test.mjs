// SPDX-License-Identifier: EUPL-1.2
// HTTP tests of the core layer (src/http, src/html, src/cli.c) against the
// real binary: health check, security headers, 404/405/400/413 answers in
// HTML or problem JSON, keep-alive, language choice, graceful shutdown on
// SIGTERM, the core subcommands' --help, and an online backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, makeDb, BIN } from '../lib/server.mjs';

let srv;

before(async () => {
  srv = await startServer();
});

after(async () => {
  if (srv) await srv.stop();
});

// One request with node's http module (fetch cannot send a body with GET
// or reuse a chosen agent). Resolves to {status, headers, body, reused}.
function request(path, { method = 'GET', headers = {}, body = null, agent = undefined } = {}) {
  const url = new URL(path, srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        reused: req.reusedSocket,
      }));
    });
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

function assertProblem(res, status) {
  assert.equal(res.status, status, res.body);
  assert.match(res.headers['content-type'], /^application\/problem\+json/);
  const p = JSON.parse(res.body);
  assert.equal(p.status, status);
  assert.equal(typeof p.title, 'string');
  assert.ok(p.title.length > 0);
  return p;
}

test('/healthz answers {"status":"ok"}', async () => {
  const res = await fetch(srv.url + '/healthz');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('every response carries the security headers', async () => {
  const cases = [
    ['GET', '/'], ['GET', '/healthz'], ['GET', '/nope'], ['GET', '/api/v1/nope'],
    ['GET', '/static/wijkbasis.css'], ['POST', '/'], ['GET', '/?q=%FF'], ['HEAD', '/'],
  ];
  for (const [method, path] of cases) {
    const res = await request(path, { method, body: method === 'POST' ? '' : null });
    const h = res.headers;
    const where = `${method} ${path} (${res.status})`;
    const csp = h['content-security-policy'] || '';
    assert.ok(csp.includes("default-src 'self'"), `${where}: CSP ${csp}`);
    assert.ok(csp.includes("frame-ancestors 'none'"), `${where}: CSP ${csp}`);
    assert.ok(!csp.includes('unsafe-inline'), `${where}: CSP allows unsafe-inline`);
    assert.ok(!csp.includes('unsafe-eval'), `${where}: CSP allows unsafe-eval`);
    assert.equal(h['x-content-type-options'], 'nosniff', where);
    assert.ok(h['referrer-policy'], `${where}: no Referrer-Policy`);
    assert.equal(h['x-frame-options'], 'DENY', where);
    assert.ok(h['cache-control'], `${where}: no Cache-Control`);
  }
});

test('an unknown page is a 404 HTML page in the site layout', async () => {
  const res = await request('/deze-pagina-bestaat-niet');
  assert.equal(res.status, 404);
  assert.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
  assert.match(res.body, /^<!DOCTYPE html>/);
  assert.match(res.body, /<html lang="nl">/);
  assert.match(res.body, /<h1 class="utrecht-heading-1">/);
  assert.match(res.body, /href="#inhoud"/);
});

test('an unknown API path is a 404 problem', async () => {
  const p = assertProblem(await request('/api/v1/bestaat-niet'), 404);
  assert.equal(p.instance, '/api/v1/bestaat-niet');
});

test('a known path with the wrong method is 405', async () => {
  const res = await request('/', { method: 'POST', body: '' });
  assert.equal(res.status, 405);
  const del = await request('/healthz', { method: 'DELETE' });
  assert.equal(del.status, 405);
});

test('HEAD is answered like GET, without a body', async () => {
  const res = await request('/healthz', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.body, '');
});

test('invalid UTF-8 in the query is a 400 problem naming the parameter', async () => {
  for (const path of ['/?q=%FF', '/api/v1/routes?q=%C0%AF', '/healthz?x=1&q=%ED%A0%80']) {
    const p = assertProblem(await request(path), 400);
    assert.equal(p.param, 'q', path);
    assert.equal(p['invalid-params'][0].name, 'q', path);
  }
});

test('invalid UTF-8 in the path is a 400 problem', async () => {
  assertProblem(await request('/%FF'), 400);
});

test('a body larger than the route allows is 413', async () => {
  const routes = (await (await fetch(srv.url + '/api/v1/routes')).json()).items;
  const post = routes.find((r) => r.method === 'POST' && r.max_body > 0 && !r.pattern.includes('{'));
  if (!post) return; // no POST route yet: nothing to check
  const body = 'x='.padEnd(post.max_body + 1024, 'a');
  const res = await request(post.pattern, {
    method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assertProblem(res, 413);
});

test('a body sent to a GET-only route does not crash the server', async () => {
  const big = 'a'.repeat(200 * 1024);
  for (const [path, body] of [['/', 'x=1'], ['/healthz', big], ['/nope', big]]) {
    const res = await request(path, {
      method: 'GET', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.ok(res.status < 500, `${path}: ${res.status}`);
  }
  const res = await request('/', { method: 'POST', body: 'q=%zz', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.ok(res.status < 500);
  assert.equal((await fetch(srv.url + '/healthz')).status, 200);
});

test('keep-alive: two requests share one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await request('/healthz', { agent });
    const b = await request('/', { agent });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(a.reused, false);
    assert.equal(b.reused, true, 'second request opened a new connection');
    assert.notEqual((b.headers.connection || '').toLowerCase(), 'close');
  } finally {
    agent.destroy();
  }
});

test('Dutch is the default language', async () => {
  const res = await request('/');
  assert.equal(res.status, 200);
  assert.match(res.body, /<html lang="nl">/);
  assert.match(res.body, /href="#inhoud">Direct naar de inhoud<\/a>/);
  assert.match(res.body, /hreflang="en">English<\/a>/);
});

test('?lang=en gives English and remembers it in a cookie', async () => {
  const res = await request('/?lang=en');
  assert.match(res.body, /<html lang="en">/);
  assert.match(res.body, /Skip to content/);
  const cookies = [].concat(res.headers['set-cookie'] || []);
  const lang = cookies.find((c) => c.startsWith('lang=en'));
  assert.ok(lang, `no lang cookie in ${cookies}`);
  assert.match(lang, /HttpOnly/);
  assert.match(lang, /SameSite=Lax/);
  assert.match(lang, /Max-Age=\d+/);
  // The cookie alone keeps English; ?lang=nl switches back.
  const again = await request('/', { headers: { cookie: 'lang=en' } });
  assert.match(again.body, /<html lang="en">/);
  const back = await request('/?lang=nl', { headers: { cookie: 'lang=en' } });
  assert.match(back.body, /<html lang="nl">/);
  // An unknown language is ignored.
  const odd = await request('/?lang=xx');
  assert.match(odd.body, /<html lang="nl">/);
});

test('Accept-Language picks English when preferred', async () => {
  const en = await request('/', { headers: { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' } });
  assert.match(en.body, /<html lang="en">/);
  const nl = await request('/', { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
  assert.match(nl.body, /<html lang="nl">/);
});

// Starts a server process of its own, so the test can see its exit code.
function spawnServer(db) {
  const proc = spawn(BIN, ['serve', '--db', db, '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 10000);
    proc.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)\//.exec(stderr);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return { proc, url, exited, log: () => stderr };
}

test('SIGTERM with requests in flight: completed responses and exit code 0', async () => {
  const made = makeDb();
  try {
    const s = spawnServer(made.db);
    const base = await s.url;
    // Many parallel requests for a larger response; SIGTERM as soon as the
    // first one is answered, while the others are still being served.
    const N = 30;
    let signalled = false;
    const results = await Promise.all(Array.from({ length: N }, () => new Promise((resolve) => {
      const req = http.get(base + '/static/nlds/utrecht.css', { agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (!signalled) { signalled = true; s.proc.kill('SIGTERM'); }
          resolve({ status: res.statusCode, length: Buffer.concat(chunks).length,
            expected: Number(res.headers['content-length']) });
        });
        res.on('error', (e) => resolve({ error: e.code || String(e) }));
      });
      req.on('error', (e) => resolve({ error: e.code || String(e) }));
    })));
    if (!signalled) s.proc.kill('SIGTERM');
    const { code, signal } = await s.exited;
    assert.equal(signal, null, `killed by ${signal}: ${s.log()}`);
    assert.equal(code, 0, s.log());
    const done = results.filter((r) => r.status !== undefined);
    assert.ok(done.length >= 1, JSON.stringify(results));
    for (const r of done) {
      assert.equal(r.status, 200);
      assert.equal(r.length, r.expected, 'a response was cut short');
    }
    // Whatever was not answered was refused or reset, never half-written.
    for (const r of results.filter((x) => x.error)) {
      assert.match(r.error, /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/);
    }
  } finally {
    made.cleanup();
  }
});

test('SIGTERM with a slow, idle client still exits 0 promptly', async () => {
  const made = makeDb();
  try {
    const s = spawnServer(made.db);
    const base = new URL(await s.url);
    // A client that sends half a request and then waits.
    const sock = net.connect(Number(base.port), base.hostname);
    await new Promise((r) => sock.on('connect', r));
    sock.on('error', () => {});
    sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    s.proc.kill('SIGTERM');
    const { code } = await s.exited;
    sock.destroy();
    assert.equal(code, 0, s.log());
    assert.ok(Date.now() - t0 < 10000, 'shutdown waited for the idle client');
  } finally {
    made.cleanup();
  }
});

test('wijkbasis --help and each core subcommand --help exit 0', () => {
  const top = cli(['--help']);
  assert.equal(top.status, 0);
  assert.match(top.stdout, /Usage: wijkbasis COMMAND/);
  for (const cmd of ['serve', 'init', 'backup']) {
    assert.match(top.stdout, new RegExp(`\\n  ${cmd} `), `${cmd} not listed in --help`);
    const r = cli([cmd, '--help']);
    assert.equal(r.status, 0, `${cmd} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^Usage: wijkbasis ${cmd}`));
  }
  assert.match(cli(['version']).stdout, /^wijkbasis \d+\.\d+\.\d+/);
  assert.equal(cli([]).status, 2);
  assert.equal(cli(['no-such-command']).status, 2);
  assert.equal(cli(['serve', '--no-such-option']).status, 2);
  assert.equal(cli(['serve', '--port', '70000']).status, 2);
  assert.equal(cli(['backup']).status, 2);
});

test('wijkbasis backup of a live database gives a readable copy with the same rows', async () => {
  const made = makeDb();
  const dir = mkdtempSync(join(tmpdir(), 'wb-backup-'));
  let s;
  try {
    // Some rows, written with the sqlite3 CLI before the server starts.
    const rows = [];
    for (let i = 0; i < 300; i++) rows.push(`('BU${String(i).padStart(8, '0')}', 'Buurt ${i}', 'buurt')`);
    execFileSync('sqlite3', [made.db, `INSERT INTO areas (code, name, level) VALUES ${rows.join(',')};`]);
    s = spawnServer(made.db);
    const base = await s.url;
    // Keep the server busy reading while the backup runs.
    const busy = Promise.all(Array.from({ length: 10 }, () => fetch(base + '/healthz').then((r) => r.status)));
    const dest = join(dir, 'copy.db');
    const r = cli(['backup', '--db', made.db, dest]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(dest));
    assert.deepEqual(await busy, Array(10).fill(200));
    const count = execFileSync('sqlite3', [dest, 'SELECT count(*) FROM areas;'], { encoding: 'utf8' }).trim();
    assert.equal(count, '300');
    const ok = execFileSync('sqlite3', [dest, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim();
    assert.equal(ok, 'ok');
    const srcVersion = execFileSync('sqlite3', [made.db, 'PRAGMA user_version;'], { encoding: 'utf8' }).trim();
    const copyVersion = execFileSync('sqlite3', [dest, 'PRAGMA user_version;'], { encoding: 'utf8' }).trim();
    assert.equal(copyVersion, srcVersion);
  } finally {
    if (s) { s.proc.kill('SIGTERM'); await s.exited; }
    rmSync(dir, { recursive: true, force: true });
    made.cleanup();
  }
});

test('--theme-class puts the gemeente\'s theme class on <body>', async () => {
  const s = await startServer({ args: ['--theme-class', 'mijngemeente-theme'] });
  try {
    const html = await (await fetch(s.url + '/')).text();
    assert.match(html, /<body class="utrecht-document mijngemeente-theme">/);
  } finally {
    await s.stop();
  }
  const plain = await (await fetch(srv.url + '/')).text();
  assert.match(plain, /<body class="utrecht-document voorbeeld-theme">/);
});

test('non-numeric serve options are refused with exit code 2', () => {
  for (const args of [['--port', '80x'], ['--timeout', '0'], ['--max-connections', 'many']]) {
    const r = cli(['serve', '--db', '/nonexistent/x.db', ...args]);
    assert.equal(r.status, 2, args.join(' '));
  }
});
