// SPDX-License-Identifier: EUPL-1.2
// The ballot's running total, an enhancement: with JavaScript the resident
// sees what the chosen projects cost together against the budget, in words,
// also when it is too much; axe finds nothing. Without JavaScript the line
// is not there (the server checks on sending).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, axeCheck } from './lib.mjs';
import { startServer } from '../lib/server.mjs';

let srv, browser, round;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launch();
  const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
  round = rounds.find((r) => r.phase === 'stemmen');
});
after(async () => { await browser?.close(); await srv?.stop(); });

const euro = (n) => '€ ' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

test('with JavaScript the total follows the ticks and says when it is too much', async () => {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url, viewport: { width: 360, height: 740 } });
  try {
    await page.goto(`/buurtbudget/${round.id}/stemmen`);
    const line = page.locator('#ballot-total');
    assert.equal(await line.isVisible(), true);
    assert.equal(await line.textContent(), `Gekozen: € 0 van ${euro(round.amount)}.`);
    const boxes = page.locator('#f-choices input[type=checkbox]');
    const costs = (await boxes.evaluateAll((els) => els.map((e) => Number(e.dataset.cost))));
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    assert.equal(await line.textContent(), `Gekozen: ${euro(costs[0] + costs[1])} van ${euro(round.amount)}.`);
    // Tick everything: over the budget, said in words.
    const n = await boxes.count();
    for (let i = 2; i < n; i++) await boxes.nth(i).check();
    const sum = costs.reduce((a, b) => a + b, 0);
    assert.ok(sum > round.amount, 'the demo ballot costs more than the budget in all');
    assert.equal(await line.textContent(),
      `Gekozen: ${euro(sum)} van ${euro(round.amount)}. Dat is ${euro(sum - round.amount)} te veel.`);
    assert.match(await line.getAttribute('class'), /wb-total--over/);
    assert.equal(await line.getAttribute('aria-live'), 'polite');
    const a = await axeCheck(page);
    assert.equal(a.violations.length, 0, a.summary);
  } finally {
    await ctx.close();
  }
});

test('without JavaScript the line is not shown', async () => {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url, javaScriptEnabled: false });
  try {
    await page.goto(`/buurtbudget/${round.id}/stemmen`);
    assert.equal(await page.locator('#ballot-total').isVisible(), false);
  } finally {
    await ctx.close();
  }
});
