// SPDX-License-Identifier: EUPL-1.2
// Areas (gebieden): `wijkbasis import cbs|geojson` on the real CBS open data
// for Almelo (GM0141), then the pages, the SVG map, the API contract, its
// 400/404 problems and the CSV, against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, client, cli, makeDb, SHARED } from '../lib/server.mjs';

const KWB = join(SHARED, 'nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv');
const WIJKEN = join(SHARED, 'nl/geo/almelo_wijken_2021_wgs84.geojson');
const BUURTEN = join(SHARED, 'nl/geo/almelo_buurten_2021_wgs84.geojson');

let made, srv, web, kaartLoaded = false;

before(async () => {
  made = makeDb();
  const r = cli(['import', 'cbs', KWB, '--gemeente', 'GM0141', '--db', made.db]);
  assert.equal(r.status, 0, r.stderr);
  for (const f of [WIJKEN, BUURTEN]) {
    const g = cli(['import', 'geojson', f, '--db', made.db]);
    assert.equal(g.status, 0, g.stderr);
  }
  // One sociale kaart item in a buurt, with markup in its name (must be escaped).
  const kaart = join(made.dir, 'kaart.csv');
  writeFileSync(kaart,
    'name,description,kind,area_code,themes,pillars,contact,when_where,accessibility,source,last_checked\n' +
    'Buurthuis <b>Test</b>,Een test.,ontmoetingsplek,BU01411000,eenzaamheid,cohesie,,,,test,2026-01-01\n');
  kaartLoaded = cli(['import', 'kaart', kaart, '--db', made.db]).status === 0;
  srv = await startServer({ db: made.db });
  web = client(srv.url);
});

after(async () => {
  if (srv) await srv.stop();
  if (made) made.cleanup();
});

test('import cbs prints a summary and is idempotent', () => {
  const again = cli(['import', 'cbs', KWB, '--gemeente', 'GM0141', '--db', made.db]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /GM0141: 1 gemeente, 12 wijken, 71 buurten/);
});

test('import cbs with a broken file names file, line and column and writes nothing', () => {
  const d = makeDb();
  try {
    const bad = join(d.dir, 'bad.csv');
    writeFileSync(bad, 'regio;gwb_code_10;a_inw\r\nAlmelo;GM0141;74317\r\n"Binnenstad;WK014110;5620\r\n');
    const r = cli(['import', 'cbs', bad, '--gemeente', 'GM0141', '--db', d.db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.csv:3:1: unterminated quote/);
    assert.match(r.stderr, /nothing was imported/);
    writeFileSync(bad, 'regio;gwb_code_10;a_inw\r\nAlmelo;GM0141;74x17\r\n');
    const r2 = cli(['import', 'cbs', bad, '--gemeente', 'GM0141', '--db', d.db]);
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /bad\.csv:2:15: not a count/);
    // Still nothing in the database: the geojson import then matches no area.
    const g = cli(['import', 'geojson', WIJKEN, '--db', d.db]);
    assert.match(g.stdout, /0 of 12 features matched/);
  } finally {
    d.cleanup();
  }
});

test('import commands have --help and refuse unknown kinds', () => {
  for (const args of [['import', '--help'], ['import', 'cbs', '--help'], ['import', 'geojson', '--help'],
    ['import', 'areas', '--help']]) {
    const r = cli(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /Usage: wijkbasis import/);
  }
  assert.equal(cli(['import', 'nonsense']).status, 2);
  assert.equal(cli(['import', 'cbs']).status, 2);
});

