// SPDX-License-Identifier: EUPL-1.2
// Test harness: starts the real wijkbasis binary on a free loopback port with
// a fresh database, and gives tests a small fetch wrapper that keeps cookies.
// Used by tests/http/*.test.mjs and tests/browser/*.test.mjs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.WB_BIN;
export const SHARED = process.env.WB_SHARED_DATA;
export const SOURCE = process.env.WB_SOURCE_DIR;

// Runs a wijkbasis subcommand synchronously; returns {status, stdout, stderr}.
export function cli(args, input) {
  try {
    const stdout = execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

// Creates a database in a temp dir. With demo: true it holds the Almelo demo
// (scripts/make-demo.sh: CBS areas, boundaries, demo sociale kaart, accounts).
export function makeDb({ demo = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wb-test-'));
  const db = join(dir, 'test.db');
  if (demo) {
    execFileSync(join(SOURCE, 'scripts/make-demo.sh'), [BIN, db, SHARED], { stdio: 'pipe' });
  } else {
    execFileSync(BIN, ['init', '--db', db], { stdio: 'pipe' });
  }
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Starts `wijkbasis serve` on port 0; resolves to {url, db, stop(), log()}.
export async function startServer({ demo = false, db = null, args = [] } = {}) {
  const made = db ? null : makeDb({ demo });
  const dbPath = db || made.db;
  const proc = spawn(BIN, ['serve', '--db', dbPath, '--port', '0', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 10000);
    proc.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)\//.exec(stderr);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return {
    url,
    db: dbPath,
    log: () => stderr,
    stop: async () => {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.on('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      if (made) made.cleanup();
    },
  };
}

// A client with a cookie jar: client.get(path), client.post(path, formObject),
// client.csrf() reads the token the server set. Redirects are not followed.
export function client(base) {
  const jar = new Map();
  const store = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (/Max-Age=0/i.test(c)) jar.delete(name); else jar.set(name, value);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const self = {
    jar,
    async get(path, headers = {}) {
      return store(await fetch(base + path, { redirect: 'manual', headers: { cookie: cookie(), ...headers } }));
    },
    async post(path, form = {}, headers = {}) {
      if (!jar.has('wb_csrf')) await self.get('/');
      const body = typeof form === 'string' ? form : new URLSearchParams({ csrf: jar.get('wb_csrf'), ...form }).toString();
      return store(await fetch(base + path, {
        method: 'POST', redirect: 'manual', body,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
      }));
    },
    csrf: () => jar.get('wb_csrf'),
    // Logs in through the real form; demo accounts use the password below.
    async login(email, password = 'demo-wachtwoord') {
      const res = await self.post('/login', { email, password });
      if (res.status !== 303) throw new Error(`login failed for ${email}: ${res.status}`);
      return res;
    },
  };
  return self;
}

export const DEMO_USERS = {
  professional: 'pro@demo.wijkbasis.nl',
  beleidsadviseur: 'beleid@demo.wijkbasis.nl',
  beheerder: 'beheer@demo.wijkbasis.nl',
};
