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
  /**
   * The learned model may still raise these labels. Set where the rules' words are
   * unreliable but the meaning is not settled by the context alone (someone asking
   * for help may still be describing harm); unset where the context settles it.
   */
  readonly modelMayFlag?: boolean;
}

const REPORTED =
  /\b(?:pshe|rse|re lesson|rs lesson|in re|in rs|citizenship|sociology|assembly|(?:the|our|this|todays|a) lesson (?:on|about|was about|is about|today was about)|lesson on|in history|in english|in biology|in science|in drama|documentary|the film we|the video we|the video in|a film about|a video about|the news|on the news|news said|the article|an article|the report|a leaflet|leaflet|a poster|poster|presentation on|project on|essay on|essay about|we learned|we learnt|we are learning|we were learning|we studied|we are studying|we discussed|we debated|we talked about|talked about|we watched|we read|we looked at|we had a talk|a talk on|a talk about|explained|teacher said|miss said|sir said|mr \w+ said|mrs \w+ said|the police officer|the nurse|the law|illegal|against the law|conspiracy theory|debunk|the dangers of|dangers of|signs of|how to spot|spotting|warning signs|online safety|e safety|esafety|safety talk|safety video|safety lesson|stay safe|keeping safe|trusted adult|tell a trusted adult|you should tell|tell someone you trust|tell a teacher|if anyone asks you|if someone asks you|if an adult asks you|if a stranger|report it|childline|ceop|prevent strategy|radicalisation|radicalization|propaganda|memorial|remembrance|what it means|what they chanted|the museum|the exhibition|in the book|the novel|the play|the poem)\b/;

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
  /\b(?:for the (?:group )?project|for the homework|for homework|the group project|on teams|microsoft teams|google classroom|google doc|google docs|school email|the coursework|revision group|study group|for the presentation|for the assignment|for the trip|for the form|for the worksheet|for the task|coach said|coach wants|for the (?:netball|football|rugby|hockey|cricket|basketball|swimming|dance|drama|choir|chess) (?:team|club|squad|group chat)|ttrs|times tables rockstars|times table rockstars|sparx|seneca|kahoot|blooket|gimkit|mathletics|quizlet|hegarty|doodle maths|duolingo)\b/;
const SECRECY = /\b(?:do not tell|dont tell|nobody needs to know|no one needs to know|just between|our secret|secret between|keep it secret|keep this secret|keep it a secret|delete)\b/;
const BODY_OR_CONTACT =
  /\b(?:pic|pics|picture|pictures|photo|photos|selfie|body|naked|older|age|mature|special|love you|hotel|my car|sneak out|snapchat|kik|telegram|whatsapp)\b/;
// Secrecy between two people, or kept from a parent, is grooming's cue even around a present.
const PRIVATE_SECRET = /\b(?:between us|just between|our secret|secret between|for you|(?:do not|dont) tell (?:your|ur) (?:mum|mom|dad|parents|family|carer)|nobody needs to know|no one needs to know|delete)\b/;
// A class keeping a plan from a teacher or a friend: "keep it secret, we're making miss a card".
const GROUP_SURPRISE = /\b(?:leaving party|leaving do|last day|(?:her|his|their) \d{1,2}(?:st|nd|rd|th)|for (?:miss|sir|mr \w+|mrs \w+|ms \w+)|throwing (?:a|her|him|them|miss|sir)|everyone keep|(?:we are|were) (?:making|getting|throwing|planning|doing))\b/;
const LOCATION_OR_ALONE =
  /\b(?:alone|by yourself|on your own|address|road|street|postcode|post code|where you live|your number|house number|which school|what school)\b/;

// Named video games and game talk ("i'm gonna destroy you at cod", "ur so dead when i get on").
const GAME =
  /\b(?:fortnite|minecraft|roblox|cod|call of duty|warzone|valorant|apex|gta|among us|pubg|overwatch|halo|rocket league|bedwars|skywars|hypixel|brawl stars|smash bros|mario kart|fall guys|fifa|elden ring|dead by daylight|in a game|in the game|this game|played a game|when i get on|get on the xbox|get on xbox|on the ps5|respawn|lobby|ranked|squads|duos|1v1|one v one)\b/;
const REAL_WORLD = /\b(?:in real life|irl|at school|after school|outside|your house|your address|where you live|on the way home|tomorrow at|monday|not joking|not a joke|for real|deadass)\b/;
// Mild name-calling wrapped in affection between friends ("shut up u muppet 😂❤️", "you muppet, i love it").
const MILD_INSULT = /\b(?:weird|muppet|numpty|plonker|doughnut|donut|nutter|weirdo|dork|nerd|goof|goofball|wally|melt|div|idiot|silly|dummy|dumbo|clown|loser)\b/;
const AFFECTION = /\b(?:love you|love ya|love u|i love it|love it|luv you|luv ya|ily|bestie|bff|babe|hun|my fave|my favourite|heartemoji)\b|(?:\u2764|\u{1F970}|\u{1F618}|\u{1F495}|\u{1F496}|\u{1F497})/u;
const HARSH = /\b(?:ugly|fat|hate you|hate u|nobody|no one|everyone hates|kill yourself|kys|die|worthless|pathetic|disgusting|stupid|thick)\b/;

