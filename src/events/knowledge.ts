/**
 * The events side's view of the event knowledge (`src/knowledge/events`): channels, providers,
 * each event's definition (level, data fields in template order, message labels, phase), and
 * naming positional values through a template. The records themselves live in knowledge.
 * @module
 */
import {
  allEventDefinitions,
  type EventDefinition,
  eventDefinition,
  type ProviderKey,
  providerKeyOf,
  providerOf,
  providerSpec,
} from '../knowledge/events/index.ts';
import type { Reference } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';

export { CHANNELS, type ChannelInfo, type EventSource } from '../knowledge/events/channels.ts';
export type { EventDefinition, Outcome, ProviderKey } from '../knowledge/events/index.ts';

import { CHANNELS, type ChannelInfo, type EventSource } from '../knowledge/events/channels.ts';

/** The registration providers' names as Windows writes them. */
export const PROVIDERS: Record<EventSource, string> = {
  udr: providerSpec('udr').name,
  aad: providerSpec('aad').name,
  wpj: providerSpec('wpj').name,
};

export { providerOf };

/** Where the guidance for a provider's events is. */
export function providerReference(key: ProviderKey): Reference {
  return providerSpec(key).reference;
}

/** A provider's name as Windows writes it. */
export function providerName(key: ProviderKey): string {
  return providerSpec(key).name;
}

/** The channel that holds a provider's event with this ID when only the provider was named. */
export function providerChannel(provider: string | null, id: number): string | null {
  const key = providerKeyOf(provider);
  const channel = key ? providerSpec(key).channel : undefined;
  return channel && id < channel.below ? channel.name : null;
}

const CHANNEL_BY_KEY = new Map(CHANNELS.map((c) => [channelKey(c.name), c]));

function channelKey(name: string): string {
  // Event file names write the slash as `%4`; Windows 7 spells the log `Microsoft-WorkPlace Join`.
  return name.trim().toLowerCase().replace(/%4/g, '/').replace(/\s+/g, ' ');
}

/** The channel a name refers to, however it was spelled; null when it is not one we know. */
export function channelInfo(name: string | null | undefined): ChannelInfo | null {
  if (!name) return null;
  return CHANNEL_BY_KEY.get(channelKey(name)) ?? null;
}

function isRegistrationSource(key: ProviderKey | null): key is EventSource {
  return key === 'udr' || key === 'aad' || key === 'wpj';
}

/** Which of the registration providers wrote a record, from its provider or channel name. */
export function sourceOf(record: Pick<EventRecord, 'provider' | 'channel'>): EventSource | null {
  for (const name of [record.provider, record.channel]) {
    const key = providerKeyOf(name);
    if (key) return isRegistrationSource(key) ? key : null;
  }
  return null;
}

export function definition(source: ProviderKey, id: number): EventDefinition | null {
  return eventDefinition(source, id);
}

/** Every event the knowledge has, for listings and tests. */
export function allDefinitions(): EventDefinition[] {
  return allEventDefinitions();
}

/** The definition for a record, from its provider or channel; null for events we do not know. */
export function definitionFor(
  record: Pick<EventRecord, 'provider' | 'channel' | 'eventId'>,
): EventDefinition | null {
  const source = providerOf(record);
  return source ? eventDefinition(source, record.eventId) : null;
}

/** Names positional values (PowerShell `Properties`) through the event's template. */
export function fieldsByPosition(
  def: EventDefinition | null,
  values: readonly string[],
): Record<string, string> {
  const data: Record<string, string> = {};
  values.forEach((value, i) => {
    data[def?.fields[i] ?? `#${i + 1}`] = value;
  });
  return data;
}
