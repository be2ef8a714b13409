import { reportLocationCommand } from './owntracks.js';

export type DeviceCommand = ReturnType<typeof reportLocationCommand>;

/**
 * Commands waiting for a device that cannot be reached until it reports (OwnTracks over HTTP reads
 * them from the reply to its next report). Kept in this instance's memory: a command asked on one
 * instance reaches an HTTP device when it next reports to that instance; over MQTT it goes at once.
 */
export function deviceCommands() {
  const waiting = new Map<string, DeviceCommand[]>();
  return {
    /** Asks the device to report its location at once (a roll-call). */
    requestLocation(deviceId: string): void {
      const list = waiting.get(deviceId) ?? [];
      if (!list.some((cmd) => cmd.action === 'reportLocation')) list.push(reportLocationCommand());
      waiting.set(deviceId, list);
    },
    /** The commands for a device, removed as they are handed over. */
    take(deviceId: string): DeviceCommand[] {
      const list = waiting.get(deviceId) ?? [];
      waiting.delete(deviceId);
      return list;
    },
  };
}

export type DeviceCommands = ReturnType<typeof deviceCommands>;
