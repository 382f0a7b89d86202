// SPDX-License-Identifier: EUPL-1.2
// Print styles in a real browser. The vote code sheet of the buurtbudget is
// meant to be printed and cut into slips: printed, it shows only the slips
// (no menu, no page header, no instructions), two slips side by side, every
// slip with its code in full and none split over two pages. Ordinary list
// pages print without the menu and forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, loginAs } from './lib.mjs';
import { startServer, DEMO_USERS } from '../lib/server.mjs';

let srv, browser, openRound;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launch();
  const rounds = (await (await fetch(srv.url + '/api/v1/buurtbudget')).json()).items;
  openRound = rounds.find((r) => r.phase === 'stemmen').id;
});
after(async () => { await browser?.close(); await srv?.stop(); });

// Is the element shown (not display:none itself or through an ancestor)?
function shown(page, selector) {
  return page.locator(selector).first().evaluate((el) => el.checkVisibility());
}

test('the printed vote code sheet shows only the slips, two per row, none split', async () => {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url });
  try {
    await loginAs(page, DEMO_USERS.beleidsadviseur);
    await page.goto(`/buurtbudget/${openRound}/codes`);
    await page.getByLabel(/aantal nieuwe codes/i).fill('12');
    await page.getByRole('button', { name: /codes maken/i }).click();
    await page.waitForSelector('.wb-code-slip');

    // On screen the instructions and the menu are there.
    assert.equal(await shown(page, 'main h1'), true);
    assert.equal(await shown(page, 'header'), true);

    await page.emulateMedia({ media: 'print' });
    assert.equal(await shown(page, 'main h1'), false, 'the heading is not printed');
    assert.equal(await shown(page, 'main > p'), false, 'the instructions are not printed');
    assert.equal(await shown(page, 'header'), false, 'the page header is not printed');
    assert.equal(await page.locator('.wb-code-slip').count(), 12);
    const layout = await page.locator('.wb-code-slip').evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return { x: Math.round(r.x), y: Math.round(r.y), breakInside: s.breakInside,
        border: s.borderTopStyle, visible: el.checkVisibility() };
    }));
    assert.ok(layout.every((l) => l.visible && l.breakInside === 'avoid' && l.border === 'dashed'),
      JSON.stringify(layout[0]));
    // Two columns: slips 0 and 1 share a row, slip 2 starts the next one.
    assert.equal(layout[0].y, layout[1].y);
    assert.ok(layout[1].x > layout[0].x);
    assert.ok(layout[2].y > layout[0].y);
    assert.equal(layout[2].x, layout[0].x);
    // Each code is on one line, whole.
    const codes = await page.locator('.wb-vote-code').evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent, lines: el.getClientRects().length })));
    assert.ok(codes.every((c) => c.text.length >= 8 && c.lines === 1), JSON.stringify(codes[0]));
    // And it really prints: a PDF of a few pages, not an empty one.
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 2000, `pdf of ${pdf.length} bytes`);
  } finally {
    await ctx.close();
  }
});

test('a printed list page leaves out the menu, the search form and the pagination', async () => {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url, javaScriptEnabled: false });
  try {
    await page.goto('/kaart');
    assert.equal(await shown(page, 'form'), true);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await shown(page, 'form'), false);
    assert.equal(await shown(page, 'header nav'), false);
    assert.equal(await shown(page, 'main h1'), true, 'the content itself is printed');
  } finally {
    await ctx.close();
  }
});
