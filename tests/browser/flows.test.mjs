// SPDX-License-Identifier: EUPL-1.2
// The resident's way through the sociale kaart on a cheap phone (360x640,
// JavaScript off), with real clicks on labelled fields (which also proves the
// labels work): search for a meeting place, filter on a wijk, open an item,
// suggest a new one (first with a missing field, then valid); a professional
// logs in and publishes it; the resident then finds it. Screenshots of the
// pages go to tests/browser/screenshots/ (gitignored) for a design review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_USERS } from '../lib/server.mjs';
import { launch, openPage, screenshot, axeCheck, overflow, evalIsolated } from './lib.mjs';

const PHONE = { width: 360, height: 640 };
// A name no demo item has, so the search at the end can only find our suggestion.
const NEW_NAME = 'Zonnewijzer breicafé';
const NEW_DESCRIPTION = 'Samen breien en koffie drinken. Iedereen is welkom, ook beginners.';

let srv, browser;

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const phone = () => openPage(browser, { javaScriptEnabled: false, viewport: PHONE, baseURL: srv.url });

// Clicks something that submits a form or follows a link, and waits for the new page.
async function go(page, locator) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
}

async function resultNames(page) {
  return page.locator('main ol.wb-cards h3, main ul.wb-cards h3').allTextContents();
}

// The text of the field's error message, found through its aria-describedby.
async function fieldError(page, field) {
  const ids = (await field.getAttribute('aria-describedby')) || '';
  for (const id of ids.split(/\s+/).filter(Boolean)) {
    if (!id.endsWith('-error')) continue;
    return (await page.locator(`[id="${id}"]`).textContent()).trim();
  }
  return null;
}

// Nothing may scroll sideways on a phone (WCAG 1.4.10 reflow); tables may,
// inside their .wb-table-wrap.
async function checkNoOverflow(page, what) {
  const { scrollWidth, clientWidth, wide } = await overflow(page);
  assert.ok(scrollWidth <= clientWidth + 1,
    `${what}: page is ${scrollWidth}px wide on a ${clientWidth}px screen; sticking out: ${wide.join(', ')}`);
}

test('resident finds a meeting place, suggests an item; a professional publishes it', async () => {
  const resident = await phone();
  const page = resident.page;
  try {
    // 1. Start page: search for a meeting place.
    await page.goto('/');
    await screenshot(page, 'phone-home');
    await page.getByLabel(/zoekt u|looking for/i).fill('ontmoeting');
    await go(page, page.getByRole('main').getByRole('button', { name: /zoeken|search/i }));
    assert.match(page.url(), /\/kaart\?.*q=ontmoeting/);
    const all = await resultNames(page);
    assert.ok(all.length >= 2, `search "ontmoeting" found ${all.length} items`);
    await screenshot(page, 'phone-kaart-results');

    // 2. Filter on a wijk: pick the wijk of the first result through the area select.
    const first = page.locator('main .wb-cards > li').first();
    const firstName = (await first.locator('h3').textContent()).trim();
    await go(page, first.getByRole('link', { name: firstName }));
    const areaLink = page.locator('main .wb-details a[href^="/gebieden/"]').first();
    const buurtCode = (await areaLink.getAttribute('href')).split('/').pop();
    await page.goBack();
    await page.getByLabel(/^gebied$|^area$/i).selectOption(buurtCode);
    await go(page, page.getByRole('main').getByRole('button', { name: /zoeken|search/i }));
    assert.match(page.url(), new RegExp(`area=${buurtCode}`));
    assert.equal(await page.getByLabel(/^gebied$|^area$/i).inputValue(), buurtCode, 'the filter stays selected');
    const filtered = await resultNames(page);
    assert.ok(filtered.includes(firstName), `filtered list has ${firstName}: ${filtered}`);
    assert.ok(filtered.length < all.length, `the filter narrows the list (${filtered.length} of ${all.length})`);

    // 3. Open the item.
    await go(page, page.getByRole('link', { name: firstName }));
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), firstName);
    await screenshot(page, 'phone-kaart-item');
    await checkNoOverflow(page, 'item page');

    // 4. Suggest a new item: first without a kind.
    await page.goto('/kaart');
    await go(page, page.getByRole('link', { name: /zet het op de kaart|add it to the map/i }).first());
    assert.match(page.url(), /\/kaart\/nieuw$/);
    await page.getByLabel(/^naam$|^name$/i).fill(NEW_NAME);
    await page.getByLabel(/^beschrijving$|^description$/i).fill(NEW_DESCRIPTION);
    await page.getByLabel(/^buurt of wijk$|^neighbourhood$/i).selectOption(buurtCode);
    await page.getByRole('checkbox', { name: /^eenzaamheid$|^loneliness$/i }).check();
    await go(page, page.getByRole('main').getByRole('button', { name: /versturen|send/i }));
    const kind = page.getByLabel(/soort is het|what kind/i);
    const kindError = await fieldError(page, kind);
    assert.ok(kindError, 'the kind field has an error message linked by aria-describedby');
    assert.equal(await kind.getAttribute('aria-invalid'), 'true');
    // The message sits inside the same form field as the select.
    const field = page.locator('.utrecht-form-field--invalid', { has: kind });
    assert.match(await field.textContent(), new RegExp(kindError.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // What the resident typed is still there.
    assert.equal(await page.getByLabel(/^naam$|^name$/i).inputValue(), NEW_NAME);
    assert.equal(await page.getByLabel(/^beschrijving$|^description$/i).inputValue(), NEW_DESCRIPTION);
    assert.equal(await page.getByLabel(/^buurt of wijk$|^neighbourhood$/i).inputValue(), buurtCode);
    assert.ok(await page.getByRole('checkbox', { name: /^eenzaamheid$|^loneliness$/i }).isChecked());
    await screenshot(page, 'phone-kaart-nieuw-error');
    const a = await axeCheck(page);
    assert.equal(a.violations.length, 0, a.summary);

    // Now valid.
    await kind.selectOption('ontmoetingsplek');
    await page.getByLabel(/wanneer en waar|when and where/i).fill('Elke woensdag 14:00-16:00, buurthuis');
    await go(page, page.getByRole('main').getByRole('button', { name: /versturen|send/i }));
    assert.match(page.url(), /\/kaart\/bedankt/);
    await screenshot(page, 'phone-kaart-bedankt');

    // Not public before review.
    await page.goto('/kaart?q=zonnewijzer');
    assert.ok(!(await resultNames(page)).includes(NEW_NAME), 'a suggestion is not public before review');
  } finally {
    await resident.ctx.close();
  }

  // 5. A professional logs in (same cheap phone) and publishes the suggestion.
  const pro = await phone();
  try {
    const page = pro.page;
    await page.goto('/');
    await go(page, page.getByRole('link', { name: /inloggen|log in/i }));
    await page.getByLabel(/e-?mail/i).fill(DEMO_USERS.professional);
    await page.getByLabel(/wachtwoord|password/i).fill('demo-wachtwoord');
    await go(page, page.getByRole('main').getByRole('button', { name: /inloggen|log in/i }));
    assert.ok(!page.url().includes('/login'), `logged in (now at ${page.url()})`);
    await go(page, page.getByRole('navigation').getByRole('link', { name: /voorstellen bekijken|review suggestions/i }));
    assert.match(page.url(), /\/beheer\/kaart/);
    await screenshot(page, 'phone-beheer-kaart');
    await checkNoOverflow(page, '/beheer/kaart');
    await go(page, page.getByRole('button', { name: new RegExp(`(publiceren|publish).*${NEW_NAME}`, 'i') }));
    assert.match(page.url(), /\/beheer\/kaart/);
    assert.equal(await page.getByRole('button', { name: new RegExp(NEW_NAME, 'i') }).count(), 0,
      'the suggestion left the review list');
  } finally {
    await pro.ctx.close();
  }

  // 6. The resident now finds it by search.
  const again = await phone();
  try {
    const page = again.page;
    await page.goto('/');
    await page.getByLabel(/zoekt u|looking for/i).fill('zonnewijzer');
    await go(page, page.getByRole('main').getByRole('button', { name: /zoeken|search/i }));
    assert.ok((await resultNames(page)).includes(NEW_NAME), 'the published item is found');
    await go(page, page.getByRole('link', { name: NEW_NAME }));
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), NEW_NAME);
  } finally {
    await again.ctx.close();
  }
});

