import { Stepper } from '@mantine/core';

export const WIZARD_STEPS = ['Object', 'File', 'Options', 'Field mapping', 'Preview', 'Import'];

/**
 * Where the import stands. Steps are not buttons: going back happens with the Back buttons of
 * each step, which know what can still be changed.
 */
export function WizardSteps({ active }: { active: number }) {
  return (
    <Stepper
      active={active}
      size="sm"
      iconSize={28}
      allowNextStepsSelect={false}
      aria-label="Import steps"
      mb="lg"
      wrap={false}
      styles={{ steps: { overflowX: 'auto', paddingBottom: 4 } }}
    >
      {WIZARD_STEPS.map((label, i) => (
        <Stepper.Step
          key={label}
          label={label}
          aria-current={i === active ? 'step' : undefined}
          allowStepSelect={false}
        />
      ))}
    </Stepper>
  );
}
