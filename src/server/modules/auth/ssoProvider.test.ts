import { describe, expect, it } from 'vitest';
import { maskEmail } from './ssoAttempts';
import { chooseClientAuth } from './ssoProvider';

describe('client authentication from the discovery document', () => {
  it('prefers client_secret_basic, which is also the default when the provider lists nothing', () => {
    expect(chooseClientAuth(undefined)).toBe('client_secret_basic');
    expect(chooseClientAuth(['client_secret_post', 'client_secret_basic', 'private_key_jwt'])).toBe(
      'client_secret_basic',
    );
    expect(chooseClientAuth(['private_key_jwt', 'client_secret_post'])).toBe('client_secret_post');
    expect(chooseClientAuth(['private_key_jwt'])).toBeNull();
    expect(chooseClientAuth([])).toBeNull();
  });
});

describe('masked emails', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmail('Jane.Doe@Example.com')).toBe('J***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskEmail(undefined)).toBeNull();
  });
});
