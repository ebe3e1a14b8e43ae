/**
 * `dsreg-doctor guide [TOPIC]`: applicability, what to collect for support, known issues and the
 * down-level clients, for when there is no capture to analyse yet.
 * @module
 */
import { GUIDE, guideTopic } from '../../diagnose/guide.ts';
import { renderGuide } from '../../render/guide.ts';
import { UsageError } from '../errors.ts';
import { chooseFormat, widthFor } from '../format.ts';
import type { Io } from './analyze.ts';

export async function guideCommand(
  topic: string | undefined,
  options: { format?: string },
  io: Io,
): Promise<void> {
  const format = chooseFormat(
    options.format ?? (io.out.isTerminal ? 'text' : undefined),
    ['text', 'markdown', 'json'] as const,
    io.out,
  );
  const chosen = topic === undefined ? GUIDE : [guideTopic(topic)];
  if (chosen.some((t) => t === undefined)) {
    throw new UsageError(`guide ${topic}: choose one of ${GUIDE.map((t) => t.id).join(', ')}`);
  }
  await io.out.write(renderGuide(chosen as typeof GUIDE, format, widthFor(io.out, undefined)));
  await io.out.close();
}
