/**
 * Every rule, registered explicitly and kept in alphabetical order of id. A meta-test checks each has
 * a doc page and a test, and that ids are unique.
 */
import type { Rule } from '../types.js';
import { addUrl } from './add-url.js';
import { apkNoCache } from './apk-no-cache.js';
import { apkVersionNotPinned } from './apk-version-not-pinned.js';
import { apkVirtualNotRemoved } from './apk-virtual-not-removed.js';
import { aptGetMissingY } from './apt-get-missing-y.js';
import { aptListsNotRemoved } from './apt-lists-not-removed.js';
import { aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { aptUpdateAlone } from './apt-update-alone.js';
import { aptVersionNotPinned } from './apt-version-not-pinned.js';
import { buildToolsInFinalStage } from './build-tools-in-final-stage.js';
import { cdInsteadOfWorkdir } from './cd-instead-of-workdir.js';
import { chownInSeparateLayer } from './chown-in-separate-layer.js';
import { cleanupInSeparateLayer } from './cleanup-in-separate-layer.js';
import { consecutiveRun } from './consecutive-run.js';
import { consistentInstructionCasing } from './consistent-instruction-casing.js';
import { copiedArchiveExtracted } from './copied-archive-extracted.js';
import { copyAllBeforeInstall } from './copy-all-before-install.js';
import { copyFromOwnStage } from './copy-from-own-stage.js';
import { copyFromUndefinedStage } from './copy-from-undefined-stage.js';
import { copyRelativeDestNoWorkdir } from './copy-relative-dest-no-workdir.js';
import { copySourcesNeedDirDest } from './copy-sources-need-dir-dest.js';
import { copyWholeStageFilesystem } from './copy-whole-stage-filesystem.js';
import { dnfCacheNotCleaned } from './dnf-cache-not-cleaned.js';
import { dnfVersionNotPinned } from './dnf-version-not-pinned.js';
import { dockerfileSyntax } from './dockerfile-syntax.js';
import { duplicateStageName } from './duplicate-stage-name.js';
import { envSelfReference } from './env-self-reference.js';
import { exposeInvalidFormat } from './expose-invalid-format.js';
import { exposeProtoCasing } from './expose-proto-casing.js';
import { fromAsCasing } from './from-as-casing.js';
import { fromPlatformFlagConst } from './from-platform-flag-const.js';
import { gemVersionNotPinned } from './gem-version-not-pinned.js';
import { goStaticBinary } from './go-static-binary.js';
import { goVersionNotPinned } from './go-version-not-pinned.js';
import { healthcheckMissing } from './healthcheck-missing.js';
import { heavyBaseImage } from './heavy-base-image.js';
import { instructionBeforeFrom } from './instruction-before-from.js';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from.js';
import { invalidLabelKey } from './invalid-label-key.js';
import { jsonArgsRecommended } from './json-args-recommended.js';
import { lastUserRoot } from './last-user-root.js';
import { labelEmpty } from './label-empty.js';
import { labelMissing } from './label-missing.js';
import { labelNotEmail } from './label-not-email.js';
import { labelNotGitHash } from './label-not-git-hash.js';
import { labelNotRfc3339 } from './label-not-rfc3339.js';
import { labelNotSemver } from './label-not-semver.js';
import { labelNotSpdx } from './label-not-spdx.js';
import { labelNotUrl } from './label-not-url.js';
import { labelSuperfluous } from './label-superfluous.js';
import { latestTag } from './latest-tag.js';
import { legacyKeyValueFormat } from './legacy-key-value-format.js';
import { lnBinSh } from './ln-bin-sh.js';
import { maintainerDeprecated } from './maintainer-deprecated.js';
import { missingDockerignore } from './missing-dockerignore.js';
import { multipleInstructionsDisallowed } from './multiple-instructions-disallowed.js';
import { noEmptyContinuation } from './no-empty-continuation.js';
import { nonNumericUser } from './non-numeric-user.js';
import { npmCacheNotCleaned } from './npm-cache-not-cleaned.js';
import { npmVersionNotPinned } from './npm-version-not-pinned.js';
import { numericStageReference } from './numeric-stage-reference.js';
import { osImageWithRuntimeInstall } from './os-image-with-runtime-install.js';
import { packageManagerMissingY } from './package-manager-missing-y.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pipeWithoutPipefail } from './pipe-without-pipefail.js';
import { pipVersionNotPinned } from './pip-version-not-pinned.js';
import { pointlessCommands } from './pointless-commands.js';
import { preferAptGet } from './prefer-apt-get.js';
import { preferCopy } from './prefer-copy.js';
import { redundantTargetPlatform } from './redundant-target-platform.js';
import { reservedStageName } from './reserved-stage-name.js';
import { secretsUsedInArgOrEnv } from './secrets-used-in-arg-or-env.js';
import { stageNameCasing } from './stage-name-casing.js';
import { sudoInRun } from './sudo-in-run.js';
import { undefinedArgInFrom } from './undefined-arg-in-from.js';
import { undefinedVar } from './undefined-var.js';
import { untaggedImage } from './untagged-image.js';
import { untrustedRegistry } from './untrusted-registry.js';
import { useraddWithoutL } from './useradd-without-l.js';
import { wgetAndCurl } from './wget-and-curl.js';
import { wgetProgressBar } from './wget-progress-bar.js';
import { workdirRelativePath } from './workdir-relative-path.js';
import { yarnCacheNotCleaned } from './yarn-cache-not-cleaned.js';
import { yumCacheNotCleaned } from './yum-cache-not-cleaned.js';
import { yumVersionNotPinned } from './yum-version-not-pinned.js';
import { zypperCacheNotCleaned } from './zypper-cache-not-cleaned.js';
import { zypperVersionNotPinned } from './zypper-version-not-pinned.js';

/** All rules, alphabetical by id. */
export const RULES: readonly Rule[] = [
  addUrl,
  apkNoCache,
  apkVersionNotPinned,
  apkVirtualNotRemoved,
  aptGetMissingY,
  aptListsNotRemoved,
  aptNoInstallRecommends,
  aptUpdateAlone,
  aptVersionNotPinned,
  buildToolsInFinalStage,
  cdInsteadOfWorkdir,
  chownInSeparateLayer,
  cleanupInSeparateLayer,
  consecutiveRun,
  consistentInstructionCasing,
  copiedArchiveExtracted,
  copyAllBeforeInstall,
  copyFromOwnStage,
  copyFromUndefinedStage,
  copyRelativeDestNoWorkdir,
  copySourcesNeedDirDest,
  copyWholeStageFilesystem,
  dnfCacheNotCleaned,
  dnfVersionNotPinned,
  dockerfileSyntax,
  duplicateStageName,
  envSelfReference,
  exposeInvalidFormat,
  exposeProtoCasing,
  fromAsCasing,
  fromPlatformFlagConst,
  gemVersionNotPinned,
  goStaticBinary,
  goVersionNotPinned,
  healthcheckMissing,
  heavyBaseImage,
  instructionBeforeFrom,
  invalidDefaultArgInFrom,
  invalidLabelKey,
  jsonArgsRecommended,
  labelEmpty,
  labelMissing,
  labelNotEmail,
  labelNotGitHash,
  labelNotRfc3339,
  labelNotSemver,
  labelNotSpdx,
  labelNotUrl,
  labelSuperfluous,
  lastUserRoot,
  latestTag,
  legacyKeyValueFormat,
  lnBinSh,
  maintainerDeprecated,
  missingDockerignore,
  multipleInstructionsDisallowed,
  noEmptyContinuation,
  nonNumericUser,
  npmCacheNotCleaned,
  npmVersionNotPinned,
  numericStageReference,
  osImageWithRuntimeInstall,
  packageManagerMissingY,
  pipNoCacheDir,
  pipVersionNotPinned,
  pipeWithoutPipefail,
  pointlessCommands,
  preferAptGet,
  preferCopy,
  redundantTargetPlatform,
  reservedStageName,
  secretsUsedInArgOrEnv,
  stageNameCasing,
  sudoInRun,
  undefinedArgInFrom,
  undefinedVar,
  untaggedImage,
  untrustedRegistry,
  useraddWithoutL,
  wgetAndCurl,
  wgetProgressBar,
  workdirRelativePath,
  yarnCacheNotCleaned,
  yumCacheNotCleaned,
  yumVersionNotPinned,
  zypperCacheNotCleaned,
  zypperVersionNotPinned,
];
