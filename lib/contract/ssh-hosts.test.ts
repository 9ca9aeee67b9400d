import { describe, expect, it } from 'vitest';
import { runnersFromLines, runnersToLines, SshTargetSchema } from './ssh-hosts';

describe('more runners as lines (the Hosts form)', () => {
  it('reads user@host[:port] [workdir] lines with the lead key, names bad lines, and writes them back', () => {
    const lead = { identityFile: '/k', knownHosts: 'strict' };
    const r = runnersFromLines('bench@10.0.0.8:2222 ~/.lb2\n\n  me@[fd00::1]  \nnope\nx@y /w extra', lead);
    expect(r.errors).toEqual([
      'line 4: "nope" is not user@host[:port] [workdir]',
      'line 5: "x@y /w extra" is not user@host[:port] [workdir]',
    ]);
    const targets = r.targets.map((t) => SshTargetSchema.parse(t));
    expect(targets.map((t) => [t.user, t.host, t.port, t.workdir, t.identityFile, t.knownHosts])).toEqual([
      ['bench', '10.0.0.8', 2222, '~/.lb2', '/k', 'strict'],
      ['me', 'fd00::1', 22, '~/.lb', '/k', 'strict'],
    ]);
    expect(runnersFromLines(runnersToLines(targets), lead).targets.map((t) => SshTargetSchema.parse(t))).toEqual(
      targets,
    );
  });
});
