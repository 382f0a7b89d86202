// SPDX-License-Identifier: EUPL-1.2
// WCAG 2.1 AA check of every HTML page: reads the route table from
// GET /api/v1/routes, fills path parameters with real values from the API,
// and runs axe-core on each page as an anonymous resident and as every demo
// role that may see it, with JavaScript on and off. Also checks error states:
// forms re-shown with errors, and the 404 page. Prints the pages checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, makeDb, DEMO_USERS, SHARED } from '../lib/server.mjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, axeCheck, loginAs, evalIsolated, screenshot } from './lib.mjs';

const ROLES = ['inwoner', 'professional', 'beleidsadviseur', 'beheerder'];
const rank = (role) => ROLES.indexOf(role);

let srv, browser;
let usedDemo = true;
const checked = [];   // "role js path: N passes" lines, printed at the end

// The demo database when it can be built; else an empty one with the Almelo
// areas, so the area pages at least have real content.
async function startAnyServer() {
  try {
    return await startServer({ demo: true });
  } catch (e) {
    usedDemo = false;
    console.log(`# demo database could not be built (${String(e.message).split('\n')[0]}); ` +
      'falling back to an empty database with the CBS areas');
    const made = makeDb();
    cli(['import', 'cbs', `${SHARED}/nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv`,
      '--gemeente', 'GM0141', '--db', made.db]);
    const s = await startServer({ db: made.db });
    const stop = s.stop;
    s.stop = async () => { await stop(); made.cleanup(); };
    return s;
  }
}

async function getJson(path) {
  const res = await fetch(srv.url + path);
  if (!res.ok) return null;
  return res.json();
}

// Values for path parameters: an area code per level and a sociale kaart item.
async function paramValues() {
  const values = { code: [], id: [] };
  const areas = await getJson('/api/v1/areas');
  const top = areas?.items?.[0]?.code;
  if (top) {
    values.code.push(top);
    const kid = (await getJson(`/api/v1/areas?parent=${top}`))?.items?.[0]?.code;
    if (kid) {
      values.code.push(kid);
      const grandkid = (await getJson(`/api/v1/areas?parent=${kid}`))?.items?.[0]?.code;
      if (grandkid) values.code.push(grandkid);
    }
  }
  const items = await getJson('/api/v1/kaart');
  const id = items?.items?.[0]?.id;
  if (id !== undefined) values.id.push(String(id));
  // Buurtbudget routes take a round id instead: every round of the demo, and
  // for the result pages only the closed ones (an open round has no result).
  const rounds = (await getJson('/api/v1/buurtbudget'))?.items ?? [];
  values.round = rounds.map((r) => String(r.id));
  values.closedRound = rounds.filter((r) => r.has_result).map((r) => String(r.id));
  // Burgerraad routes take a panel id (the demo panel, drawn).
  values.panel = ((await getJson('/api/v1/panels'))?.items ?? []).map((p) => String(p.id));
  return values;
}

// Expands a route pattern into concrete paths, or [] when a parameter has no value.
function expand(pattern, values) {
  if (pattern.startsWith('/buurtbudget/')) {
    values = { ...values, id: (pattern.includes('/uitslag') ? values.closedRound : values.round) ?? [] };
  }
  if (pattern.startsWith('/panels/')) values = { ...values, id: values.panel ?? [] };
  let paths = [pattern];
  for (const name of ['code', 'id']) {
    if (!pattern.includes(`{${name}}`)) continue;
    const vs = values[name];
    paths = paths.flatMap((p) => vs.map((v) => p.replace(`{${name}}`, encodeURIComponent(v))));
  }
  return paths.filter((p) => !p.includes('{'));
}

function isHtmlRoute(r) {
  return r.method === 'GET' && !r.pattern.startsWith('/static/') && !r.pattern.startsWith('/api/') &&
    r.pattern !== '/healthz' && !r.pattern.endsWith('.csv') && !r.pattern.endsWith('.pb');
}

// axe results by page DOM. Without <script> and <noscript> a page's DOM is
// the same with JavaScript on and off, and so is everything axe looks at (DOM
// plus the same stylesheets): such a page is checked once and the result
// reused for the other mode. This halves the run time on this 2-core machine.
const seen = new Map();
const cspProblems = [];   // inline styles and CSP reports from the console

async function domKey(page) {
  const html = await evalIsolated(page, 'document.documentElement.outerHTML');
  if (/<script\b|<noscript\b/i.test(html)) return null;
  // The CSRF token differs per context; nothing else may.
  const norm = html.replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value=""');
  return createHash('sha256').update(norm).digest('hex');
}

// Inline styles are refused by the Content-Security-Policy, so a page that
// has them looks different from what its author saw: none allowed.
async function inlineStyles(page) {
  return evalIsolated(page, `[...document.querySelectorAll('[style], style')]
    .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))`);
}

async function check(page, label, path) {
  const res = await page.goto(path);
  const status = res ? res.status() : 0;
  const styled = await inlineStyles(page);
  if (styled.length) cspProblems.push(`${label} ${path}: inline style on ${styled.join(', ')}`);
  const key = await domKey(page);
  if (key && seen.has(key)) {
    const prev = seen.get(key);
    checked.push(`${label} ${path} -> ${status}, same DOM as "${prev.where}": ${prev.violations.length} violations`);
    return { status, ...prev };
  }
  const a = await axeCheck(page);
  if (key) seen.set(key, { ...a, where: `${label} ${path}` });
  checked.push(`${label} ${path} -> ${status}, ${a.passes} rules passed, ${a.violations.length} violations`);
  return { status, ...a };
}

