import { EventBus } from '../platform/events.js';
import { reportLocationCommand } from './owntracks.js';

export type DeviceCommand = ReturnType<typeof reportLocationCommand>;

/** A command asked of a device, to a channel that reaches it at once (MQTT). */
export interface AskedCommand {
  deviceId: string;
  command: DeviceCommand;
}

interface CommandEvents {
  'command.asked': AskedCommand;
}

/**
 * Commands for devices. One that reports over HTTP cannot be reached until it reports: it reads
 * them from the reply to its next report, so they wait here, in this instance's memory (a command
 * asked on one instance reaches an HTTP device when it next reports to that instance). Channels
 * that reach a device at once (the MQTT bridge) subscribe with `onAsked` and send it straight away;
 * the waiting copy stays, for a device that reports over HTTP after all.
 */
export function deviceCommands(report?: (error: unknown) => void) {
  const waiting = new Map<string, DeviceCommand[]>();
  const asked = new EventBus<CommandEvents>(report ? (error) => report(error) : undefined);
  return {
    /** Asks the device to report its location at once (a roll-call). */
    requestLocation(deviceId: string): void {
      const list = waiting.get(deviceId) ?? [];
      if (!list.some((cmd) => cmd.action === 'reportLocation')) list.push(reportLocationCommand());
      waiting.set(deviceId, list);
      asked.publish('command.asked', { deviceId, command: reportLocationCommand() });
    },
    /** The commands for a device, removed as they are handed over. */
    take(deviceId: string): DeviceCommand[] {
      const list = waiting.get(deviceId) ?? [];
      waiting.delete(deviceId);
      return list;
    },
    /** Calls `listener` with every command asked from now on; the returned function unsubscribes. */
    onAsked(listener: (asked: AskedCommand) => void | Promise<void>): () => void {
      return asked.on('command.asked', (event) => listener(event.payload));
    },
  };
}

export type DeviceCommands = ReturnType<typeof deviceCommands>;
