/**
 * Opens a rendered HTML report in headless Chromium from a file:// URL and records what a reviewer of a security
 * report cares about: every request the page makes, every dialog, every console error and every
 * Content-Security-Policy violation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium } from './ensure-chromium.js';

export const ARTIFACTS_DIR = resolve('test-artifacts/browser');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}

export interface OpenedReport {
  page: Page;
  context: BrowserContext;
  url: string;
  /** Every URL the page requested, the report itself included. */
  requests: string[];
  dialogs: string[];
  consoleErrors: string[];
  /** CSP violations, as "directive blocked-uri". */
  violations(): Promise<string[]>;
}

export interface OpenOptions {
  /** Ignore the page's Content-Security-Policy, to test the escaping on its own. */
  bypassCsp?: boolean;
}

/** Writes the report to test-artifacts/browser/NAME.html and opens it; resolves when the page script is done. */
export async function openReport(browser: Browser, html: string, name: string, options: OpenOptions = {}): Promise<OpenedReport> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = resolve(ARTIFACTS_DIR, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: options.bypassCsp ?? false });
  const requests: string[] = [];
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];
  // Nothing may leave the machine: anything but the report itself is recorded and refused.
  await context.route((target) => target.protocol !== 'file:', (route) => route.abort());
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.addInitScript(() => {
    const record: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: record });
    document.addEventListener('securitypolicyviolation', (event) => record.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return {
    page, context, url, requests, dialogs, consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.slice()),
  };
}

/**
 * The values of `attribute` (or, with `text`, the text) of the elements matching `selector` that are rendered (neither they nor an ancestor
 * has `display: none`, and they are not `visibility: hidden`), sorted. checkVisibility() cannot be used: it says
 * true for SVG content under `display: none`; nor can a non-empty box, since a horizontal edge has no height.
 */
export async function visibleValues(page: Page, selector: string, attribute: string | { text: true }): Promise<string[]> {
  return page.evaluate(
    ([sel, attr]) => {
      const rendered = (element: Element): boolean => {
        if (getComputedStyle(element).visibility === 'hidden') return false;
        for (let at: Element | null = element; at; at = at.parentElement) if (getComputedStyle(at).display === 'none') return false;
        return true;
      };
      const read = (element: Element) => (typeof attr === 'string' ? element.getAttribute(attr) : element.textContent) ?? '';
      return Array.from(document.querySelectorAll(sel)).filter(rendered).map(read).sort();
    },
    [selector, attribute] as const,
  );
}
