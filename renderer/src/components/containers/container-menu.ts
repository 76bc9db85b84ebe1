import type { ContainerSummary } from '../../../../common/contract';
import type { RowMenuItem } from '../RowMenu';
import { portLink, uniquePorts } from './PortLinks';

/** A container row's ⋮ menu: where to go with it, and what else can be done with it. */
export function containerMenuItems(container: ContainerSummary, actions: { edit(): void; remove(): void }): RowMenuItem[] {
  const base = `#/containers/${container.id}`;
  const published = uniquePorts(container.ports).map(portLink).find((href): href is string => Boolean(href));
  return [
    { label: 'Logs', href: `${base}/logs` },
    { label: 'Terminal', href: `${base}/terminal`, disabled: container.state !== 'running' },
    ...(published ? [{ label: `Open ${published.replace(/^http:\/\//, '')} in the browser`, href: published, external: true }] : []),
    { label: 'Inspect', href: `${base}/inspect` },
    { label: 'Copy id', onSelect: () => void navigator.clipboard?.writeText(container.id) },
    { label: 'Edit…', onSelect: actions.edit },
    { label: 'Remove…', onSelect: actions.remove, danger: true },
  ];
}
