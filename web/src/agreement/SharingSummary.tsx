import { useTranslation } from 'react-i18next';
import { directions, entities, type EntitySummary, type FieldRule, entitySummary } from './sharing.js';

/** What each party shares with the other, entity by entity: the fields and who sees locations how precisely. */
export function SharingSummary({ document }: { document: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <div className="sharing-summary">
      {directions.map((direction) => (
        <section key={direction} aria-labelledby={`sharing-${direction}`}>
          <h4 id={`sharing-${direction}`}>{t(`agreements.direction.${direction}`)}</h4>
          <div className="sharing-entities">
            {entities.map((entity) => (
              <EntityRules
                key={entity}
                entity={entity}
                summary={entitySummary(document, direction, entity)}
              />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function EntityRules({ entity, summary }: { entity: string; summary: EntitySummary }) {
  const { t } = useTranslation();
  const title = t(`agreements.entity.${entity}`);
  if (summary.records === 'none')
    return (
      <div className="sharing-entity">
        <h5>{title}</h5>
        <p className="muted">{t('agreements.nothingShared')}</p>
      </div>
    );
  return (
    <div className="sharing-entity">
      <h5>{title}</h5>
      <table className="records">
        <caption>{t('agreements.fieldsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agreements.field')}</th>
            <th scope="col">{t('agreements.shared')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.fields.map(({ name, rule }) => (
            <tr key={name}>
              <th scope="row">{t(`registry.field.${name}`)}</th>
              <td className={`rule-${rule.rule}`}>
                <RuleText rule={rule} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('agreements.unlistedNever')}</p>
      <table className="records">
        <caption>{t('agreements.locationCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agreements.role')}</th>
            <th scope="col">{t('agreements.precision')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.locationByRole.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                {t('agreements.noLocation')}
              </td>
            </tr>
          )}
          {summary.locationByRole.map(({ role, precision }) => (
            <tr key={role}>
              <th scope="row">{t(`roles.${role}`)}</th>
              <td>{t(`agreements.precisionOf.${precision}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary.exactWhen.length > 0 && (
        <p className="hint">
          {t('agreements.exactWhen', {
            conditions: summary.exactWhen.map((c) => conditionLabel(t, c)).join(', '),
          })}
        </p>
      )}
    </div>
  );
}

function conditionLabel(
  t: (key: string, options?: Record<string, unknown>) => string,
  condition: string,
): string {
  const [name, level] = condition.split(':');
  if (name === 'riskLevelAtLeast') return t('agreements.condition.riskLevelAtLeast', { level });
  return ['movement', 'sos', 'clearance'].includes(name!) ? t(`agreements.condition.${name}`) : condition;
}

function RuleText({ rule }: { rule: FieldRule }) {
  const { t } = useTranslation();
  if (rule.rule === 'when')
    return (
      <>
        {t('agreements.rule.when', {
          conditions: rule.conditions.map((c) => conditionLabel(t, c)).join(', '),
        })}
      </>
    );
  return <>{t(`agreements.rule.${rule.rule}`)}</>;
}
