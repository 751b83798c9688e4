// Headless-browser check of the web chat page, as a person on a phone would use it, by keyboard.
// Usage: node page-check.mjs BASE_URL   (CHROMIUM=/path overrides /usr/bin/chromium)
// Prints one line per step; exits 1 with the reason on the first failure.
import { chromium } from 'playwright-core';

const base = process.argv[2];
if (!base) { console.error('usage: node page-check.mjs BASE_URL'); process.exit(2); }

const problems = [];
const step = (name) => console.log('ok   ' + name);
const fail = (why) => { throw new Error(why); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', colorScheme: 'dark', javaScriptEnabled: true });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push('external request: ' + r.url()); });
  page.setDefaultTimeout(10000);

  const botCount = () => page.locator('#log .msg.bot').count();
  const waitForBot = async (before) => {
    await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n && !document.getElementById('log').hasAttribute('aria-busy'), before);
  };

  const response = await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  if (!response.ok()) fail('page answered ' + response.status());
  await waitForBot(0);
  step('page loads and greets (' + await botCount() + ' message)');

  const log = page.locator('#log');
  if (await log.getAttribute('role') !== 'log' || await log.getAttribute('aria-live') !== 'polite') fail('transcript is not role=log aria-live=polite');
  const input = page.getByLabel(/question/i);
  if (await input.count() !== 1) fail('the question input has no label');
  step('transcript is a polite live log; the input is labelled');

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) fail('page is ' + width + ' px wide at a 360 px viewport (horizontal scrolling)');
  step('fits a 360 px wide screen');

  // Reach the input by keyboard alone.
  await page.locator('body').focus();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.id === 'q');
  }
  if (!reached) fail('the question input cannot be reached with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  if (outline === 'none') fail('focused input shows no focus outline');
  step('input reachable with Tab, focus visible');

  let before = await botCount();
  await page.keyboard.type("comment m'opposer sur insta ?");
  await page.keyboard.press('Enter');
  await waitForBot(before);
  const mine = await page.locator('#log .msg.me').last().innerText();
  if (!mine.includes("m'opposer sur insta")) fail('the question is not shown in the transcript');
  const answer = page.locator('#log .msg.bot').last();
  if (!(await answer.getAttribute('lang'))) fail('bot message has no lang attribute');
  step('question answered: "' + (await answer.innerText()).split('\n').find((l) => l.trim() && !l.startsWith('OptOutBot'))?.slice(0, 60) + '"');

  if (await page.locator('#log img, #log script, #log iframe').count() > 0) fail('markup from a reply became live HTML');
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: process.env.SCREENSHOT_DIR + '/answer-dark.png', fullPage: true });

  const links = answer.locator('a[target="_blank"]');
  for (let i = 0; i < await links.count(); i++) {
    const rel = await links.nth(i).getAttribute('rel');
    if (!rel || !rel.includes('noopener') || !rel.includes('noreferrer')) fail('a link opens a new tab without rel="noopener noreferrer"');
  }

  const choices = answer.locator('.choices button');
  if (await choices.count() > 0) {
    before = await botCount();
    await choices.first().focus();
    await page.keyboard.press('Enter');
    await waitForBot(before);
    step('choice pressed with the keyboard: answered');
  }

  before = await botCount();
  await page.locator('button[data-lang="en"]').click();
  await waitForBot(before);
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  if (await page.locator('#log .msg.bot').last().getAttribute('lang') !== 'en') fail('after switching to English the reply is not marked lang=en');
  if (await page.locator('button[data-lang="en"]').getAttribute('aria-pressed') !== 'true') fail('language switch does not show its state');
  if (!(await page.locator('#send').innerText()).includes('Send')) fail('page labels did not switch to English');
  step('language switch to English');

  before = await botCount();
  await page.locator('#forget').click();
  await waitForBot(before);
  step('forget me answered');

  const cookies = await context.cookies();
  if (cookies.length) fail('the page set cookies: ' + cookies.map((c) => c.name).join(', '));
  const stored = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
  if (stored.local.length) fail('the page wrote localStorage: ' + stored.local.join(', '));
  if (!stored.session.includes('optoutbot.conversationId')) fail('no conversation id in sessionStorage');
  step('no cookies, nothing in localStorage, conversation id in sessionStorage only');

  if (dialogs.length) fail('a script ran: ' + dialogs.join(', '));
  if (process.env.SCREENSHOT_DIR) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: process.env.SCREENSHOT_DIR + '/end-light.png', fullPage: true });
  }
  if (problems.length) fail(problems.join('\n'));
  step('no console errors, no CSP violations, no external requests');
  console.log('page check passed');
} catch (e) {
  console.error('FAIL ' + e.message);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
