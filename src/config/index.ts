export { type Config, ConfigError, loadConfig, redactedConfig } from './config.ts';
