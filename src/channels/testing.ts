/**
 * Test support for the channels, for tests elsewhere (messaging, end-to-end): a loopback-only network
 * whose connector fails on any other address, a real SMTP server and an HTTP server, both on
 * 127.0.0.1. Never imported by production code (smtp-server is a dev dependency).
 */
export { type ReceivedRequest, startHttpServer } from './test-http-server.ts';
export { TEST_NAMES, type TestNet, testNet } from './test-net.ts';
export { headerOf, type ReceivedMail, sampleEmail, startSmtpServer } from './test-smtp-server.ts';
