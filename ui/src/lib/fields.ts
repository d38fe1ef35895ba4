// What the UI calls each input Field that Rust can point an error or notice at.
import type { Field } from './bindings';

/** Lower-case names for sentences such as "Edit the zone URL". */
export const FIELD_NAME: Record<Field, string> = {
  integrationCode: 'integration code',
  username: 'username',
  secret: 'secret',
  zoneUrl: 'zone URL',
  queue: 'queue',
  ticketCategory: 'ticket category',
  status: 'status',
  priority: 'priority',
  link: 'link',
  dueDate: 'due date',
};

export type CredentialField = Extract<Field, 'integrationCode' | 'username' | 'secret' | 'zoneUrl'>;

/** The wizard's input element for each credential field, so an error can send focus there. */
export const CREDENTIAL_INPUT_ID: Record<CredentialField, string> = {
  integrationCode: 'integration-code',
  username: 'username',
  secret: 'secret',
  zoneUrl: 'zone-url',
};

export const isCredentialField = (field: Field): field is CredentialField =>
  field in CREDENTIAL_INPUT_ID;
