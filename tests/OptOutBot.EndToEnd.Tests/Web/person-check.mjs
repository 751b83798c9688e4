// Drives the chat page in Chromium the way a person does, on one screen set-up, and checks what they would see:
// after every answer the new bubble starts on screen and each new button is inside the window, not hidden under the
// sticky bar or form (document.elementFromPoint at its centre is the button), and nothing scrolls sideways.
// Paths: the Instagram guide from its first step to "sent", a clarification, the language switch, Forget.
// Usage: node person-check.mjs BASE_URL SETUP SCREENSHOT_DIR
//   SETUP: desktop-light | desktop-dark | phone-light | phone-dark | zoom200   (CHROMIUM=/path overrides /usr/bin/chromium)
// Prints one line per step; exits 1 with the reason on the first failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, setupName, shots] = process.argv.slice(2);
const setups = {
  'desktop-light': { viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  'desktop-dark': { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
  'phone-light': { viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  'phone-dark': { viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  // A 1280×900 laptop at 200 % zoom lays the page out in 640×450 CSS pixels; with reduced motion asked for.
  'zoom200': { viewport: { width: 640, height: 450 }, colorScheme: 'light', deviceScaleFactor: 2, reducedMotion: 'reduce' },
};
const setup = setups[setupName];
if (!base || !setup || !shots) { console.error('usage: node person-check.mjs BASE_URL ' + Object.keys(setups).join('|') + ' SCREENSHOT_DIR'); process.exit(2); }
mkdirSync(shots, { recursive: true });

const problems = [];
const step = (name) => console.log('ok   ' + setupName + ': ' + name);
const fail = (why) => { throw new Error(setupName + ': ' + why); };
let shot = 0;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({ ...setup, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push('external request: ' + r.url()); });
  page.setDefaultTimeout(15000);

  const snap = async (name) => { shot++; await page.screenshot({ path: `${shots}/${setupName}-${String(shot).padStart(2, '0')}-${name}.png` }); };
  const botCount = () => page.locator('#log .msg.bot').count();

  // Runs one turn (act), waits for the answer and for scrolling to settle, returns the endpoint's JSON.
  const turn = async (act) => {
    const before = await botCount();
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/chat')), act()]);
    const reply = await response.json();
    await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n && !document.getElementById('log').hasAttribute('aria-busy'), before);
    await settle();
    return { reply, before };
  };
  const settle = () => page.evaluate(() => new Promise((done) => {
    let last = -1, same = 0;
    const tick = () => { if (window.scrollY === last) { if (++same > 8) { done(); return; } } else { same = 0; last = window.scrollY; } requestAnimationFrame(tick); };
    tick();
  }));

  // What the person sees of the answer that starts at bot message index `from`.
  const geometry = (from) => page.evaluate((from) => {
    const bar = document.getElementById('bar').getBoundingClientRect();
    const sticky = getComputedStyle(document.getElementById('bar')).position === 'sticky';
    const form = document.getElementById('ask').getBoundingClientRect();
    const top = sticky ? bar.bottom : 0;
    const bottom = Math.min(form.top, window.innerHeight);
    const bubbles = [...document.querySelectorAll('#log .msg.bot')].slice(from);
    const first = bubbles[0].getBoundingClientRect();
    const last = bubbles[bubbles.length - 1].getBoundingClientRect();
    const describe = (b) => (b.textContent || '').trim().slice(0, 40);
    const hidden = [];
    const buttons = bubbles.flatMap((b) => [...b.querySelectorAll('button, a.linkbutton')]);
    for (const b of buttons) {
      const r = b.getBoundingClientRect();
      const inside = r.left >= 0 && r.right <= window.innerWidth && r.top >= top - 0.5 && r.bottom <= bottom + 0.5;
      const hit = inside ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
      if (!inside) hidden.push(`"${describe(b)}" outside the visible area (top ${Math.round(r.top)}, bottom ${Math.round(r.bottom)}, visible ${Math.round(top)}–${Math.round(bottom)})`);
      else if (!hit || !(hit === b || b.contains(hit))) hidden.push(`"${describe(b)}" covered by ${hit ? hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + (hit.className ? '.' + hit.className : '') : 'nothing'}`);
    }
    return {
      fits: last.bottom - first.top <= bottom - top,
      startVisible: first.top >= top - 0.5 && first.top < bottom,
      startAt: Math.round(first.top), top: Math.round(top), bottom: Math.round(bottom),
      buttons: buttons.length, hidden,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  }, from);

  // Every answer: its start on screen; every new button visible and uncovered (after scrolling, when the answer is
  // taller than the screen: then the start comes first, as a reader needs it); nothing wider than the window.
  const checkAnswer = async (from, what) => {
    const g = await geometry(from);
    if (g.overflow > 0) fail(`${what}: the page is ${g.overflow} px wider than the window (horizontal scrolling)`);
    if (!g.startVisible) fail(`${what}: the answer starts at y=${g.startAt}, outside the visible area ${g.top}–${g.bottom}`);
    if (g.fits && g.hidden.length) fail(`${what}: ${g.hidden.length} of ${g.buttons} new buttons not visible: ${g.hidden.join('; ')}`);
    if (!g.fits) {
      const covered = await page.evaluate((from) => {
        const result = [];
        const buttons = [...document.querySelectorAll('#log .msg.bot')].slice(from).flatMap((b) => [...b.querySelectorAll('button, a.linkbutton')]);
        for (const b of buttons) {
          b.scrollIntoView({ block: 'center', behavior: 'instant' });
          const r = b.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (!(hit && (hit === b || b.contains(hit)))) result.push((b.textContent || '').trim().slice(0, 40));
        }
        return result;
      }, from);
      if (covered.length) fail(`${what}: buttons of a long answer covered even when scrolled to: ${covered.join('; ')}`);
    }
    return g;
  };
  const focusIs = (selector) => page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector);
  const lastChoices = () => page.locator('#log .choices:not(.past)').last().locator('button');

  // 1. Greeting.
  const loaded = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
  const response = await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  if (!response.ok()) fail('page answered ' + response.status());
  await loaded;
  await page.waitForFunction(() => document.querySelectorAll('#log .msg.bot').length > 0 && !document.getElementById('log').hasAttribute('aria-busy'));
  await settle();
  await checkAnswer(0, 'greeting');
  await snap('greeting');
  step('greeting: start and buttons visible');

  // 2. A clarification, answered with the keyboard.
  // First, while the conversation has no topic yet: after a guide, "formulaire" is read as a follow-up of it.
  const input = page.getByLabel(/question/i);
  await input.focus();
  let t = await turn(async () => { await page.keyboard.type('formulaire'); await page.keyboard.press('Enter'); });
  if (t.reply.outcome !== 'clarify') fail('"formulaire" was expected to ask which topic (got ' + t.reply.outcome + ')');
  let g = await checkAnswer(t.before, 'clarification');
  await snap('clarify');
  const candidate = lastChoices().first();
  t = await turn(async () => { await candidate.focus(); await page.keyboard.press('Enter'); });
  await checkAnswer(t.before, 'clarification answered');
  step(`clarification: ${g.buttons} candidates visible; the pressed one answered (${t.reply.topic || t.reply.flowStep})`);

  // 3. The guide, by typing and then by keyboard presses on the first choice of each step.
  await input.focus();
  t = await turn(async () => { await page.keyboard.type("comment m'opposer sur instagram ?"); await page.keyboard.press('Enter'); });
  if (!t.reply.flowStep) fail('the question did not start the guide (outcome ' + t.reply.outcome + ')');
  if (!(await focusIs('#q'))) fail('after typing, focus left the question input');
  g = await checkAnswer(t.before, 'guide start');
  await snap('guide-start');
  step(`guide starts at ${t.reply.flowStep}; ${g.buttons} buttons visible; focus stays in the input`);

  const visited = [t.reply.flowStep];
  for (let i = 0; i < 10 && !/\/sent$/.test(t.reply.flowStep || ''); i++) {
    const previous = page.locator('#log .choices:not(.past)').last().locator('button');
    const label = await previous.first().innerText();
    t = await turn(async () => { await previous.first().focus(); await page.keyboard.press('Enter'); });
    if (!t.reply.flowStep) fail(`pressing "${label}" left the guide (outcome ${t.reply.outcome})`);
    visited.push(t.reply.flowStep);
    g = await checkAnswer(t.before, 'step ' + t.reply.flowStep);
    if (await lastChoices().count() > 0 && !(await focusIs('#log .choices:not(.past) button'))) fail(`after pressing "${label}", focus is not on the new step's first choice`);
    const stale = await page.locator('#log .choices.past button:not([disabled])').count();
    if (stale) fail(`${stale} buttons of earlier steps still active at ${t.reply.flowStep}`);
    if (i === 0) await snap('guide-step2');
  }
  if (!/\/sent$/.test(t.reply.flowStep || '')) fail('the guide did not reach its last step: ' + visited.join(' → '));
  if (await page.locator('#log .choices.past button').count() === 0) fail('no earlier step buttons were retired');
  await snap('guide-sent');
  step(`guide followed to the end: ${visited.join(' → ')}; every step's buttons visible, focus on its first choice, earlier ones disabled`);


  // French typography: no ordinary (breakable) space before ? ! : ; » or after « in French bubbles.
  const badFrench = await page.evaluate(() => [...document.querySelectorAll('#log .msg.bot[lang="fr"]')]
    .map((b) => b.textContent).filter((s) => / [?!:;»]|« /.test(s)).map((s) => s.match(/.{0,20}( [?!:;»]|« ).{0,5}/)[0]));
  if (badFrench.length) fail('French punctuation can wrap onto its own line: ' + badFrench.slice(0, 3).join(' | '));
  step('French text keeps ? ! : ; « » with their word');

  // French source lines: "Source :" or "Sources :" by count, French dates (« 14 avr. 2025 », never US style).
  const frenchSources = await page.locator('#log .msg.bot[lang="fr"] .sources').allInnerTexts();
  if (!frenchSources.length) fail('no French answer with sources on the path');
  for (const s of frenchSources) {
    const count = (s.match(/·/g) || []).length + 1;
    if (!s.startsWith(count === 1 ? 'Source\u00a0: ' : 'Sources\u00a0: ')) fail(`"${s.slice(0, 30)}…" has ${count} source(s) and the wrong label`);
    if (/[A-Z][a-z]{2} \d{1,2}, \d{4}/.test(s) || /\d{1,2}\/\d{1,2}\/\d{4}/.test(s)) fail('non-French date in French text: ' + s);
  }
  step(`French answers: ${frenchSources.length} source line(s) labelled by count (Source : / Sources :), French dates`);

  // The web page cannot push: no bubble asks the person to /subscribe, no button offers news.
  const pushPrompts = await page.evaluate(() => [...document.querySelectorAll('#log .msg.bot')].map((b) => b.textContent).filter((s) => /\/subscribe|\/rappels|Recevoir les nouvelles|Get the news/i.test(s)).map((s) => s.slice(0, 60)));
  if (pushPrompts.length) fail('the web page offers subscriptions it cannot deliver: ' + pushPrompts.join(' | '));
  step('no /subscribe prompt on the web page (it cannot push)');

  // 4. Language switch from the toolbar, which is on screen without scrolling back up.
  const en = page.locator('button[data-lang="en"]');
  const barVisible = await en.evaluate((b) => { const r = b.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return r.top >= 0 && r.bottom <= innerHeight && !!hit && (hit === b || b.contains(hit)); });
  const sticky = await page.evaluate(() => getComputedStyle(document.getElementById('bar')).position === 'sticky');
  if (sticky && !barVisible) fail('the language button is not on screen after a long conversation');
  if (!sticky) await en.scrollIntoViewIfNeeded();
  t = await turn(() => en.click());
  if (await page.evaluate(() => document.documentElement.lang) !== 'en') fail('the page did not switch to English');
  if (!(await page.locator('#send').innerText()).includes('Send')) fail('page labels did not switch to English');
  await checkAnswer(t.before, 'language switch');
  step('language switch from the ' + (sticky ? 'sticky toolbar (no scrolling)' : 'toolbar (scrolls away at this height)'));

  // English dates are British, and "Source"/"Sources" follows the count.
  await input.focus();
  t = await turn(async () => { await page.keyboard.type('is whatsapp affected?'); await page.keyboard.press('Enter'); });
  await checkAnswer(t.before, 'English answer');
  const sources = await page.locator('#log .msg.bot').nth(t.before).locator('.sources').allInnerTexts();
  for (const s of sources) {
    const count = (s.match(/·/g) || []).length + 1;
    if (!s.startsWith(count === 1 ? 'Source: ' : 'Sources: ')) fail(`"${s.slice(0, 30)}…" has ${count} source(s) and the wrong label`);
    if (/[A-Z][a-z]{2} \d{1,2}, \d{4}/.test(s)) fail('US-style date in English text: ' + s);
    if (!/\d{1,2} [A-Z][a-z]{2,3} \d{4}/.test(s)) fail('no British-style date in: ' + s);
  }
  await snap('english-answer');
  step(`English answer: ${sources.length} source line(s) labelled by count, dates like 14 Apr 2025`);

  // 5. Forget, confirmed: the conversation is erased, the language stays English.
  const forget = page.locator('#forget');
  if (!sticky) await forget.scrollIntoViewIfNeeded();
  t = await turn(() => forget.click());
  await checkAnswer(t.before, 'forget confirmation');
  if (!(await focusIs('#log .choices:not(.past) button'))) fail('after pressing Forget, focus is not on the confirmation');
  await snap('forget-confirm');
  t = await turn(() => page.keyboard.press('Enter'));
  if (t.reply.locale !== 'en') fail('the "forget" answer is not in English');
  await input.focus();
  t = await turn(async () => { await page.keyboard.type('hello'); await page.keyboard.press('Enter'); });
  if (t.reply.locale !== 'en' || await page.evaluate(() => document.documentElement.lang) !== 'en') fail('after Forget the page went back to ' + t.reply.locale);
  await checkAnswer(t.before, 'after forget');
  await snap('after-forget');
  step('Forget confirmed by keyboard; the next answer is still in English');

  if (problems.length) fail(problems.join('\n'));
  step('no console errors, no CSP violations, no external requests');
  console.log('person check passed: ' + setupName);
} catch (e) {
  console.error('FAIL ' + e.message);
  if (problems.length) console.error(problems.join('\n'));
  try { const pages = browser.contexts().flatMap((c) => c.pages()); if (pages[0]) await pages[0].screenshot({ path: `${shots}/${setupName}-failure.png` }); } catch { /* best effort */ }
  process.exitCode = 1;
} finally {
  await browser.close();
}
