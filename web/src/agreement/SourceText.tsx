import { useTranslation } from 'react-i18next';

/** An agreement's text as written, with line numbers (left to right in every language: it is YAML). */
export function SourceText({ source, label }: { source: string; label: string }) {
  const { t } = useTranslation();
  const lines = source.replace(/\n$/, '').split('\n');
  return (
    <figure className="source" aria-label={label}>
      <figcaption className="visually-hidden">{label}</figcaption>
      <div className="source-scroll" tabIndex={0} role="region" aria-label={t('agreements.textRegion')}>
        <table className="source-lines" dir="ltr">
          <tbody>
            {lines.map((line, index) => (
              <tr key={index}>
                <th scope="row">{index + 1}</th>
                <td>
                  <code>{line || ' '}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
