// SPDX-License-Identifier: EUPL-1.2
// The burgerraad in a real browser: sign up for the demo panel on a 360px
// phone without JavaScript (errors beside the fields with the input kept,
// then a valid sign-up, then the private link: what we keep, withdrawal with
// its error state), and axe-core WCAG 2.1 AA with 0 violations on the
// sign-up form, its error state, the own-data and withdrawal pages, the transparency page (chart, tables, ticket
// table) and the staff page; no page sticks out on a phone. The household
// rule: the address fields on the sign-up form (with errors) pass axe too. The
// quotas editor's live check answers while staff type, and the pool upload
// takes a chosen file (JavaScript on).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, DEMO_USERS } from '../lib/server.mjs';
import { launch, openPage, loginAs, axeCheck, overflow } from './lib.mjs';

let srv, browser, panel;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launch();
  panel = (await (await fetch(srv.url + '/api/v1/panels')).json()).items[0].id;
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function clean(page, what) {
  const a = await axeCheck(page);
  assert.equal(a.violations.length, 0, `${what}:\n${a.summary}`);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth + 1, `${what} sticks out: ${JSON.stringify(o)}`);
}

test('sign-up on a 360px phone without JavaScript: errors, input kept, valid', async () => {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  try {
    let res = await page.goto(`/panels/${panel}/aanmelden`);
    assert.equal(res.status(), 200);
    await clean(page, 'sign-up form');
    await page.getByLabel('Uw naam').fill('Demo Inwoner');
    await page.getByLabel(/e-mailadres of telefoonnummer/i).fill('x');
    await page.getByLabel('gender').selectOption('female');
    [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Aanmelden' }).click()]);
    assert.equal(res.status(), 422);
    await clean(page, 'sign-up errors');
    assert.equal(await page.getByLabel('Uw naam').inputValue(), 'Demo Inwoner');
    assert.equal(await page.getByLabel('gender').inputValue(), 'female');
    assert.equal(await page.getByLabel(/e-mailadres/i).getAttribute('aria-invalid'), 'true');
    await page.getByLabel(/e-mailadres of telefoonnummer/i).fill('inwoner@example.org');
    await page.getByLabel('leaning').selectOption('liberal');
    await page.getByLabel(/ik vind het goed/i).check();
    [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Aanmelden' }).click()]);
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: /bedankt/i }).waitFor();
    await clean(page, 'sign-up done');
    // The private link: what we keep, withdrawal with its error state, done.
    const own = await page.getByRole('link', { name: /\/mijn\// }).getAttribute('href');
    res = await page.goto(own);
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: 'Uw aanmelding' }).waitFor();
    await clean(page, 'own sign-up page');
    [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Afmelden' }).click()]);
    assert.equal(res.status(), 422);
    await clean(page, 'withdraw without the tick');
    await page.getByLabel(/meld mij af/i).check();
    [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Afmelden' }).click()]);
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: 'U bent afgemeld' }).waitFor();
    await clean(page, 'withdrawn');
  } finally {
    await ctx.close();
  }
});

test('transparency page and staff page: axe 0 violations, fits a phone', async () => {
  for (const js of [true, false]) {
    const { ctx, page } = await openPage(browser, { baseURL: srv.url, javaScriptEnabled: js, viewport: { width: 360, height: 740 } });
    try {
      const res = await page.goto(`/panels/${panel}`);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('svg[role="img"] title').count(), 1);
      assert.ok(await page.locator('table caption').count() >= 3);
      await clean(page, `transparency js=${js}`);
      await page.goto('/panels');
      await clean(page, `list js=${js}`);
    } finally {
      await ctx.close();
    }
  }
  const { ctx, page } = await openPage(browser, { baseURL: srv.url });
  try {
    await loginAs(page, DEMO_USERS.beleidsadviseur);
    await page.goto(`/panels/${panel}/beheer`);
    await clean(page, 'staff page');
    // An infeasible quota shows the report, still clean.
    await page.getByLabel('Minstens').first().fill('20');
    await page.getByLabel('Minstens').nth(1).fill('20');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /quota controleren/i }).click()]);
    await page.getByText(/niet alle quota/i).waitFor();
    await clean(page, 'quota report');
    await page.goto('/panels/nieuw');
    await clean(page, 'new panel');
  } finally {
    await ctx.close();
  }
});

test('household rule: address on the sign-up form, errors beside the fields, axe clean', async () => {
  const staff = client(srv.url);
  await staff.login(DEMO_USERS.beleidsadviseur);
  const res0 = await staff.post('/panels/nieuw', {
    title: 'Huishoudens test', area: '', size: '2', end_date: '2099-12-31', household: '1',
    quotas: 'feature,value,min,max\nleeftijd,jong,0,2\nleeftijd,oud,0,2\n',
  });
  assert.equal(res0.status, 303);
  const id = /\/panels\/(\d+)/.exec(res0.headers.get('location'))[1];
  const { ctx, page } = await openPage(browser, { baseURL: srv.url, javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  try {
    let res = await page.goto(`/panels/${id}/aanmelden`);
    assert.equal(res.status(), 200);
    await page.getByText(/maar één persoon per huishouden/i).waitFor();
    await clean(page, 'sign-up with address');
    await page.getByLabel('Uw naam').fill('Demo Huis');
    await page.getByLabel(/e-mailadres of telefoonnummer/i).fill('huis@example.org');
    await page.getByLabel('leeftijd').selectOption('jong');
    await page.getByLabel(/ik vind het goed/i).check();
    await page.getByLabel('Postcode').fill('12 AB');
    await page.getByLabel('Huisnummer').fill('x');
    [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Aanmelden' }).click()]);
    assert.equal(res.status(), 422);
    await clean(page, 'sign-up address errors');
    assert.equal(await page.getByLabel('Postcode').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Postcode').inputValue(), '12 AB');
    await page.getByLabel('Postcode').fill('7607 ab');
    await page.getByLabel('Huisnummer').fill('12a');
    [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Aanmelden' }).click()]);
    assert.equal(res.status(), 200);
  } finally {
    await ctx.close();
  }
});

test('quotas editor: the live check answers while typing (JavaScript on)', async () => {
  const { ctx, page } = await openPage(browser, { baseURL: srv.url });
  try {
    await loginAs(page, DEMO_USERS.beleidsadviseur);
    await page.goto(`/panels/${panel}/beheer`);
    await page.getByLabel('Minstens').first().fill('20');
    await page.getByLabel('Minstens').nth(1).fill('20');
    await page.locator('#quota-live', { hasText: /niet alle/i }).waitFor({ timeout: 15000 });
    await page.getByLabel('Minstens').first().fill('9');
    await page.getByLabel('Minstens').nth(1).fill('9');
    await page.locator('#quota-live', { hasText: /kan een panel voldoen/i }).waitFor({ timeout: 15000 });
    await clean(page, 'live check');
    // The pool upload's file picker (JavaScript only) puts the file into the text field.
    await page.getByLabel('Of kies het CSV-bestand').setInputFiles({
      name: 'pool.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFFgender,leaning\nfemale,liberal\n'),
    });
    await page.getByText(/staat in het veld hieronder/i).waitFor();
    assert.equal(await page.getByLabel('Pool als CSV').inputValue(), 'gender,leaning\nfemale,liberal\n');
    await clean(page, 'pool file picked');
    // Nothing was saved by typing.
    const j = await (await fetch(`${srv.url}/api/v1/panels/${panel}`)).json();
    assert.equal(j.quotas[0].min, 9);
  } finally {
    await ctx.close();
  }
});
