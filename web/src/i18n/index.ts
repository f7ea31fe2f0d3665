import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import vi from './vi.json';

type Messages = Record<string, unknown>;
/**
 * Each module's pages keep their strings in their own pair of files, `<module>.vi.json` and
 * `<module>.en.json`, under one top-level key named after the module (people.vi.json → `people.*`),
 * so that work on one module never edits another's strings. The shared strings stay in vi/en.json.
 * Vietnamese is in the first page; English, which most users never choose, is loaded when it is
 * (about a third of the first page's JavaScript otherwise).
 */
const viModules = import.meta.glob<Messages>('./*.vi.json', { eager: true, import: 'default' });
const enFiles = import.meta.glob<Messages>(['./en.json', './*.en.json'], { import: 'default' });

function merged(base: Messages, modules: Messages[]): Messages {
  return Object.assign({ ...base }, ...modules);
}

let english: Promise<void> | undefined;
/** Loads the English strings once (the language switch and a stored choice of English call it). */
export function loadEnglish(): Promise<void> {
  english ??= Promise.all(
    Object.entries(enFiles).map(async ([path, load]) => ({ path, messages: await load() })),
  ).then((parts) => {
    const base = parts.find((p) => p.path === './en.json')?.messages ?? {};
    const modules = parts.filter((p) => p.path !== './en.json').map((p) => p.messages);
    i18n.addResourceBundle('en', 'translation', merged(base, modules), true, true);
  });
  return english;
}

type Language = 'vi' | 'en';
const STORAGE_KEY = 'ytcs.lang';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

function apply(lang: string) {
  document.documentElement.lang = lang;
  setApiLanguage(lang);
}

const initial = storedLanguage();
void i18n.use(initReactI18next).init({
  resources: { vi: { translation: merged(vi, Object.values(viModules)) } },
  partialBundledLanguages: true,
  // The page shows English as soon as its strings arrive.
  react: { bindI18nStore: 'added' },
  lng: initial,
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});
apply(initial);

if (initial === 'en') void loadEnglish();

i18n.on('languageChanged', (lang) => {
  apply(lang);
  if (lang === 'en') void loadEnglish();
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // No storage: the choice lasts for this page only.
  }
});

export default i18n;
