// SPDX-License-Identifier: EUPL-1.2
// Deleting on time: `wijkbasis serve` runs the retention rules at start (and
// every hour) without anyone opening a page, and `wijkbasis purge` runs them
// once and says what each rule deleted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, cli, makeDb } from '../lib/server.mjs';

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

// A staff account deactivated two years ago with a session, and one active
// account with an expired session.
function seed(db) {
  let r = cli(['user', 'add', '--db', db, '--email', 'oud@example.nl', '--name', 'Oud', '--role', 'professional', '--password-stdin'], 'wachtwoord-van-oud-1\n');
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'add', '--db', db, '--email', 'nu@example.nl', '--name', 'Nu', '--role', 'professional', '--password-stdin'], 'wachtwoord-van-nu-12\n');
  assert.equal(r.status, 0, r.stderr);
  sql(db, "UPDATE users SET active = 0, deactivated_at = datetime('now', '-2 years') WHERE email = 'oud@example.nl';"
    + "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
    + "SELECT 'verlopen', id, 'c', 0, 1 FROM users WHERE email = 'nu@example.nl';");
}

test('serve deletes what is due at start, without any request', async () => {
  const made = makeDb();
  seed(made.db);
  const srv = await startServer({ db: made.db });
  try {
    let users = '', sessions = '';
    for (let i = 0; i < 100; i++) {
      users = sql(made.db, 'SELECT group_concat(email) FROM users;');
      sessions = sql(made.db, 'SELECT count(*) FROM sessions;');
      if (users === 'nu@example.nl' && sessions === '0') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(users, 'nu@example.nl');
    assert.equal(sessions, '0');
  } finally {
    await srv.stop();
    made.cleanup();
  }
});

test('wijkbasis purge runs every rule once and reports the counts', () => {
  const made = makeDb();
  try {
    seed(made.db);
    let r = cli(['purge', '--db', made.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^1\tstaff accounts deactivated more than a year ago$/m);
    assert.match(r.stdout, /^1\texpired staff sessions$/m);
    assert.match(r.stdout, /^0\trejected kaart suggestions older than 3 months$/m);
    r = cli(['purge', '--db', made.db]);
    assert.ok(r.stdout.trim().split('\n').every((l) => l.startsWith('0\t')), r.stdout);
    r = cli(['purge', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /panel pools after the panel's end date/);
    assert.equal(cli(['purge', '--db', made.db, 'extra']).status, 2);
  } finally {
    made.cleanup();
  }
});
