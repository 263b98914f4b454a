/**
 * Concept rules: broader, compositional patterns that generalise beyond the
 * exact phrases in rules.ts. Each rule encodes one safeguarding concept as
 * (cue A) near (cue B), e.g. grooming = secrecy cue, or an off-platform move
 * plus an app, or a meeting plus "alone"/"in person"; self-harm = first person
 * plus ending life / not wanting to exist / a method; violence = a threat verb
 * aimed at a second- or third-person target or a body part.
 *
 * They run on the same `clean` text view as rules.ts (lower case, no
 * apostrophes, shorthand expanded, harmless idioms already neutralised).
 * Context guards drop a concept hit when the message is plainly about a game,
 * a text studied in class, or a history/science topic, where the same words are
 * ordinary school talk. Every pattern uses bounded repetition only.
 */
import type { ChatLabel } from '../../../shared/taxonomy';

export type Guard = 'game' | 'study' | 'accident';

export interface ConceptRule {
  readonly label: ChatLabel;
  readonly score: number;
  readonly reason: string;
  readonly re: RegExp;
  readonly guards: readonly Guard[];
}

/** Context in which violent or self-harm vocabulary is usually harmless. */
export const GUARDS: Readonly<Record<Guard, RegExp>> = {
  game: /\b(?:fortnite|minecraft|roblox|cod|call of duty|warzone|valorant|apex|gta|game|games|gaming|gamer|match|boss|zombies?|character|skins?|server|ranked|squads?|duos|lobby|respawn|kahoot|fifa|chess|pvp|mobs?|creeper|npc|xbox|ps5|ps4|playstation|nintendo switch|among us|imposter|impostor|pubg|overwatch|halo|rocket league|bedwars|skywars|hypixel|brawl stars|clash|dbd|dead by daylight|elden ring|zelda|pokemon|mario|sims|dnd|d and d|campaign|quest|noob|headshot|sniper|lvl|xp|hp|controller|playing|played)\b/,
  study: /\b(?:macbeth|lady macbeth|duncan|banquo|romeo|juliet|tybalt|mercutio|hamlet|othello|lear|shakespeare|of mice and men|lennie|curley|inspector calls|jekyll|hyde|christmas carol|scrooge|lord of the flies|piggy|frankenstein|dracula|poem|poems|poet|poetry|novel|book|story|chapter|author|writer|character|characters|quote|quotes|scene|act \d|the play|essay|paragraph|history|historical|ww1|ww2|world war|war|wars|battle|soldiers|army|trenches|holocaust|nazi germany|the nazis did|the blitz|tudor|tudors|henry viii|anne boleyn|romans|vikings|normans|medieval|century|empire|revolution|assassination|assassinated|archduke|civil rights|slavery|migration|documentary|film|movie|series|episode|the news|news|article|in biology|in science|in chemistry|in physics|in geography|biology (?:lesson|class|homework|teacher)|science (?:lesson|class|homework|teacher)|rs lesson|pshe|teacher said|miss said|sir said|we learned|we learnt|we are learning|we studied|studying|exam question|textbook|in english|in history|in drama|in rs)\b/,
  accident: /\b(?:by accident|accidentally|on accident|in pe|at pe|playing|fell|fall|falling|tripped|slipped|crashed|football|rugby|netball|hockey|basketball|trampoline|skateboard|bike|scooter|stairs|cooking|baking|shaving|in dt|in d and t|in science|in the lab|bunsen|paper cut|papercut|oven|iron|kettle|straighteners|stubbed|yesterday at|last week at)\b/,
};

type Spec = readonly [ChatLabel, number, string, string, (readonly Guard[])?];

const TARGET = '(?:you|ya|him|her|them|that kid|that boy|that girl|that teacher|the teacher|sir|miss)';
const FIRST = '(?:i|i am|i have|i was|i will|ill|id|i would|i might|i feel|i keep|i just|me|my)';

// ---- violence ------------------------------------------------------------------
const VIOLENCE: readonly Spec[] = [
  ['violence', 0.85, 'threat of injury to a body part',
    '(?<!(?:not|dont|careful|might|could|would|accidentally|nearly|almost|you) )\\b(?:snap|break|smash|crack|bust|rip off|rip out|slit|slice|cut|stamp on|stomp on|kick in|punch in|cave in|knock out|knock|slash|twist|burst|gouge out|pull out|boot) (?:\\w+ )?(?:your|ur|his|her|their|ya) (?:neck|necks|legs?|arms?|jaw|face|head|skull|nose|teeth|ribs|fingers|knees|kneecaps|throat|spine|eyes?|windpipe|ankles?|wrists?)(?! (?:off (?:lol|haha)|in (?:chess|the game)))\\b',
    ['game', 'study']],
  ['violence', 0.85, 'threat aimed at a person',
    `\\b(?:i|we|ill|well|imma|i am|we are|i will|we will)(?: \\w+){0,5} (?<!\\b(?:a|an|the|my|your|his|her|movement|toilet|water|brain|quick|short|lunch|fire|paper|hair) )(?:kill|murder|stab|shank|shoot|strangle|choke|batter|beat up|punch|smack|slap|hurt|jump|merk|knife|glass|bottle|headbutt|drown|suffocate|gut|end|bury|smash|deck|lamp|boot|kick|rush|attack|cut|burn|torch|run over|wreck|body|bodied|destroy|snap|break) ${TARGET}(?! (?:a (?:message|text|link|email)|back later|at (?:fifa|chess|football|netball)))\\b`,
    ['game', 'study']],
  ['violence', 0.85, 'threat of being hurt',
    '\\b(?:you are|your|you|you will|he is|she is|they are|hes|shes)(?: \\w+){0,2} (?:going to|gonna|gunna|about to|will|gon|finna) (?:get|be|end up) (?:\\w+ )?(?:jumped|shanked|stabbed|battered|shot|merked|hurt|beaten|killed|smacked|slapped|punched|rushed|bottled|glassed|murdered|done in|wrecked|deaded|knocked out|bodied|dead|in hospital|in a&e|in a coffin|in a body bag|six feet under|buried|in a wheelchair|in a cast|in intensive care|in a neck brace)\\b',
    ['game', 'study']],
  ['violence', 0.75, 'menacing warning',
    '\\b(?:you will|you are going to|youll|you gonna|you are gonna) (?:regret|pay for) (?:this|it|that|what you)\\b|\\b(?:i will|ill|i am going to|i am gonna) make you (?:pay|regret|suffer|bleed|sorry)\\b|\\b(?:watch yourself|watch your back|you better (?:watch out|run|hide|be scared)|run while you can|your days are numbered|count your days|sleep with one eye open|you are not safe|you will not be safe|you wont be safe|you are finished|you are done for|you are getting it)\\b|\\bi know where you (?:live|sleep|go to school|walk home|hang out)\\b',
    ['game', 'study']],
  ['violence', 0.85, 'weapon brought or carried',
    '\\b(?:bring|bringing|brought|got|have|has|carry|carrying|carries|take|taking|took|hiding|hide|hid|packing|keep|keeping|kept|sneak|sneaking|snuck|stash|stashed|pull|pulled|pulling|flash|flashed|wave|waved|show|showed)\\b(?: \\w+){0,3} (?:knife|knives|blade|blades|shank|machete|zombie knife|flick knife|gun|guns|pistol|handgun|shotgun|rifle|crossbow|knuckle duster|knuckledusters|taser|stanley knife|box cutter|acid|ammo|bullets)\\b(?! (?:and fork|crime|safety|amnesty|set|sharpener|block))(?:(?: \\w+){0,5} (?:school|bag|pocket|blazer|coat|jacket|waistband|sock|locker|on me|on him|on her|tomorrow|monday|after school|the gates|the park|for you|for him|for her|for them|just in case|in case|protection|to use|to sort|to get|to deal))',
    ['game', 'study']],
  ['violence', 0.8, 'wishing death or injury on someone',
    '\\bi (?:want|wish|hope|need) (?:you|him|her|them|that teacher|sir|miss) (?:were |was |would |to |gets? |got )?(?:dead|die|died|to die|get hurt|gets hurt|get stabbed|get shot|suffer|bleed|in a coffin|six feet under)\\b',
    ['game', 'study']],
  ['violence', 0.8, 'planned fight or attack',
    '\\b(?:lets|let us|we are|were|we will|well|we gonna|we should|going to|gonna|and|then|finna)(?: \\w+){0,2} (?:jump|rush|shank|merk|batter|stab|bottle|glass|beat up|duff up|deck|lamp|knock out|smack up|slap up|mash up|cut up|bang up|do in) (?:him|her|them|you|that kid|that boy|that girl|[a-z]+ (?:after|at|outside|when|tomorrow|tonight))\\b',
    ['game', 'study']],
  ['violence', 0.85, 'attack on people or the school',
    '\\b(?:shoot|stab|bomb|blow up|attack|kill|knife|gas|poison|burn) (?:up |down )?(?:every ?one|everybody|all of you|all of them|the whole (?:class|school|year)|people|the school|my school|our school|this school|the building|the canteen|the assembly|assembly|the hall)(?: \\w+){0,3}(?: (?:tomorrow|monday|tuesday|wednesday|thursday|friday|next week|one day|soon|i swear|watch|and|when|with))\\b|\\bthere (?:will|is going to|gonna) be (?:blood|a bloodbath|a massacre|bodies)\\b',
    ['game', 'study']],
  ['violence', 0.9, 'threat to attack the school',
    '\\b(?:i|we|ill|well|imma|gonna|going to|should|lets|someone)(?: \\w+){0,4} (?:blow up|burn down|burn|bomb|torch|set fire to|shoot up|firebomb|petrol bomb|attack) (?:the|this|our|my|that|your) (?:\\w+ )?(?:school|block|building|classroom|gym|canteen|hall|library|staffroom|staff room|assembly|science block|lesson|academy|college)(?: down)?\\b',
    ['game', 'study']],
  ['violence', 0.8, 'threat to end a person',
    '\\b(?:ill|i will|i am going to|i swear ill|i swear i will|imma|gonna) (?:end|finish|deal with|sort|handle|get) (?:you|him|her|them)(?: (?:for good|properly|permanently|once and for all|myself|outside|after school|tomorrow|tonight|i swear))\\b|\\b(?:end|take) (?:your|his|her) (?:life|lives)\\b',
    ['game', 'study']],
];

