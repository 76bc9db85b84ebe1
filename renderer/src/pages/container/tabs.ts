import type { ComponentType } from 'react';

/** One tab of the container details page; each feature (overview, logs, stats, …) registers its own. */
export interface ContainerTab {
  /** Used in the route: `#/containers/<id>/<tab id>`. */
  id: string;
  label: string;
  Component: ComponentType<{ containerId: string }>;
}

export const CONTAINER_TABS: ContainerTab[] = [];
