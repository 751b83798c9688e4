// An operator in Chromium: signs in to /admin, writes an announcement, previews it, confirms, and follows the
// broadcast's progress bar from the start to 100 %. Prints every value the bar showed.
// Usage: node admin-check.mjs BASE_URL TOKEN EXPECTED_RECIPIENTS SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, token, expectedText, shots] = process.argv.slice(2);
const expected = Number(expectedText);
if (!base || !token || !expected || !shots) { console.error('usage: node admin-check.mjs BASE_URL TOKEN EXPECTED_RECIPIENTS SCREENSHOT_DIR'); process.exit(2); }
mkdirSync(shots, { recursive: true });
const fail = (why) => { throw new Error(why); };
const step = (name) => console.log('ok   ' + name);
const problems = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', locale: 'en-GB' });
  const page = await context.newPage();
  // Resource errors are checked by status below (the first, deliberate 401 and the browser's own favicon.ico are expected).
  let signedIn = false;
  page.on('console', (m) => { if (signedIn && m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('response', (r) => { if (signedIn && r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} for ${r.url()}`); });
  page.setDefaultTimeout(15000);

  const first = await page.goto(base + '/admin/broadcasts');
  if (first.status() !== 401) fail('without a session /admin/broadcasts answered ' + first.status());
  await page.getByLabel(/console secret/i).fill(token);
  await page.keyboard.press('Enter');
  await page.waitForURL(base + '/admin');
  signedIn = true;
  step('signed in with the console secret');
  await page.screenshot({ path: shots + '/admin-overview.png', fullPage: true });

  await page.getByRole('link', { name: 'Broadcasts' }).click();
  const subscribed = Number(await page.locator('#subscriptions tr[data-channel="telegram"][data-topic=""] [data-metric="subscriptions"]').innerText());
  if (subscribed !== expected) fail(`the subscriptions table shows ${subscribed} telegram subscriptions to everything, expected ${expected}`);
  step(`subscriptions by channel and topic: telegram, everything: ${subscribed}`);
  await page.getByLabel(/text in fr/i).fill('Rappel : la date limite approche. Répondez /optout pour le guide.');
  await page.getByLabel(/text in en/i).fill('Reminder: the deadline is near. Reply /optout for the guide.');
  await page.getByRole('button', { name: 'Preview' }).click();
  const recipients = Number(await page.locator('[data-metric="recipients"]').innerText());
  if (recipients !== expected) fail(`the preview counts ${recipients} recipients, expected ${expected}`);
  if (!(await page.locator('.preview[lang="en"]').innerText()).includes('Reminder: the deadline')) fail('no English preview');
  await page.screenshot({ path: shots + '/admin-confirm.png', fullPage: true });
  step(`preview per language, ${recipients} recipients, a confirmation step`);

  await page.getByRole('button', { name: /^Send to \d+ recipients$/ }).click();
  await page.waitForURL(/\/admin\/broadcasts\?queued=\d+/);
  const id = new URL(page.url()).searchParams.get('queued');
  const bar = page.locator(`tr[data-id="${id}"]:not([data-channel]) progress`);
  const channelRow = page.locator(`tr[data-id="${id}"][data-channel="telegram"]`);
  if (await channelRow.count() !== 1) fail('no telegram row under the broadcast');
  const rates = new Set();
  const etas = new Set();
  const seen = [];
  const started = Date.now();
  let shotMid = false;
  while (Date.now() - started < 150000) {
    const value = await bar.evaluate((p) => Math.round((p.value / p.max) * 100));
    if (seen[seen.length - 1] !== value) seen.push(value);
    rates.add(await channelRow.locator('[data-field="rate"]').innerText());
    etas.add(await channelRow.locator('[data-field="eta"]').innerText());
    if (!shotMid && value > 0 && value < 100) { shotMid = true; await page.screenshot({ path: shots + '/admin-progress.png', fullPage: true }); }
    if (value >= 100) break;
    await page.waitForTimeout(150);
  }
  console.log('progress bar showed: ' + seen.join(' → ') + ' %');
  if (seen[seen.length - 1] !== 100) fail('the bar did not reach 100 % within 150 s');
  if (!seen.some((v) => v < 100)) fail('the bar was already full: nothing to follow');
  for (let i = 1; i < seen.length; i++) if (seen[i] < seen[i - 1]) fail('the bar went backwards: ' + seen.join(', '));
  const row = page.locator(`tr[data-id="${id}"]:not([data-channel])`);
  await page.waitForFunction((id) => document.querySelector(`tr[data-id="${id}"] [data-field="eta"]`).textContent === 'done', id);
  const sent = Number(await row.locator('[data-field="sent"]').innerText());
  if (sent !== expected) fail(`the row says ${sent} sent, expected ${expected}`);
  await page.screenshot({ path: shots + '/admin-done.png', fullPage: true });
  step(`followed broadcast #${id} from ${seen[0]} % to 100 %: ${sent} sent`);
  await page.waitForFunction((id) => document.querySelector(`tr[data-id="${id}"][data-channel="telegram"] [data-field="eta"]`).textContent === 'done', id);
  const channelSent = Number(await channelRow.locator('[data-field="sent"]').innerText());
  const channelPercent = await channelRow.locator('[data-field="percent"]').innerText();
  if (channelSent !== expected || channelPercent !== '100 %') fail(`the telegram row says ${channelSent} sent, ${channelPercent}`);
  const shownRates = [...rates].filter((r) => /^\d+\/s$/.test(r));
  const shownEtas = [...etas].filter((e) => /^\d+ (s|min)$/.test(e));
  console.log('telegram rate shown: ' + shownRates.join(', ') + '; time left shown: ' + shownEtas.join(', '));
  if (!shownRates.length) fail('the telegram row never showed a rate');
  if (!shownEtas.length) fail('the telegram row never showed a time left');
  step(`per channel: telegram ${channelSent} sent, ${channelPercent}, a rate and a time left while sending`);

  const width = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  if (width > 0) fail('the console scrolls sideways by ' + width + ' px');
  if (problems.length) fail(problems.join('\n'));
  console.log('admin check passed');
} catch (e) {
  console.error('FAIL ' + e.message);
  try { const pages = browser.contexts().flatMap((c) => c.pages()); if (pages[0]) await pages[0].screenshot({ path: shots + '/admin-failure.png', fullPage: true }); } catch { /* best effort */ }
  process.exitCode = 1;
} finally {
  await browser.close();
}
