/**
 * Analyse: paste text or drop files (dsregcmd output in any encoding, EVTX, XML, CSV, JSON, a
 * zip); the analysis runs in this browser with the same core as the command line; the report
 * shows in a sandboxed frame, with copy as Markdown and downloads. Nothing is uploaded.
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Analysis } from './core.ts';
import { analyse } from './lazy.ts';
import { ReportFrame, Verdicts } from './report.tsx';

interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export function AnalyseView() {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<NamedBytes[]>([]);
  const [redact, setRedact] = useState(false);
  const [result, setResult] = useState<Analysis | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const copyArea = useRef<HTMLTextAreaElement>(null);

  const run = async (inputs: NamedBytes[], redacted: boolean) => {
    setProblem(null);
    setCopied(null);
    if (inputs.length === 0) {
      setResult(null);
      setProblem('Paste the output of dsregcmd /status or an event log, or choose files first.');
      return;
    }
    setBusy(true);
    try {
      setResult(await analyse(inputs, redacted));
    } catch (error) {
      setResult(null);
      setProblem(
        `The analysis could not run: ${error instanceof Error ? error.message : String(error)}. Reload the page and try again.`,
      );
    } finally {
      setBusy(false);
    }
  };

  const inputs = (pasted = text, chosen = files): NamedBytes[] => [
    ...chosen,
    ...(pasted.trim() ? [{ name: 'pasted text', bytes: new TextEncoder().encode(pasted) }] : []),
  ];

  const addFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const read = await Promise.all(
      [...list].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    setFiles(read);
    await run(inputs(text, read), redact);
  };

  useEffect(() => {
    if (result) void run(inputs(), redact);
    // Only the redact switch re-runs by itself; new text waits for the button.
  }, [redact]);

  const copyMarkdown = async () => {
    if (!result) return;
    try {
      await navigator.clipboard.writeText(result.markdown);
      setCopied('The report is on the clipboard as Markdown.');
    } catch {
      setCopied('The browser did not allow copying: the Markdown is selected below, press Ctrl+C (⌘C).');
      setTimeout(() => copyArea.current?.select(), 0);
    }
  };

  return (
    <section aria-labelledby="analyse-title">
      <h1 id="analyse-title">Analyse a device</h1>
      <p class="privacy">
        <strong>Nothing is uploaded.</strong> Files and text are read and diagnosed by this page, in your
        browser.
      </p>
      <form
        class="analyse"
        onSubmit={(e) => {
          e.preventDefault();
          void run(inputs(), redact);
        }}
      >
        <label for="paste">
          Paste the output of <code>dsregcmd /status</code>, or event text copied from Event Viewer
        </label>
        <textarea
          id="paste"
          rows={10}
          spellcheck={false}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          placeholder="+----------------------------------------------------------------------+
| Device State                                                         |
+----------------------------------------------------------------------+"
        />
        <fieldset
          aria-labelledby="files-label"
          class={`drop${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void addFiles(e.dataTransfer?.files ?? null);
          }}
        >
          <label id="files-label" for="files">
            Or drop files here, or choose them: captures (any encoding), EVTX, XML, CSV or JSON event exports,
            a zip
          </label>
          <input
            id="files"
            type="file"
            multiple
            onChange={(e) => void addFiles((e.target as HTMLInputElement).files)}
          />
          {files.length > 0 && (
            <p class="chosen">
              {files.length === 1 ? '1 file: ' : `${files.length} files: `}
              {files.map((f) => f.name).join(', ')}{' '}
              <button type="button" class="link" onClick={() => setFiles([])}>
                clear
              </button>
            </p>
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Analysing…' : 'Analyse'}
          </button>
          <label class="check">
            <input
              type="checkbox"
              checked={redact}
              onChange={(e) => setRedact((e.target as HTMLInputElement).checked)}
            />
            Redact identifiers (tenant, device, user names become stable pseudonyms)
          </label>
        </div>
      </form>
      <div role="status" aria-live="polite" class="status-line">
        {busy
          ? 'Analysing…'
          : problem
            ? ''
            : result
              ? `${result.report.reports.length} report(s) ready.`
              : ''}
      </div>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {result && (
        <section aria-labelledby="result-title" class="result">
          <h2 id="result-title">Diagnosis</h2>
          <Verdicts report={result.report} />
          <div class="actions">
            <button type="button" onClick={() => void copyMarkdown()}>
              Copy as Markdown
            </button>
            <Download
              name="dsreg-doctor-report.html"
              type="text/html"
              body={result.html}
              label="Download HTML"
            />
            <Download
              name="dsreg-doctor-report.json"
              type="application/json"
              body={result.json}
              label="Download JSON"
            />
          </div>
          {copied && <p role="status">{copied}</p>}
          {copied?.startsWith('The browser') && (
            <textarea
              ref={copyArea}
              class="copy-area"
              readOnly
              value={result.markdown}
              aria-label="The report as Markdown"
            />
          )}
          <ReportFrame html={result.html} />
        </section>
      )}
    </section>
  );
}

function Download(props: { name: string; type: string; body: string; label: string }) {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([props.body], { type: props.type }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [props.body, props.type]);
  return href ? (
    <a class="button" href={href} download={props.name}>
      {props.label}
    </a>
  ) : null;
}
