import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadRoute } from './App';
import { prefetchContainerList } from './hooks/useContainers';
import { applyRememberedTheme } from './components/settings/theme';
import './styles.css';

applyRememberedTheme();
// The page's chunk and, on the Containers page, its list are fetched while React renders the shell, not after.
preloadRoute(location.hash);
if (/^#\/?containers\/?$/.test(location.hash)) prefetchContainerList();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
