import type { ComponentType } from 'react';
import { EngineBanner } from './components/EngineBanner';
import { Sidebar } from './components/Sidebar';
import { useHashRoute } from './hooks/useHashRoute';
import { ContainersPage } from './pages/ContainersPage';
import { DashboardPage } from './pages/DashboardPage';
import { EnginePage } from './pages/EnginePage';
import { ImagesPage } from './pages/ImagesPage';
import { NetworksPage } from './pages/NetworksPage';
import { VolumesPage } from './pages/VolumesPage';

const PAGES: Record<string, ComponentType> = {
  dashboard: DashboardPage,
  containers: ContainersPage,
  images: ImagesPage,
  volumes: VolumesPage,
  networks: NetworksPage,
  engine: EnginePage,
};

export function App() {
  const route = useHashRoute('dashboard');
  const page = route.split('/')[0] ?? 'dashboard';
  const Page = PAGES[page] ?? DashboardPage;
  return (
    <div className="flex h-full">
      <Sidebar active={PAGES[page] ? page : 'dashboard'} />
      <main className="flex min-w-0 flex-1 flex-col">
        <EngineBanner />
        <div className="min-h-0 flex-1 overflow-auto">
          <Page />
        </div>
      </main>
    </div>
  );
}
