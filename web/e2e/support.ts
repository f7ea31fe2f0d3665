/**
 * What the browser tests share: the server's address and the browser, set up by
 * scripts/run-browser-tests.mjs (YTCS_BASE_URL, YTCS_CHROMIUM, YTCS_SCREENSHOTS).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const BASE_URL = process.env.YTCS_BASE_URL ?? 'http://127.0.0.1:3000';
export const DEMO_PASSWORD = process.env.YTCS_DEMO_PASSWORD ?? 'ytcs-demo-2025';
export const SCREENSHOTS = process.env.YTCS_SCREENSHOTS ?? 'test-results/screenshots';
const FAILURES = join(SCREENSHOTS, '..', 'failures');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.YTCS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * One browser for a test file: launched before its tests, closed after them. Call at the top of the
 * file; the function it returns gives the browser inside a test.
 */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet');
    return browser;
  };
}

/**
 * A day `days` before today as the server counts days (Vietnam's calendar), YYYY-MM-DD: from 17:00 UTC
 * on, UTC's date is a day behind it.
 */
export function dayMinus(days = 0): string {
  return new Date(Date.now() - days * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Asia/Ho_Chi_Minh',
  });
}

/** A fresh browser profile (no cookies, no stored language) at a given size. */
export async function newPage(
  browser: Browser,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    baseURL: BASE_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return { context, page };
}

/** A link of the main navigation (the side bar, or the phone's menu once opened). */
export function nav(page: Page, name: string | RegExp) {
  return page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name });
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().includes('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel(/^Mật khẩu/).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * Opens the signed-in user's own unit (its overview): station staff and village health workers land
 * on their worklist at `/`, managers on their unit. Returns the unit's code.
 */
export async function openOwnUnit(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { unitCode: string };
  if (!new URL(page.url()).pathname.startsWith(`/units/${me.unitCode}`))
    await page.goto(`/units/${me.unitCode}`);
  await page.waitForURL(new RegExp(`/units/${me.unitCode}$`));
  return me.unitCode;
}

/** Lower case without diacritics, the way people type on a phone: "Xã Hải Sơn" → "xa hai son". */
export function withoutDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** A page's screenshot into the folder the README names, once the page has settled. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Runs a test body; when it fails, keeps a screenshot of what the page showed. */
export async function capturingFailure(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    mkdirSync(FAILURES, { recursive: true });
    await page
      .screenshot({ path: join(FAILURES, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true })
      .catch(() => {});
    throw error;
  }
}

/**
 * Sends a JSON request with the signed-in page's session (its cookie and CSRF token), as the web app
 * does: for setting up what a test needs through the API. Fails on a refusal, with the server's words.
 */
export async function apiSend<T>(
  page: Page,
  method: 'POST' | 'PATCH',
  url: string,
  body: unknown,
): Promise<T> {
  const csrf = await page.evaluate(() => sessionStorage.getItem('ytcs.csrf') ?? '');
  const res = await page.request.fetch(url, { method, data: body, headers: { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}
