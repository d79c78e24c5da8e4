import type { Format } from '../cli/options.js';
import type { Report } from './report.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

/** How the human formats may dress the output. */
export interface RenderOptions {
  color: boolean;
  verbose: boolean;
}

/** Renders the report in any output format; every format comes from the same object. */
export async function renderReport(
  report: Report,
  format: Format,
  options: RenderOptions,
): Promise<string> {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'junit':
      return (await import('./render-junit.js')).renderJunit(report);
    case 'prometheus':
      return (await import('./render-prometheus.js')).renderPrometheus(report);
  }
}
