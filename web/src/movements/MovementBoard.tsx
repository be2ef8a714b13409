import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request, urlOf, type Answer } from '../api/client.js';
import { navigate, useQuery } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useSiteNames } from '../registry/useSiteNames.js';
import { LevelBadge } from '../risk/LevelBadge.js';
import {
  closedStates,
  filterNames,
  filtersOf,
  movementsPath,
  movementStates,
  openStates,
  passes,
  type Filters,
  type Movement,
  type MovementState,
} from './movement.js';
import { BreakGlassFlag } from './BreakGlassFlag.js';
import { PlaceName } from './PlaceName.js';

type Page = Answer<'/api/v1/movements', 'get'>;
/** The board shows the soonest 500; the API's paging limit. */
const boardSize = 500;

/**
 * The movement board: a column per open state, the closed ones folded below, each movement a card.
 * The filters are in the address; the state goes to the API, the rest filter the loaded page.
 */
export function MovementBoard() {
  const { t } = useTranslation();
  const me = useMe();
  const query = useQuery();
  const filters = filtersOf(query);
  const key = JSON.stringify(filters);
  const page = useApi(() => {
    const url = urlOf('/api/v1/movements', {}, { limit: boardSize, state: filters.state });
    return request<Page>('GET', url);
  }, [filters.state]);
  const { names } = useSiteNames();
  const shown = (page.data?.items ?? []).filter((m) => passes(m, filters, me));
  const inState = (state: MovementState) => shown.filter((m) => m.state === state);
  const closedCount = closedStates.reduce((sum, s) => sum + inState(s).length, 0);

  return (
    <section className="panel movement-board" aria-labelledby="movements-title">
      <h1 id="movements-title">{t('movements.board.title')}</h1>
      <FilterForm key={key} filters={filters} />
      {page.loading && !page.data && <Loading />}
      {page.error !== undefined && <ErrorState error={page.error} onRetry={page.reload} />}
      {page.data && shown.length === 0 && <Empty>{t('movements.board.empty')}</Empty>}
      {page.data?.next && <p className="hint">{t('movements.board.more', { count: boardSize })}</p>}
      {shown.length > 0 && (
        <>
          <div className="board-columns" aria-busy={page.loading}>
            {openStates.map((state) => (
              <Column key={state} state={state} movements={inState(state)} names={names} />
            ))}
          </div>
          <details className="board-closed" open={closedStates.includes(filters.state as MovementState)}>
            <summary>
              {t('movements.board.closed', { count: closedCount, formatted: formatNumber(closedCount) })}
            </summary>
            <div className="board-columns">
              {closedStates.map((state) => (
                <Column key={state} state={state} movements={inState(state)} names={names} />
              ))}
            </div>
          </details>
        </>
      )}
    </section>
  );
}

function Column(props: { state: MovementState; movements: Movement[]; names: Map<string, string> }) {
  const { t } = useTranslation();
  const id = `column-${props.state}`;
  return (
    <section className="board-column" aria-labelledby={id} data-state={props.state}>
      <h2 id={id}>
        {t(`enums.movementState.${props.state}`)}{' '}
        <span className="count">{formatNumber(props.movements.length)}</span>
      </h2>
      {props.movements.length === 0 ? (
        <p className="hint">{t('movements.board.none')}</p>
      ) : (
        <ul>
          {props.movements.map((movement) => (
            <li key={movement.id}>
              <MovementCard movement={movement} names={props.names} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MovementCard({ movement, names }: { movement: Movement; names: Map<string, string> }) {
  const { t } = useTranslation();
  const me = useMe();
  const passengers = movement.passengers?.length;
  return (
    <article className="movement-card" data-state={movement.state}>
      <h3>
        <AppLink to={movementsPath(encodeURIComponent(movement.id))}>
          {movement.purpose ?? t('movements.withheld')}
        </AppLink>
      </h3>
      <p className="route-ends">
        <PlaceName place={movement.origin} names={names} />
        <span aria-hidden="true" className="arrow">
          {' '}
          {t('movements.arrow')}{' '}
        </span>
        <span className="visually-hidden">{t('movements.to')}</span>
        <PlaceName place={movement.destination} names={names} />
      </p>
      <dl className="card-facts">
        <div>
          <dt>{t('movements.field.plannedDeparture')}</dt>
          <dd>{formatDate(movement.plannedDeparture, true)}</dd>
        </div>
        <div>
          <dt>{t('movements.field.risk')}</dt>
          <dd>
            {movement.riskLevel ? <LevelBadge level={movement.riskLevel} /> : t('movements.notAssessed')}
          </dd>
        </div>
        <div>
          <dt>{t('movements.field.passengers')}</dt>
          <dd>{passengers === undefined ? t('movements.withheld') : formatNumber(passengers)}</dd>
        </div>
        <div>
          <dt>{t('movements.field.state')}</dt>
          <dd>
            <span className="state-tag">{t(`enums.movementState.${movement.state}`)}</span>
            {movement.partyId !== me.partyId && <span className="side-tag">{t('movements.otherParty')}</span>}
          </dd>
        </div>
      </dl>
      <BreakGlassFlag movement={movement} compact />
    </article>
  );
}

/** The filters as typed; applying them puts them in the address, which reloads the board. */
function FilterForm({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Filters>(filters);
  const set = (name: keyof Filters, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const input = (name: keyof Filters, type = 'text') => (
    <div className="field" key={name}>
      <label htmlFor={`movement-filter-${name}`}>{t(`movements.filter.${name}`)}</label>
      <input
        id={`movement-filter-${name}`}
        name={name}
        type={type}
        dir="auto"
        value={values[name] ?? ''}
        onChange={(e) => set(name, e.target.value)}
      />
    </div>
  );
  const choice = (name: keyof Filters, options: readonly string[], label: (o: string) => string) => (
    <div className="field" key={name}>
      <label htmlFor={`movement-filter-${name}`}>{t(`movements.filter.${name}`)}</label>
      <select
        id={`movement-filter-${name}`}
        name={name}
        value={values[name] ?? ''}
        onChange={(e) => set(name, e.target.value)}
      >
        <option value="">{t('movements.filter.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('movements.filter.label')}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(movementsPath('', { ...values }));
      }}
    >
      <div className="field-grid">
        {input('q')}
        {choice('state', movementStates, (s) => t(`enums.movementState.${s}`))}
        {choice('minLevel', ['2', '3', '4', '5', '6'], (l) =>
          t('movements.filter.atLeast', {
            level: t('riskScreen.levelName', { level: l, name: t(`riskScreen.levels.${l}`) }),
          }),
        )}
        {choice('side', ['ours', 'theirs'], (s) => t(`movements.filter.sides.${s}`))}
        {input('from', 'date')}
        {input('to', 'date')}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('movements.filter.apply')}
        </button>
        {filterNames.some((name) => filters[name]) && (
          <button type="button" onClick={() => navigate(movementsPath())}>
            {t('movements.filter.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
