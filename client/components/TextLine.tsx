// One labelled input line over a TextField (client/state/text-field.ts): the focused one shows the
// cursor where edits happen. Passwords are masked.
import React from 'react';
import { Text } from 'ink';
import { fieldOf, viewOf, type TextField } from '../state/text-field.js';
import { theme } from '../theme.js';

export function TextLine(props: {
  label: string;
  value: string | TextField;
  focused: boolean;
  mask?: boolean;
  labelWidth?: number;
  error?: string;
  width?: number;
}) {
  const field = typeof props.value === 'string' ? fieldOf(props.value) : props.value;
  const label = props.label.padEnd(props.labelWidth ?? 10);
  const room = (props.width ?? 78) - label.length - 4;
  const v = viewOf(field, room, props.mask);
  return (
    <Text wrap="truncate-end" color={props.error ? theme.bad : undefined}>
      {props.focused ? '› ' : '  '}
      <Text bold={props.focused}>{label}</Text>
      {v.before}
      {props.focused ? <Text inverse>{v.at}</Text> : v.at}
      {v.after}
    </Text>
  );
}
