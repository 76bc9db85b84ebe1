import { describe, expect, it } from 'vitest';
import { endpointToDockerOptions } from '../engine/endpoint';
import { defaultProxyAddress, proxyEngineUrl, WINDOWS_PIPE } from './proxy-server';

describe('the socket address per platform', () => {
  it('is <data dir>/run/docker.sock on unix hosts', () => {
    expect(defaultProxyAddress('/home/a/.config/berth', 'linux')).toBe('/home/a/.config/berth/run/docker.sock');
    expect(defaultProxyAddress('/Users/a/Library/Application Support/Berth', 'darwin')).toBe('/Users/a/Library/Application Support/Berth/run/docker.sock');
    expect(proxyEngineUrl('/home/a/.config/berth/run/docker.sock')).toBe('unix:///home/a/.config/berth/run/docker.sock');
  });

  it('is the named pipe \\\\.\\pipe\\berth_engine on Windows, written as the docker CLI writes pipes, and Berth reads it back as the same pipe', () => {
    expect(defaultProxyAddress('C:\\Users\\a\\AppData\\Roaming\\Berth', 'win32')).toBe('\\\\.\\pipe\\berth_engine');
    expect(WINDOWS_PIPE).toBe('\\\\.\\pipe\\berth_engine');
    const url = proxyEngineUrl(WINDOWS_PIPE);
    expect(url).toBe('npipe:////./pipe/berth_engine');
    // The same conversion Berth's own client applies to npipe:// addresses leads back to the pipe it listens on.
    expect(endpointToDockerOptions(url).socketPath).toBe(WINDOWS_PIPE);
  });
});
