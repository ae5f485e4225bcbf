/**
 * Every rule, registered explicitly and kept in alphabetical order of id. A meta-test checks each has
 * a doc page and a test, and that ids are unique.
 */
import type { Rule } from '../types.js';
import { numericStageReference } from './numeric-stage-reference.js';

/** All rules, alphabetical by id. */
export const RULES: readonly Rule[] = [numericStageReference];
