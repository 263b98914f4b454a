/**
 * Message-level context that changes what a detector's hit means. Applied in
 * classify.ts after every detector has run, as caps on a label's best score
 * (never raises): each cap names the concept, so a verdict stays explainable.
 *
 *  - reported speech in teaching: a PSHE/RSE, history, RE or citizenship
 *    lesson, an assembly, the news, a poster or a debate *about* nudes,
 *    grooming, terrorism or racism is not a request, a threat or support;
 *    unless the message also addresses someone directly ("send me", "ill").
 *  - sibling hyperbole: "my sister ate my yogurt, im going to kill her".
 *  - open arrangements: a surprise, a party, or a parent who is in on the plan
 *    ("my mum said you can come round") is the opposite of grooming secrecy.
 *  - jobs and hobbies that carry tools: a firefighter's axe, a butcher's knives.
 *
 * All patterns are bounded and run once per message.
 */
import type { ChatLabel } from '../../../shared/taxonomy';

export interface Cap {
  readonly labels: readonly ChatLabel[];
  readonly max: number;
  readonly reason: string;
}

const REPORTED =
  /\b(?:pshe|rse|re lesson|rs lesson|in re|in rs|citizenship|sociology|assembly|(?:the|our|this|todays|a) lesson (?:on|about|was about|is about|today was about)|lesson on|in history|in english|in biology|in science|in drama|documentary|the film we|the video we|the video in|a film about|a video about|the news|on the news|news said|the article|an article|the report|a leaflet|leaflet|a poster|poster|presentation on|project on|essay on|essay about|we learned|we learnt|we are learning|we were learning|we studied|we are studying|we discussed|we debated|we talked about|talked about|we watched|we read|we looked at|we had a talk|a talk on|a talk about|explained|teacher said|miss said|sir said|mr \w+ said|mrs \w+ said|the police officer|the nurse|the law|illegal|against the law|conspiracy theory|debunk|the dangers of|dangers of|signs of|how to spot|spotting|warning signs|online safety|stay safe|keeping safe|trusted adult|tell a trusted adult|you should tell|tell someone you trust|tell a teacher|if anyone asks you|if someone asks you|if an adult asks you|if a stranger|report it|childline|ceop|prevent strategy|radicalisation|radicalization|propaganda|memorial|remembrance|what it means|what they chanted|the museum|the exhibition|in the book|the novel|the play|the poem)\b/;

/** Direct address: the writer asking, offering or threatening, not reporting. */
const DIRECT =
  /\b(?:send me|send us|show me|show us|meet me|add me|text me|call me|snap me|dm me|i will|ill|i am going to|imma|let me see|lemme|i want to see|i wanna see|wanna see|can i see|you should send|join us|join me|we should|we need to|we must|lets|let us|i support|i love|my hero|is right|was right|were right|deserve|deserved|you are|your so|ur so|not illegal|isnt illegal|is not illegal|nothing wrong|what we have|our secret|between us)\b/;

const SIBLING =
  /\bmy (?:little |big |older |younger |baby |twin |step ?|half )?(?:brother|sister|bro|sis|brothers|sisters|cousin|cousins|twin|siblings?)\b/;
const WEAPON_OR_PLAN =
  /\b(?:knife|knives|blade|gun|shank|machete|acid|bat|hammer|weapon|stab|shank|after school|at the gates|outside|tonight|i swear down|on my life|for real|not joking|deadass|serious)\b/;

const SURPRISE = /\b(?:jinx|till the results|until the results|till its official|until its official|before its announced|surprise|surprise party|birthday|bday|presents?|secret santa|card for|gift for|leaving card|leaving present|christmas present)\b/;
const PARENTS_IN =
  /\b(?:my (?:mum|mom|dad|parents|nan|carer) (?:said|says|can|will|is picking|is taking|is driving|asked)|your (?:mum|mom|dad|parents) (?:says|said|is picking|can come|agrees|agree|knows|know)|ask your (?:mum|mom|dad|parents)|if your (?:mum|mom|dad|parents) (?:says|say|lets|let|is ok|are ok)|with your (?:mum|mom|dad|parents)|our mums|both our mums|miss knows|sir knows|the teacher knows)\b/;
const SCHOOLWORK =
  /\b(?:for the (?:group )?project|for the homework|for homework|the group project|on teams|microsoft teams|google classroom|google doc|google docs|school email|the coursework|revision group|study group|for the presentation|for the assignment|for the trip)\b/;
const SECRECY_OR_BODY =
  /\b(?:do not tell|dont tell|nobody needs to know|no one needs to know|just between|our secret|secret between|keep it secret|keep this secret|delete|pic|pics|picture|pictures|photo|photos|selfie|body|naked|older|age|mature|special|love you|hotel|my car|sneak out|snapchat|kik|telegram|whatsapp)\b/;
const LOCATION_OR_ALONE =
  /\b(?:alone|by yourself|on your own|address|road|street|postcode|post code|where you live|your number|house number|which school|what school)\b/;

const JOB_TOOL =
  /\b(?:police (?:officer|man|woman)|policeman|policewoman|copper|firefighter|fireman|firewoman|butcher|chef|cook|farmer|soldier|in the army|army|navy|raf|paramedic|surgeon|doctor|vet|tree surgeon|carpenter|builder|gamekeeper|fencing|archery|martial arts|kendo|museum|exhibit|display case|history lesson|for dt|in dt|food tech|the kitchen|knives and forks|knife and fork)\b/;
const THREAT_CUE = /\b(?:you|ur|your|him|her|them|i will|ill|i am going to|imma|going to|after school|tomorrow|watch)\b/;

/** Caps implied by the message's context; the classifier applies the lowest per label. */
export function contextCaps(clean: string): Cap[] {
  const caps: Cap[] = [];
  if (REPORTED.test(clean) && !DIRECT.test(clean)) {
    caps.push({ labels: ['sexual', 'grooming', 'extremism', 'hate', 'violence'], max: 0.55, reason: 'reported or taught, not addressed to anyone' });
  }
  if (SIBLING.test(clean) && !WEAPON_OR_PLAN.test(clean) && !/\b(?:you|your|yours|ya)\b/.test(clean)) {
    caps.push({ labels: ['violence'], max: 0.6, reason: 'hyperbole about a sibling' });
  }
  if (!SECRECY_OR_BODY.test(clean)) {
    if (PARENTS_IN.test(clean)) caps.push({ labels: ['grooming'], max: 0.6, reason: 'parents are part of the arrangement' });
    else if (SCHOOLWORK.test(clean)) caps.push({ labels: ['grooming'], max: 0.6, reason: 'arranging schoolwork' });
    else if (SURPRISE.test(clean) && !LOCATION_OR_ALONE.test(clean)) caps.push({ labels: ['grooming'], max: 0.6, reason: 'a surprise or present, not a secret' });
  }
  if (JOB_TOOL.test(clean) && !/\b(?:i will|ill|i am going to|imma|going to (?:use|bring|get)|on you|at you|for you|after school)\b/.test(clean)) {
    caps.push({ labels: ['violence'], max: THREAT_CUE.test(clean) ? 0.64 : 0.6, reason: 'a job or hobby that uses the tool' });
  }
  return caps;
}
