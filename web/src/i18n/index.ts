import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import en from './en.json';
import vi from './vi.json';

type Messages = Record<string, unknown>;
/**
 * Each module's pages keep their strings in their own pair of files, `<module>.vi.json` and
 * `<module>.en.json`, under one top-level key named after the module (people.vi.json → `people.*`),
 * so that work on one module never edits another's strings. The shared strings stay in vi/en.json.
 */
const moduleFiles = import.meta.glob<Messages>('./*.{vi,en}.json', { eager: true, import: 'default' });
function withModules(base: Messages, lang: 'vi' | 'en'): Messages {
  const merged: Messages = { ...base };
  for (const [path, messages] of Object.entries(moduleFiles)) {
    if (path.endsWith(`.${lang}.json`)) Object.assign(merged, messages);
  }
  return merged;
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
  resources: {
    vi: { translation: withModules(vi, 'vi') },
    en: { translation: withModules(en, 'en') },
  },
  lng: initial,
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});
apply(initial);

i18n.on('languageChanged', (lang) => {
  apply(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // No storage: the choice lasts for this page only.
  }
});

export default i18n;
