// An operator in Chromium, at desktop and phone width, light and dark: signs in to /admin, opens the unanswered
// questions, and with the keyboard only adds the first group's question as an example of its nearest topic. Checks
// every control has a label, the page does not scroll sideways, and the outcome is announced (role=status).
// Usage: node admin-questions-check.mjs BASE_URL TOKEN QUESTION TOPIC SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, token, question, topic, shots] = process.argv.slice(2);
if (!base || !token || !question || !topic || !shots) { console.error('usage: node admin-questions-check.mjs BASE_URL TOKEN QUESTION TOPIC SCREENSHOT_DIR'); process.exit(2); }
mkdirSync(shots, { recursive: true });
const fail = (why) => { throw new Error(why); };
const step = (name) => console.log('ok   ' + name);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
try {
  const setups = [
    ['desktop-dark', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }],
    ['phone-light', { viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true }],
  ];
  for (const [name, options] of setups) {
    const context = await browser.newContext({ ...options, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    await page.goto(base + '/admin/questions');
    await page.getByLabel(/console secret/i).fill(token);
    await page.keyboard.press('Enter');
    await page.waitForURL(base + '/admin');
    await page.goto(base + '/admin/questions');

    // Every form control is labelled (a visible <label for>), and the page fits the width.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
      .filter((c) => !(c.labels && c.labels.length && c.labels[0].textContent.trim())).map((c) => c.outerHTML.slice(0, 60)));
    if (unlabelled.length) fail(`${name}: unlabelled controls: ${unlabelled.join(' | ')}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    if (overflow > 0) fail(`${name}: the questions page scrolls sideways by ${overflow} px`);
    const card = page.locator('section.question', { has: page.getByRole('heading', { name: `“${question}”` }) });
    if (await card.count() !== 1) fail(`${name}: no group headed “${question}”`);
    if (await card.locator(`.nearest li[data-topic="${topic}"]`).count() !== 1) fail(`${name}: ${topic} is not among the nearest topics`);
    await page.screenshot({ path: `${shots}/admin-questions-${name}.png`, fullPage: true });
    step(`${name}: group “${question}” with ${topic} among its nearest topics; every control labelled; no sideways scroll`);
    await context.close();
  }

  // The keyboard path (last setup's session is gone; one more, desktop light): focus the select, pick, Tab, Enter.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(base + '/admin/questions');
  await page.getByLabel(/console secret/i).fill(token);
  await page.keyboard.press('Enter');
  await page.waitForURL(base + '/admin');
  await page.goto(base + '/admin/questions');
  const card = page.locator('section.question', { has: page.getByRole('heading', { name: `“${question}”` }) });
  const select = card.getByLabel('Add as an example of');
  await select.focus();
  await select.selectOption(topic);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
  if (focused !== 'Add example') fail('Tab from the topic list does not reach its button but: ' + focused);
  await page.keyboard.press('Enter');
  await page.waitForLoadState('domcontentloaded');
  const status = page.getByRole('status');
  const said = await status.first().innerText();
  if (!said.includes('the content is valid and reloaded') || !said.includes(`now ${topic}`)) fail('the outcome is not announced: ' + said);
  if (await page.getByRole('heading', { name: `“${question}”` }).count() !== 0) fail('the taught group is still listed');
  await page.screenshot({ path: `${shots}/admin-questions-added.png`, fullPage: true });
  step(`keyboard only: "${question}" added as an example of ${topic}; announced: ${said.slice(0, 80)}…`);
  console.log('admin questions check passed');
} catch (e) {
  console.error('FAIL ' + e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