test('GET /gebieden shows the tree, the gemeente first, with population', async () => {
  const res = await web.get('/gebieden');
  assert.equal(res.status, 200);
  const html = await res.text();
  const almelo = html.indexOf('href="/gebieden/GM0141"');
  assert.ok(almelo > 0);
  assert.ok(almelo < html.indexOf('href="/gebieden/WK014110"'));
  assert.ok(html.indexOf('href="/gebieden/WK014110"') < html.indexOf('href="/gebieden/BU01411000"'));
  assert.match(html, /74[.,]317/);
  assert.equal((html.match(/href="\/gebieden\/BU/g) || []).length, 71);
  assert.match(html, /href="\/gebieden\.csv"/);
  assert.match(html, /href="\/api\/v1\/areas"/);
});

test('GET /gebieden/GM0141: figures, map of the 12 wijken, table, kaart link', async () => {
  const res = await web.get('/gebieden/GM0141');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<h1 class="utrecht-heading-1">Almelo<\/h1>/);
  assert.match(html, /<caption[^>]*>[^<]*Almelo/);
  assert.match(html, /<th scope="row"/);
  assert.match(html, /37[.,]364/); // men
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  assert.ok(svg.length > 0, 'has an SVG map');
  assert.match(svg, /<title id="wb-map-title">/);
  assert.match(svg, /aria-labelledby="wb-map-title"/);
  assert.equal((svg.match(/<a href="\/gebieden\/WK0141\d\d"/g) || []).length, 12);
  assert.equal((svg.match(/<path d="M[\d. LMZ-]+"/g) || []).length, 12);
  assert.match(html, /href="\/kaart\?area=GM0141"/);
  if (kaartLoaded) {
    // The item lies in a buurt below this gemeente: found through the tree.
    assert.match(html, /href="\/kaart\/\d+">Buurthuis &lt;b&gt;Test&lt;\/b&gt;<\/a>/);
  }
});

test('GET /gebieden/BU01411000: breadcrumb, own boundary, kaart item', async () => {
  const res = await web.get('/gebieden/BU01411000');
  assert.equal(res.status, 200);
  const html = await res.text();
  const nav = html.slice(html.indexOf('<nav aria-label="'), html.indexOf('</nav>', html.indexOf('<ol class="utrecht-breadcrumb-nav">')));
  assert.match(nav, /href="\/gebieden\/GM0141"/);
  assert.match(nav, /href="\/gebieden\/WK014110"/);
  const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  assert.equal((svg.match(/<path /g) || []).length, 1);
  assert.match(html, /href="\/kaart\?area=BU01411000"/);
  assert.doesNotMatch(html, /<b>Test/);
  if (kaartLoaded) assert.match(html, /Buurthuis &lt;b&gt;Test/);
});

test('unknown or malformed area codes give a 404 page', async () => {
  for (const path of ['/gebieden/GM9999', '/gebieden/gm0141', '/gebieden/%3Cscript%3E']) {
    const res = await web.get(path);
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type'), /text\/html/);
    assert.doesNotMatch(await res.text(), /<script>/);
  }
});

test('API: GET /api/v1/areas/{code} follows the contract', async () => {
  const res = await web.get('/api/v1/areas/GM0141');
  assert.equal(res.status, 200);
  const a = await res.json();
  assert.deepEqual(Object.keys(a).sort(),
    ['children', 'code', 'figures', 'level', 'name', 'parent', 'population']);
  assert.equal(a.code, 'GM0141');
  assert.equal(a.name, 'Almelo');
  assert.equal(a.level, 'gemeente');
  assert.equal(a.parent, null);
  assert.equal(a.population, 74317);
  assert.equal(a.children, 12);
  assert.deepEqual(a.figures, {
    a_inw: 74317, a_man: 37364, a_vrouw: 36953, a_00_14: 11026, a_15_24: 9187, a_25_44: 18271,
    a_45_64: 20465, a_65_oo: 15368,
  });
  const b = await (await web.get('/api/v1/areas/BU01411000')).json();
  assert.equal(b.parent, 'WK014110');
  assert.equal(b.level, 'buurt');
  assert.equal(b.children, 0);
});

test('API: GET /api/v1/areas lists top level and children', async () => {
  const top = await (await web.get('/api/v1/areas')).json();
  assert.equal(top.total, 1);
  assert.equal(top.items[0].code, 'GM0141');
  const wijken = await (await web.get('/api/v1/areas?parent=GM0141')).json();
  assert.equal(wijken.total, 12);
  assert.equal(wijken.items.length, 12);
  for (const w of wijken.items) {
    assert.equal(w.level, 'wijk');
    assert.equal(w.parent, 'GM0141');
    assert.ok(w.children > 0);
  }
  const sum = (await (await web.get('/api/v1/areas?parent=WK014110')).json()).items.length;
  assert.equal(sum, 4);
});

test('API: bad codes are 400 problems naming the parameter, unknown ones 404', async () => {
  const cases = [
    ['/api/v1/areas/gm0141', 400, 'code'],
    ['/api/v1/areas/GM01%3C1', 400, 'code'],
    ['/api/v1/areas/GM9999', 404, 'code'],
    ['/api/v1/areas?parent=x', 400, 'parent'],
    ['/api/v1/areas?parent=GM9999', 404, 'parent'],
  ];
  for (const [path, status, param] of cases) {
    const res = await web.get(path);
    assert.equal(res.status, status, path);
    assert.match(res.headers.get('content-type'), /application\/problem\+json/);
    const p = await res.json();
    assert.equal(p.status, status);
    assert.equal(p.param, param, path);
    assert.ok(p.title);
  }
});

test('GET /gebieden.csv has every area', async () => {
  const res = await web.get('/gebieden.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/csv/);
  const lines = (await res.text()).trim().split('\r\n');
  assert.equal(lines[0], 'code,name,level,parent,population');
  assert.equal(lines.length, 85);
  assert.ok(lines.includes('GM0141,Almelo,gemeente,,74317'));
  assert.ok(lines.includes('BU01411000,Binnenstad Noord,buurt,WK014110,2360'));
  const sub = await web.get('/gebieden.csv?parent=WK014110');
  assert.equal(sub.status, 200);
  const rows = (await sub.text()).trim().split('\r\n');
  assert.equal(rows.length, 5);
  assert.ok(rows.slice(1).every((l) => l.split(',')[3] === 'WK014110'));
  assert.equal((await web.get('/gebieden.csv?parent=%3Cx%3E')).status, 400);
});
