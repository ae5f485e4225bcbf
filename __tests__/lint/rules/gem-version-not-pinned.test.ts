import { gemVersionNotPinned } from '../../../src/lint/rules/gem-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(gemVersionNotPinned, {
  valid: [
    'FROM ruby:3.3\nRUN gem install bundler:2.5.11',
    { name: '-v names the version', code: 'FROM ruby:3.3\nRUN gem install bundler -v 2.5.11' },
    { name: '--version= names the version', code: 'FROM ruby:3.3\nRUN gem install rails --version=7.1.3' },
    { name: 'a local .gem file', code: 'FROM ruby:3.3\nRUN gem install ./pkg/app-1.0.gem' },
    { name: 'bundle install reads the Gemfile.lock', code: 'FROM ruby:3.3\nRUN bundle install' },
  ],
  invalid: [
    {
      code: 'FROM ruby:3.3\nRUN gem install --no-document bundler',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`bundler`' } }],
    },
    {
      name: 'gem i, and -n takes a directory',
      code: 'FROM ruby:3.3\nRUN gem i -n /usr/local/bin rake',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`rake`' } }],
    },
  ],
});
