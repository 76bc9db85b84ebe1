import { useEffect } from 'react';
import { api } from '../../api/client';

/** The desktop app's menu and tray ask the page to go somewhere (browser mode's stream never emits). */
export function useHostCommands(): void {
  useEffect(() => {
    const subscription = api.subscribe(
      'host.commands',
      {},
      {
        onEvent: (command) => {
          location.hash = command.kind === 'navigate' ? `#/${command.route}` : '#/shortcuts';
        },
      },
    );
    return () => subscription.unsubscribe();
  }, []);
}
