import { useEffect, useState } from 'react';
import type { HostInfo } from '../../../common/contract/host';
import { api } from '../api/client';

let asked: Promise<HostInfo> | undefined;

/** What the program around the page can do (asked once per page load); undefined until it answers. */
export function useHostInfo(): HostInfo | undefined {
  const [info, setInfo] = useState<HostInfo>();
  useEffect(() => {
    let live = true;
    asked ??= api.call('host.info', {}).catch((error: unknown) => {
      asked = undefined;
      throw error;
    });
    asked.then(
      (answer) => live && setInfo(answer),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return info;
}