// ---- self harm -------------------------------------------------------------------
const SELF_HARM: readonly Spec[] = [
  ['self_harm', 0.9, 'plan to end own life',
    `\\b(?:plan|plans|planned|planning|method|way|date|day|note|letter|how)(?: \\w+){0,3} (?:to )?(?:end it|end it all|end my life|end things|kill myself|end myself|unalive myself|take my (?:own )?life|not be here anymore|die|be gone)(?! (?:with|between|lol|haha))\\b`,
    ['study', 'game']],
  ['self_harm', 0.9, 'wanting to end it',
    `\\b${FIRST}(?: \\w+){0,4} (?:end it all|end it|end things|end everything|end my life|take my life|take my own life|end myself|kill myself|unalive myself|off myself)(?! (?:with (?:him|her|them|my)|between|here|there|now lol|lol|haha))\\b`,
    ['study', 'game']],
  ['self_harm', 0.9, 'not wanting to exist',
    '\\b(?:do not|dont|never|no longer|not|cant|can not) (?:really |even )?(?:want|wanna|wish|see the point|feel like|see myself|bear|face) (?:to )?(?:be (?:here|around|alive|on this earth|in this world) (?:anymore|any more|much longer|for much longer|tomorrow|after tonight)|exist(?:ing)?|be alive|being alive|wake up|waking up|live anymore|live any more|living anymore|living|living like this|carry on|carry on like this|go on|go on like this|keep going|be on this earth|be in this world|see tomorrow|make it to tomorrow|another day)\\b(?! (?:at|in|with) (?:school|this school|the lesson|this lesson|maths|class))',
    ['study', 'game']],
  ['self_harm', 0.85, 'no point in living',
    '\\b(?:no|the|whats the|what is the|theres no|there is no|dont see the|do not see the|cant see the|can not see the) point (?:in |of )?(?:me |my )?(?:living|life|being alive|being here|existing|going on|carrying on|trying anymore|anything anymore|anything any more|any of it anymore|it all|waking up|me being (?:alive|here|around)|my life|being me|me anymore|anymore$|any more$|me)\\b',
    ['study', 'game']],
  ['self_harm', 0.85, 'others better off without me',
    '\\bbetter off (?:without me|with me gone|if i (?:was|were|wasnt|was not|am not|werent|were not|died|disappeared|left|vanished|was dead|were dead|was gone|were gone)|when i am gone|once i am gone|after i am gone|with me dead)\\b|\\bif i (?:disappeared|vanished|was gone|were gone|died|was dead|were dead|was not here|wasnt here|was never born|killed myself|ended it)(?: \\w+){0,5} (?:nobody|no one|noone|no1|anyone|anybody|everyone|everybody|they|would|happier|better|notice|care|miss)\\b|\\b(?:nobody|no one|noone|no1|anyone|anybody|everyone|everybody)(?: \\w+){0,4} (?:notice|care|miss me|cry|be happier|be better)(?: \\w+){0,2} if i (?:disappeared|vanished|was gone|were gone|died|was dead|left|was not here|wasnt here)\\b',
    []],
  ['self_harm', 0.85, 'ongoing self-injury',
    '\\b(?:been|started|start|stop|stopped|keep|kept|back to|relapsed|relapsing|cant stop|can not stop|still|urge to|urges to|want to|wanna|need to|going to|gonna|tempted to|thinking about|think about) (?:\\w+ )?(?:cutting|self harming|selfharming|harming myself|hurting myself|burning myself|scratching myself|purging|starving myself|cutting myself|cut myself|harm myself|hurt myself|burn myself|sh)(?! (?:the|a|it|out|up|paper|onions|down|class|lessons|my hair|your|his|her|them|corners|shapes))\\b',
    ['accident', 'study']],
  ['self_harm', 0.85, 'self-injury',
    '\\b(?:cut|cutting|cuts|slit|slice|slicing|carve|carving|burn|burning|scratch|scratching|scars|scarring|blood|bleeding|razor|razors|blade|blades|sharpener)\\b(?: \\w+){0,4} (?:my|me) (?:wrists?|arms?|thighs?|legs?|skin|veins?|hips?|stomach)\\b|\\b(?:my|me) (?:wrists?|arms?|thighs?|skin|veins?)(?: \\w+){0,3} (?:cut|cutting|slit|carved|bleeding|scars|scarred|marks|razor|blade)\\b',
    ['accident', 'study']],
  ['self_harm', 0.85, 'hurting myself on purpose',
    '\\b(?:hurt|hurting|harm|harming|punish|punishing|injure|injuring|bruise|bruising|hit|hitting|punch|punching|burn|burning|cut|cutting|scratch|scratching|bang my head|starve|starving)(?: \\w+)? (?:myself|my self|meself)(?: \\w+){0,4} (?:again|on purpose|to feel|so i|because i|cos i|every night|every day|when i|whenever|until|till|deserve|it helps|helps|makes me feel|better|in my room|at night|lol no)\\b',
    ['accident', 'study']],
  ['self_harm', 0.9, 'overdose',
    '\\b(?:take|took|taking|swallow|swallowed|swallowing|down|downed|neck|necked|have|had|ate|eat)(?: \\w+){0,3} (?:all|every|the whole|whole|loads|load|lots|a lot|too many|bunch|handful|box|bottle|pack|packet|packets|box|strip|strips|\\d{2,}|twenty|thirty|forty|fifty)(?: of)?(?: \\w+){0,2} (?:pills|tablets|paracetamol|ibuprofen|painkillers|meds|medication|sleeping pills|antidepressants|capsules)\\b|\\b(?:i|gonna|going to|want to|wanna|might|will|tonight|plan to|thinking of|thinking about)(?: \\w+){0,2} (?:od|overdose|overdosing)\\b',
    ['study']],
  ['self_harm', 0.85, 'restricting food to get thin',
    '\\b(?:not|stop|stopped|quit|skip|skipping|skipped|refuse to|refusing to|wont|will not|cant|havent|have not|barely|hardly) (?:going to |gonna |been )?(?:eat|eating|eaten|lunch|dinner|breakfast|meals?|food)\\b(?: \\w+){0,6} (?:so i get|so i can get|so i lose|so i look|to get thin|to get skinny|to get thinner|until i am|till i am|until i look|to lose weight|to lose|because i am fat|cos i am fat|i am too fat|i am so fat|so that i|i dont deserve|i do not deserve|calories|weight|thin|skinny|fat|for days|all week|in days)\\b|\\b(?:so|until|till|to) (?:i |that i )?(?:get|am|look|become|be|can be|will be|finally get|finally look) (?:really |super |so |properly )?(?:thin|skinny|thinner|skinnier|bony|underweight|lighter)\\b|\\b(?:i|me)(?: \\w+){0,3} (?:throw up|threw up|throwing up|puke|puking|sick|vomit|vomiting)(?: \\w+){0,3} (?:after|so|to) (?:i eat|eating|i ate|meals?|food|dinner|lunch|i dont|i do not|i wont)\\b',
    ['study']],
  ['self_harm', 0.85, 'goodbye message',
    '\\b(?:this is (?:my )?goodbye|goodbye (?:forever|for good|everyone|world)|say (?:my )?goodbyes? (?:to everyone|for good|forever)|(?:wrote|written|writing|left|leaving) (?:a |my )?(?:letters?|notes?) (?:to|for) (?:everyone|my (?:family|mum|dad|parents|friends|sister|brother))|tell (?:my (?:mum|dad|family|parents|sister|brother)|everyone) (?:i love (?:them|her|him)|i am sorry|im sorry|sorry)|i (?:will not|wont|will no longer) be (?:here|around|alive) (?:tomorrow|much longer|for (?:much )?longer|anymore|any more|by (?:tomorrow|monday|the weekend|next week))|you (?:will not|wont|will never|never) (?:have to )?see me (?:again|anymore|any more|after (?:today|tonight))|(?:this|today) (?:is|will be) my last (?:day|night|message|lesson)(?: alive| ever| on earth)?)\\b',
    ['study', 'game']],
  ['self_harm', 0.8, 'tired of living',
    '\\b(?:tired|sick|done|exhausted|fed up) (?:of|with) (?:living|being alive|life|existing|my life|being me|breathing|waking up|everything and everyone)\\b|\\bi (?:give up|gave up) on (?:life|living|everything|myself)\\b|\\b(?:i hate|i cant stand|i can not stand|i hate being) (?:being alive|living|my existence|existing)\\b',
    ['study', 'game']],
  ['self_harm', 0.85, 'method of suicide',
    '\\b(?:i|me|myself)(?: \\w+){0,5} (?:jump|jumping|step|stepping|walk|walking|throw myself|lie down|lay down) (?:off|in front of|into|onto|from|under) (?:a |the |that )?(?:bridge|building|roof|cliff|train|bus|car|lorry|traffic|tracks|motorway|car park|multi storey|tower block)\\b|\\b(?:rope|noose|belt) (?:\\w+ ){0,3}(?:my neck|around my|for myself|to hang)\\b|\\bhang (?:my ?self|me)\\b',
    ['study', 'game']],
];

