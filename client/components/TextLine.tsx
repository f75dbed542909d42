// One labelled input line; the focused one shows a cursor block. Passwords are masked.
import React from 'react';
import { Text } from 'ink';
import { theme } from '../theme.js';

export function TextLine(props: { label: string; value: string; focused: boolean; mask?: boolean; labelWidth?: number; error?: string; width?: number }) {
  const shown = props.mask ? '•'.repeat(props.value.length) : props.value;
  const label = props.label.padEnd(props.labelWidth ?? 10);
  const room = (props.width ?? 78) - label.length - 4;
  const tail = shown.length > room ? '…' + shown.slice(-(room - 1)) : shown;
  return (
    <Text wrap="truncate-end" color={props.error ? theme.bad : undefined}>
      {props.focused ? '› ' : '  '}
      <Text bold={props.focused}>{label}</Text>
      {tail}
      {props.focused ? <Text inverse> </Text> : null}
    </Text>
  );
}
