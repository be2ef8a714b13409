import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { languages, type Language } from '../i18n/i18n.js';

/** Each language named in itself, so anyone can find their own whatever the screen shows now. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const choose = async (language: string) => {
    await i18n.changeLanguage(language);
    // Kept with the account too, so it follows the user to another browser; the screen has
    // already switched, and a failure here only means the next browser starts in its own language.
    if (me) await api.put('/api/v1/me/language', { language: language as Language }).catch(() => undefined);
  };
  return (
    <label className="language">
      <span className="visually-hidden">{t('language.label')}</span>
      <select value={i18n.language} onChange={(e) => void choose(e.target.value)}>
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