// ---- grooming --------------------------------------------------------------------
const GROOMING: readonly Spec[] = [
  ['grooming', 0.85, 'secret between two people',
    '\\b(?:stay|stays|staying|keep|kept|keeping|remain|remains|has to stay|is|its|it is|just|only|strictly|all)(?: \\w+){0,4} between (?:me and you|you and me|us|us two|the two of us|ourselves|you and i|me and u)\\b(?! (?:and the (?:group|class)|lol|three|all))|\\b(?:our|a|this|it|its) (?:\\w+ )?secret(?: \\w+){0,3} (?:between|just us|me and you|you and me|forever|from (?:everyone|your|ur))\\b|\\b(?:has to|have to|must|needs to|need to|got to|gotta|should) (?:stay|be|remain|be kept) (?:a )?(?:secret|private|hidden|quiet about (?:it|this|us|what)|between us)\\b(?!(?: \\w+){0,3} (?:password|pin|code|surprise|party|present|gift|birthday))',
    []],
  ['grooming', 0.9, 'chat where adults cannot see',
    '\\b(?:somewhere|where|place|app|chat|site|way|server|platform|account)(?: \\w+){0,3} (?:teachers?|parents|mum|dad|no one|nobody|noone|adults|sir|miss|anyone|anybody|school|they|the school|people) (?:can not|cant|cannot|will not|wont|do not|dont|is not able to|isnt able to|never|doesnt|does not|cant ever) (?:see|read|find|check|monitor|watch|track|look|hear|know|spy|snoop|screenshot)\\b',
    []],
  ['grooming', 0.85, 'moving contact off-platform',
    '\\b(?:add|message|msg|text|call|ring|snap|dm|pm|follow|find|hmu|hit me up|facetime|video call|vc|ping|inbox|contact|chat|talk|speak|continue|carry on|move|go|come)\\b(?: \\w+){0,4} (?:on|over|via|through|in|at|to|onto) (?:my |your |ur |a )?(?:snap|snapchat|insta|instagram|ig|whatsapp|kik|telegram|discord|tiktok|facebook|fb|messenger|signal|wickr|omegle|skype|wechat|viber|threema|private|personal|other account|second account|alt account|alt|finsta|burner|private account|personal number|real number|private number|phone|mobile|secret account|dms|private chat)\\b(?!(?: \\w+){0,4} (?:group|gc|homework|worksheet|answers|notes|class chat|for the project|the class))',
    []],
  ['grooming', 0.8, 'arranging to meet in person or alone',
    '\\b(?:meet|meet up|meetup|link|link up|hang out|hangout|see you|see each other|come over|come round|visit you|meet you|see u)\\b(?: \\w+){0,6} (?:irl|in real life|in person|face to face|alone|by yourself|on your own|secretly|in secret|at mine|at my house|my place|my flat|my car|my hotel|your house|yours|without (?:\\w+ ){0,2}(?:knowing|telling|your)|where no one|where nobody|when your (?:parents|mum|dad)|while your (?:parents|mum|dad))\\b|\\b(?:come|sneak|pop|get) (?:\\w+ )?(?:to|round to|over to|into|in) (?:my|mine) (?:car|flat|place|hotel|van|house)(?: \\w+){0,4} (?:alone|secretly|tonight|when|without|and dont|ok|okay|babe|baby)\\b',
    []],
  ['grooming', 0.85, 'checking parents are away',
    '\\b(?:are|is|r) (?:your|ur) (?:parents|mum|dad|mom|family|folks|carers|nan|step ?dad|step ?mum|brother|sister)(?: \\w+)? (?:home|in|out|away|around|there|asleep|at work|in bed|gone|awake|watching|strict|nearby|in the house|in the room|going out)\\b|\\b(?:are|r) you (?:\\w+ )?(?:alone|by yourself|on your own|home alone|in bed)(?: \\w+){0,2}(?: tonight| now| right now| rn|$)|\\b(?:who|does anyone|do your parents|does your mum|does your dad)(?: \\w+){0,2} (?:check|read|see|go through|look at|monitor) (?:your|ur) (?:phone|messages|chats|texts|dms|laptop|screen|history)\\b|\\b(?:does|do) (?:anyone|anybody|your parents|your mum|your dad|your friends)(?: \\w+)? know (?:you are|you|about)(?: \\w+){0,1} (?:talking to me|chatting to me|talk to me|us|me|our chats?)\\b',
    []],
  ['grooming', 0.85, 'gift offered with strings',
    '\\b(?:buy|get|give|send|pay|gift|top up|treat|transfer|spoil)\\b(?: \\w+){0,4} (?:robux|vbucks|v bucks|skins?|gift ?cards?|money|cash|quid|pounds|\\d+ ?(?:quid|pounds)|phone|iphone|airpods|trainers|makeup|nails|clothes|presents?|gifts?|whatever you want|anything you want|a treat|battle pass|nitro)\\b(?!(?: \\w+){0,2} (?:back|i owe|for the trip|for the school|for charity))(?: \\w+){0,6} (?:if you|if u|as long as|in return|for a (?:pic|picture|photo|selfie|video|favour)|only if|but you|but only|promise|dont tell|do not tell|secret|for you babe|because you are special|you deserve|for being|send me|for me)\\b|\\b(?:i will|ill|i can|i could|i would|let me|i am going to|i wanna|i want to) (?:buy|get|send|give|gift|top up|treat) (?:you|ya)(?: \\w+){0,3} (?:robux|vbucks|v bucks|skins?|gift ?cards?|a new phone|an iphone|airpods|trainers|makeup|presents?|gifts?|whatever you want|anything you want|battle pass|nitro)\\b',
    []],
  ['grooming', 0.85, 'age and maturity remarks',
    '\\b(?:you|u)(?: \\w+){0,3} (?:mature|grown up|grownup|older|grown|developed|wise)(?: \\w+){0,5} (?:1[0-7]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|your age|ur age)\\b(?! (?:to (?:use|join|sign)))|\\b(?:you are|your|you|u) (?:only|just|really|actually) (?:1[0-7]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen)\\b(?: \\w+){0,4} (?:mature|grown|older|dont look|do not look|wow|really|seriously|cute|hot|pretty|beautiful|mind|secret)|\\b(?:how old|what age) (?:exactly |actually |really |even |are you actually )?(?:are you|r you|are ya|you are|is you)\\b(?! (?:going to be|gonna be|turning|on your birthday))|\\bage (?:is )?(?:just|only) a number\\b',
    []],
  ['grooming', 0.85, 'isolating the child',
    '\\b(?:understand|get|know|care about|love|appreciate|listen to|treat|see) (?:you|ya)(?: \\w+){0,2} (?:better than|more than|like no one|like nobody|the way no one|the way nobody|like i do|like me|as much as i do)\\b|\\b(?:only|just) (?:i|me) (?:\\w+ )?(?:understand|get|care about|love|trust|know|listen to) (?:you|ya)\\b|\\b(?:your|ur) (?:friends|parents|mum|dad|family|teachers|mates)(?: \\w+){0,2} (?:are|r|is) (?:\\w+ )?(?:holding you back|controlling you|too strict with you|jealous of (?:us|you|what we)|not good for you|not real friends|using you|treating you like a (?:kid|child|baby))\\b|\\b(?:you only need|all you need is|you only have|you just need|you do not need anyone|you dont need anyone|you dont need them|you do not need them)(?: \\w+){0,2} (?:me|but me|else|except me)\\b|\\byou are not like other (?:girls|boys|kids|people your age)\\b|\\b(?:you are|your) (?:so |really |very )?special to me\\b',
    []],
  ['grooming', 0.8, 'asking for pictures of the child',
    '\\b(?:send|sending|snap|show)(?: me| us)? (?:a |an |another |some |more |any |your |ur )?(?:pic|pics|picture|pictures|photo|photos|selfie|selfies|vid|video|snap)s? (?:of )?(?:you|yourself|ur face|your face|what you look like|in your|in ur|before bed|in bed|from your bed|from bed|from your room|in your room|wearing|right now|rn|just for me|for me)\\b(?! (?:work|homework|answers|drawing|model|project|worksheet|book))|\\b(?:wanna|want to|can i|let me|i want to) see what you look like\\b|\\bturn (?:on )?(?:your|ur) (?:camera|cam|webcam)(?: on)? (?:just )?for me\\b',
    []],
  ['grooming', 0.8, 'secrecy about the relationship',
    '\\b(?:nobody|no one|noone|no1|your parents|your mum|your dad|anyone)(?: else)? (?:has|needs|have|need|is going|will ever need|must|ever needs|will|would|should) (?:to )?(?:know|find out|hear|see)(?: \\w+){0,2} (?:about (?:us|this|me|our)|we talk|we are talking|we chat|you talk to me|$)|\\b(?:our|just our) (?:little )?(?:thing|secret thing)\\b|\\b(?:dont|do not|never|wont|will not) (?:tell|say|mention|show)(?: \\w+){0,2} (?:your|ur) (?:mum|dad|parents|family|teacher|teachers|friends|carer|carers|foster|nan|gran|brother|sister) (?:about|that) (?:me|us|this|we|our|what we)\\b|\\b(?:delete|clear|wipe|hide|archive) (?:\\w+ ){0,2}(?:messages|chats|chat|convo|texts|dms|this|them|pics|photos)(?: \\w+){0,3} (?:after|when|once|before|so no one|so nobody|so your|so they|so ur)\\b',
    []],
];

