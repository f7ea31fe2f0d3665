import { v7 as uuidv7, validate, version } from 'uuid';

/** A new row id: UUID version 7 (time-ordered), which an offline client can mint itself. */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return validate(value) && version(value) >= 1;
}
