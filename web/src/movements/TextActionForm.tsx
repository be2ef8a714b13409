import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The text an action asks for before it runs (a reason, a note, a justification): a labelled text
 * box, the confirming button and a way back. `help` shows above the box and `after` below it; both
 * describe the box.
 */
export function TextActionForm(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onBack: () => void;
  confirm: string;
  busy: boolean;
  confirmClass?: 'primary' | 'danger';
  rows?: number;
  minLength?: number;
  help?: (id: string) => ReactNode;
  after?: (id: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const described = [props.help && `${id}-help`, props.after && `${id}-after`].filter(Boolean).join(' ');
  return (
    <form
      className="action-text"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-text`}>{props.label}</label>
        {props.help?.(`${id}-help`)}
        <textarea
          id={`${id}-text`}
          dir="auto"
          rows={props.rows ?? 3}
          required={props.minLength !== undefined}
          minLength={props.minLength}
          value={props.value}
          aria-describedby={described || undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
        {props.after?.(`${id}-after`)}
      </div>
      <div className="form-actions">
        <button type="submit" className={props.confirmClass ?? 'primary'} disabled={props.busy}>
          {props.confirm}
        </button>
        <button type="button" onClick={props.onBack}>
          {t('movements.actions.back')}
        </button>
      </div>
    </form>
  );
}
