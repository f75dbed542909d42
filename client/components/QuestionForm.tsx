// Add or edit one question, with field validation and version conflicts explained (PROTOCOL.md 6).
import React from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLatestReducer } from '../hooks/use-latest-reducer.js';
import { useDiscardGuard } from '../hooks/use-discard-guard.js';
import {
  conflictText,
  FORM_FIELDS,
  fieldValue,
  formReducer,
  initialForm,
  isChoiceField,
  toQuestion,
  type FormAction,
  type FormState,
} from '../state/question-form-reducer.js';
import { errorLine, isCode } from '../state/errors.js';
import { CHOICES, type Question } from '../../protocol/messages.js';
import { theme } from '../theme.js';

const LABELS: Record<string, string> = {
  course: 'Course',
  concept: 'Concept',
  difficulty: 'Difficulty',
  answer: 'Answer',
  text: 'Question',
};

export function QuestionForm(props: { question?: Question; course?: string }) {
  const app = useApp();
  const [s, apply, now] = useLatestReducer(formReducer, () => initialForm(props.question, props.course));

  // The save, started by the key that submitted a valid form; its replies go to the form as it is then.
  const save = (st: FormState) => {
    const request = async () => {
      // After a CONFLICT the user chose to overwrite: edit on top of their version (or re-create).
      const theirs = st.conflict?.theirs;
      if (st.base && st.conflict && !theirs) return app.api.createQuestion(toQuestion({ ...st, base: undefined }));
      if (st.base) return app.api.updateQuestion(toQuestion(st, theirs?.version) as Question);
      return app.api.createQuestion(toQuestion(st));
    };
    request().then(
      (q) => {
        apply({ type: 'saved', question: q });
        app.dispatch({ type: 'back', select: q.id });
        app.dispatch({ type: 'notice', message: `Saved ${q.id} (${q.course}, version ${q.version}).` });
      },
      async (e: unknown) => {
        if (isCode(e, 'CONFLICT') && st.base) {
          const list = await app.api.questions(st.base.course).catch(() => [] as Question[]);
          apply({ type: 'conflict', theirs: list.find((q) => q.id === st.base?.id) });
          return;
        }
        apply({ type: 'failed' });
        app.dispatch({ type: 'error', message: errorLine(e) });
      },
    );
  };
  const dispatch = (a: FormAction) => {
    const { before, after } = apply(a);
    if (after.saving && !before.saving) save(after);
  };

  // Esc on a form with typed changes asks first: a long question typed and lost to one key is an
  // afternoon's work.
  const discard = useDiscardGuard(() => s.draft);
  const leave = () => app.dispatch({ type: 'back' });
  useKeys(
    () => (discard.askingNow() ? 'confirm' : 'form'),
    (action, input, key) => {
      if (discard.askingNow()) return discard.answer(action, leave);
      if (action === 'back') return discard.back(now().draft, leave);
      if (action === 'select') return dispatch({ type: 'submit' });
      if (action === 'nextField') return dispatch({ type: 'move', delta: 1 });
      if (action === 'prevField') return dispatch({ type: 'move', delta: -1 });
      // ←/→ change a choice field; in a text field they move the cursor (the reducer decides).
      if (action === 'left' || action === 'right')
        return dispatch({ type: 'cycle', delta: action === 'left' ? -1 : 1 });
      dispatch({ type: 'edit', input, key });
    },
    { typing: () => !discard.askingNow() && !isChoiceField(FORM_FIELDS[now().focus]) },
  );

  const firstError = FORM_FIELDS.map((f) => s.errors[f]).find(Boolean);
  const title = s.base ? `Edit ${s.base.id} (version ${s.base.version})` : 'New question';
  return (
    <Frame title={title} context={discard.asking ? 'confirm' : 'form'} error={firstError}>
      {FORM_FIELDS.map((f, i) => {
        const label = LABELS[f] ?? `Option ${CHOICES[Number(f.slice(6))]}`;
        if (f === 'difficulty')
          return (
            <Text
              key={f}
              color={s.errors[f] ? theme.bad : undefined}
            >{`${i === s.focus ? '› ' : '  '}${label.padEnd(11)}${['Easy', 'Medium', 'Hard'].map((d) => (d === s.draft.difficulty ? `(•) ${d}` : `( ) ${d}`)).join('  ')}`}</Text>
          );
        if (f === 'answer')
          return (
            <Text
              key={f}
              color={s.errors[f] ? theme.bad : undefined}
            >{`${i === s.focus ? '› ' : '  '}${label.padEnd(11)}${s.draft.answer}   ${i === s.focus ? '←/→ or a letter' : ''}`}</Text>
          );
        return (
          <TextLine
            key={f}
            label={label}
            labelWidth={11}
            value={i === s.focus ? { value: fieldValue(s.draft, f), cursor: s.cursor } : fieldValue(s.draft, f)}
            focused={i === s.focus}
            error={s.errors[f]}
            width={app.width}
          />
        );
      })}
      <Box flexDirection="column">
        {s.conflict
          ? conflictText(s).map((l, i) => (
              <Text key={i} color={theme.warn} wrap="truncate-end">
                {(i === 0 ? 'CONFLICT: ' : '') + l}
              </Text>
            ))
          : null}
        {s.saving ? <Text color={theme.accent}>Saving…</Text> : null}
        {discard.asking ? (
          <Text color={theme.warn} bold>
            Discard your changes to this question? y / n (n goes back to the form)
          </Text>
        ) : !s.conflict && !s.saving ? (
          <Text dimColor={theme.dim}>Leave unused options empty. Ctrl+S saves; Esc cancels.</Text>
        ) : null}
      </Box>
    </Frame>
  );
}
