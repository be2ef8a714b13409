import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ur from './ur.json';
import zh from './zh.json';

export const languages = ['en', 'zh', 'ur'] as const;
export type Language = (typeof languages)[number];

/** BCP 47 tags for Intl: Pakistani Urdu, mainland Simplified Chinese. */
export const locales: Record<Language, string> = { en: 'en-GB', zh: 'zh-CN', ur: 'ur-PK' };

const storageKey = 'jsms.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  if (languages.includes(stored as Language)) return stored as Language;
  const browser = navigator.language.slice(0, 2);
  return languages.includes(browser as Language) ? (browser as Language) : 'en';
}

/** Sets the document's language and direction: Urdu mirrors the layout right to left. */
function applyToDocument(language: Language) {
  document.documentElement.lang = locales[language];
  document.documentElement.dir = i18next.dir(language);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh }, ur: { translation: ur } },
  lng: initialLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18next.language as Language);
i18next.on('languageChanged', (language) => {
  localStorage.setItem(storageKey, language);
  applyToDocument(language as Language);
});

export function currentLocale(): string {
  return locales[(i18next.language as Language) ?? 'en'] ?? 'en-GB';
}

export default i18next;
