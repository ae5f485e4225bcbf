import { pipVersionNotPinned } from '../../../src/lint/rules/pip-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(pipVersionNotPinned, {
  valid: [
    'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 "requests>=2.31,<3"',
    {
      name: 'a requirements file',
      code: 'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt',
    },
    { name: 'a long requirements option', code: 'FROM python:3.12\nRUN pip install --requirement=req.txt' },
    { name: 'a constraints file', code: 'FROM python:3.12\nRUN pip install -c constraints.txt flask' },
    { name: 'the project itself', code: 'FROM python:3.12\nRUN pip install --no-deps .' },
    {
      name: 'a wheel and an sdist',
      code: 'FROM python:3.12\nRUN pip install dist/app-1.0-py3-none-any.whl app-1.0.tar.gz',
    },
    {
      name: 'a VCS URL at a tag',
      code: 'FROM python:3.12\nRUN pip install git+https://github.com/org/lib.git@v1.2.0',
    },
    {
      name: 'an index URL is a value, not a package',
      code: 'FROM python:3.12\nRUN pip install -i https://pypi.example/simple lib==1.0',
    },
    { name: 'pip download is not install', code: 'FROM python:3.12\nRUN pip download flask' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12\nRUN pip install --no-cache-dir flask gunicorn==22.0.0',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`flask`' } }],
    },
    {
      name: 'pip3 and python -m pip',
      code: 'FROM python:3.12\nRUN pip3 install MySQL_python\nRUN python3 -m pip install --upgrade pip',
      errors: [
        { line: 2, messageId: 'unpinned', data: { first: 'MySQL_python' } },
        { line: 3, messageId: 'unpinned', data: { first: 'pip' } },
      ],
    },
    {
      name: 'a VCS URL without a ref',
      code: 'FROM python:3.12\nRUN pip install git+https://github.com/org/lib.git',
      errors: [{ line: 2, messageId: 'unpinned' }],
    },
  ],
});
