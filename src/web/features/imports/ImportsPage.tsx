import {
  Button,
  Card,
  Group,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAddressBook,
  IconArrowRight,
  IconBuildingSkyscraper,
  IconBuildingStore,
  IconId,
  IconMagnet,
  type Icon,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ImportEntity } from '../../../shared/imports';
import { NotFoundContent } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../lib/session';
import {
  ENTITY_DESCRIPTIONS,
  IMPORT_ENTITY_LABELS,
  importableEntities,
  isImportEntity,
} from './entities';
import { FileStep } from './FileStep';
import { ImportHistory } from './ImportHistory';
import { WizardSteps } from './WizardSteps';

const ICONS: Record<ImportEntity, Icon> = {
  leads: IconMagnet,
  accounts: IconBuildingSkyscraper,
  contacts: IconId,
  partners: IconBuildingStore,
  consultants: IconAddressBook,
};

/**
 * /imports: the first two steps of the wizard (what to import, the file) and the history of
 * earlier imports. Uploading creates a run; the rest of the wizard lives at /imports/:id so a
 * reload, or coming back later, finds the import where it was. `?entity=leads` (the list pages
 * link so) starts at the file step.
 */
export function ImportsPage() {
  const me = useCurrentUser();
  const allowed = importableEntities(me);
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('entity');
  const only = allowed.length === 1 ? allowed[0] : undefined;
  const entity: ImportEntity | undefined =
    isImportEntity(fromUrl) && allowed.includes(fromUrl) ? fromUrl : only;
  const [choice, setChoice] = useState<ImportEntity | null>(entity ?? null);

  if (allowed.length === 0) return <NotFoundContent />;

  const choose = (e: ImportEntity | null) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        if (e) q.set('entity', e);
        else q.delete('entity');
        return q;
      },
      { replace: false },
    );

  return (
    <>
      <PageHeader
        title="Import"
        description="Bring records in from a spreadsheet or another system: check a preview before anything changes, and undo an import if it went wrong."
      />
      <Card padding="lg">
        <WizardSteps active={entity ? 1 : 0} />
        {entity ? (
          <FileStep
            entity={entity}
            onBack={
              only
                ? undefined
                : () => {
                    setChoice(entity);
                    choose(null);
                  }
            }
          />
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (choice) choose(choice);
            }}
          >
            <Stack gap="md">
              <Radio.Group
                value={choice}
                onChange={(v) => setChoice(isImportEntity(v) ? v : null)}
                label={
                  <Title order={3} size="h4" component="span">
                    What do you want to import?
                  </Title>
                }
                description="Only what you may create is offered."
              >
                <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} mt="sm">
                  {allowed.map((e) => {
                    const EntityIcon = ICONS[e];
                    return (
                      <Radio.Card
                        key={e}
                        value={e}
                        p="md"
                        radius="md"
                        aria-label={IMPORT_ENTITY_LABELS[e]}
                        aria-describedby={`import-entity-${e}`}
                      >
                        <Group wrap="nowrap" align="flex-start" gap="sm">
                          <Radio.Indicator mt={8} />
                          <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
                            <EntityIcon size={20} stroke={1.6} />
                          </ThemeIcon>
                          <div>
                            <Text fw={600}>{IMPORT_ENTITY_LABELS[e]}</Text>
                            <Text size="sm" c="dimmed" id={`import-entity-${e}`}>
                              {ENTITY_DESCRIPTIONS[e]}
                            </Text>
                          </div>
                        </Group>
                      </Radio.Card>
                    );
                  })}
                </SimpleGrid>
              </Radio.Group>
              <Group justify="flex-end">
                <Button
                  type="submit"
                  disabled={!choice}
                  rightSection={<IconArrowRight size={16} />}
                >
                  Next
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Card>
      <ImportHistory />
    </>
  );
}
