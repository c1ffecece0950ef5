// The composition root of the verification routes: the code store beside the contacts, SMS, the consent ledger.
import { randomInt } from 'node:crypto';
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbVerificationStore } from '#adapters/dynamodb/dynamodb-verification-store';
import type { VerificationDependencies } from '#domain/use-cases/verification/verification';
import { codeLength, sha256CodeHasher } from '#domain/verification/one-time-code';
import { requireEnv } from '#shared/env';
import { contactsTable } from '#shared/tables';
import { consentDependencies } from './composition.ts';
import { smsSender } from './messaging-composition.ts';

let verificationDeps: VerificationDependencies | undefined;

/** Uniform over every code, leading zeros included. */
const randomDigits = () => String(randomInt(0, 10 ** codeLength)).padStart(codeLength, '0');

export function verificationDependencies(): VerificationDependencies {
  verificationDeps ??= (() => {
    const { consent, ids, clock, log, defaultRegion } = consentDependencies();
    return {
      verifications: new DynamoDbVerificationStore(processDocumentClient(), requireEnv(contactsTable.envVar)),
      // Resolved when a use case asks: the check route has no SMS settings and needs none.
      get sms() {
        return smsSender();
      },
      consent,
      ids,
      clock,
      log,
      defaultRegion,
      randomDigits,
      hashCode: sha256CodeHasher,
    };
  })();
  return verificationDeps;
}
