// SPDX-License-Identifier: EUPL-1.2
// `serve --public-url`: links that leave the browser (vote codes sent by
// e-mail, the printed code sheet) carry the address residents use, not the
// address the server listens on. Without the option the request's Host is
// used. A value that is not a plain http(s) URL is refused at start-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, client, makeDb, BIN, DEMO_USERS } from '../lib/server.mjs';

let made, openRound;
before(async () => {
  made = makeDb({ demo: true });
  const srv = await startServer({ db: made.db });
  try {
    const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
    openRound = rounds.find((r) => r.phase === 'stemmen').id;
  } finally {
    await srv.stop();
  }
});
after(() => made.cleanup());

async function mailOneCode(args) {
  const outbox = join(made.dir, `mail-${Date.now()}.txt`);
  const srv = await startServer({ db: made.db, args: ['--mail-command', `cat >> '${outbox}'`, ...args] });
  try {
    const s = client(srv.url);
    await s.login(DEMO_USERS.beleidsadviseur, 'demo-wachtwoord');
    const res = await s.post(`/buurtbudget/${openRound}/codes-email`, { addresses: 'bewoner@example.nl' });
    assert.equal(res.status, 200, await res.text());
    const sheet = await (await s.post(`/buurtbudget/${openRound}/codes`, { count: '1' })).text();
    return { mail: readFileSync(outbox, 'utf8'), sheet, url: srv.url };
  } finally {
    await srv.stop();
  }
}

test('with --public-url the e-mail and the code sheet link to the public address', async () => {
  const { mail, sheet } = await mailOneCode(['--public-url', 'https://stem.example.nl/wijkbasis/']);
  const want = `https://stem.example.nl/wijkbasis/buurtbudget/${openRound}/stemmen`;
  assert.ok(mail.includes(want), mail);
  assert.ok(sheet.includes(want), 'the printed slip carries the full address');
});

test('without --public-url the links use the address the staff member used', async () => {
  const { mail, url } = await mailOneCode([]);
  assert.ok(mail.includes(`${url}/buurtbudget/${openRound}/stemmen`), mail);
});

test('a --public-url that is not a plain http(s) URL stops the server with a message', () => {
  for (const bad of ['stem.example.nl', 'ftp://x.nl', 'https://', 'https://x.nl/"><script>', 'https://x.nl/?a=1']) {
    const r = spawnSync(BIN, ['serve', '--db', made.db, '--port', '0', '--public-url', bad], { encoding: 'utf8', timeout: 5000 });
    assert.equal(r.status, 2, `${bad}: ${r.stderr}`);
    assert.match(r.stderr, /--public-url/);
  }
});
