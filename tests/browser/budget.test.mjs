// SPDX-License-Identifier: EUPL-1.2
// Buurtbudget in a real browser: a beleidsadviseur makes vote codes for the
// demo round that is open for voting; a resident on a 360px phone, without
// JavaScript, votes with a code; a second vote with the same code is refused
// beside the code field with the choices kept. axe-core finds 0 WCAG 2.1 AA
// violations on the ballot, the error pages and the result page, and nothing
// sticks out sideways at 360px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, loginAs, axeCheck, overflow } from './lib.mjs';
import { startServer, DEMO_USERS } from '../lib/server.mjs';

let srv, browser, openRound, closedRound;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launch();
  const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
  openRound = rounds.find((r) => r.phase === 'stemmen').id;
  closedRound = rounds.find((r) => r.has_result).id;
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function clean(page, what) {
  const a = await axeCheck(page);
  assert.equal(a.violations.length, 0, `${what}:\n${a.summary}`);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth + 1, `${what} sticks out: ${JSON.stringify(o)}`);
}

async function makeCodes(n) {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url });
  try {
    await loginAs(page, DEMO_USERS.beleidsadviseur);
    await page.goto(`/buurtbudget/${openRound}/codes`);
    await page.getByLabel(/aantal nieuwe codes/i).fill(String(n));
    await page.getByRole('button', { name: /codes maken/i }).click();
    await page.waitForSelector('.wb-vote-code');
    return await page.locator('.wb-vote-code').allTextContents();
  } finally {
    await ctx.close();
  }
}

test('a resident votes with a code on a phone without JavaScript; the code counts once', async () => {
  const codes = await makeCodes(2);
  assert.equal(codes.length, 2);
  const before = (await (await fetch(`${srv.url}/api/v1/buurtbudget/${openRound}`)).json()).ballots;
  const { ctx, page } = await openPage(browser, {
    baseURL: srv.url, javaScriptEnabled: false, viewport: { width: 360, height: 740 },
  });
  try {
    await page.goto(`/buurtbudget/${openRound}/stemmen`);
    await clean(page, 'ballot');
    // Sending without a code or a choice: messages beside the fields.
    await page.getByRole('button', { name: /mijn stem versturen/i }).click();
    await page.waitForSelector('#f-code-error');
    assert.equal(await page.locator('#f-choices-error').count(), 1);
    await clean(page, 'ballot with errors');
    // With the code, typed in lower case, and one project.
    await page.getByLabel(/^stemcode/i).fill(codes[0].toLowerCase());
    const first = page.locator('input[name="project"]').first();
    await first.check();
    await page.getByRole('button', { name: /mijn stem versturen/i }).click();
    await page.waitForSelector('h1:has-text("Bedankt voor uw stem")');
    await clean(page, 'thank-you page');
    // The same code again: refused beside the code field, the choice kept.
    await page.goto(`/buurtbudget/${openRound}/stemmen`);
    await page.getByLabel(/^stemcode/i).fill(codes[0]);
    await page.locator('input[name="project"]').nth(1).check();
    await page.getByRole('button', { name: /mijn stem versturen/i }).click();
    await page.waitForSelector('#f-code-error');
    assert.match(await page.locator('#f-code-error').textContent(), /al gebruikt/);
    assert.equal(await page.locator('input[name="project"]').nth(1).isChecked(), true);
    await clean(page, 'used code');
  } finally {
    await ctx.close();
  }
  const after = (await (await fetch(`${srv.url}/api/v1/buurtbudget/${openRound}`)).json()).ballots;
  assert.equal(after, before + 1);
});

test('the result page passes axe on a phone and on a desktop', async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 900 }]) {
    const { ctx, page } = await openPage(browser, { baseURL: srv.url, javaScriptEnabled: false, viewport });
    try {
      const res = await page.goto(`/buurtbudget/${closedRound}/uitslag`);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('svg[role="img"] title').count(), 1);
      await clean(page, `result ${viewport.width}px`);
    } finally {
      await ctx.close();
    }
  }
});
