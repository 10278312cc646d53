export { type Clock, ManualClock, systemClock } from './clock.ts';
export { AppError, ERROR_STATUS, type ErrorCode } from './errors.ts';
