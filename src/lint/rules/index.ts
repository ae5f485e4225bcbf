/**
 * Every rule, registered explicitly and kept in alphabetical order of id. A meta-test checks each has
 * a doc page and a test, and that ids are unique.
 */
import type { Rule } from '../types.js';
import { apkNoCache } from './apk-no-cache.js';
import { apkVirtualNotRemoved } from './apk-virtual-not-removed.js';
import { aptGetMissingY } from './apt-get-missing-y.js';
import { aptListsNotRemoved } from './apt-lists-not-removed.js';
import { aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { aptUpdateAlone } from './apt-update-alone.js';
import { buildToolsInFinalStage } from './build-tools-in-final-stage.js';
import { copyAllBeforeInstall } from './copy-all-before-install.js';
import { dnfCacheNotCleaned } from './dnf-cache-not-cleaned.js';
import { dockerfileSyntax } from './dockerfile-syntax.js';
import { goStaticBinary } from './go-static-binary.js';
import { missingDockerignore } from './missing-dockerignore.js';
import { npmCacheNotCleaned } from './npm-cache-not-cleaned.js';
import { numericStageReference } from './numeric-stage-reference.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pointlessCommands } from './pointless-commands.js';
import { preferAptGet } from './prefer-apt-get.js';
import { yarnCacheNotCleaned } from './yarn-cache-not-cleaned.js';
import { yumCacheNotCleaned } from './yum-cache-not-cleaned.js';
import { zypperCacheNotCleaned } from './zypper-cache-not-cleaned.js';

/** All rules, alphabetical by id. */
export const RULES: readonly Rule[] = [
  apkNoCache,
  apkVirtualNotRemoved,
  aptGetMissingY,
  aptListsNotRemoved,
  aptNoInstallRecommends,
  aptUpdateAlone,
  buildToolsInFinalStage,
  copyAllBeforeInstall,
  dnfCacheNotCleaned,
  dockerfileSyntax,
  goStaticBinary,
  missingDockerignore,
  npmCacheNotCleaned,
  numericStageReference,
  pipNoCacheDir,
  pointlessCommands,
  preferAptGet,
  yarnCacheNotCleaned,
  yumCacheNotCleaned,
  zypperCacheNotCleaned,
];
