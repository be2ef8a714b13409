import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      sessionIdleMinutes: 30,
      riskHalfLifeDays: 90,
      riskRings: 2,
      riskThresholds: [1, 5, 20, 60, 200],
    });
  });

  it('reads the environment, and explicit overrides win', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        JSMS_RISK_THRESHOLDS: '2,5,10,20,40',
        JSMS_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      },
      { port: 9100 },
    );
    expect(config).toMatchObject({
      port: 9100,
      riskThresholds: [2, 5, 10, 20, 40],
      allowedOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid PORT: /],
    [{ JSMS_RISK_THRESHOLDS: '5,4,3,2,1' }, /^Invalid JSMS_RISK_THRESHOLDS: five increasing positive scores/],
    [{ JSMS_RISK_RINGS: '9' }, /^Invalid JSMS_RISK_RINGS: /],
    [{ DATABASE_URL: 'not a url' }, /^Invalid DATABASE_URL: /],
  ])('names the variable that is wrong: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