// ---- sexual ----------------------------------------------------------------------
const SEXUAL: readonly Spec[] = [
  ['sexual', 0.85, 'reference to what is under clothes',
    '\\b(?:see|show|touch|feel|look|peek|want|hand|reach|put|whats|what is|wanna see)(?: \\w+){0,4} (?:in|inside|under|beneath|down) (?:my|your|ur|her|his) (?:pants|knickers|boxers|underwear|trousers|bra|skirt|shorts|top|shirt|towel|dress|uniform)\\b(?! (?:pocket|pockets|drawer|bag))',
    []],
  ['sexual', 0.85, 'sexualised comment on body',
    '\\b(?:your|ur|her|his) (?:ass|arse|bum|butt|booty|boobs|tits|chest|legs|thighs|body|lips|figure|curves|hips|bum cheeks|cleavage)(?: \\w+){0,2} (?:looks?|is|are|look) (?:\\w+ )?(?:good|great|nice|hot|sexy|fit|peng|tasty|amazing|perfect|big|juicy|thicc|thick|bangin|banging|delicious|fine)\\b',
    []],
  ['sexual', 0.85, 'wanting to touch someone',
    '\\bi (?:\\w+ ){0,2}(?:want|wanna|would love|need|am going|cant wait|can not wait|d like|would like|d love|keep thinking about|dream about|think about)(?: to)? (?:touch|touching|lick|licking|feel|feeling|taste|tasting|undress|undressing|grab|grabbing|sleep with|sleeping with|get naked with|shower with|be in bed with|spank|rub|rubbing|kiss you all over|kiss your body|kiss your neck)(?: you| u| your| ur| ya)\\b(?! (?:hand|homework|work|pain|feelings))',
    []],
  ['sexual', 0.7, 'romantic touching request',
    '\\bi (?:\\w+ ){0,2}(?:want|wanna|would love|cant wait|can not wait|d love)(?: to)? (?:kiss|hold|cuddle|snog|date) (?:you|u|ya)\\b',
    []],
  ['sexual', 0.9, 'picture in underwear',
    '\\b(?:pic|pics|picture|pictures|photo|photos|selfie|selfies|vid|video|snap|snaps)(?: of (?:you|yourself|u))? (?:in|wearing|with just) (?:your|ur|a|her|just your|just ur) (?:bra|underwear|knickers|boxers|bikini|towel|pyjamas|thong|panties|lingerie|swimsuit|bathing suit)\\b',
    []],
  ['sexual', 0.85, 'nudity',
    '\\b(?:not wearing (?:anything|any clothes|much|a bra|underwear|pants|a top)|wearing nothing|no clothes on|nothing on (?:but|except|under)|with nothing on|in (?:my|your|ur) (?:underwear|bra|boxers|knickers|towel)(?: \\w+){0,3} (?:pic|photo|picture|cam|camera|now|rn|right now|for me))\\b',
    []],
  ['sexual', 0.9, 'request for explicit images',
    '\\b(?:send|show|sending|share|drop|post|snap)(?: me| us)? (?:something|summat|smth|sumn|stuff|a pic|a picture|pics|pictures|a photo|photos|vids|a vid|a video|videos) (?:spicy|naughty|dirty|rude|sexy|hot|nsfw|x rated|18 plus|explicit|private|revealing|cheeky|saucy|without clothes|with no clothes)\\b|\\b(?:spicy|naughty|dirty|rude|sexy|nsfw|explicit|revealing|cheeky|saucy|risky|lewd) (?:pic|pics|picture|pictures|photo|photos|snap|snaps|selfie|selfies|vid|vids|video|videos)\\b',
    []],
  ['sexual', 0.85, 'sexual act proposition',
    '\\b(?:lets|let us|wanna|want to|we should|we could|shall we|do you want to|dyu wanna)(?: \\w+){0,2} (?:do it(?=$| with me| with you| tonight| babe| baby| in bed| properly)|smash|bang|shag|hook up|fuck|sleep together|get naked|make out|have fun in bed|get frisky|get dirty|have a quickie|netflix and chill)\\b|\\b(?:in|into) (?:my|your|ur) (?:bed|bedroom)(?: \\w+){0,3} (?:with me|with you|together|naked|tonight)\\b',
    []],
];

