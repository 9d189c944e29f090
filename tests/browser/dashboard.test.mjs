// The dashboard as a person uses it, in headless Chromium: load each view on
// the ingested seeds, click from a claim to its highlighted span, search.
// Usage: node dashboard.test.mjs [path/to/contested]; screenshots land in
// target/screenshots/. Needs /usr/bin/chromium (Debian) and playwright-core.
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = resolve(process.argv[2] || join(repo, "target/debug/contested"));
const shots = join(repo, "target/screenshots");
mkdirSync(shots, { recursive: true });
const shared = process.env.CONTESTED_SHARED || join(repo, "../shared");
const seeds = join(shared, "seeds");

const db = join(mkdtempSync(join(tmpdir(), "contested-browser-")), "ledger.db");
const env = { ...process.env };
delete env.CONTESTED_DB;
execFileSync(binary, ["--db", db, "demo", "--no-serve"], { env, stdio: "inherit" });
if (existsSync(seeds)) {
  execFileSync(binary, ["--db", db, "ingest", "--no-progress", seeds], { env, stdio: "inherit" });
} else if (process.env.CI === "true") {
  throw new Error(`CI=true but the seeds are missing at ${seeds}`);
}

const server = spawn(binary, ["--db", db, "serve", "--addr", "127.0.0.1:0"], { env, stdio: ["ignore", "ignore", "pipe"] });
const base = await new Promise((ok, fail) => {
  let seen = "";
  server.stderr.on("data", (chunk) => {
    seen += chunk;
    const m = seen.match(/on (http:\/\/[0-9.:]+)\//);
    if (m) ok(m[1]);
  });
  server.on("exit", (code) => fail(new Error(`server exited ${code}: ${seen}`)));
  setTimeout(() => fail(new Error(`server did not start: ${seen}`)), 30000);
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const failures = [];
page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
page.on("console", (m) => { if (m.type() === "error") failures.push(`console: ${m.text()}`); });
// Everything must come from the server itself: no CDN, no network.
page.on("request", (r) => { if (!r.url().startsWith(base)) failures.push(`off-site request: ${r.url()}`); });

let passed = 0;
async function step(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
    console.log(`FAIL ${name}\n     ${e.message}`);
    await page.screenshot({ path: join(shots, `failed-${name.replace(/\W+/g, "-")}.png`), fullPage: true }).catch(() => {});
  }
}

try {
  const stats = await (await fetch(`${base}/api/stats`)).json();

  await step("overview shows the ledger's counts and latest documents", async () => {
    await page.goto(`${base}/`);
    const big = await page.locator(".card .big").allTextContents();
    assert.equal(Number(big[0]), stats.documents);
    assert.equal(Number(big[1]), stats.claims);
    assert.ok(await page.locator(".doclist li").count() > 0);
    await page.screenshot({ path: join(shots, "overview.png"), fullPage: true });
  });

  await step("claims table lists the seed claims and sorts by a column", async () => {
    await page.goto(`${base}/claims?limit=100`);
    const rows = page.locator("table.claims tbody tr");
    assert.equal(await rows.count(), Math.min(stats.claims, 100));
    await page.locator("table.claims th", { hasText: "Carried by" }).click();
    await page.locator("table.claims th", { hasText: "Carried by" }).click();
    const carried = await page.locator("table.claims tbody tr td:last-child").evaluateAll(
      (cells) => cells.map((c) => Number(c.dataset.value)));
    assert.deepEqual(carried, [...carried].sort((a, b) => b - a), "sorted descending");
    await page.screenshot({ path: join(shots, "claims.png") });
  });

  await step("filtering by kind keeps only that kind", async () => {
    await page.goto(`${base}/claims`);
    await page.selectOption("select[name=kind]", "area");
    await page.click("form.filters button[type=submit]");
    await page.waitForURL(/kind=area/);
    const kinds = await page.locator("table.claims tbody tr td:nth-child(2)").allTextContents();
    assert.ok(kinds.length > 0);
    assert.ok(kinds.every((k) => k.trim() === "area"), kinds.join(","));
  });

  await step("a claim links to its document with its span highlighted", async () => {
    await page.goto(`${base}/claims?q=hectares`);
    const link = page.locator("table.claims td.evidence a").first();
    const figure = (await link.locator("mark").textContent()).trim();
    await link.click();
    await page.waitForURL(/\/documents\/[0-9a-f]+#claim-/);
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const mark = page.locator(`mark[id="${id}"]`);
    assert.equal((await mark.textContent()).trim(), figure);
    assert.ok(await mark.evaluate((m) => m.classList.contains("active")), "the target claim is marked active");
    const outline = await mark.evaluate((m) => getComputedStyle(m).outlineStyle);
    assert.equal(outline, "solid");
    assert.ok(await mark.isVisible() && await mark.evaluate((m) => {
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }), "scrolled into view");
    await mark.hover();
    const tip = page.locator("#tip");
    await tip.waitFor({ state: "visible" });
    assert.match(await tip.textContent(), /said by:/);
    await page.screenshot({ path: join(shots, "document.png") });
  });

  await step("document view shows paragraph roles", async () => {
    const roles = await page.locator(".para").evaluateAll((ps) => ps.map((p) => p.className));
    assert.ok(roles.some((r) => r.includes("role-title")));
    assert.ok(roles.some((r) => r.includes("role-body")));
  });

  await step("copied paragraphs are marked as copies with a link to the original", async () => {
    const docs = await (await fetch(`${base}/api/documents?limit=500`)).json();
    for (const d of docs.items) {
      const detail = await (await fetch(`${base}/api/documents/${d.id}`)).json();
      const copied = detail.paragraphs.find((p) => p.copy_of);
      if (!copied) continue;
      await page.goto(`${base}/documents/${d.id}`);
      const para = page.locator(`.para[id="at-${copied.span[0]}"]`);
      assert.match(await para.getAttribute("class"), new RegExp(`role-${copied.role}`));
      await para.locator("a.copyof").click();
      await page.waitForURL(new RegExp(`/documents/${copied.copy_of.doc}#at-${copied.copy_of.span[0]}`));
      await page.screenshot({ path: join(shots, "copy-original.png") });
      return;
    }
    throw new Error("no copied or template paragraph among the seeds and examples");
  });

  await step("search finds paragraphs and marks the words", async () => {
    await page.goto(`${base}/`);
    await page.fill("header form.search input[name=q]", "hectares");
    await page.press("header form.search input[name=q]", "Enter");
    await page.waitForURL(/\/search\?q=hectares/);
    const marks = await page.locator("ol.results .snippet mark").allTextContents();
    assert.ok(marks.length > 0);
    assert.ok(marks.every((m) => m.toLowerCase().startsWith("hectare")), marks.join(","));
    await page.screenshot({ path: join(shots, "search.png") });
    await page.locator("ol.results li a").first().click();
    await page.waitForURL(/\/documents\/[0-9a-f]+#at-\d+/);
  });

  await step("timeline draws the seed claims in lanes and zooms", async () => {
    await page.goto(`${base}/timeline`);
    const bars = page.locator("#timeline rect.span");
    assert.ok(await bars.count() > 0);
    const widths = async () => bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("width"))));
    const before = await widths();
    assert.ok(before.some((w) => w > 0), "bars are drawn");
    assert.ok(await page.locator("#timeline .lane-label").count() >= 2, "an events lane and at least one side");
    await page.screenshot({ path: join(shots, "timeline.png") });
    const range = await page.locator("#tl-range").textContent();
    await page.click("[data-zoom=in]");
    assert.notEqual(await page.locator("#tl-range").textContent(), range, "zoom changes the range");
    await page.click("[data-zoom=reset]");
    assert.equal(await page.locator("#tl-range").textContent(), range);
  });

  await step("map draws countries and all districts", async () => {
    await page.goto(`${base}/map`);
    assert.equal(await page.locator("#map path.district").count(), 79);
    assert.ok(await page.locator("#map path.country").count() >= 4);
    const box = await page.locator("#map").boundingBox();
    assert.ok(box.width > 500 && box.height > 300, "the map has a size");
    await page.screenshot({ path: join(shots, "map.png") });
  });

  await step("timeline draws the seeds' events in lanes by the side that reports them", async () => {
    await page.goto(`${base}/timeline`);
    const events = await (await fetch(`${base}/api/events?limit=500`)).json();
    assert.ok(events.items.length > 0, "the seeds report events");
    const drawn = page.locator("#timeline rect.event");
    assert.ok(await drawn.count() > 0, "events are drawn");
    const widths = await drawn.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute("width"))));
    assert.ok(widths.some((w) => w > 0), "event bars have a width");
    const sides = await page.locator("#timeline g.lane.events").evaluateAll((gs) => gs.map((g) => g.dataset.side));
    const speakers = new Set(events.items.map((e) => (e.attribution.at(-1) || {}).speaker || "unattributed"));
    assert.ok(sides.length > 0 && sides.every((s) => speakers.has(s)), `lanes ${sides} are sides that report events`);
    await page.screenshot({ path: join(shots, "timeline-events.png"), fullPage: true });
  });

  await step("map colours districts by control records and the slider moves through their dates", async () => {
    await page.goto(`${base}/map`);
    const control = await (await fetch(`${base}/api/control?limit=500`)).json();
    assert.ok(control.items.length > 0, "the seeds say who holds places");
    assert.equal(await page.locator(".control-list li").count(), control.items.length);
    const slider = page.locator("#control-date");
    assert.ok(await slider.isEnabled(), "the slider is live");
    const last = Number(await slider.getAttribute("max"));
    const coloured = page.locator("#map path.district.controlled");
    const atEnd = await coloured.count();
    assert.ok(atEnd > 0, "districts are coloured by who holds them");
    const endLabel = await page.locator("#control-label").textContent();
    assert.match(endLabel, /^\d{4}-\d{2}-\d{2}$/);
    await page.screenshot({ path: join(shots, "map-control.png"), fullPage: true });
    if (last > 0) {
      await slider.fill("0");
      assert.notEqual(await page.locator("#control-label").textContent(), endLabel, "the date moves");
      assert.ok(await coloured.count() <= atEnd, "earlier, no more districts are held than later");
      await page.screenshot({ path: join(shots, "map-control-earliest.png"), fullPage: true });
    }
  });

  await step("contradictions view sets the seeds' 2,000 against 800 hectares side by side", async () => {
    await page.goto(`${base}/findings`);
    assert.ok(await page.locator("#findings").isVisible());
    const cards = page.locator("article.finding[data-kind=contradiction]");
    assert.ok(await cards.count() > 0, "a contradiction is shown");
    const card = cards.filter({ has: page.locator(".side .evidence mark", { hasText: /\b2,000 hectares$/ }) })
      .filter({ has: page.locator(".side .evidence mark", { hasText: /^800 hectares$/ }) }).first();
    assert.equal(await card.count(), 1, "the 2,000 vs 800 hectares contradiction");
    const sides = (await card.locator(".side .figure").allTextContents()).map((t) => t.trim());
    assert.equal(sides.length, 2);
    assert.ok(sides.some((t) => /^(≥ )?20 km²$/.test(t)) && sides.includes("8 km²"), `each source's figure in km²: ${sides}`);
    const ratio = Number((await card.locator("tr[data-figure=ratio] td").textContent()).trim());
    assert.equal(ratio, 2.5);
    // Reconcile's explanation may say two figures "cannot both be true"; no
    // source's figure is labelled true or false.
    const labels = (await card.locator("header, .side .figure, .side .meta").allTextContents()).join(" ");
    assert.doesNotMatch(labels, /\b(false|true|verdict)\b/i, "no verdict");
    assert.match(await card.locator(".explanation").textContent(), /20 \/ 8 = ratio 2\.5/, "the arithmetic is shown");
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, "findings.png"), fullPage: true });

    const link = card.locator(".side a.evidence-link", { has: page.locator("mark", { hasText: /^800 hectares$/ }) }).first();
    const [start, end] = (await link.getAttribute("data-span")).split("-").map(Number);
    await link.click();
    await page.waitForURL(/\/documents\/[0-9a-f]+\?hl=\d+-\d+#claim-/);
    const doc = await (await fetch(`${base}/api/documents/${new URL(page.url()).pathname.split("/").pop()}`)).json();
    const figure = new TextEncoder().encode(doc.document.text).slice(start, end);
    const mark = page.locator("mark[data-hl]");
    assert.equal(await mark.count(), 1, "one span highlighted");
    assert.equal((await mark.textContent()).trim(), new TextDecoder().decode(figure));
    assert.equal(await mark.evaluate((m) => getComputedStyle(m).outlineStyle), "solid");
    assert.ok(await mark.evaluate((m) => {
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }), "scrolled into view");
    await page.screenshot({ path: join(shots, "finding-evidence.png") });
  });
} finally {
  await browser.close();
  server.kill();
}

if (failures.length) {
  console.error(`\n${failures.length} failure(s):\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`\n${passed} browser checks passed; screenshots in ${shots}: ${readdirSync(shots).join(", ")}`);
