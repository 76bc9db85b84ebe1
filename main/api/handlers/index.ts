import type { Contract } from '../../../common/contract';
import { DisposableStore } from '../../../common/lifecycle';
import type { EngineConnection } from '../../engine/connection';
import type { EngineControl } from '../../engine/engine-control';
import type { ProxyService } from '../../proxy/proxy-service';
import type { Handlers } from '../router';
import { containerHandlers } from './containers';
import { engineHandlers } from './engine';
import { imagesHandlers } from './images';
import { logsHandlers } from './logs';
import { networksHandlers } from './networks';
import { proxyHandlers } from './proxy';
import { statsHandlers } from './stats';
import { registriesHandlers } from './registries';
import { createRegistryService } from '../../registry/registry-context';
import { systemHandlers } from './system';
import { volumesHandlers } from './volumes';
import { vmHandlers } from './vm';
import { updatesHandlers } from './updates';
import { composeHandlers } from './compose';
import { swarmHandlers } from './swarm';
import { settingsHandlers } from './settings';
import { hostHandlers, type HostSignals } from './host';
import { NotificationCenter } from '../../notifications/notification-center';
import { expectingEngineStop, notificationsHandlers } from './notifications';

/**
 * Binds every call and stream of the contract to its domain's handlers; the type check proves none is missing.
 * What the handlers own (caches, samplers, timers, engine listeners) goes into `disposables`, which the caller
 * disposes when it stops.
 */
export type { HostSignals };

export function createHandlers(engine: EngineConnection, control: EngineControl, proxy: ProxyService, disposables = new DisposableStore(), host: HostSignals = {}, notifications?: NotificationCenter): Handlers<Contract> {
  const registries = createRegistryService(control.settings.dataDir);
  const center = notifications ?? disposables.add(createNotificationCenter(engine, control));
  return {
    ...expectingEngineStop(engineHandlers(engine, control), center),
    ...containerHandlers(engine, disposables),
    ...imagesHandlers(engine, registries, (outcome) => center.reportImageOperation(outcome)),
    ...registriesHandlers(registries),
    ...volumesHandlers(engine),
    ...networksHandlers(engine),
    ...logsHandlers(engine),
    ...systemHandlers(engine),
    ...statsHandlers(engine, disposables),
    ...proxyHandlers(proxy),
    ...expectingEngineStop(vmHandlers(control), center),
    ...updatesHandlers(engine, registries, control.settings.dataDir, disposables, host.savingPower, (outcome) => center.reportImageOperation(outcome)),
    ...composeHandlers(engine, proxy, control.settings.dataDir),
    ...swarmHandlers(engine),
    ...settingsHandlers(control.settings, control, proxy),
    ...hostHandlers(host),
    ...notificationsHandlers(center),
  };
}

/** Notifications for the active engine, each kind as the user's settings say. */
export function createNotificationCenter(engine: EngineConnection, control: EngineControl): NotificationCenter {
  return new NotificationCenter(engine, { isEnabled: (kind) => control.settings.current.preferences.notifications[kind] });
}
