// UI tier: drive code-server's real VS Code web UI with headless Debian chromium
// (playwright-core): open the fixture workspace and leaky-cli/package.json, read
// the Leakguard problem in the Problems panel, open the quick-fix menu (Ctrl+.),
// apply "Add a "files" allowlist …", see the problem gone, revert the file.
// Recipe: shared/realclient/README.md §1.3 (selector gotchas are noted inline).
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../lib/code-server.mjs';

const RULE = 'publish-missing-files-allowlist';
const FIX = 'Add a "files" allowlist';
const FILE = 'leaky-cli/package.json';

/**
 * @param {object} o
 * @param {{url: string}} o.cs       running code-server
 * @param {string} o.workspace       absolute path of a throwaway copy of the fixture workspace
 * @param {string} o.shotDir         screenshots (always)
 * @param {string} [o.docsDir]       also write the README screenshots here
 * @param {string} [o.devPath]       load the extension from this folder instead of the installed vsix
 * @returns {Promise<{name: string, ok: boolean, error?: string, ms: number}[]>}
 */
export async function runUiTest({ cs, runDir, workspace, shotDir, docsDir, devPath, log = console.log }) {
  const t0 = Date.now();
  const step = (...a) => log(`  [${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  fs.mkdirSync(shotDir, { recursive: true });
  if (docsDir) fs.mkdirSync(docsDir, { recursive: true });
  const shot = async (page, name, forDocs) => {
    await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
    if (docsDir && forDocs) fs.copyFileSync(path.join(shotDir, `${name}.png`), path.join(docsDir, `${name}.png`));
  };
  const diskBefore = fs.readFileSync(path.join(workspace, FILE), 'utf8');
  const { ctx, page } = await launchChromium(runDir, { width: 1280, height: 800 });
  page.on('pageerror', (e) => step('pageerror:', e.message));
  const norm = (s) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  let error;
  try {
    let url = `${cs.url}/?folder=${encodeURIComponent(workspace)}`;
    if (devPath) {
      const authority = new URL(cs.url).host;
      url += `&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${authority}${devPath}`]]))}`;
    }
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    // the explorer lists the folder once the remote connection is up
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'leaky-cli' }).first().waitFor({ timeout: 60000 });
    step('workbench ready');

    // Quick Open (Ctrl+P). `.quick-input-widget input` first matches a hidden checkbox.
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible' });
    await page.keyboard.type(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'leaky-cli' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tab[data-resource-name="package.json"]', { timeout: 30000 });
    await page.waitForSelector('.monaco-editor .view-lines:has-text("leaky-cli")');
    step(`${FILE} open`);

    // Problems panel (Ctrl+Shift+M): wait for the Leakguard problem
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first();
    await row.waitFor({ timeout: 60000 });
    const rowText = norm(await row.innerText());
    step('PROBLEM:', rowText);
    if (!/leakguard/.test(rowText)) throw new Error(`problem row does not name the source "leakguard": ${rowText}`);
    await shot(page, 'problems-panel', true);

    // open the problem: Enter on the row puts the cursor on the diagnostic and focuses the editor
    await row.click();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.editor-group-container .monaco-editor.focused', { timeout: 10000 });

    // quick-fix menu (Ctrl+.). Clicking a row is intercepted by .context-view-pointerBlock,
    // so walk the focused row with the keyboard and press Enter.
    // A provider that is still starting (the built-in JSON server) can cancel the whole
    // request ("No code actions available"): retry Ctrl+. until a deadline.
    const item = page.locator('.action-widget .monaco-list-row', { hasText: FIX }).first();
    const menuDeadline = Date.now() + 30000;
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try { await item.waitFor({ timeout: 4000 }); break; } catch (e) {
        if (Date.now() > menuDeadline) throw e;
        step(`quick-fix menu attempt ${attempt} did not list "${FIX}", retrying`);
        await page.keyboard.press('Escape');
      }
    }
    step('QUICK FIX MENU:', norm(await page.locator('.action-widget').innerText()));
    await shot(page, 'quick-fix', true);
    for (let i = 0; i < 20; i++) {
      const focused = page.locator('.action-widget .monaco-list-row.focused').first();
      if ((await focused.count()) && norm(await focused.innerText()).includes(FIX)) break;
      await page.keyboard.press('ArrowDown');
      if (i === 19) throw new Error(`could not focus "${FIX}" in the quick-fix menu`);
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines:has-text("\\"files\\"")', { timeout: 20000 });
    step('fix applied: package.json now has "files"');
    await page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first().waitFor({ state: 'detached', timeout: 30000 });
    step('problem gone from the Problems panel:', norm(await page.locator('.markers-panel').innerText()).slice(0, 120));
    await shot(page, 'after-fix', false);

    // leave the buffer as it was: undo the fix in the focused editor (one undo step),
    // which also makes the buffer clean again; nothing was ever saved
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.waitForSelector('.editor-group-container .monaco-editor.focused');
    await page.keyboard.press('Control+Z');
    await page.locator('.editor-group-container .view-lines', { hasText: '"files"' }).first().waitFor({ state: 'detached', timeout: 10000 });
    await row.waitFor({ timeout: 30000 }); // the problem is back for the reverted buffer
    step('undone; problem back');
    // VS Code saves files touched by a lightbulb fix when `files.refactoring.autoSave` (default
    // true) applies to the edit; put the file on disk back as well
    if (fs.readFileSync(path.join(workspace, FILE), 'utf8') !== diskBefore) {
      step(`note: the fix was saved to disk (files.refactoring.autoSave); restoring ${FILE}`);
      fs.writeFileSync(path.join(workspace, FILE), diskBefore);
    }
  } catch (e) {
    error = e.message;
    step('FAIL:', e.message);
    await page.screenshot({ path: path.join(shotDir, 'failure.png') }).catch(() => {});
  } finally {
    await ctx.close().catch(() => {});
  }
  return [{ name: 'ui: Problems panel -> Ctrl+. -> quick fix -> problem gone', ok: !error, error, ms: Date.now() - t0 }];
}
