import { lazy, type ComponentType } from 'react';
import type { ContainerDetails } from '../../../../common/contract';
import { OverviewTab } from './OverviewTab';
import { InspectTab } from './InspectTab';
import { FilesTab } from './FilesTab';
import { ContainerStatsTab } from '../../components/stats/ContainerStatsTab';
import { ContainerLogsTab } from '../../components/logs/ContainerLogsTab';

/** One tab of the container details page; each feature (overview, logs, stats, …) registers its own. */
export interface ContainerTab {
  /** Used in the route: `#/containers/<id>/<tab id>`. */
  id: string;
  label: string;
  /** Rendered once the page has loaded the container; `container` stays current as the engine reports changes. */
  Component: ComponentType<{ containerId: string; container: ContainerDetails }>;
}

/** xterm is large: it loads with the Terminal tab, not with the app. */
const TerminalTab = lazy(() => import('./TerminalTab').then((module) => ({ default: module.TerminalTab })));

export const CONTAINER_TABS: ContainerTab[] = [
  { id: 'overview', label: 'Overview', Component: OverviewTab },
  { id: 'logs', label: 'Logs', Component: ContainerLogsTab },
  { id: 'inspect', label: 'Inspect', Component: InspectTab },
  { id: 'terminal', label: 'Terminal', Component: TerminalTab },
  { id: 'files', label: 'Files', Component: FilesTab },
  { id: 'stats', label: 'Stats', Component: ContainerStatsTab },
];