// ---- bullying --------------------------------------------------------------------
const BULLYING: readonly Spec[] = [
  ['bullying', 0.8, 'insult at a person',
    '\\b(?:you are|you|your|u)(?: (?:so|such|a|an|really|the|biggest|absolute|proper|fucking|actually|literally|little|fat|ugly|dumb|stupid|complete|total|massive|utter|like|just|bloody|dirty|sad|lonely|smelly|weird|pathetic|lil|dumbass)){0,3} (?:loner|reject|inbred|mong|pick me|try hard|tryhard|attention seeker|crybaby|cry baby|dosser|tramp|skank|gremlin|goblin|troll|pleb|bottom feeder|dumbo|lard|lardass|fat ass|ugly ass|midget|short ass|skeleton|four eyes|specky|pizza face|crater face|loser|freak|weirdo|idiot|moron|retard|clown|muppet|melt|wasteman|neek|rat|snake|ugly|fat|gross|disgusting|pathetic|worthless|useless|dumb|stupid|thick|smelly|minging)(?! (?:at|about|for|question|answer|idea|point|thing|game|lol|haha|jk|joke))\\b',
    []],
  ['bullying', 0.85, 'exclusion or rejection',
    '\\b(?:we|nobody|no one|noone|everyone|everybody|the group|the class|people)(?: \\w+){0,2} (?:do not want|dont want|doesnt want|does not want|dont need|do not need|dont like|do not like|hates|hate|cant stand|can not stand) (?:you|ya)\\b(?! (?:to (?:go|leave|worry|miss|be late|forget|stress)))|\\byou (?:are|r) not (?:invited|welcome|one of us|part of (?:this|our|the) (?:group|team|friendship))\\b|\\b(?:leave|get out of|get out|gtfo|get lost from|get off) (?:our|the|this) (?:group|gc|chat|group chat|table|friendship group)\\b(?! (?:if you need|when))',
    []],
  ['bullying', 0.85, 'telling someone to disappear',
    '\\byou (?:should|need to|ought to|deserve to|better) (?:just )?(?:disappear|not exist|stop existing|move schools|never come back|go away forever|leave and never come back|be alone forever|rot|suffer)\\b|\\b(?:go|just go) (?:and )?(?:rot|disappear|cry in a corner)\\b|\\bno wonder (?:no one|nobody|noone)(?: \\w+){0,2} (?:likes|wants|talks to|loves) you\\b',
    []],
  ['bullying', 0.8, 'humiliation threat',
    '\\b(?:i will|ill|i am going to|gonna|lets|we will|we are going to|imma)(?: \\w+){0,2} (?:tell|show|send) (?:everyone|the whole (?:class|school|year)|the group|the gc|all of year \\d+)(?: \\w+){0,3} (?:your|ur|about you|what you|you)\\b|\\b(?:screenshot|screenshotted|screenshotting|recorded|filmed)(?: \\w+){0,3} (?:and|to) (?:send|post|share|show)(?: \\w+){0,2} (?:everyone|round|around|the gc|the group|the year)\\b',
    []],
  ['bullying', 0.8, 'humiliation blackmail',
    '\\b(?:pic|pics|picture|photo|vid|video|clip|screenshot|screenshots|recording)s? of you(?: \\w+){0,6} (?:goes|go|going|will go|gets posted|gets sent|gets shared) (?:on|up on|round|around|to) (?:everyones story|every ones story|my story|the gc|the group chat|the year group|the whole (?:year|school|class)|everyone|tiktok|insta|snap|snapchat)\\b',
    []],
  ['bullying', 0.8, 'organised exclusion',
    '\\b(?:if|when|every time|everytime) you (?:sit|come|join|talk|speak|unmute|play|put your hand up)(?: \\w+){0,6} (?:we are|were|we will|well|everyone is|everyones|everyone will)(?: all)? (?:moving (?:tables|seats|away)|ignoring you|blocking you|walking off|muting you)\\b|\\b(?:we are|were|everyone is|everyones) (?:all )?(?:ignoring|blanking|blocking) (?:you|him|her)\\b|\\beveryone (?:type|spam|put) \\w+ (?:in the chat )?(?:when|every time|everytime|whenever) \\w+ (?:unmutes|talks|speaks|answers)\\b',
    []],
  ['bullying', 0.8, 'appearance attack',
    '\\b(?:your|ur) (?:face|nose|teeth|hair|body|voice|laugh|skin|forehead|breath|smell|clothes|trainers|shoes)(?: \\w+){0,2} (?:makes me|make me|make everyone|makes everyone) (?:sick|want to (?:throw up|puke|vomit|die)|throw up|puke|vomit|cringe)\\b',
    []],
];

// ---- hate and extremism ------------------------------------------------------------
const GROUP_WORDS =
  '(?:muslims|jews|blacks|black people|asians|pakistanis|indians|chinese|arabs|immigrants|migrants|refugees|asylum seekers|foreigners|polish|poles|romanians|gypsies|travellers|gays|gay people|lesbians|trans people|transgender people|disabled people|autistic people|women|girls|christians|hindus|sikhs|africans|white people|brown people|lgbt people|lgbtq people)';
const HATE_EXT: readonly Spec[] = [
  ['hate', 0.85, 'contempt for a protected group',
    `\\b${GROUP_WORDS}(?: \\w+){0,2} (?:ruin|ruining|ruined|destroy|destroying|taking over|steal|stealing|invade|invading|infest|infesting|pollute|polluting) (?:our|this|the|my) (?:country|jobs|school|town|city|area|britain|england|nation)\\b|\\b(?:your kind|you people|your lot|people like you|ur kind)(?: \\w+){0,3} (?:are|should|dont belong|do not belong|need to|go back|ruin|smell|stink|are all|cant|can not|dont deserve|do not deserve|make me sick|disgust)\\b|\\bi (?:hate|cant stand|can not stand|despise) (?:black|gay|muslim|jewish|trans|asian|indian|polish|disabled|autistic|pakistani|chinese|african|lesbian|foreign|brown) (?:people|kids|girls|boys|ones|lot|folk)\\b`,
    []],
  ['extremism', 0.85, 'supremacist or expulsion slogan',
    `\\b(?:white|british|english|european) (?:people|race|britain|england|power) (?:first|only|over all|above all|must survive|is superior|are superior)\\b|\\b${GROUP_WORDS}(?: \\w+){0,2} (?:out|out of (?:our|my|this) country|must go|must leave|should all leave|off our streets)\\b(?! (?:of (?:the )?(?:room|class|lesson)))|\\b(?:should|must|need to|deserve to) (?:all )?(?:be )?(?:gassed|exterminated|wiped out|deported|hanged|lynched|burned alive|ethnically cleansed)\\b`,
    ['game']],
];


// ---- second wave: more paraphrase families ------------------------------------------
const GROUP2 =
  '(?:(?:black|gay|muslim|jewish|trans|disabled|autistic|asian|indian|polish|foreign|brown|chinese|african|immigrant|lesbian|romanian|pakistani|arab|mixed race|deaf|blind|gypsy|traveller|lgbt|lgbtq|queer|bisexual|non binary|somali|nigerian|albanian|eastern european) (?:people|kids|students|pupils|girls|boys|ones|lot|families|men|women|folk|person|guys)|' +
  GROUP_WORDS.slice(3, -1) + ')';
