// The example resume in a real browser: every section, the visitor counter
// and its rules for people, reloads and bots.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { firstPage, gotoCounted, launch, OTHER_UA, reloadCounted } from '../lib/browser.js';
import { resumeJSON, startSite, stats, visits } from '../lib/site.js';

// The sections of a JSON Resume, in page order: id, heading, and how many
// entries the resume has for it.
const SECTIONS = [
  ['about', 'About', (r) => (r.basics?.summary ? 1 : 0)],
  ['work', 'Experience', (r) => r.work?.length ?? 0],
  ['projects', 'Projects', (r) => r.projects?.length ?? 0],
  ['skills', 'Skills', (r) => r.skills?.length ?? 0],
  ['education', 'Education', (r) => r.education?.length ?? 0],
  ['certificates', 'Certificates', (r) => r.certificates?.length ?? 0],
  ['awards', 'Awards', (r) => r.awards?.length ?? 0],
  ['publications', 'Publications', (r) => r.publications?.length ?? 0],
  ['volunteer', 'Volunteering', (r) => r.volunteer?.length ?? 0],
  ['languages', 'Languages', (r) => r.languages?.length ?? 0],
  ['interests', 'Interests', (r) => r.interests?.length ?? 0],
  ['references', 'References', (r) => r.references?.length ?? 0],
];

// What each entry of a section shows as its h3.
const ENTRY_TITLE = {
  work: (e) => e.position,
  projects: (e) => e.name,
  skills: (e) => e.name,
  education: (e) => e.studyType,
  certificates: (e) => e.name,
  awards: (e) => e.title,
  publications: (e) => e.name,
  volunteer: (e) => e.position,
  languages: (e) => e.language,
  interests: (e) => e.name,
  references: (e) => e.name,
};

// COUNTER is the counter's text: "N visitors · M views".
const COUNTER = /^([\d,]+) visitors? · ([\d,]+) views?$/;

function counterText({ visitors, views }) {
  const n = (x, word) => `${x.toLocaleString('en-US')} ${word}${x === 1 ? '' : 's'}`;
  return `${n(visitors, 'visitor')} · ${n(views, 'view')}`;
}

describe('the resume site', () => {
  let site;
  let person;
  before(async () => {
    site = await startSite();
    person = await launch();
  });
  after(async () => {
    await person?.close();
    await site?.stop();
  });

  test('the example resume renders every section it has', async () => {
    const resume = await resumeJSON(site);
    const page = await firstPage(person);
    const requests = [];
    page.on('request', (req) => requests.push(req.url()));
    await gotoCounted(page, site.url + '/');

    assert.equal((await page.locator('h1').innerText()).trim(), resume.basics.name);
    assert.equal(await page.title(), `${resume.basics.name} – ${resume.basics.label}`);

    const present = SECTIONS.filter(([, , count]) => count(resume) > 0);
    assert.ok(present.length >= 10, `the example should fill most sections, has ${present.length}`);
    const headings = await page.locator('main section > h2').allInnerTexts();
    const want = present.map(([, heading]) => heading);
    assert.deepEqual(headings.filter((h) => h !== 'Contact'), want);

    for (const [id, heading, count] of present) {
      const section = page.locator(`section#${id}`);
      assert.ok(await section.isVisible(), `section #${id} is not visible`);
      assert.equal((await section.locator('h2').innerText()).trim(), heading);
      // The section is linked from the navigation: its row (or "More"), and the small screens' menu.
      assert.equal(await page.locator(`.nav-row a[href="#${id}"]`).count(), 1, `no nav link to #${id} in the row`);
      assert.equal(await page.locator(`.nav-menu a[href="#${id}"]`).count(), 1, `no nav link to #${id} in the menu`);
      const title = ENTRY_TITLE[id];
      if (title) {
        const entries = resume[id];
        const h3 = (await section.locator('h3').allInnerTexts()).map((t) => t.trim());
        assert.equal(h3.length, count(resume), `#${id}: ${h3.length} entries shown of ${count(resume)}`);
        entries.forEach((e, i) => {
          assert.ok(h3[i].startsWith(title(e)), `#${id} entry ${i}: "${h3[i]}" does not start with "${title(e)}"`);
        });
      }
    }
    const about = await page.locator('#about').innerText();
    assert.ok(about.includes(resume.basics.summary.split(/\s+/).slice(0, 6).join(' ')), 'the summary is not shown');

    // Everything the page loads comes from the site itself.
    const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== site.url);
    assert.deepEqual(foreign, [], 'requests to other hosts');
  });

  test('the counter shows the visitors and views', async () => {
    const page = await firstPage(person);
    const res = await gotoCounted(page, site.url + '/');
    assert.equal(res.status(), 200);
    const counts = await visits(site);
    const counter = page.locator('#visits');
    await counter.waitFor({ state: 'visible' });
    const text = (await counter.innerText()).trim();
    assert.match(text, COUNTER);
    assert.equal(text, counterText(counts));
    assert.deepEqual(await res.json(), counts, 'the page shows what the API answered');
  });

  test('a reload adds a view and not a visitor', async () => {
    const page = await firstPage(person);
    await gotoCounted(page, site.url + '/');
    const before = await visits(site);
    await reloadCounted(page);
    const after = await visits(site);
    assert.equal(after.views, before.views + 1, 'views');
    assert.equal(after.visitors, before.visitors, 'visitors');
    await page.locator('#visits').waitFor({ state: 'visible' });
    assert.equal((await page.locator('#visits').innerText()).trim(), counterText(after));
  });

  test('another browser adds a visitor', async () => {
    const before = await visits(site);
    const other = await launch({ userAgent: OTHER_UA });
    try {
      const page = await firstPage(other);
      assert.equal(await page.evaluate(() => navigator.userAgent), OTHER_UA);
      await gotoCounted(page, site.url + '/');
      const after = await visits(site);
      assert.equal(after.visitors, before.visitors + 1, 'visitors');
      assert.equal(after.views, before.views + 1, 'views');
      await page.locator('#visits').waitFor({ state: 'visible' });
      assert.equal((await page.locator('#visits').innerText()).trim(), counterText(after));
    } finally {
      await other.close();
    }
  });

  test('an automated browser is counted as a bot', async () => {
    const before = await visits(site);
    const statsBefore = await stats(site);
    const bot = await launch({ human: false });
    try {
      const page = await firstPage(bot);
      const res = await gotoCounted(page, site.url + '/');
      assert.equal(await page.evaluate(() => navigator.webdriver), true);
      assert.equal(res.request().postDataJSON().automated, true, 'the page tells the API it is automated');
      assert.equal(res.status(), 200);
      // A second view from the same bot changes nothing either.
      await reloadCounted(page);
      const after = await visits(site);
      assert.deepEqual(after, before, 'a bot changed the public counts');
      const statsAfter = await stats(site);
      assert.equal(statsAfter.visits.bots, statsBefore.visits.bots + 2, 'bot views are counted apart');
      // The page still reads fine for the bot.
      assert.equal(await page.locator('h1').count(), 1);
    } finally {
      await bot.close();
    }
  });
});
