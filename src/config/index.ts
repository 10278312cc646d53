export { type Config, ConfigError, loadConfig, redactedConfig, SECRET_SETTINGS } from './config.ts';
