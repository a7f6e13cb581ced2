// The interop checks in run order: the CRUD life of one Patient (IO-03…IO-08) goes create, update,
// vread of the first version, patch, history, delete; IO-11 writes what IO-12 searches. Each drives
// fhir-kit-client as an application would (shared.ts).
import type { Check } from '../check.js'
import { check as IO01 } from './IO-01-capability.js'
import { check as IO02 } from './IO-02-smart-discovery.js'
import { check as IO03 } from './IO-03-create-read.js'
import { check as IO04 } from './IO-04-update.js'
import { check as IO05 } from './IO-05-vread.js'
import { check as IO06 } from './IO-06-patch.js'
import { check as IO07 } from './IO-07-history.js'
import { check as IO08 } from './IO-08-delete.js'
import { check as IO09 } from './IO-09-paging.js'
import { check as IO10 } from './IO-10-batch.js'
import { check as IO11 } from './IO-11-transaction.js'
import { check as IO12 } from './IO-12-bundle-references.js'
import { check as IO13 } from './IO-13-export-kickoff.js'

export const checks: readonly Check[] = [IO01, IO02, IO03, IO04, IO05, IO06, IO07, IO08, IO09, IO10, IO11, IO12, IO13]
