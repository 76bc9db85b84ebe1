import type { ProxyService } from '../../proxy/proxy-service';
import type { DomainHandlers } from './types';

type ProxyMethods = 'proxy.status' | 'proxy.setEnabled' | 'proxy.context.use' | 'proxy.context.restore' | 'proxy.activity' | 'proxy.activity.clear';

/** Berth's engine socket, its docker context, and the activity of the calls crossing it. */
export function proxyHandlers(proxy: ProxyService): DomainHandlers<ProxyMethods> {
  return {
    'proxy.status': (_input, emit) => proxy.onStatus(emit),
    'proxy.setEnabled': ({ enabled }) => proxy.setEnabled(enabled),
    'proxy.context.use': () => proxy.useContext(),
    'proxy.context.restore': () => proxy.restoreContext(),
    // The first batch is the retained history; capture runs only while someone is subscribed.
    'proxy.activity': (_input, emit) => proxy.activity.subscribe(emit),
    'proxy.activity.clear': () => proxy.activity.clear(),
  };
}