let htmlRoutes = [];
let values = {};

before(async () => {
  srv = await startAnyServer();
  browser = await launch();
  const routes = await getJson('/api/v1/routes');
  htmlRoutes = routes.items.filter(isHtmlRoute);
  values = await paramValues();
});

after(async () => {
  console.log(`# pages checked (${checked.length}, ${usedDemo ? 'demo database' : 'FALLBACK: empty database + areas'}):`);
  for (const line of checked) console.log('#   ' + line);
  await browser?.close();
  await srv?.stop();
});

for (const role of ROLES) {
  for (const js of [true, false]) {
    const label = `${role} js=${js ? 'on' : 'off'}`;
    test(`every page passes axe: ${label}`, async () => {
      if (role !== 'inwoner' && !usedDemo) return;   // no accounts without the demo
      const { ctx, page } = await openPage(browser, { javaScriptEnabled: js, baseURL: srv.url });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspProblems.push(`${label} ${page.url()}: ${m.text()}`);
      });
      try {
        if (role !== 'inwoner') await loginAs(page, DEMO_USERS[role]);
        const failures = [];
        for (const r of htmlRoutes) {
          if (rank(r.role) > rank(role)) continue;
          const paths = expand(r.pattern, values);
          if (paths.length === 0) checked.push(`${label} ${r.pattern} SKIPPED: no value for its parameter`);
          for (const path of paths) {
            const { status, violations, summary } = await check(page, label, path);
            if (status !== 200) failures.push(`${path}: HTTP ${status}`);
            if (violations.length) failures.push(`${path}:\n${summary}`);
          }
        }
        assert.equal(failures.length, 0, `${label}:\n${failures.join('\n')}`);
      } finally {
        await ctx.close();
      }
    });
  }
}

test('error states pass axe (js on and off)', async () => {
  const failures = [];
  for (const js of [true, false]) {
    const label = `errors js=${js ? 'on' : 'off'}`;
    const { ctx, page } = await openPage(browser, { javaScriptEnabled: js, baseURL: srv.url });
    try {
      // 404 page.
      let r = await check(page, label, '/bestaat-niet');
      if (r.status !== 404) failures.push(`/bestaat-niet: HTTP ${r.status}, expected 404`);
      if (r.violations.length) failures.push(`404 page:\n${r.summary}`);

      // Unknown area and item (404 through the module's own handler).
      for (const p of ['/gebieden/XX0000', '/kaart/999999999']) {
        r = await check(page, label, p);
        if (r.violations.length) failures.push(`${p}:\n${r.summary}`);
      }

      // The suggestion form submitted empty: errors beside the fields.
      await page.goto('/kaart/nieuw');
      await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').last().click()]);
      await page.waitForLoadState('load');
      const invalid = await page.locator('[aria-invalid="true"]').count();
      if (invalid === 0) failures.push('/kaart/nieuw empty submit: no field marked aria-invalid');
      let a = await axeCheck(page);
      checked.push(`${label} POST /kaart/nieuw (empty) -> ${invalid} invalid fields, ${a.violations.length} violations`);
      if (a.violations.length) failures.push(`POST /kaart/nieuw empty:\n${a.summary}`);

      // Login with a wrong password.
      await page.goto('/login');
      await page.getByLabel(/e-?mail/i).fill(DEMO_USERS.professional);
      await page.getByLabel(/wachtwoord|password/i).fill('niet-het-wachtwoord');
      await page.getByRole('button', { name: /inloggen|log in/i }).click();
      await page.waitForLoadState('load');
      a = await axeCheck(page);
      checked.push(`${label} POST /login (wrong password) -> ${a.violations.length} violations`);
      if (a.violations.length) failures.push(`POST /login wrong password:\n${a.summary}`);

      // English interface.
      r = await check(page, label, '/?lang=en');
      if (r.violations.length) failures.push(`/?lang=en:\n${r.summary}`);
    } finally {
      await ctx.close();
    }
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('no inline styles and no CSP violations on any page checked', () => {
  assert.deepEqual(cspProblems, []);
});

test('without design tokens (an empty --theme-css) the fallbacks still pass axe', async () => {
  // A gemeente's own tokens file may lack tokens wijkbasis.css uses; its
  // fallbacks must then still give AA contrast and a usable layout.
  const dir = mkdtempSync(join(tmpdir(), 'wb-theme-'));
  const empty = join(dir, 'empty-theme.css');
  writeFileSync(empty, '/* no tokens */\n');
  const bare = await startServer({ db: srv.db, args: ['--theme-css', empty] });
  const { ctx, page } = await openPage(browser, { javaScriptEnabled: false, baseURL: bare.url });
  const failures = [];
  try {
    const paths = ['/', '/kaart', '/kaart/nieuw', ...expand('/gebieden/{code}', values).slice(0, 1)];
    for (const path of paths) {
      await page.goto(path);
      const a = await axeCheck(page);
      checked.push(`no-tokens js=off ${path} -> ${a.passes} rules passed, ${a.violations.length} violations`);
      if (a.violations.length) failures.push(`${path}:\n${a.summary}`);
    }
    await screenshot(page, 'no-tokens-gebied');
  } finally {
    await ctx.close();
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});
