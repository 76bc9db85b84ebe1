import type { ComponentType } from 'react';
import { EngineBanner } from './components/EngineBanner';
import { Sidebar } from './components/Sidebar';
import { routeSegments, useHashRoute } from './hooks/useHashRoute';
import { ActivityPage } from './pages/ActivityPage';
import { ComposePage } from './pages/ComposePage';
import { ContainersPage } from './pages/ContainersPage';
import { ContainerDetailsPage } from './pages/container/ContainerDetailsPage';
import { DashboardPage } from './pages/DashboardPage';
import { DiskUsagePage } from './pages/DiskUsagePage';
import { EventsPage } from './pages/EventsPage';
import { EnginePage } from './pages/EnginePage';
import { ImagesPage } from './pages/ImagesPage';
import { LogsPage } from './pages/LogsPage';
import { NetworkDetailsPage } from './pages/NetworkDetailsPage';
import { NetworksPage } from './pages/NetworksPage';
import { PluginsPage } from './pages/PluginsPage';
import { RegistryPage } from './pages/RegistryPage';
import { VolumeDetailsPage } from './pages/VolumeDetailsPage';
import { VolumesPage } from './pages/VolumesPage';

/** Pages for a route with more segments (`#/containers/<id>/<tab>`), given the (decoded) segments after the page name. */
const DETAIL_PAGES: Record<string, ComponentType<{ path: string[] }>> = {
  containers: ContainerDetailsPage,
  volumes: VolumeDetailsPage,
  networks: NetworkDetailsPage,
  logs: LogsPage,
  compose: ComposePage,
};

const PAGES: Record<string, ComponentType> = {
  dashboard: DashboardPage,
  containers: ContainersPage,
  compose: ComposePage,
  images: ImagesPage,
  registry: RegistryPage,
  volumes: VolumesPage,
  networks: NetworksPage,
  disk: DiskUsagePage,
  events: EventsPage,
  activity: ActivityPage,
  plugins: PluginsPage,
  engine: EnginePage,
  logs: LogsPage,
};

export function App() {
  const route = useHashRoute('dashboard');
  const [page = 'dashboard', ...rest] = routeSegments(route);
  const Page = PAGES[page] ?? DashboardPage;
  const DetailPage = rest.some(Boolean) ? DETAIL_PAGES[page] : undefined;
  return (
    <div className="flex h-full">
      <Sidebar active={PAGES[page] ? page : 'dashboard'} />
      <main className="flex min-w-0 flex-1 flex-col">
        <EngineBanner />
        <div className="min-h-0 flex-1 overflow-auto">
          {DetailPage ? <DetailPage path={rest} /> : <Page />}
        </div>
      </main>
    </div>
  );
}
