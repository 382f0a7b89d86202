// SPDX-License-Identifier: EUPL-1.2
// Buurtbudget votes under load and the bulk import, against the real binary:
// many votes at once through the server's vote queue (group commit), with
// every code sent three times racing itself: exactly one vote per code is
// counted, the others get the "already used" message beside the code field,
// unknown codes are refused, and the ballot count is right afterwards.
// `wijkbasis budget import` stores a file in one transaction: a bad ballot is
// named FILE:LINE, and a file that fails while being written leaves the
// database as it was. A vote the database refuses brings the ballot back as
// filled in, with the code still unused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, client, cli, makeDb, SHARED } from '../lib/server.mjs';

const PW = 'test-wachtwoord-budget-2';
const CBS = join(SHARED, 'nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv');

let made, srv, staff;
before(async () => {
  made = makeDb();
  let r = cli(['import', 'cbs', CBS, '--gemeente', 'GM0141', '--db', made.db]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'add', '--db', made.db, '--email', 'beleid@votes.test', '--name', 'Beleid',
    '--role', 'beleidsadviseur', '--password-stdin'], PW + '\n');
  assert.equal(r.status, 0, r.stderr);
});
after(async () => { if (srv) await srv.stop(); made.cleanup(); });

// A small pabulib file; `votes` are the lines of the VOTES section.
function pbFile(name, { type = 'approval', votes = ['1;1,2', '2;3'], extraMeta = [], costs = [400, 300, 500] } = {}) {
  const lines = ['META', 'key;value', 'description;Testronde', 'country;Netherlands', 'unit;Almelo',
    'instance;2027', `num_projects;${costs.length}`, `num_votes;${votes.length}`, 'budget;1000',
    `vote_type;${type}`, 'rule;equalshares', ...extraMeta, 'PROJECTS', 'project_id;cost;name',
    ...costs.map((c, i) => `${i + 1};${c};Project ${i + 1}`),
    'VOTES', type === 'cumulative' ? 'voter_id;vote;points' : 'voter_id;vote', ...votes];
  const file = join(made.dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, lineOf: (vote) => lines.indexOf(vote) + 1 };
}

