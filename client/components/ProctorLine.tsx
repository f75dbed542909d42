import React from 'react';
import { Text } from 'ink';
import { proctorLine, type ProctorStatus } from '../hooks/use-proctor.js';
import { theme } from '../theme.js';

export function ProctorLine({ status }: { status: ProctorStatus }) {
  const l = proctorLine(status);
  const color =
    l.tone === 'good' ? theme.good : l.tone === 'bad' ? theme.bad : l.tone === 'warn' ? theme.warn : undefined;
  // The enrolment notice (two lines) is shown once. An unavailable proctor names what is missing (up to 60 characters): let that take two lines at most.
  return (
    <Text
      wrap={status.kind === 'unavailable' || status.notice ? 'wrap' : 'truncate-end'}
      color={color}
      dimColor={l.tone === 'dim' && theme.dim}
    >
      {l.text}
    </Text>
  );
}
