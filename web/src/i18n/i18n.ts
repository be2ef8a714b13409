import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const languages = ['en', 'zh', 'ur'] as const;
export type Language = (typeof languages)[number];

type Messages = { [key: string]: string | Messages };

/**
 * Each language's messages, one file per top-level key (`en/map.json` holds `map.*`), so each
 * screen keeps its own strings.
 */
const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' });
const resources = Object.fromEntries(
  languages.map((language) => [
    language,
    {
      translation: Object.fromEntries(
        Object.entries(files)
          .filter(([file]) => file.startsWith(`./${language}/`))
          .map(([file, messages]) => [file.slice(language.length + 3, -'.json'.length), messages]),
      ),
    },
  ]),
);

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
  resources,
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
