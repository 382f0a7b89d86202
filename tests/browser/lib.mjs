// SPDX-License-Identifier: EUPL-1.2
// Browser test helpers: launch Debian's chromium through playwright-core,
// open pages in fresh contexts (with or without JavaScript), run axe-core for
// WCAG 2.1 A/AA and turn its result into a readable summary, take screenshots.
// Used by tests/browser/*.test.mjs together with tests/lib/server.mjs.
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's ESM build exports the class as default; older builds nest it.
const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;

export const HERE = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(HERE, 'screenshots');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Starts headless chromium; the caller closes it with browser.close().
export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Remembers which contexts run without JavaScript (axeCheck needs to know).
const jsEnabled = new WeakMap();

// A fresh context (own cookies) and one page in it. javaScriptEnabled defaults
// to true; viewport defaults to a desktop size. Close with ctx.close().
export async function openPage(browser, { javaScriptEnabled = true, viewport, baseURL, locale = 'nl-NL' } = {}) {
  const ctx = await browser.newContext({
    javaScriptEnabled,
    baseURL,
    locale,
    viewport: viewport || { width: 1280, height: 900 },
  });
  ctx.setDefaultTimeout(10000);
  jsEnabled.set(ctx, javaScriptEnabled);
  const page = await ctx.newPage();
  return { ctx, page };
}

// Logs in through the real /login form of this context's page.
export async function loginAs(page, email, password = 'demo-wachtwoord') {
  await page.goto('/login');
  await page.getByLabel(/e-?mail/i).fill(email);
  await page.getByLabel(/wachtwoord|password/i).fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: /inloggen|log in/i }).click(),
  ]);
}

// One line per violation: rule id, impact, help text and the first targets.
export function summarize(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 3).map((n) => {
      const why = (n.failureSummary || '').split('\n').slice(1, 2).join(' ').trim();
      return `      ${n.target.join(' ')}${why ? ' — ' + why : ''}`;
    }).join('\n');
    const more = v.nodes.length > 3 ? `\n      (+${v.nodes.length - 3} more)` : '';
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}x)\n${nodes}${more}`;
  }).join('\n');
}

let axeSource = null;
function axeScript() {
  if (!axeSource) {
    const require = createRequire(import.meta.url);
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}

// axe runs in an isolated world (like a browser extension's): it sees the DOM
// and computed styles while the page's own scripts, and its CSP, stay out of
// the way. This works with JavaScript off, where AxeBuilder's page.evaluate()
// never returns, and with JavaScript on it is several times faster than
// Runs `expressions` one after the other in a fresh isolated world of the
// page's main frame; returns the (JSON) value of the last one. Works with
// JavaScript off, where page.evaluate() cannot be trusted.
export async function evalIsolated(page, ...expressions) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld',
      { frameId: frameTree.frame.id, worldName: 'wb-test', grantUniveralAccess: true });
    let value;
    for (const expression of expressions) {
      const r = await cdp.send('Runtime.evaluate',
        { expression, contextId: executionContextId, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error('evalIsolated: ' + JSON.stringify(r.exceptionDetails).slice(0, 500));
      value = r.result.value;
    }
    return value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// With JavaScript off, timers are off too (a setTimeout closes the page), and
// axe schedules its checks with setTimeout: queue them as microtasks.
const TIMER_SHIM = `(() => {
  let id = 0;
  const cancelled = new Set();
  globalThis.setTimeout = (fn, ms, ...args) => {
    const t = ++id;
    Promise.resolve().then(() => { if (!cancelled.has(t)) fn(...args); });
    return t;
  };
  globalThis.clearTimeout = (t) => cancelled.add(t);
  globalThis.requestAnimationFrame = (fn) => globalThis.setTimeout(() => fn(performance.now()));
  globalThis.requestIdleCallback = (fn) => globalThis.setTimeout(() => fn({ didTimeout: false, timeRemaining: () => 50 }));
})()`;

// axe runs in an isolated world (like a browser extension's): it sees the DOM
// and computed styles while the page's own scripts, and its CSP, stay out of
// the way. This works with JavaScript off, where AxeBuilder's page.evaluate()
// never returns, and with JavaScript on it is several times faster than
// AxeBuilder (which runs per frame and opens an extra page to merge results).
async function axeIsolated(page, shimTimers) {
  // resultTypes: only violations carry every node (passes are just counted).
  const runAxe = `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} },
      resultTypes: ['violations'] })
    .then((r) => ({ violations: r.violations, passes: r.passes.length }))`;
  return shimTimers ? evalIsolated(page, TIMER_SHIM, axeScript(), runAxe)
    : evalIsolated(page, axeScript(), runAxe);
}

// Widths of the document and the viewport, and the widest elements that
// stick out to the right (for the reflow check, WCAG 1.4.10).
export async function overflow(page) {
  return evalIsolated(page, `(() => {
    const w = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.wb-table-wrap'))
      .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: w, wide };
  })()`);
}

// Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now, in a page with or
// without JavaScript. Returns {violations, summary, passes}; summary is ''
// when there are none.
export async function axeCheck(page) {
  const jsOn = jsEnabled.get(page.context()) !== false;
  const { violations, passes } = await axeIsolated(page, !jsOn);
  return { violations, summary: summarize(violations), passes };
}

// The same check through @axe-core/playwright's AxeBuilder (JavaScript on
// only; slower). Kept to cross-check axeCheck; returns the same shape.
export async function axeCheckBuilder(page) {
  const res = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return { violations: res.violations, summary: summarize(res.violations), passes: res.passes.length };
}

// Saves a full-page screenshot as tests/browser/screenshots/<name>.png.
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
