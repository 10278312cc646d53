export { type FactDeps, FactRecorder, type Preferences } from './fact-recorder.ts';
export { messageLinks, reportHookUrl } from './message-links.ts';
