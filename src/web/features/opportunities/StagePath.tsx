import { Skeleton, Tooltip, VisuallyHidden } from '@mantine/core';
import type { OpportunityStage } from '../../../shared/sales-setup';
import { orderedStages } from './OpportunityFormModal';
import classes from './StagePath.module.css';

/**
 * The stage path as chevrons: the open stages in order, then won and lost. Stages before the
 * current one read as done. With `onSelect`, each other stage is a button that moves the deal.
 */
export function StagePath({
  stages,
  currentId,
  onSelect,
  disabled,
}: {
  stages: OpportunityStage[] | undefined;
  currentId: string;
  onSelect?: ((stage: OpportunityStage) => void) | undefined;
  disabled?: boolean;
}) {
  if (!stages) return <Skeleton height={46} />;
  const ordered = orderedStages(stages);
  const current = ordered.find((s) => s.id === currentId);
  const currentIndex = ordered.findIndex((s) => s.id === currentId);
  return (
    <ol className={classes.path} aria-label="Stage path">
      {ordered.map((s, i) => {
        const isCurrent = s.id === currentId;
        // Won deals went through every open stage; lost ones stopped somewhere unknown.
        const done =
          !isCurrent &&
          s.kind === 'open' &&
          (current?.kind === 'won' || (current?.kind === 'open' && i < currentIndex));
        const label = (
          <>
            <span className={classes.label}>{s.label}</span>
            <span className={classes.probability}>{s.probability}%</span>
          </>
        );
        const common = {
          className: classes.chevron,
          'data-current': isCurrent || undefined,
          'data-done': done || undefined,
          'data-kind': s.kind,
        };
        return (
          <li key={s.id} className={classes.step} aria-current={isCurrent ? 'step' : undefined}>
            {onSelect && !isCurrent ? (
              <Tooltip label={`Move to ${s.label}`} withArrow openDelay={300}>
                <button
                  type="button"
                  {...common}
                  disabled={disabled}
                  onClick={() => onSelect(s)}
                  aria-label={`Move to ${s.label}`}
                >
                  {label}
                </button>
              </Tooltip>
            ) : (
              <div {...common}>
                {label}
                {isCurrent && <VisuallyHidden> (current stage)</VisuallyHidden>}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