// Someone reporting harm done to them or others, or asking how to help: the harmful words are
// somebody else's ("someone called me a p*ki, what do i do", "i'm worried my friend is cutting").
const REPORTING =
  /\b(?:what (?:do|should|can) (?:i|we) do|who (?:do|should) i tell|should i (?:tell|report)|i think i should tell|how (?:do|can|should) (?:i|we) report|(?:we|i|they) reported (?:it|them|him|her|this|that)|reported it|i (?:told|have told|ive told|will tell|am going to tell) (?:a |the |my |an )?(?:teacher|adult|trusted adult|mum|mom|dad|parents|head|headteacher|head of year|safeguarding lead|dsl|police|miss|sir|form tutor|tutor|school)|told (?:the )?safeguarding|the safeguarding lead|how (?:do|can) i help|(?:i am|im) (?:really )?worried (?:about )?(?:my|a) (?:friend|mate|bestie|sister|brother|cousin)|(?:keeps?|kept) (?:calling|saying|telling|posting|sending)|called (?:me|him|her|my \w+) (?:a|an)\b|(?:someone|somebody|people|kids|a boy|a girl) (?:called|posted|wrote|said|keep|keeps|kept)|is it (?:wrong|bad|ok) (?:that|to) (?:i|tell))\b/;
// The writer's own distress stays self-harm whatever else the message says.
const OWN_DISTRESS =
  /\b(?:i (?:want|wanna|wish i could|am going to|will|might) (?:die|kill myself|end it|disappear forever)|kill myself|hurt myself|cut myself|cutting myself|i am suicidal|i feel suicidal|i self harm|i have been self harming|my self harm is|i cant go on|i cant do this anymore)\b/;
// Supportive replies: "please don't hurt yourself, message me instead", "you're not a burden".
const SUPPORTIVE =
  /\b(?:please (?:dont|do not)|not a burden|here for you|here if you|message me instead|you matter|we love (?:you|having you)|getting help|talk to someone|reach out|clean from|proud of (?:you|myself)|you are not alone|youre not alone)\b/;

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
  if (!BODY_OR_CONTACT.test(clean)) {
    const surprise = (SURPRISE.test(clean) || GROUP_SURPRISE.test(clean)) && !LOCATION_OR_ALONE.test(clean);
    if (!SECRECY.test(clean)) {
      if (PARENTS_IN.test(clean)) caps.push({ labels: ['grooming'], max: 0.6, reason: 'parents are part of the arrangement' });
      else if (SCHOOLWORK.test(clean)) caps.push({ labels: ['grooming'], max: 0.6, reason: 'arranging schoolwork' });
      else if (surprise) caps.push({ labels: ['grooming'], max: 0.6, reason: 'a surprise or present, not a secret' });
    } else if (surprise && !PRIVATE_SECRET.test(clean)) {
      caps.push({ labels: ['grooming'], max: 0.6, reason: 'a group surprise for someone, not a private secret' });
    }
  }
  if (GAME.test(clean) && !WEAPON_OR_PLAN.test(clean) && !REAL_WORLD.test(clean)) {
    caps.push({ labels: ['violence'], max: 0.6, reason: 'talk about a video game' });
  }
  if (MILD_INSULT.test(clean) && AFFECTION.test(clean) && !HARSH.test(clean)) {
    caps.push({ labels: ['bullying'], max: 0.6, reason: 'affectionate teasing' });
  }
  if (REPORTING.test(clean)) {
    const labels: ChatLabel[] = ['hate', 'bullying', 'extremism', 'violence', 'sexual', 'grooming'];
    if (!OWN_DISTRESS.test(clean)) labels.push('self_harm');
    caps.push({ labels, max: 0.6, reason: 'reporting harm or asking for help', modelMayFlag: true });
  }
  if (SUPPORTIVE.test(clean) && !HARSH.test(clean.replace(/\b(?:please (?:dont|do not)|not) \w+(?: \w+)?/g, ''))) {
    caps.push({ labels: ['self_harm', 'bullying'], max: 0.6, reason: 'a supportive reply', modelMayFlag: true });
  }
  if (JOB_TOOL.test(clean) && !/\b(?:i will|ill|i am going to|imma|going to (?:use|bring|get)|on you|at you|for you|after school)\b/.test(clean)) {
    caps.push({ labels: ['violence'], max: THREAT_CUE.test(clean) ? 0.64 : 0.6, reason: 'a job or hobby that uses the tool' });
  }
  return caps;
}