const MORE: readonly Spec[] = [
  ['grooming', 0.85, 'secrecy bargain',
    '\\b(?:if|as long as|only if|so long as) (?:you|ya) (?:keep (?:quiet|it quiet|it secret|it a secret|your mouth shut|it to yourself|this to yourself|it between us|it on the down low|it lowkey)|say nothing|dont tell|do not tell|tell no one|dont say anything|do not say anything|promise not to tell)\\b|\\b(?:just|only) for (?:us|us two|me and you|you and me|the two of us)\\b(?! (?:and|to (?:share|use|work|do)))',
    []],
  ['grooming', 0.8, 'timing parents away',
    '\\bwhat time (?:does|do|will|is) (?:your|ur) (?:parents|mum|dad|mom|family|carers?|nan|step ?dad|step ?mum) (?:get back|get home|come home|come back|leave|go out|go to bed|go to sleep|go away|going out|out|asleep)\\b',
    []],
  ['grooming', 0.8, 'private account or number',
    '\\b(?:private|secret|second|other|alt|spam|fake|burner|hidden) (?:instagram|snap|snapchat|account|number|phone|tiktok|discord|email|profile)\\b(?! (?:settings|setting|is safer|is safest))',
    ['study']],
  ['grooming', 0.8, 'asking whether chats are monitored',
    '\\b(?:do|does|can|will|are|is) (?:your |ur |the )?(?:teachers?|school|parents|mum|dad|anyone|sir|miss|they|adults|staff|it)(?: \\w+){0,1} (?:check|read|monitor|see|look at|go through|watching|reading|checking|monitoring|logging|record|recording|saving|save) (?:these|this|our|the|your|ur) (?:chats?|messages|msgs|convo|convos|dms|texts|phone|conversations?)\\b',
    []],
  ['grooming', 0.85, 'adult downplaying age gap',
    '\\bi am (?:only |just )?(?:1[89]|2\\d|3\\d|4\\d)(?: years old| yrs| yo| yr old)?(?: \\w+){0,3} (?:not a big deal|no big deal|doesnt matter|does not matter|its fine|it is fine|age gap|no one|nobody|dont tell|do not tell|you are mature|you seem|its only|it is only|we can still|its just a number)\\b|\\b(?:older|mature|grown up|grownup) than (?:year|yr|y) ?\\d\\b',
    []],
  ['grooming', 0.85, 'keep messages hidden',
    '\\b(?:do not|dont|never) (?:let|show) (?:anyone|anybody|your \\w+|ur \\w+|no one|nobody|them)(?: see| read| find| know about)? (?:these|this|our|my|the) (?:messages|chats?|texts|convo|dms|pics|pictures|photos|conversation)\\b|\\b(?:somewhere|place|app|chat|room|call|server) (?:\\w+ ){0,2}(?:more )?(?:private|secret|quieter|hidden)(?! (?:study|room for (?:revision|the exam)))\\b(?: \\w+){0,2}(?: to (?:chat|talk|speak)|$)',
    []],
  ['self_harm', 0.85, 'self-injury tools and hiding',
    '\\b(?:bought|got|buying|get|hid|hide|hiding|found|took|need|new|keep|keeping|stole|stash)(?: \\w+){0,2} (?:blades|razors|razor blades|a razor blade|sharpener blades|a blade to)\\b|\\b(?:cuts|scars|marks|burns)\\b(?: \\w+){0,5} (?:hide|hiding|hid|cover|covering|long sleeves|hoodie|nobody sees|no one sees|no one can see|nobody can see)\\b|\\bcovered in (?:cuts|scars)\\b|\\bonly (?:thing|way)(?: \\w+){0,3} (?:helps|help|cope|calms me)(?: \\w+){0,3} (?:cut|cutting|hurt myself|hurting myself|bleed|pain|burn myself)\\b',
    ['game', 'study']],
  ['self_harm', 0.85, 'no future',
    '\\b(?:do not|dont|cant|can not|cannot|never) see (?:a|any|my|myself having a) (?:future|way out|reason to (?:live|stay|carry on|go on)|reason to be here)\\b|\\b(?:can not|cant|cannot) (?:keep|go on|carry on) (?:living|existing|like this)\\b|\\b(?:i|me|myself)(?: \\w+){0,4} (?:disappear|disappearing|vanish|vanishing)(?: \\w+)? (?:for good|forever|and never come back|from this world|from existence|permanently)\\b',
    ['study', 'game']],
  ['violence', 0.8, 'menacing warning',
    '\\byou (?:better|had better|best|wanna|want to) watch (?:it|yourself|out|your back|your mouth|what you say)\\b(?! (?:for|when|on|with))|\\b(?:you are|your|hes|he is|shes|she is|they are|you)(?: \\w+){0,1} (?:going to|gonna|will) get it(?: \\w+){0,2} (?:after school|tomorrow|at lunch|at break|tonight|when i|proper|so bad|big time|from me|i swear)\\b',
    ['game', 'study']],
  ['violence', 0.85, 'knockout or injury threat',
    '\\b(?:bang|knock|spark|lay|lamp|chin|drop|floor|put|sleep) (?:you|him|her|them)(?: (?:out|down|to sleep|on the floor|on your back|six feet under|in the ground|in a box|in a body bag|in a coffin|in hospital|in a&e|in intensive care|in a wheelchair))\\b(?! (?:for|as|on the list|in the team))|\\b(?:slap|punch|knock|kick|smack|beat|batter)(?: \\w+){0,2} (?:out of|out|outta) (?:your|ur|you|him|her|his)\\b|\\b(?:hit|smack|whack|bash|stab|shank|slash|batter|beat|hurt|attack) (?:him|her|them|you|that kid|that boy|that girl)(?: \\w+){0,2} (?:with|using) (?:a|the|my|your|his) (?:brick|bat|bottle|chair|knife|hammer|pole|rock|stone|stick|lock|padlock|belt|pipe|blade|crowbar|screwdriver)\\b',
    ['game', 'study']],
  ['violence', 0.8, 'planned violent incident',
    '\\b(?:there is|theres|there will be|gonna be|going to be|there gonna be) (?:a )?(?:stabbing|shooting|bloodbath|massacre|bombing|mass shooting|riot|fight|jumping)(?: \\w+){0,3} (?:at lunch|after school|tomorrow|today|at break|in school|at school|outside|tonight|monday|tuesday|wednesday|thursday|friday|at the gates)\\b',
    ['game', 'study']],
  ['sexual', 0.85, 'sexual intent',
    '\\b(?:want|wanna|would|d|let me|i could|cant wait|can not wait|gonna|going)(?: to)? (?:do|try) (?:stuff|things|naughty stuff|dirty stuff|bad things|naughty things|dirty things|everything) (?:to|with) (?:you|u|ya|your body)\\b(?! (?:for|at|in) (?:the|our) (?:project|homework))|\\b(?:undress|undressed|undressing|strip|stripped|stripping|naked|nude|topless|shirtless|braless)\\b(?: \\w+){0,3} (?:on cam|on camera|on the cam|on facetime|on video|on call|for me|for us|in front of)\\b|\\b(?:your|ur) (?:body|figure|curves)(?: \\w+){0,1} (?:is|looks) (?:\\w+ )?(?:unreal|insane|crazy|fire|mad|lush|gorgeous|stunning|perfect|a 10)\\b',
    []],
  ['bullying', 0.8, 'contempt for a person',
    '\\b(?:nobody|no one|noone|no1)(?: \\w+){0,3} (?:can stand|can bear|likes|wants|cares about|would miss|will miss|wants to be near) (?:you|ya|her|him)\\b|\\bwhy (?:do|does) (?:you|u|she|he) even (?:bother|exist|come|try|talk|speak|breathe|show up|turn up)\\b|\\bimagine (?:being|looking|having|smelling|sounding)(?: \\w+){0,3} (?:as|like) (?:you|u|ur|your|her|him)\\b|\\byou (?:do not|dont|will never|never|dont even) (?:deserve|have|get|make) (?:any )?(?:friends|mates|a boyfriend|a girlfriend|love|to be happy|happiness)\\b|\\b(?:you are|your|you|ur|she is|he is|shes|hes) (?:\\w+ ){0,2}waste of (?:a )?(?:seat|space|oxygen|air|skin|life|breath|a person|a human|sperm|time)\\b|\\byou (?:will never be|are not|aint|are never going to be) (?:one of us|part of (?:us|the group|our group)|our friend)\\b|\\b(?:your|ur) face (?:is|looks like) (?:a crime|a warning|a crime scene|a disaster|a mess|a joke|a jump scare)\\b',
    ['study']],
  ['hate', 0.85, 'exclusion of a protected group',
    `\\b${GROUP2} (?:should not|shouldnt|dont|do not|cant|can not|must not|need to not) (?:be (?:in|at|allowed|here|trusted|near|in our|at our)|belong|deserve|go to|come to|live|work|be let)\\b|\\b${GROUP2} (?:are|r|is) (?:all |just |so |literally |basically |such )?(?:thick|stupid|dumb|lazy|dirty|criminals|terrorists|scum|rats|animals|disgusting|gross|freaks|ugly|smelly|evil|violent|dangerous|inferior|useless|a waste|a joke|not normal|not real|mentally ill|sick|diseased|parasites|thieves|liars|the problem|ruining|taking (?:all )?(?:the |our )?(?:jobs|houses|homes|benefits|money))\\b|\\bno (?:blacks|gays|muslims|jews|pakis|immigrants|foreigners|asians|indians|gypsies|trans|chinese|poles)(?: \\w+){0,1} (?:in|allowed|at|on|here)\\b`,
    ['study']],
  ['grooming', 0.85, 'money for pictures or meeting',
    '\\b(?:earn|make|get|want) (?:some |a bit of |loads of )?(?:easy |quick |fast |extra )?(?:money|cash|robux|vbucks|gift cards?)\\b(?: \\w+){0,6} (?:pics|pictures|photos|selfies|videos|vids|meet|send me|cam|camera|for me)\\b',
    []],
  ['extremism', 0.85, 'praise of a terrorist group',
    '\\b(?:isis|isil|daesh|al qaeda|the taliban|taliban|hamas|the mujahideen|mujahideen|jihadis|jihadists|national action|the kkk|kkk|the nazis|nazis|the ss|hitler)(?: \\w+){0,1} (?:are|is|was|were) (?:fighting for|defending|doing|protecting|standing up for|dying for) (?:the true|the real|gods|allahs|the right|our|the white|the only true)\\b',
    ['study']],
  ['extremism', 0.85, 'call to rise up or die for the cause',
    '\\b(?:rise up|fight back|take up arms|wake up|stand up)(?: \\w+){0,2} (?:against|before) (?:the )?(?:invaders|infidels|kuffar|immigrants|muslims|jews|the west|the elites|globalists|them all|its too late|it is too late)\\b|\\b(?:die|dying|kill|fight) for (?:the cause|allah|the ummah|my race|our race|the race|the caliphate|the brotherhood|the movement)\\b|\\bmartyrdom (?:is|would be|will be) (?:the best|an honour|glorious|beautiful|the goal|the way|my dream)\\b',
    ['study', 'game']],
];


