import { lazy, Suspense, type ComponentProps } from 'react';
import type { RunDialog } from './RunDialog';

/**
 * The run / edit / duplicate dialog in its own chunk, fetched when first opened: its form, fields and command preview
 * are most of the list pages' script, and the Containers and Images lists paint without them.
 */
const LoadedRunDialog = lazy(async () => ({ default: (await import('./RunDialog')).RunDialog }));

export function LazyRunDialog(props: ComponentProps<typeof RunDialog>) {
  return (
    <Suspense fallback={null}>
      <LoadedRunDialog {...props} />
    </Suspense>
  );
}
