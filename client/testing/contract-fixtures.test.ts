// The fixtures component tests hand the FakeApi are what the server sends (the contract's schemas).
import { checkArgs, eventErrors, resultErrors } from '../../protocol/contract/validate.js';
import * as F from './contract-fixtures.js';

test('the test fixtures are what the server sends', () => {
  expect(resultErrors('scores.mine', [F.pastAttempt()])).toEqual([]);
  expect(resultErrors('attempts.timeline', F.timeline())).toEqual([]);
  expect(resultErrors('analytics.summary', F.analyticsSummary())).toEqual([]);
  expect(resultErrors('attempts.list', { attempts: [F.attemptSummary()] })).toEqual([]);
  expect(resultErrors('monitor.subscribe', { attempts: [F.liveAttempt()] })).toEqual([]);
  expect(eventErrors('exam.expired', F.examExpired())).toEqual([]);
  expect(
    checkArgs('identity.enrol', {
      attemptId: 'a',
      templates: [F.faceTemplate(0), F.faceTemplate(1), F.faceTemplate(2)],
    }).ok,
  ).toBe(true);
});
