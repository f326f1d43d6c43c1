import type { ApiEntry } from '../../../scripts/generate/load-apis.mjs';
import { escapeHtml as e } from './html.js';
import type { OperationSummary } from './list-operations.js';

export interface ServicePage {
  readonly api: ApiEntry;
  /** The page's file name, relative to the landing page. */
  readonly file: string;
  readonly operations: readonly OperationSummary[];
}

export interface Example {
  /** Path shown to the reader (relative to the repository). */
  readonly source: string;
  readonly code: string;
}

const style = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem 2rem 4rem; color: #1a1a1a; }
  h1 { margin-bottom: .25rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; } h3 { margin-bottom: .25rem; }
  code, pre { font: 14px/1.45 ui-monospace, monospace; } pre { background: #f6f8fa; padding: 1rem; overflow-x: auto; border-radius: 6px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
  .method { font-weight: 600; font-size: 13px; } .muted { color: #555; }
`;

export const exampleAnchor = (operationId: string): string => `example-${operationId}`;

function serviceSection({ api, file, operations }: ServicePage): string {
  const rows = operations
    .map(
      (operation) => `<tr>
        <td><a href="${e(file + operation.anchor)}">${e(operation.summary)}</a><br><span class="muted"><code>${e(operation.operationId)}</code></span></td>
        <td><span class="method">${e(operation.method)}</span> <code>${e(operation.path)}</code></td>
        <td><code>${e(operation.clientMethod)}()</code> · <a href="#${e(exampleAnchor(operation.operationId))}">example</a></td>
      </tr>`,
    )
    .join('\n');
  return `<section id="service-${e(api.name)}">
    <h3><a href="${e(file)}">${e(api.title)}</a></h3>
    <p>${e(api.description)}</p>
    <pre><code>npm install ${e(api.package)}</code></pre>
    <table><thead><tr><th>Operation</th><th>Request</th><th>Client method</th></tr></thead><tbody>
${rows}
    </tbody></table>
  </section>`;
}

function exampleSection(operation: OperationSummary, example: Example): string {
  return `<section id="${e(exampleAnchor(operation.operationId))}">
    <h3>${e(operation.operationId)}: ${e(operation.summary)}</h3>
    <p class="muted">From <code>${e(example.source)}</code>.</p>
    <pre><code class="language-ts">${e(example.code.trimEnd())}</code></pre>
  </section>`;
}

/** The portal's landing page: the services and their operations, how to install, one example per operation. */
export function renderLandingPage(services: readonly ServicePage[], examples: ReadonlyMap<string, Example>): string {
  const exampleSections = services.flatMap((service) =>
    service.operations.map((operation) => {
      const example = examples.get(operation.operationId);
      if (!example) throw new Error(`no example for ${operation.operationId}`);
      return exampleSection(operation, example);
    }),
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>dbpass API docs</title>
  <style>${style}</style>
</head>
<body>
  <header>
    <h1>dbpass API docs</h1>
    <p>Typed TypeScript SDKs that change and reset database account passwords on managed cloud databases.
    Each service's reference below is rendered from the same OpenAPI specs that generate the clients; every
    password field lists its rules, and says where the vendor docs disagree.</p>
  </header>
  <main>
    <h2 id="services">Services</h2>
    ${services.map(serviceSection).join('\n')}
    <h2 id="examples">Examples</h2>
    <p>Each example is a complete program. Run it with the environment variables named in its first lines;
    <code>DBPASS_ENDPOINT</code> sends it to another host, such as the local emulator, which is how the
    docs-portal tests compile and run every one of them.</p>
    ${exampleSections.join('\n')}
  </main>
</body>
</html>
`;
}
