// Import a questions.csv from a path, or export the bank to a path (PROTOCOL.md 6 questions.import /
// questions.export, file layout PROTOCOL.md 7). Each mode keeps its own path, so an export is never
// prefilled with the file just imported.
import React, { useState } from 'react';
import { Text } from 'ink';
import { ImportFile } from './ImportFile.js';
import { SaveFile } from './SaveFile.js';
import { size } from './Progress.js';
import { useApp } from '../hooks/use-app.js';
import { useTextField } from '../hooks/use-text-field.js';

export function Transfer(props: { mode: 'import' | 'export'; course?: string }) {
  const app = useApp();
  const [mode, setMode] = useState(props.mode);
  const imp = useTextField('questions.csv');
  const exp = useTextField(`questions-${props.course ?? 'all'}.csv`);
  const back = () => app.dispatch({ type: 'back' });
  const toExport = () => {
    // The default export name may be the file just imported: never offer to write over it.
    if (app.files.resolve(exp.value.trim()) === app.files.resolve(imp.value.trim()))
      exp.setField({ value: '', cursor: 0 });
    setMode('export');
  };
  const tabs = (
    <>
      <Text>{mode === 'import' ? '[ Import ]  Export   (Tab switches)' : ' Import  [ Export ]   (Tab switches)'}</Text>
      <Text> </Text>
    </>
  );
  if (mode === 'import') return <ImportFile text={imp} onBack={back} onSwitch={toExport} header={tabs} />;
  return (
    <SaveFile
      title={`Export questions${props.course ? ` of ${props.course}` : ''} to a CSV file`}
      text={exp}
      produce={() => app.api.exportQuestions(props.course)}
      describe={(csv) =>
        `Exported ${Math.max(0, csv.split('\n').filter((l) => l.trim() !== '').length - 1)} question row(s), ${size(Buffer.byteLength(csv))},`
      }
      onBack={back}
      onSwitch={() => setMode('import')}
      header={tabs}
      note="Cells starting with = + - @ are neutralised by the server for spreadsheets."
    />
  );
}
