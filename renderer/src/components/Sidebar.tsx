import type { ReactNode } from 'react';
import { useEngineStatus } from '../hooks/useEngineStatus';

export interface NavItem {
  route: string;
  label: string;
  icon: ReactNode;
}

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" className="h-4 w-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

export const NAV_ITEMS: NavItem[] = [
  { route: 'dashboard', label: 'Dashboard', icon: <Icon d="M3 13h8V3H3zM13 21h8V11h-8zM13 3v6h8V3zM3 21h8v-6H3z" /> },
  { route: 'containers', label: 'Containers', icon: <Icon d="M21 8 12 3 3 8v8l9 5 9-5zM3 8l9 5 9-5M12 13v8" /> },
  { route: 'compose', label: 'Compose', icon: <Icon d="M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM16.5 13v7M13 16.5h7" /> },
  { route: 'services', label: 'Swarm services', icon: <Icon d="M12 2 3 6.5l9 4.5 9-4.5zM3 12l9 4.5 9-4.5M3 17.5 12 22l9-4.5" /> },
  { route: 'images', label: 'Images', icon: <Icon d="M4 4h16v16H4zM4 15l4-4 5 5 3-3 4 4" /> },
  { route: 'registry', label: 'Registries', icon: <Icon d="M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM21 21l-5-5" /> },
  { route: 'volumes', label: 'Volumes', icon: <Icon d="M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" /> },
  { route: 'networks', label: 'Networks', icon: <Icon d="M12 3v6M5 21v-4h14v4M12 9v8M9 3h6v6H9z" /> },
  { route: 'disk', label: 'Disk usage', icon: <Icon d="M12 3a9 9 0 1 0 9 9h-9zM15 3.5A9 9 0 0 1 20.5 9H15z" /> },
  { route: 'events', label: 'Events', icon: <Icon d="M3 12h4l3-8 4 16 3-8h4" /> },
  { route: 'activity', label: 'API activity', icon: <Icon d="M7 20V4M3 8l4-4 4 4M17 4v16M13 16l4 4 4-4" /> },
  { route: 'plugins', label: 'Plugins', icon: <Icon d="M9 3v4M15 3v4M6 7h12v4a6 6 0 0 1-12 0zM12 17v4" /> },
  { route: 'engine', label: 'Engine', icon: <Icon d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" /> },
  { route: 'settings', label: 'Settings', icon: <Icon d="M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3M1 14h6M9 8h6M17 16h6" /> },
];

const STATE_DOT: Record<string, string> = {
  connected: 'bg-emerald-400',
  connecting: 'bg-amber-400 animate-pulse',
  unreachable: 'bg-rose-500',
};

export function Sidebar({ active }: { active: string }) {
  const status = useEngineStatus();
  return (
    // Below 1100px of window width the sidebar folds to its icons (names stay for screen readers and as tooltips).
    <nav aria-label="Main" className="flex w-52 shrink-0 flex-col border-r border-slate-800 bg-slate-900 text-slate-300 max-[1100px]:w-14">
      <div className="flex items-center gap-2 px-4 py-4">
        <img src="./favicon.svg" alt="" className="h-7 w-7" />
        <span className="text-lg font-semibold tracking-tight text-white max-[1100px]:sr-only">Berth</span>
      </div>
      <ul className="flex-1 space-y-0.5 px-2">
        {NAV_ITEMS.map((item) => {
          const isActive = item.route === active;
          return (
            <li key={item.route}>
              <a
                href={`#/${item.route}`}
                aria-current={isActive ? 'page' : undefined}
                title={item.label}
                className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm transition-colors ${
                  isActive ? 'bg-cyan-600/20 font-medium text-cyan-200' : 'hover:bg-slate-800 hover:text-white'
                }`}
              >
                {item.icon}
                <span className="max-[1100px]:sr-only">{item.label}</span>
              </a>
            </li>
          );
        })}
      </ul>
      <a href="#/engine" className="m-2 flex items-center gap-2 rounded-md px-3 py-2 text-xs text-slate-400 hover:bg-slate-800" title={status.endpoint}>
        <span className={`h-2 w-2 rounded-full ${STATE_DOT[status.state] ?? 'bg-slate-500'}`} aria-hidden="true" />
        <span className="max-[1100px]:sr-only">Engine {status.state}</span>
      </a>
    </nav>
  );
}
