/** Chat actions live with the rest of the safeguarding policy (server/domain); re-exported for the chat module's API. */
export { DEFAULT_CHAT_ACTIONS, type ChatAction } from '../../domain/safeguardingPolicy';
