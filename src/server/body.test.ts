import { describe, expect, it } from 'vitest';
import { checkMediaType, formatBytes, parseSize, readBody } from './body.ts';
import { Problem } from './problems.ts';

describe('--max-body sizes', () => {
  it.each([
    ['64MB', 64 * 1024 * 1024],
    ['64 mb', 64 * 1024 * 1024],
    ['512k', 512 * 1024],
    ['512KiB', 512 * 1024],
    ['1.5g', 1.5 * 1024 ** 3],
    ['1048576', 1048576],
  ])('%s is %i bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', '0', 'lots', '-5MB', '5TB', '5 M B'])('"%s" is not a size', (text) => {
    expect(parseSize(text)).toBeNull();
  });

  it('prints sizes as people write them', () => {
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MB');
    expect(formatBytes(512 * 1024)).toBe('512 KB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});

describe('content types', () => {
  const reason = (type: string | undefined) => {
    try {
      checkMediaType(type);
      return 'read';
    } catch (error) {
      return error instanceof Problem ? `${error.reason}: ${error.message}` : String(error);
    }
  };

  it('reads what a capture or a log arrives as, including what curl and PowerShell send by default', () => {
    for (const type of [
      undefined,
      '',
      'text/plain',
      'text/plain; charset=utf-16le',
      'application/octet-stream',
      'application/xml',
      'application/json',
      'text/csv',
      'application/zip',
      'application/x-www-form-urlencoded',
    ])
      expect(reason(type), String(type)).toBe('read');
  });

  it('refuses a form upload and media types with a line that says what to send', () => {
    expect(reason('multipart/form-data; boundary=x')).toBe(
      'unsupported-media-type: a form upload is not read here: send the file itself as the body (curl --data-binary @status.txt, Invoke-RestMethod -InFile status.txt)',
    );
    expect(reason('image/png')).toBe(
      'unsupported-media-type: the content type "image/png" is not read here: send the file as application/octet-stream or text/plain (any encoding)',
    );
  });
});

describe('reading a body under a cap', () => {
  const streamOf = (chunks: number, size: number) =>
    new Request('http://localhost/', {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < chunks; i++) controller.enqueue(new Uint8Array(size).fill(65 + i));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);

  it('joins the chunks in order', async () => {
    const bytes = await readBody(streamOf(3, 4), 100);
    expect(new TextDecoder().decode(bytes)).toBe('AAAABBBBCCCC');
  });

  it('stops reading at the cap, without a declared length', async () => {
    await expect(readBody(streamOf(10, 1000), 9999)).rejects.toMatchObject({ reason: 'too-large' });
    expect((await readBody(streamOf(10, 1000), 10_000)).length).toBe(10_000);
  });
});
