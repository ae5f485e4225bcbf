import { sudoInRun } from '../../../src/lint/rules/sudo-in-run.js';
import { testRule } from '../rule-tester.js';

testRule(sudoInRun, {
  valid: [
    'FROM debian\nRUN apt-get install -y sudo',
    { name: 'sudoers', code: "FROM debian\nRUN echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app" },
    { name: 'looked up, not run', code: 'FROM debian\nRUN command -v sudo && which sudo' },
    {
      name: 'a package in a heredoc list',
      code: 'FROM debian\nRUN <<EOF\napt-get install -y \\\n  sudo \\\n  curl\nEOF',
    },
    { name: 'not a RUN', code: 'FROM debian\nCMD sudo -u app run' },
  ],
  invalid: [
    { code: 'FROM debian\nUSER app\nRUN sudo apt-get update', errors: [{ line: 3, messageId: 'sudo' }] },
    { code: 'FROM debian\nRUN make && sudo make install', errors: [{ line: 2, messageId: 'sudo' }] },
    { code: 'FROM debian\nRUN echo x | sudo tee /etc/x', errors: [{ line: 2, messageId: 'sudo' }] },
    { code: 'FROM debian\nRUN ["sudo", "make", "install"]', errors: [{ line: 2, messageId: 'sudo' }] },
    {
      code: 'FROM debian\nRUN <<EOF\nset -e\nsudo make install\nEOF',
      errors: [{ line: 2, messageId: 'sudo' }],
    },
  ],
});