test('screenshots for the design review (desktop and 320px)', async () => {
  const shots = [
    ['/', 'desktop-home'], ['/kaart', 'desktop-kaart'], ['/gebieden', 'desktop-gebieden'],
  ];
  const desk = await openPage(browser, { javaScriptEnabled: false, baseURL: srv.url });
  try {
    const areas = await (await fetch(srv.url + '/api/v1/areas')).json();
    const code = areas.items?.[0]?.code;
    if (code) shots.push([`/gebieden/${code}`, 'desktop-gebied']);
    for (const [path, name] of shots) {
      await desk.page.goto(path);
      await screenshot(desk.page, name);
    }
  } finally {
    await desk.ctx.close();
  }
  const tiny = await openPage(browser, { javaScriptEnabled: false, baseURL: srv.url, viewport: { width: 320, height: 640 } });
  try {
    for (const path of ['/', '/kaart', '/kaart/nieuw', '/gebieden']) {
      await tiny.page.goto(path);
      await checkNoOverflow(tiny.page, `${path} at 320px`);
    }
    await screenshot(tiny.page, 'w320-gebieden');
  } finally {
    await tiny.ctx.close();
  }
});

test('keyboard: the skip link shows on focus and leads to the content', async () => {
  const { ctx, page } = await phone();
  try {
    await page.goto('/kaart');
    const skip = page.locator('a.wb-skip');
    const before = await skip.boundingBox();
    assert.ok(!before || before.y + before.height <= 0, 'the skip link is out of sight until focused');
    await page.keyboard.press('Tab');
    assert.equal(await evalIsolated(page, `document.activeElement.className`), 'utrecht-link wb-skip',
      'Tab first reaches the skip link');
    const box = await skip.boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 10, `the focused skip link is visible (${JSON.stringify(box)})`);
    await screenshot(page, 'phone-skip-link');
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#inhoud$/);
  } finally {
    await ctx.close();
  }
});

test('print: no menu, forms or footer; list links show where they go', async () => {
  const { ctx, page } = await openPage(browser, { javaScriptEnabled: false, baseURL: srv.url });
  try {
    await page.goto('/kaart');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header nav').isVisible(), false, 'menu hidden in print');
    assert.equal(await page.locator('footer').isVisible(), false, 'footer hidden in print');
    assert.equal(await page.locator('main form').first().isVisible(), false, 'forms hidden in print');
    const after = await evalIsolated(page, `getComputedStyle(document.querySelector('main .wb-cards a'), '::after').content`);
    assert.match(after, /href|\/kaart\//, `list links print their target (${after})`);
  } finally {
    await ctx.close();
  }
});
