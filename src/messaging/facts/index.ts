export { type FactDeps, FactRecorder, type Preferences } from './fact-recorder.ts';
export { messageLinks, reportHookUrl } from './message-links.ts';
export {
  signToken,
  type TokenClaims,
  type TokenKind,
  tokenWorkspace,
  verifyToken,
} from './message-tokens.ts';