// ---- third wave: indirect phrasings (no "I want to die", no slur, no group word) ----------
const MED = '(?:paracetamol|pills|tablets|painkillers|ibuprofen|sleeping pills|sleeping tablets|meds|medication|insulin|antidepressants|aspirin|co codamol|codeine|anti depressants)';
const LONG_HORIZON =
  '(?:mocks|exams|gcses|a levels|results|results day|christmas|summer|my birthday|your birthday|birthday|next year|year 11|year 12|prom|the end of (?:the )?(?:year|term)|much longer|long|easter|half term|the holidays|new year|sixth form|next term|next week|the weekend|tomorrow)';
const INDIRECT: readonly Spec[] = [
  ['self_harm', 0.85, 'researching a method or a lethal amount',
    `\\bhow (?:many|much)(?: \\w+){0,2} ${MED}\\b(?: \\w+){0,5} (?:it takes|would it take|does it take|would take|to take to|to die|to not wake up|not wake up|before you die|before i die|kill you|kill a person|kill someone|kill me|is lethal|is fatal|is an overdose|to overdose|to od|would kill|will kill|to end it|is too many to)\\b|\\b(?:looking up|looked up|look up|googling|googled|google|searching|searched|searched up|search up|researching|researched|reading up on|read up on|watching videos on|finding out|find out|checking) (?:how|what|ways|the best way|the quickest way|the easiest way|the most painless way|a painless way|painless ways?|methods?|which)(?: \\w+){0,6} (?:die|dying|kill yourself|kill myself|overdose|od|hang myself|hang yourself|drown|bleed out|end it|painless|not wake up|lethal|fatal|${MED})\\b|\\bhow long (?:does it|would it|it|will it|do you) (?:takes?|take) to (?:bleed out|die|drown|suffocate|hang|overdose|pass out and die)\\b|\\bwhat (?:happens|would happen|will happen) (?:if|when) (?:you|u|i|someone|a person) (?:take|takes|took|swallow|swallows|swallowed|drink|drinks|drank|jump|jumps|jumped|od|ods|overdose|overdoses)(?: \\w+){0,3} (?:too many|loads|all|a whole|whole|lots|a lot|the whole|bleach|off|packet|box|bottle|${MED})\\b|\\bhow (?:high|tall|far down|far) (?:does|do|would|is|has|must)(?: \\w+){0,4} (?:bridge|building|car park|multi storey|roof|cliff|tower|block of flats|drop|fall)\\b(?: \\w+){0,6} (?:survive|die|not survive|kill|fatal|enough|be sure|for sure|instantly)\\b|\\b(?:lethal|fatal|deadly) (?:dose|amount|quantity)(?: of)?(?: \\w+){0,3} ${MED}\\b`,
    ['study']],
  ['self_harm', 0.8, 'saying they will not be around',
    `^(?!.*\\b(?:because|cos|coz|cuz|since|unwell|flu|covid|holiday|holidays abroad|appointment|dentist|doctors|orthodontist|moving|move house|away|spain|france|abroad|wedding|busy|visiting|visit|off to|trip|camp|exchange|going to (?:spain|france|my|our|the|a|see|stay|visit)|club|practice|training|match)\\b).*\\b(?:i (?:do not|dont) think (?:i will|ill|i am going to|i)|not sure (?:i will|ill|i)|i doubt (?:i will|ill|i)|i (?:probably|prob|might|may) (?:will not|wont|not)|i (?:will not|wont|will never|am not going to)|probably (?:will not|wont|not)) (?:(?:be (?:around|here|alive|about)|still be (?:here|around|alive)) (?:for|to see|till|until|to|by|at|past|through|much past)? ?(?:the |my |your |our |next |this )?${LONG_HORIZON}|(?:make it|last) (?:much longer|long|another (?:day|week|month|year)|(?:till|to|until|past|through) (?:tomorrow|tonight|the night|the weekend|christmas|my birthday|next year)))\\b`,
    ['study', 'game']],
  ['self_harm', 0.85, 'leaving things behind',
    '\\b(?:after|when|once) i am (?:gone|dead|not here|not around|no longer here)\\b(?! (?:to|on|for|out|home|back|into|in|from|shopping|away|off|round|over|up|with))|\\bwhen i (?:die|am dead)(?: \\w+){0,3} (?:you can|u can|give|have|keep|take)\\b|\\b(?:giving|given|give|gave|leaving|left) (?:away )?(?:all )?my (?:stuff|things|belongings|clothes|games|xbox|ps5|switch|phone|books|jewellery|pets?|cat|dog|hamster|hoodies)(?: away)?(?: \\w+){0,4} (?:to|away)\\b(?!.*\\b(?:back|charity|sell|selling|sold|ebay|vinted|car boot|old|outgrown|clear out|clearing out|bigger|new one|upgrade|borrow|lend|moving)\\b)|\\byou can (?:have|keep) my (?:\\w+ ){0,2}(?:when|after|once) i (?:am gone|die|am dead|go for good)\\b|\\blast time (?:you|anyone|u|yall|you all|everyone|any of you|people) (?:will |ever |are going to |gonna )?(?:see|hear from|talk to|speak to) me\\b(?! (?:in (?:this|that|my|these|a|the)|wearing|with|at (?:the|this)|before|until|till|for (?:a|the|two|three|\\d)|this (?:term|year|week)|at this school))',
    ['study', 'game']],
  ['self_harm', 0.85, 'seeking pain',
    '\\b(?:pain|hurt|hurting) on the outside\\b|\\b(?:easier|better|nicer) (?:to|when i|if i) (?:feel|have|see|cause) (?:the |physical |real |some )?(?:pain|hurt|blood)\\b|\\bthe (?:pain|blood|stinging|sting|bleeding) (?:helps|calms|makes me feel|lets me feel|is the only thing|reminds me|feels good|feels better|is nice)\\b|\\bi (?:like|need|want|crave|deserve|miss|love) (?:the |to feel )?(?:pain|hurt|to hurt|to bleed|the sting|bleeding|to feel pain)\\b(?! (?:relief|killers?|au chocolat|in pe|in my (?:legs|calves|ankle|knee|back)))|\\bphysical pain (?:is|helps|makes|takes|distracts)\\b|\\b(?:feel|feeling) (?:something|anything)(?: real| at all)? (?:when|if|after) i (?:cut|hurt|burn|scratch|bleed|hit)\\b',
    ['study', 'game']],
  ['self_harm', 0.85, 'dwelling on a way to die',
    '\\b(?:thinking|think|thought|dreaming|keep thinking|been thinking|imagining|imagine|picturing|picture|fantasising|fantasizing|wondering) (?:about|of|what it would be like) (?:jumping|stepping|throwing myself|walking|lying down|falling|driving|crashing|drowning)(?: \\w+){0,3} (?:off|in front of|into|onto|from|under|out of) (?:a |the |that |my )?(?:\\w+ )?(?:bridge|building|roof|cliff|train|bus|lorry|traffic|tracks|motorway|car park|multi storey|tower block|balcony|window|river|canal|sea|edge)\\b|\\bi (?:keep|have been|ive been|been|always|sometimes|often|keep on) (?:going|standing|sitting|walking|climbing) (?:to|on|at|by|near|up) (?:the |a |that )?(?:edge of |top of )?(?:the )?(?:bridge|roof|cliff|platform edge|multi storey|car park roof|railway|tracks|motorway bridge|edge)\\b',
    ['study', 'game']],
  ['self_harm', 0.75, 'hopelessness about their own life',
    '\\b(?:nothing|things|it|my life|life) (?:is|are|will) (?:ever |never )?(?:going to |gonna |ever )?(?:get|getting|be) (?:any )?better(?: for me)?(?: \\w+){0,3} (?:whats the point|what is the point|no point|i give up|so why|why bother|i am done|i cant|i can not)\\b|\\b(?:nothing|it|things|my life) (?:will never|is never going to|is not ever going to|isnt ever going to|wont ever|will not ever) (?:get|be) (?:any )?better\\b(?: for me)?(?!.*\\b(?:handwriting|score|grade|team|wifi|signal|game|english|maths|french|spelling|drawing|cooking)\\b)',
    ['study', 'game']],
  ['grooming', 0.85, 'flattery: more grown up than peers',
    '\\b(?:more|way more|so much more|much more|a lot more|far more) (?:grown up|mature|adult|grownup) than (?:the |other |most |all the |any of the |all of the )?(?:lads|boys|girls|kids|others|people|anyone|everyone|children|students)\\b|\\bi can (?:talk|speak|chat) to (?:you|u) (?:properly|like an adult|like a grown up|about anything)\\b',
    ['study']],
  ['sexual', 0.85, 'sexual wish about the reader',
    '\\bi (?:want|need|wanna) (?:you|u) (?:on top of me|under me|inside me|in my bed|naked|in bed with me|to touch me|to undress)\\b',
    []],
  ['violence', 0.9, 'shooting or stabbing threat',
    '\\b(?:put|putting|pump|pumping|empty|emptying|send|sending) (?:a |one |some |the |two |three |\\d )?(?:bullet|bullets|round|rounds|hole|holes|knife|blade|shank|slug|slugs|shells) (?:in|into|through) (?:you|him|her|them|your|his|ur|that kid)\\b',
    ['game', 'study']],
  ['hate', 0.85, 'racist mockery of a person',
    '\\b(?:monkey|ape|gorilla|chimp|chimpanzee|jungle|banana) (?:noises?|sounds?|chants?|chanting|emojis?|gestures?|impressions?|calls)\\b(?!(?: \\w+){0,4} (?:at the zoo|in the zoo|in the film|in the documentary|in science|in the jungle book))|\\b(?:throw|threw|throwing|thrown|chucked|chucking|chuck|left|leaving|put) (?:a |some |the )?bananas? (?:at|to|on|in|for) (?:him|her|them|you|the new kid|that kid|his|her)\\b|\\b(?:he|she|you|they|him|her|his|your|their|that kid|that boy|that girl|the new kid|them) (?:\\w+ ){0,2}(?:smells?|stinks?|reeks?) (?:like|of) (?:curry|kebab|spices|garlic|sweat and curry)\\b',
    ['study']],
  ['extremism', 0.9, 'attack on a place of worship or refuge',
    '\\b(?:blow up|blowing up|blew up|bomb|bombing|burn down|burning down|burn|torch|torching|attack|attacking|shoot up|firebomb|petrol bomb|smash up|set fire to|storm) (?:the |a |all the |all |every |their |our local |that |those |these |local )?(?:local )?(?:mosques?|synagogues?|churches?|temples?|gurdwaras?|mandirs?|refugee (?:hotels?|centres?|camps?)|asylum (?:hotels?|centres?|seekers hotel)|migrant (?:hotels?|centres?|camps?)|immigration centres?)\\b',
    ['study', 'game']],
  ['extremism', 0.85, 'call for mass expulsion',
    '\\b(?:deport|deporting|remove|expel|kick out|get rid of|round up|exterminate|wipe out|gas|kill|ban|send back) (?:every|all|all the|all of the|each|every last|every single|the lot of|all these|all those) (?:\\w+ )?(?:muslims?|jews?|immigrants?|migrants?|refugees?|foreigners?|blacks?|black people|asians?|pakis?|gays?|trans people|poles|romanians|arabs|africans|indians|pakistanis|christians|hindus|sikhs|asylum seekers?|illegals|whites?|white people|brown people|somalis|albanians)\\b|\\b(?:deport|send back|round up|get rid of) (?:them all|all of them|every last one|every single one)\\b',
    ['study']],
  ['extremism', 0.9, 'joining a jihadist fight',
    '\\b(?:fight|fighting|die|dying|kill|killing|fought|join|joining) for (?:the )?(?:islamic state|isis|the state|the khilafah|khilafah|the caliphate|daesh|the dawlah|dawlah)\\b|\\b(?:go|going|travel|travelling|move|get|went|head|run away) (?:over )?to (?:syria|iraq|raqqa|afghanistan|mosul|somalia)(?: \\w+){0,3} (?:and |to )(?:fight|join|die|become a|be a|help the brothers|wage|be with the brothers|marry a fighter)\\b',
    ['study']],
  ['sexual', 0.9, 'request for undressed images',
    '\\b(?:pics?|pictures?|photos?|selfies?|vids?|videos?|snaps?|one|some|any|yourself|you)\\b(?: \\w+){0,3} (?:without (?:any |your |ya )?(?:clothes|top|shirt|bra|knickers|pants|underwear|trousers|uniform)(?: on)?|with (?:nothing|no clothes|no top|nothing much) on|in (?:just |only )?(?:your|ya|a) (?:underwear|pants|knickers|bra|boxers|bikini|towel|thong|lingerie)|(?:in|wearing) (?:just|only) (?:a |your )?(?:towel|underwear|bra|boxers|knickers|pants))\\b',
    ['study']],
  ['sexual', 0.85, 'image of private parts',
    '\\b(?:pic|pics|picture|pictures|photo|photos|video|vid|snap|snaps|close up) of (?:his|her|your|my|their|a boys|a girls) (?:thing|bits|privates|private parts|junk|willy|dick|boobs|chest|bum|down there|front bottom|lower half|naked body|body with)\\b',
    ['study']],
];
const ALL: readonly Spec[] = [...VIOLENCE, ...SELF_HARM, ...GROOMING, ...SEXUAL, ...BULLYING, ...HATE_EXT, ...MORE, ...INDIRECT];

export const CONCEPT_RULES: readonly ConceptRule[] = ALL.map(([label, score, reason, src, guards]) => ({
  label,
  score,
  reason,
  re: new RegExp(src),
  guards: guards ?? [],
}));
