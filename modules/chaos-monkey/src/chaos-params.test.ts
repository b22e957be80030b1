import { parseExecuteParams } from './chaos-params';

describe('parseExecuteParams', () => {
  it('fills in the defaults of a run: leashed, one round, kill, one survivor', () => {
    expect(parseExecuteParams('{"targets":{"pattern":"datastore-.*"}}')).toEqual({
      command: 'run',
      targets: { pattern: 'datastore-.*', exclude: [] },
      actions: ['kill'],
      intervalSeconds: 1,
      probability: 1,
      maxVictimsPerRound: 1,
      minSurvivors: 1,
      leashed: true,
      recoverAfterSeconds: 5,
      killSignal: 'SIGKILL',
      stopTimeoutSeconds: 2,
      background: false,
    });
  });

  it('reads status and stop, and nothing else with them', () => {
    expect(parseExecuteParams('{"command":"status"}')).toEqual({ command: 'status' });
    expect(parseExecuteParams('{"command":"stop"}')).toEqual({ command: 'stop' });
    expect(() => parseExecuteParams('{"command":"stop","rounds":2}')).toThrow("Unrecognized key: \"rounds\"");
  });

  it.each([
    ['{}', "'targets'"],
    ['{"targets":{}}', 'the monkey touches nothing it was not pointed at'],
    ['{"targets":{"pattern":"("}}', "'targets.pattern': must be a valid regular expression"],
    ['{"targets":{"serviceIds":["a"]},"actions":["explode"]}', "'actions.0'"],
    ['{"targets":{"serviceIds":["a"]},"probability":1.5}', "'probability'"],
    ['{"targets":{"serviceIds":["a"]},"rounds":2,"durationSeconds":10}', "'durationSeconds': give rounds or durationSeconds, not both"],
    ['{"targets":{"serviceIds":["a"]},"durationSeconds":10,"intervalSeconds":0}', "'intervalSeconds'"],
    ['{"targets":{"serviceIds":["a"]},"rounds":1000,"intervalSeconds":60}', "'background': a bounded run may last at most 3600 s"],
    ['{"targets":{"serviceIds":["a"]},"leashd":false}', 'leashd'],
    ['{"command":"dance"}', "'command'"],
    ['{"targets":', 'not valid JSON'],
  ])('refuses %s naming %s', (params, named) => {
    expect(() => parseExecuteParams(params)).toThrow(named);
  });

  it('lets a long run go in the background', () => {
    expect(parseExecuteParams('{"targets":{"serviceIds":["a"]},"rounds":1000,"intervalSeconds":60,"background":true}')).toMatchObject({ rounds: 1000, background: true });
  });
});
