import type { Rule } from '../types.js';

const ARCH_SPELLINGS: Record<string, string[]> = {
  amd64: ['amd64', 'x86_64', 'x86-64', 'x64'],
  arm64: ['arm64', 'aarch64'],
  '386': ['386', 'i386', 'x86'],
};

/** `FROM --platform=linux/amd64`: a fixed platform breaks multi-platform builds and emulates elsewhere. */
export const fromPlatformFlagConst: Rule<'constant'> = {
  meta: {
    id: 'from-platform-flag-const',
    severity: 'warning',
    category: 'correctness',
    aliases: ['FromPlatformFlagConstDisallowed', 'DL3029'],
    description: 'A FROM pins `--platform` to a constant instead of a variable.',
    messages: {
      constant:
        '`FROM --platform={{platform}}` pins this stage to {{platform}}: a multi-platform build gets {{platform}} binaries in every image, and any other host runs it under emulation. Fix: `--platform=$BUILDPLATFORM` for a stage that builds on the host (and cross-compiles), or drop the flag; if the stage is meant for that platform only, name it after it (`AS build-{{arch}}`).',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const platform = stage.fromInstruction.flags.get('platform')?.[0];
      if (platform === undefined || platform === '' || platform.includes('$')) continue;
      const [os = '', arch = '', variant = ''] = platform.toLowerCase().split('/');
      // As BuildKit: a stage named after its platform (`AS build-amd64`) is meant to be pinned.
      const name = stage.name ?? '';
      const words = [os, variant, arch, ...(ARCH_SPELLINGS[arch] ?? [])].filter((w) => w !== '');
      if (name !== '' && words.some((w) => name.includes(w))) continue;
      report(stage.fromInstruction, 'constant', { platform, arch: arch || os });
    }
  },
};
