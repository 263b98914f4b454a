/** Public surface of the chat classifier. */
export { classifyChatMessage, LABEL_PRECEDENCE, type ChatVerdict, type LabelScore } from './classify';
export { DEFAULT_CHAT_ACTIONS, type ChatAction } from './actions';
export { normalise, type NormalisedText } from './normalise';
