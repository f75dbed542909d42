// Admin analytics (PROTOCOL.md 6 analytics.summary): score distribution chart, per-student and
// per-course tables, item analysis with flagged items (efficiency < 15 or a negative index: Moodle's
// two warnings, docs/analytics.md).
import React, { useState } from 'react';
import { Text } from 'ink';
import { Frame } from './Frame.js';
import { ScrolledLines, type Line } from './ScrolledLines.js';
import { cell } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { analytics, itemOrder } from '../state/reports.js';
import { barChart } from '../state/charts.js';
import { SaveFile } from './SaveFile.js';
import { useTextField } from '../hooks/use-text-field.js';
import { useRows } from '../hooks/use-rows.js';
import { fieldOf } from '../state/text-field.js';
import type { AnalyticsSummary } from '../api.js';
import { theme } from '../theme.js';

const TABS = ['Distribution', 'Students', 'Courses', 'Items'] as const;
const f1 = (n?: number) => (n === undefined ? '–' : n.toFixed(1));

export function analyticsLines(tab: (typeof TABS)[number], data: AnalyticsSummary, width: number): Line[] {
  const a = analytics(data);
  switch (tab) {
    case 'Distribution':
      if (a.distribution.length === 0) return [{ text: 'No finished attempts yet.' }];
      return [
        { text: 'Finished attempts by score (%)', bold: true },
        ...barChart(a.distribution, width - 20).map((text) => ({ text })),
      ];
    case 'Students':
      return [
        {
          text: `${cell('Student', 20)} ${cell('Attempts', 8, 'right')} ${cell('Mean %', 7, 'right')} ${cell('Best %', 7, 'right')}`,
          bold: true,
        },
        ...a.students.map((s) => ({
          text: `${cell(s.username, 20)} ${cell(String(s.attempts ?? '–'), 8, 'right')} ${cell(f1(s.mean), 7, 'right')} ${cell(f1(s.best), 7, 'right')}`,
        })),
      ];
    case 'Courses':
      return [
        { text: `${cell('Course', 14)} ${cell('Attempts', 8, 'right')} ${cell('Mean %', 7, 'right')}`, bold: true },
        ...a.courses.map((c) => ({
          text: `${cell(c.course, 14)} ${cell(String(c.attempts ?? '–'), 8, 'right')} ${cell(f1(c.mean), 7, 'right')}`,
        })),
        ...(a.concepts.length > 0
          ? [
              { text: '' },
              { text: `${cell('Concept', 22)} ${cell('n', 5, 'right')} ${cell('Mean %', 7, 'right')}`, bold: true },
            ]
          : []),
        ...a.concepts.map((c) => ({
          text: `${cell(c.concept, 22)} ${cell(String(c.n ?? '–'), 5, 'right')} ${cell(f1(c.percent), 7, 'right')}`,
        })),
      ];
    case 'Items': {
      const flagged = a.items.filter((i) => i.flagged).length;
      return [
        {
          text: `${a.items.length} items, ${flagged} flagged (! = efficiency < 15 or negative discrimination)`,
          bold: true,
        },
        {
          text: `  ${cell('Question', 9)} ${cell('n', 4, 'right')} ${cell('Facil.', 6, 'right')} ${cell('Discr.', 6, 'right')} ${cell('Effic.', 6, 'right')}  ${cell('Text', width - 46)}`,
          bold: true,
        },
        ...[...a.items].sort(itemOrder).map((i) => ({
          text: `${i.flagged ? '! ' : '  '}${cell(i.id, 9)} ${cell(String(i.n ?? '–'), 4, 'right')} ${cell(f1(i.facility), 6, 'right')} ${cell(f1(i.discrimination), 6, 'right')} ${cell(f1(i.efficiency), 6, 'right')}  ${cell(i.text, width - 46)}`,
          tone: i.flagged ? theme.warn : undefined,
        })),
      ];
    }
  }
}

export function Analytics() {
  const app = useApp();
  const [tab, setTab] = useState(0);
  const [course, setCourse] = useState<string | undefined>();
  const [top, setTop] = useState(0);
  const courses = useLoad(() => app.api.courses(), []);
  const { data, error, loading, reload } = useLoad(() => app.api.analytics(course), [course]);
  const lines = data === undefined ? [] : analyticsLines(TABS[tab], data, app.width);
  const view = useRows();
  const rows = view.rows;
  // `o` asks where to write the results (the full path is shown; an existing file needs a yes).
  const [saving, setSaving] = useState(false);
  const out = useTextField('');
  useKeys(
    'analytics',
    (action) => {
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'left' || action === 'right') {
        setTab((t) => (t + (action === 'left' ? TABS.length - 1 : 1)) % TABS.length);
        setTop(0);
      }
      if (action === 'up') setTop((t) => Math.max(0, t - 1));
      if (action === 'down') setTop((t) => Math.min(Math.max(0, lines.length - rows), t + 1));
      if (action === 'pageDown') setTop((t) => Math.min(Math.max(0, lines.length - rows), t + rows));
      if (action === 'pageUp') setTop((t) => Math.max(0, t - rows));
      if (action === 'refresh') reload();
      if (action === 'filter') {
        const names = (courses.data ?? []).map((c) => c.course);
        const i = course === undefined ? -1 : names.indexOf(course);
        setCourse(i + 1 >= names.length ? undefined : names[i + 1]);
        setTop(0);
      }
      if (action === 'exportResults') {
        out.setField(fieldOf(`results-${course ?? 'all'}.csv`));
        setSaving(true);
      }
    },
    { active: !saving },
  );
  if (saving) {
    return (
      <SaveFile
        title={`Export results · course: ${course ?? 'all'}`}
        text={out}
        produce={() => app.api.exportResults(course)}
        describe={(csv) =>
          `Results (${Math.max(0, csv.split('\n').filter((l) => l.trim() !== '').length - 1)} row(s)) written`
        }
        onBack={() => setSaving(false)}
        note="One row per finished attempt; cells starting with = + - @ are neutralised."
      />
    );
  }
  return (
    <Frame title={`Analytics · course: ${course ?? 'all'}`} context="analytics" error={error}>
      <Text wrap="truncate-end">{TABS.map((t, i) => (i === tab ? `[ ${t} ]` : `  ${t}  `)).join(' ')}</Text>
      <Text> </Text>
      {loading && data === undefined ? (
        <Text>Loading analytics…</Text>
      ) : (
        <ScrolledLines view={view} lines={lines} top={top} />
      )}
    </Frame>
  );
}
