import { lazy, Suspense, useCallback, useState, type ComponentType, type FunctionComponent } from 'react';
import { EngineBanner } from './components/EngineBanner';
import { CommandPalette } from './components/palette/CommandPalette';
import { useThemeSetting } from './components/settings/useThemeSetting';
import { PageErrorBoundary } from './components/shell/PageErrorBoundary';
import { PageLoading } from './components/shell/PageLoading';
import { Toasts } from './components/shell/Toasts';
import { useGlobalShortcuts } from './components/shell/useGlobalShortcuts';
import { useHostCommands } from './components/shell/useHostCommands';
import { NAV_ITEMS, Sidebar } from './components/Sidebar';
import { useNotifications } from './hooks/useNotifications';
import { routeSegments, useHashRoute } from './hooks/useHashRoute';
import { NotFoundPage } from './pages/NotFoundPage';

/**
 * Each page is its own chunk, loaded when first opened: the shell (sidebar, banner) paints without waiting for
 * recharts, xterm or CodeMirror, which only the pages that draw them pull in.
 */
function lazyPage<P extends object>(load: () => Promise<Record<string, unknown>>, name: string): LazyPage<P> {
  let loading: Promise<Record<string, unknown>> | undefined;
  const preload = () => (loading ??= load());
  const Lazy = lazy(async () => ({ default: (await preload())[name] as ComponentType<P> }));
  return Object.assign((props: P) => <Lazy {...props} />, { preload });
}

/** A page in its own chunk; `preload` starts fetching it before React first renders (the page the app opens on). */
type LazyPage<P> = FunctionComponent<P> & { preload(): Promise<unknown> };

const ActivityPage = lazyPage(() => import('./pages/ActivityPage'), 'ActivityPage');
const ComposePage = lazyPage<{ path?: string[] }>(() => import('./pages/ComposePage'), 'ComposePage');
const ContainersPage = lazyPage(() => import('./pages/ContainersPage'), 'ContainersPage');
const ContainerDetailsPage = lazyPage<{ path: string[] }>(() => import('./pages/container/ContainerDetailsPage'), 'ContainerDetailsPage');
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');
const DiskUsagePage = lazyPage(() => import('./pages/DiskUsagePage'), 'DiskUsagePage');
const EventsPage = lazyPage(() => import('./pages/EventsPage'), 'EventsPage');
const EnginePage = lazyPage(() => import('./pages/EnginePage'), 'EnginePage');
const ImagesPage = lazyPage(() => import('./pages/ImagesPage'), 'ImagesPage');
const LogsPage = lazyPage<{ path?: string[] }>(() => import('./pages/LogsPage'), 'LogsPage');
const NetworkDetailsPage = lazyPage<{ path: string[] }>(() => import('./pages/NetworkDetailsPage'), 'NetworkDetailsPage');
const NetworksPage = lazyPage(() => import('./pages/NetworksPage'), 'NetworksPage');
const PluginsPage = lazyPage(() => import('./pages/PluginsPage'), 'PluginsPage');
const RegistryPage = lazyPage(() => import('./pages/RegistryPage'), 'RegistryPage');
const ServicesPage = lazyPage<{ path?: string[] }>(() => import('./pages/ServicesPage'), 'ServicesPage');
const VolumeDetailsPage = lazyPage<{ path: string[] }>(() => import('./pages/VolumeDetailsPage'), 'VolumeDetailsPage');
const VolumesPage = lazyPage(() => import('./pages/VolumesPage'), 'VolumesPage');
const ShortcutsPage = lazyPage(() => import('./pages/ShortcutsPage'), 'ShortcutsPage');
const SettingsPage = lazyPage(() => import('./pages/SettingsPage'), 'SettingsPage');

/** Pages for a route with more segments (`#/containers/<id>/<tab>`), given the (decoded) segments after the page name. */
const DETAIL_PAGES: Record<string, LazyPage<{ path: string[] }>> = {
  containers: ContainerDetailsPage,
  volumes: VolumeDetailsPage,
  networks: NetworkDetailsPage,
  logs: LogsPage,
  compose: ComposePage,
  services: ServicesPage,
};

const PAGES: Record<string, LazyPage<object>> = {
  dashboard: DashboardPage,
  containers: ContainersPage,
  compose: ComposePage,
  services: ServicesPage,
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
  shortcuts: ShortcutsPage,
  settings: SettingsPage,
};

/** The page a route shows: a detail page when it has more segments, else the page itself (undefined: not found). */
function pageFor(route: string): { Page?: LazyPage<object>; DetailPage?: LazyPage<{ path: string[] }>; page: string; rest: string[] } {
  const [page = 'dashboard', ...rest] = routeSegments(route);
  const DetailPage = rest.some(Boolean) ? DETAIL_PAGES[page] : undefined;
  return { page, rest, ...(DetailPage ? { DetailPage } : { Page: PAGES[page] }) };
}

/** Starts loading the chunk of the page at `hash` while the shell's own script still runs. */
export function preloadRoute(hash: string): void {
  const { Page, DetailPage } = pageFor(hash.replace(/^#\/?/, '') || 'dashboard');
  void (DetailPage ?? Page)?.preload().catch(() => undefined);
}

export function App() {
  const route = useHashRoute('dashboard');
  const { page, rest, Page, DetailPage } = pageFor(route);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const togglePalette = useCallback(() => setPaletteOpen((open) => !open), []);
  useGlobalShortcuts({ pages: NAV_ITEMS, togglePalette });
  useHostCommands();
  useThemeSetting();
  // The desktop app shows notifications natively; browser mode shows them as toasts.
  const notifications = useNotifications(!window.berth);
  return (
    <div className="flex h-full">
      <Sidebar active={page} />
      <main className="flex min-w-0 flex-1 flex-col">
        <EngineBanner />
        <div className="min-h-0 flex-1 overflow-auto">
          <PageErrorBoundary route={route}>
            <Suspense fallback={<PageLoading />}>{DetailPage ? <DetailPage path={rest} /> : Page ? <Page /> : <NotFoundPage route={route} />}</Suspense>
          </PageErrorBoundary>
        </div>
      </main>
      {paletteOpen ? <CommandPalette route={route} onClose={() => setPaletteOpen(false)} /> : null}
      <Toasts toasts={notifications.toasts} onDismiss={notifications.dismiss} />
    </div>
  );
}