test('budget import: one transaction; a bad ballot is named FILE:LINE; a failed file stores nothing', async () => {
  // Good file: stored with all its ballots, in the voting phase.
  const good = pbFile('good.pb', { votes: Array.from({ length: 250 }, (_, i) => `${i + 1};${(i % 3) + 1}`) });
  let r = cli(['budget', 'import', good.file, '--area', 'WK014110', '--db', made.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /250 ballots, phase stemmen/);

  // A ballot the parser rejects (unknown project): FILE:LINE before any write.
  const unknown = pbFile('unknown.pb', { votes: ['1;1', '2;9'] });
  r = cli(['budget', 'import', unknown.file, '--area', 'WK014110', '--db', made.db]);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes(`${unknown.file}:${unknown.lineOf('2;9')}:`), r.stderr);

  // A project the database refuses (cost 0): found while writing, after the
  // round was inserted, so the whole transaction is rolled back.
  const free = pbFile('free.pb', { costs: [400, 0, 500] });
  r = cli(['budget', 'import', free.file, '--area', 'WK014110', '--db', made.db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nothing was stored/);

  // Only the good round exists, with exactly its ballots.
  srv = await startServer({ db: made.db });
  const list = await (await fetch(`${srv.url}/api/v1/buurtbudget`)).json();
  assert.equal(list.total, 1);
  const round = await (await fetch(`${srv.url}/api/v1/buurtbudget/${list.items[0].id}`)).json();
  assert.equal(round.ballots, 250);
  assert.equal(round.projects.total, 3);
});

test('many votes at once: one counted per code, duplicates racing each other refused', async () => {
  if (!srv) srv = await startServer({ db: made.db });
  const list = await (await fetch(`${srv.url}/api/v1/buurtbudget`)).json();
  const id = list.items.find((x) => x.phase === 'stemmen').id;
  const before = (await (await fetch(`${srv.url}/api/v1/buurtbudget/${id}`)).json()).ballots;
  const page = await (await fetch(`${srv.url}/buurtbudget/${id}/stemmen`)).text();
  const pids = [...page.matchAll(/name="project" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(pids.length, 3);

  staff = client(srv.url);
  await staff.login('beleid@votes.test', PW);
  const sheet = await staff.post(`/buurtbudget/${id}/codes`, { count: '80' });
  assert.equal(sheet.status, 200);
  const codes = [...(await sheet.text()).matchAll(/class="wb-vote-code">([A-Z2-9-]{12})</g)].map((m) => m[1]);
  assert.equal(codes.length, 80);

  // 3 attempts per code plus 20 unknown codes. The three copies of a code go
  // out one right after the other, so they are in flight together and race;
  // groups are shuffled (fixed seed) and 48 requests run at a time.
  const token = 'c0ffee'.repeat(8);
  const groups = codes.map((code, i) => [0, 1, 2].map((k) => ({ code, known: true, pid: pids[(i + k) % 3] })));
  for (let i = 0; i < 20; i++) groups.push([{ code: `ZZZZ-ZZZZ-${'23456789'[i % 8]}${'ABCDEFGH'[i % 8]}`, known: false, pid: pids[0] }]);
  let seed = 7;
  for (let i = groups.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [groups[i], groups[j]] = [groups[j], groups[i]];
  }
  const attempts = groups.flat();
  const vote = async (a) => {
    const res = await fetch(`${srv.url}/buurtbudget/${id}/stemmen`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `wb_csrf=${token}; lang=en` },
      body: new URLSearchParams({ csrf: token, code: a.code, project: a.pid }).toString(),
    });
    return { ...a, status: res.status, html: await res.text() };
  };
  const results = [];
  let next = 0;
  await Promise.all(Array.from({ length: 48 }, async () => {
    while (next < attempts.length) results.push(await vote(attempts[next++]));
  }));
  assert.equal(results.length, attempts.length);

  for (const code of codes) {
    const mine = results.filter((x) => x.code === code);
    assert.equal(mine.length, 3);
    assert.equal(mine.filter((x) => x.status === 200).length, 1, `exactly one vote counted for ${code}`);
    for (const x of mine.filter((y) => y.status !== 200)) {
      assert.equal(x.status, 422);
      assert.match(x.html, /already been used/);
      assert.match(x.html, /id="f-code-error"/);
    }
    assert.match(mine.find((x) => x.status === 200).html, /Your vote has been counted/);
  }
  for (const x of results.filter((y) => !y.known)) {
    assert.equal(x.status, 422);
    assert.match(x.html, /do not know this code/);
  }
  const round = await (await fetch(`${srv.url}/api/v1/buurtbudget/${id}`)).json();
  assert.equal(round.ballots, before + codes.length);
  const codesPage = await (await staff.get(`/buurtbudget/${id}/codes`)).text();
  assert.match(codesPage, /(Used codes|Gebruikte codes): 80\b/);
});

test('a vote the database refuses: the ballot comes back as filled in, the code still unused', async () => {
  const { execFileSync } = await import('node:child_process');
  const sql = (q) => execFileSync('sqlite3', [made.db, q], { encoding: 'utf8' }).trim();
  if (!srv) srv = await startServer({ db: made.db });
  if (!staff) { staff = client(srv.url); await staff.login('beleid@votes.test', PW); }
  const list = await (await fetch(`${srv.url}/api/v1/buurtbudget`)).json();
  const id = list.items.find((x) => x.phase === 'stemmen').id;
  const page = await (await fetch(`${srv.url}/buurtbudget/${id}/stemmen`)).text();
  const pid = /name="project" value="(\d+)"/.exec(page)[1];
  const sheet = await staff.post(`/buurtbudget/${id}/codes`, { count: '1' });
  const code = /class="wb-vote-code">([A-Z2-9-]{12})</.exec(await sheet.text())[1];
  const voter = client(srv.url);
  await voter.get(`/buurtbudget/${id}/stemmen`);
  sql("CREATE TRIGGER test_refuse BEFORE INSERT ON budget_ballots BEGIN SELECT RAISE(ABORT, 'test'); END;");
  let res;
  try {
    res = await voter.post(`/buurtbudget/${id}/stemmen`, { code, project: pid });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /Uw stem kon niet worden opgeslagen/);
    assert.ok(html.includes(`value="${code}"`), 'the code is still in the form');
    assert.match(html, new RegExp(`value="${pid}" checked`));
  } finally {
    sql('DROP TRIGGER test_refuse;');
  }
  // Nothing was used up: the same code now counts.
  res = await voter.post(`/buurtbudget/${id}/stemmen`, { code, project: pid });
  assert.equal(res.status, 200);
});
