/**
 * Explain: a search box for any code in any form (hex in any case, with or without 0x, signed or
 * unsigned decimal, symbolic names, AADSTS and MSIS numbers, HTTP statuses), answered from the
 * same catalog as `dsreg-doctor explain`, in this browser.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { CodeLookup } from './core.ts';
import { loadCore } from './lazy.ts';

export function ExplainView(props: { code: string | null }) {
  const [query, setQuery] = useState(props.code ?? '');
  const [lookups, setLookups] = useState<CodeLookup[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const explain = async (text: string) => {
    const codes = text.split(/[\s,;]+/).filter((c) => c !== '');
    if (codes.length === 0) {
      setLookups(null);
      return;
    }
    try {
      const core = await loadCore();
      setLookups(codes.slice(0, 20).map((c) => core.lookupCode(c)));
      setProblem(null);
    } catch (error) {
      setProblem(`The catalog could not load: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  useEffect(() => {
    if (props.code) {
      setQuery(props.code);
      void explain(props.code);
    }
  }, [props.code]);

  return (
    <section aria-labelledby="explain-title">
      <h1 id="explain-title">Explain a code</h1>
      <form
        class="explain"
        onSubmit={(e) => {
          e.preventDefault();
          void explain(query);
        }}
      >
        <label for="code">
          Codes: hex (0x801c03f2), decimal (-2145648611), names, AADSTS50126, MSIS7068, HTTP 407
        </label>
        <div class="row">
          <input
            id="code"
            type="search"
            autocomplete="off"
            spellcheck={false}
            value={query}
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          />
          <button type="submit">Explain</button>
        </div>
      </form>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <div aria-live="polite">
        {lookups?.map((l, i) => (
          <Explanation key={i} lookup={l} />
        ))}
      </div>
    </section>
  );
}

function Explanation(props: { lookup: CodeLookup }) {
  const { lookup } = props;
  const entry = lookup.entry;
  if (lookup.form === 'unrecognized')
    return (
      <article class="code">
        <h2>{lookup.input}</h2>
        <p>
          This is not a code form dsreg-doctor reads: hex, signed or unsigned decimal, a symbolic name, an
          AADSTS or MSIS number, or an HTTP status.
        </p>
      </article>
    );
  if (!entry)
    return (
      <article class="code">
        <h2>{lookup.normalized ?? lookup.input}</h2>
        <p>Not in the catalog.</p>
        {lookup.structure && <p class="muted">{describeStructure(lookup.structure)}</p>}
      </article>
    );
  return (
    <article class="code">
      <h2>
        <code>{entry.code}</code> {entry.name && <span class="name">{entry.name}</span>}{' '}
        <span class="muted">({entry.family})</span>
      </h2>
      {lookup.note && <p class="note">{lookup.note}</p>}
      {entry.aliases.length > 0 && <p class="muted">Also known as {entry.aliases.join(', ')}</p>}
      <p>{entry.summary}</p>
      {entry.messages.length > 0 && <p class="muted">Windows message: {entry.messages.join(' / ')}</p>}
      {entry.windows && <p class="muted">Windows: {entry.windows}</p>}
      {entry.readings.map((r, i) => (
        <section key={i} class="reading">
          <h3>
            {r.phases && r.phases.length > 0 ? `In the ${r.phases.join(', ')} phase` : 'Meaning'}
            {r.context ? ` (${r.context})` : ''}
          </h3>
          <p>{r.meaning}</p>
          {r.causes.length > 0 && (
            <>
              <h4>Likely causes</h4>
              <ol>
                {r.causes.map((c, j) => (
                  <li key={j}>{c}</li>
                ))}
              </ol>
            </>
          )}
          {r.steps.length > 0 && (
            <>
              <h4>What to do</h4>
              <ol>
                {r.steps.map((s, j) => (
                  <li key={j}>{s}</li>
                ))}
              </ol>
            </>
          )}
        </section>
      ))}
    </article>
  );
}

function describeStructure(s: NonNullable<CodeLookup['structure']>): string {
  const parts = [`${s.value}: severity ${s.severity}`, `facility ${s.facilityName ?? s.facility}`];
  if (s.win32 !== null) parts.push(`Win32 code ${s.win32}${s.win32Name ? ` (${s.win32Name})` : ''}`);
  if (s.adal) parts.push(`ADAL ${s.adal.groupName}`);
  return parts.join(' · ');
}
