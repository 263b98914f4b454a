/**
 * Benign idioms: school and teenage phrases that contain alarming words but
 * mean something harmless ("I could murder a pizza", "kill the process",
 * "I'm dying to see it"). They are rewritten to neutral wording on the
 * normalised text before rules and model run, so no detector has to carry its
 * own exception list. Patterns run on the `text` view (apostrophes removed,
 * shorthand expanded).
 */

const IDIOMS: ReadonlyArray<readonly [RegExp, string]> = [
  // Hair dye spelt "die"/"dying": colouring, not death.
  [/\b(?:die|dies|died|dying|dyin|dieing)(?= (?:my|her|his|your|our|their|it|the|me|them) (?:\w+ )?(?:hair|fringe|roots|tips|ends|eyebrows|brows|beard|highlights|streaks|bangs|lashes|wig|hoodie|t shirt|shirt|jeans|trainers|clothes|top)\b| it (?:pink|blue|red|green|purple|black|blonde|brown|orange|silver|white|ginger|back)\b)/g, 'dye'],
  // "between you and me" before a mundane confession about the speaker or school, with no other grooming cue in the message.
  [/\b(?:just |this is |keep it |keep this |its |it is |strictly )?between (?:you and me|me and you|us|us two|you and i|ourselves)\b(?: but| though| tho| yeah| ok| honestly| lol)?(?= (?:i (?:think|still|have not|havent|do not|dont|did not|didnt|copied|actually|reckon|failed|forgot|am|got|like|hate|love|was|cheated|guessed|only|never|just|kinda|lowkey|wanted|want|found|liked|fancy|fancied|prefer|cried|skipped|bunked|lied)|the (?:test|quiz|exam|teacher|canteen|homework|food|lesson|answer|new)|miss|sir|mr|mrs|ms|our|my|this (?:lesson|homework|class)|that (?:lesson|test|film))\b)(?!.*\b(?:tell|telling|told|mum|mom|dad|parents|anyone|anybody|nobody|no one|delete|meet|pic|pics|picture|photo|photos|special|mature|love you|secret|snap|address|alone|send|body|older|age)\b)/g, 'honestly'],
  [/\b(?:do|does|will|did|when do|when does) (?:your|ur) (?:parents|mum|mom|dad|nan|gran|grandma|grandad|carer|carers|step ?dad|step ?mum|big brother|big sister) (?:pick you up|collect you|drop you off|drive you|take you)\b/g, 'family school run'],
  [/\b(?:outfit|dress|shoes|heels|boots|car|font|jacket|coat|top|trainers|suit|handwriting|voice|accent|logo|design|hair|haircut) (?:is|looks|look|are) (?:so |really |well |proper )?(?:sexy|hot)\b/g, 'looks stylish'],
  // Martyrdom is an extremist aim, not a wish to die: "die a martyr" reads as "become a martyr".
  [/\b(?:die|dying|died|to die) (?:as )?(?:a )?(martyr|shaheed|shahid)\b/g, 'become a $1'],
  // "bang him out" is a knockout, not sex.
  [/\bbang (you|him|her|them) out\b/g, 'knock $1 out'],
  [/\b(?:your|my|his|her) lips (?:look|looks|are|were|feel|felt|get|got) (?:so |really |well |proper )?(?:dry|chapped|cracked|sore|blue|bleeding|swollen)\b/g, 'dry lips'],
  // Winning at school contests and tests.
  [/\b(?:destroy|destroyed|smash|smashed|beat|beating|thrash|thrashed|annihilate|obliterate|kill|murder|end|wreck|cook|cooked|demolish|crush|crushed|bury|batter|battered) (?:you|him|her|them|everyone|you all|all of you|your team|their team)(?: so hard| again)? (?:in|at|on) (?:the |this |our |a |tomorrows |todays |next |fridays |mondays )?(?:\w+ )?(?:test|quiz|exam|mock|race|spelling test|times tables|debate|competition|contest|match|game|sports day|bake off|tournament|challenge|final|finals|essay|project|assessment|grades|results|league table|leaderboard|battle of the bands|talent show|ttrs|times table rockstars|sparx|mathletics|hegarty|seneca)\b/g, 'win the contest'],
  // Exam and lesson hyperbole where the cause comes first: "the exam was brutal, i want to die".
  [/\b(?:exam|exams|test|tests|mock|mocks|quiz|lesson|lessons|homework|revision|coursework|maths|science|french|spanish|english|history|chemistry|physics|biology|geography|paper|assessment|presentation|essay|detention|pe|double \w+|this week|today|monday) (?:was|is|were|are|has been|have been) (?:so |actually |literally |absolutely |honestly |proper |well |just )?(?:brutal|awful|horrible|hard|impossible|long|boring|painful|torture|terrible|evil|rough|grim|dead|so bad|the worst|a nightmare|hell|savage|bad)(?: (?:lol|tbh|ngl|honestly|omg))? (?:and |so |like |that |man |bro )?(?:i (?:literally |actually |just |honestly |genuinely )?(?:want to|wanna|could|am going to|will|might) (?:die|cry|scream|sleep|kill myself)|kill me(?: now)?|i am dead|i am so dead)\b/g, 'school was hard'],
  [/\bif i (?:fail|flunk|bomb|mess up|get a \d|get an? [a-u]|dont pass|do not pass)(?: \w+){0,3} (?:i am|im) (?:literally |actually |so )?dead\b/g, 'i will be in trouble'],
  // Giving help in return for a snack is friendship, not a bargain.
  [/\b(?:buy|get|owe|treat) you (?:a |an |some |one |the )?(?:drink|hot chocolate|coffee|snack|sweets|chocolate|crisps|cookie|cookies|lunch|chips|meal deal|coke|tea|doughnut|donut|sausage roll|greggs|nandos|maccies|mcdonalds|pizza|ice cream|slushie|bag of sweets|chocolate bar|kitkat|freddo|cake)(?: \w+){0,3} (?:if|when|as long as|for) (?:you )?(?:help|helping|do|doing|lend|lending|explain|explaining|show|showing|sit|sitting|cover|covering|test|testing|check|checking|carry|carrying|save|saving|proofread|finish|finishing)\b/g, 'thanks in advance'],
  [/\bshoot (?:me|us|him|her|them) (?:a |an )?(?:message|msg|text|email|dm|line|quick message)\b/g, 'send a message'],
  [/\b(?:you|he|she|they|we|i) (?:absolutely |totally |literally )?(?:killed|murdered|smashed|destroyed|nailed|ate) (?:that|the|this|your|his|her|their|it in the|it at the) (?:presentation|performance|solo|speech|song|dance|test|exam|audition|essay|assembly|recital|debate|talent show|show)\b/g, 'did great'],
  [/\bwhat (?:year|class|form|set) (?:is|are) (?:your|his|her) (?:brother|sister|cousin|brothers|sisters|mate|friend) in\b/g, 'school year question'],
  [/\b(?:goodbye|bye) (?:everyone|all|world)(?= (?:see you|have a|enjoy|until|till|for now|for the|and|x+)\b)/g, 'bye all'],
  [/\bmy (?:last|final) (?:day|lesson|week)(?= (?:before|at|of|in|here|with)\b)/g, 'my final school day'],
  [/\b(?:do not|dont|never) tell (?:anyone|anybody|them|him|her|miss|sir) (?:who you got|what you got|what i got|who i got|about the surprise|the surprise)\b/g, 'keep the surprise'],
  // "ill" is "i'll" once apostrophes go; after these words it means unwell.
  [/\b(?:still|off|feel|feeling|felt|so|really|very|was|been|is|are|being|got|get|getting|fell|falling|look|looks|looked|quite|bit|too|seriously|mentally|terminally|critically) ill\b/g, 'unwell'],
  // Food and drink hyperbole.
  [/\b(?:murder|kill|destroy|smash|demolish)(?:ed|ing)? (?:a|an|some|the|this|that|my|another)? ?(?:pizza|burger|kebab|curry|cuppa|cup of tea|brew|coffee|sandwich|chippy|nandos|mcdonalds|maccies|greggs|sausage roll|pasty|roast|snack|chocolate|biscuit|cake|doughnut|donut|meal|dinner|lunch|breakfast|fry up|bacon)\b/g, 'eat food'],
  // Eagerness and laughter.
  [/\b(?:dying|dieing|dyin) (?:to|for) (?:see|go|know|try|meet|watch|hear|play|get|read|find|tell|start|visit|have|a|an|the|some)\b/g, 'eager for'],
  [/\b(?:i am|im) (?:literally |actually |so |lowkey )?(?:dead|deceased|dying|crying|weak)(?: (?:lol|lmao|lmfao|haha|hahaha|rn|skull|xd))/g, 'i am laughing'],
  [/\b(?:i (?:literally |actually )?died|died laughing|dying of laughter|dying laughing|i am dying lol|i am dying haha)\b/g, 'i laughed'],
  [/\b(?:die|died|dying|dead) (?:of|from|with) (?:boredom|laughter|laughing|embarrassment|cringe|shame|heat|hunger|thirst|excitement|jealousy|happiness|cuteness)\b|\b(?:die|died|dying) laughing\b/g, 'laughed a lot'],
  [/\b(?:keep|keeping|its|it is) (?:it |this )?(?:a )?(?:secret|surprise) (?:until|till|til|for the|from (?:him|her|them|sir|miss|mum|dad) until|for (?:her|his|their|mums|dads) birthday)\b|\b(?:secret santa|surprise party|secret ingredient|secret code|secret passage|secret garden|secret service|secret history)\b/g, 'surprise plan'],
  [/\b(?:bored|scared|frightened|worried|tickled|loved|done|talked|worked|cooked|overcooked) to death\b/g, 'very much'],
  [/\b(?:going to|gonna|will|ill|i will|about to) (?:kill|smash|murder|destroy|ace|boss) (?:it|this|that) (?:in|at|on|for)\b/g, 'do great'],
  // Safety education about nudes and strangers, not a request.
  [/\b(?:if|when) (?:someone|anyone|a stranger|somebody|people|they|an adult|a person) (?:sends?|sent|shows?|shares?|forwards?) (?:you |u )?(?:a |an |some )?(?:nudes?|nude pics?|nude pictures?|naked pics?|naked pictures?|inappropriate (?:pics|pictures|photos|stuff|things|images))\b/g, 'safety advice'],
  [/\b(?:if|when) (?:someone|anyone|a stranger|somebody|people|they|an adult|a person) (?:ask|asks|asked|tries to get|pressures) (?:you |u )?(?:for|to send|to share) (?:nudes|nude pictures|pictures|pics|photos|your address|your number)\b|\b(?:never|do not|dont|shouldnt|should not|you shouldnt) (?:send|share|post) (?:nudes|nude pictures|pictures of yourself|your address|your number|your password)\b/g, 'safety advice'],
  [/\b(?:killing it|killed it|smashed it|smashing it|nailed it|slayed|slaying|slay|ate that|you ate|murdered it|murdering it|bossed it)\b/g, 'did great'],
  [/\b(?:is|are|was|were|it is|its|homework|legs|feet|back|head|exam|revision|this|that) (?:literally |actually |honestly )?(?:killing|murdering|destroying) me\b/g, 'is tiring me'],
  [/\b(?:dead|dog) (?:tired|easy|good|funny|serious|boring|hard|late|quiet|on|right)\b/g, 'very'],
  [/\b(?:deadline|dead end|dead heat|dead ball|deadlift|dead sea|dead poets|day of the dead|dead cells|dead by daylight|red dead|walking dead|grateful dead)\b/g, 'name'],
  [/\b(?:if looks could kill|kill two birds|killer whale|killer whales|killer app|kill time|killing time|overkill|painkillers?|weedkiller|killjoy|kill switch|kill count|kill streak|killstreak|kill cam|double kill|triple kill)\b/g, 'phrase'],
  [/\b(?:my mum|my mom|my dad|my parents|mum|dad|miss|sir|teacher) (?:will|is going to|would|gonna) (?:literally |actually )?(?:kill|murder) me\b/g, 'will be cross with me'],
  // School-day hyperbole: wanting to die / not wanting to be here *because of a lesson or test*.
  [/\b(?:i (?:literally |actually |honestly |just |really )?(?:want to|wanna|going to|am going to|could|will) (?:die|cry|scream|sleep)|i do not want to be here|i am so done|kill me now|someone kill me|shoot me now)\b(?=(?: \w+){0,2} (?:this|the|that|our|these|maths|science|english|french|history|geography|double) (?:lesson|test|class|homework|essay|exam|quiz|period|lecture|assembly|worksheet|mock|maths|science|french|presentation|speech|video|topic|chapter|coursework|revision|powerpoint)s? (?:is|are|was|were|takes|has|never|so)\b)/g, 'i am bored'],
  [/\b(?:kill|end|destroy|beat|smash|wreck|murder|demolish|thrash|annihilate|own|battered|ended|killed|destroyed) (?:you|him|her|them|everyone|us)(?: so hard| again)? (?:in|at) (?:chess|kahoot|uno|monopoly|cards|blooket|quizlet|gimkit|scrabble|connect four|the quiz|rock paper scissors|tig|dodgeball|arm wrestling)\b/g, 'played a game and won'],
  [/\b(?:rounders|cricket|baseball|softball|table tennis|ping pong) bats?\b/g, 'sports kit'],
  [/\bhappy (?:birthday|bday|bday)(?: \w+){0,4} how old are you(?: now| today)?\b/g, 'happy birthday'],
  [/\b(?:end|ending|finish) (?:it|this) (?:here|there)(?= (?:thanks|thank you|for today|for now|miss|sir))/g, 'finish'],
  // Computing and science vocabulary.
  [/\b(?:kill|killed|killing|terminate|terminated|abort|aborted|execute|executed|executing|execution of|hang|hanging|hung) (?:the |a |this |that |your |my |all |every |child |parent |background |zombie )?(?:process|processes|task|tasks|app|apps|program|programs|programme|script|scripts|terminal|server|thread|threads|loop|job|jobs|tab|tabs|command|commands|code|function|query|instruction|instructions|pid|container|session|window|browser)\b/g, 'stop program'],
  [/\b(?:kill|sudo kill|pkill|killall|kill -9|ctrl c)\b(?= \d| -\d| pid)/g, 'stop'],
  [/\b(?:bomb calorimeter|calorimeter|bath bomb|photobomb|photobombed|da bomb|the bomb dot com|bombed (?:my|the|that|it) (?:test|exam|quiz|mock)|bomb (?:my|the|that) (?:test|exam|quiz))\b/g, 'science'],
  [/\b(?:atom bomb|atomic bomb|nuclear bomb|h bomb|blitz|bombing of|bombings of|bombed (?:london|coventry|dresden|hiroshima|nagasaki|pearl harbor|pearl harbour|britain|germany|cities)|dropped the (?:atomic )?bomb on)\b/g, 'history event'],
  [/\b(?:shot|shoot|shooting|shoots) (?:a|the|my|our|this|that|some|an) (?:film|movie|video|vid|scene|photo|photos|music video|tiktok|vlog|short|episode|advert|documentary|hoop|hoops|goal|three|basket|penalty)\b/g, 'recorded'],
  [/\b(?:shoot|shooting|shot) (?:for the stars|the breeze|my shot|your shot|at goal|on target|first|hoops)\b/g, 'try'],
  [/\b(?:photo ?shoot|shooting star|shooting stars|bamboo shoots?|long shot|big shot|screenshot|screen shot|mugshot|snapshot|shot put|flu shot|booster shot|shotgun (?:seat|front))\b/g, 'phrase'],
  [/\b(?:breast ?stroke|breast cancer|breastfeeding|breast feeding|chicken breast|turkey breast|breast milk|breastplate)\b/g, 'phrase'],
  [/\b(?:sex cells?|sex chromosomes?|sex linked|sex hormones?|sexual reproduction|asexual|asexually|sex education|sex ed|single sex|same sex marriage|sex of the|sex determination|biological sex)\b/g, 'biology'],
  [/\b(?:cocktail|cocktails|cockpit|cockerel|cockroach|peacock|hancock|shuttlecock|woodcock|cockney|cock a doodle)\b/g, 'word'],
  [/\b(?:blue tits?|great tits?|coal tits?|long tailed tits?|tit for tat|titmouse)\b/g, 'bird'],
  [/\bnaked eye\b/g, 'unaided eye'],
  [/\b(?:messages|message|sends|send|says|say|asks|ask|dms|dm) (?:you|u) (?:weird|strange|creepy|odd|funny|nasty|horrible|rude) (?:stuff|things|messages|pics|pictures|links)\b/g, 'contacts you badly'],
  [/\b(?:disappear|hide|vanish) (?:under|into|in) (?:my|the) (?:duvet|bed|covers|blanket|blankets|hoodie|room)\b/g, 'hide in bed'],
  [/\b(song|track|tune|album|beat|music video|dance|choreo|vibe)s?\b(.{0,14}?)\bsexy\b/g, '$1$2stylish'],
  // Subjects and school days nobody likes are not a person being excluded.
  [/\b(?:nobody|no one|noone|everyone hates|everybody hates|nobody really) (?:likes |wants )?(?:double |triple )?(?:science|maths|math|english|french|spanish|german|history|geography|pe|re|rs|chemistry|physics|biology|homework|mondays|monday|fridays|exams|tests|mocks|school|detention|assembly|revision|this lesson|that lesson|cold chips|the canteen food|school dinners|rain)\b/g, 'the subject is unpopular'],
  // Place names, people's names and things that contain swear words.
  [/\b(?:prick(?:ed|ing)? (?:your|my|his|her|the|their) (?:finger|thumb|skin)|dead ass|deadass|pussy ?cats?|pussy ?willows?|twatt|shitterton|bitchfield|wankel|cock inn|cock and bull|cummings|dick van dyke|(?:named|called|name is|names|uncle|surname is|mr|short for) dick|dick (?:is )?short for richard)\b/g, 'name'],
  // Mentioning a word is not using it: "the word 'damn' is in the bible", "the term x".
  [/\b(the (?:word|term|phrase|swear word|slur)) \w+/g, '$1 aword'],
  // Acing an exam: "you're gonna smash your exams".
  [/\b(?:smash|smashed|smashing|nail|nailed|ace|aced|kill|killed|boss|bossed) (?:your|my|his|her|their|the|those|these|our|this|that|it in the|it in your) (?:exams?|tests?|mocks?|gcses|a levels|sats|interview|audition|presentation|driving test|recital|performance|assessment|speech|revision|homework|coursework|essay|project|worksheet|quiz)\b/g, 'ace the exam'],
  // Spoiler hyperbole.
  [/\b(?:kill|murder|end) you (?:if|when) (?:you )?(?:spoil|spoiler|ruin|give away|tell me) (?:it|the|anything|this)\b/g, 'be annoyed if you spoil it'],
  // Exam-result hyperbole: "i'm gonna die if i fail this test".
  [/\b(?:going to|gonna|will|i will|ill|would|am going to) (?:literally |actually |honestly )?die if (?:i|we) (?:fail|dont pass|do not pass|get|mess up|lose|miss|flunk|bomb)\b/g, 'be upset if i fail'],
  [/\b(?:moby dick|dick whittington|philip k dick|dick turpin|dickens|dickinson|spotted dick)\b/g, 'name'],
  [/\b(?:william the bastard|bastard son|bastard sword|cum laude|magna cum laude|summa cum laude|cumin|rapeseed|grapeseed|rape seed|oilseed rape|penistone|scunthorpe|fag end|retardants?|fire retardant|flame retardant|retardation|is retarded by|retards the reaction|negro leagues)\b/g, 'name'],
  [/\b(?:suicide squad|suicide note (?:in|by) (?:the book|the poem)|romeo and juliet|juliet|jumper cables|gun ?powder plot|guy fawkes|top gun|gunpowder|guns n roses|glue gun|hot glue gun|nerf gun|water gun|water pistol|staple gun|starting pistol)\b/g, 'name'],
  // Sport and games talk.
  [/\b(?:beat|beating|smash|smashed|destroy|destroyed|thrash|thrashed|battered|hammered|annihilated|demolished|wreck|wrecked|kill|killed|murdered) (?:you|them|us|him|her|everyone|the other team|them all|the team|arsenal|chelsea|united|city|liverpool|spurs) (?:at|in) (?:fifa|fortnite|football|chess|netball|rugby|hockey|cricket|tennis|the game|the match|the quiz|kahoot|minecraft|roblox|cod|mario kart|smash|monopoly|uno|pe|the race|rounders|badminton|basketball|ping pong|table tennis|darts|pool|snooker|golf|bowling|squash|dodgeball|the league|ranked)\b/g, 'played a game and won'],
  [/\b(?:kill|killed|killing|shoot|shot|shooting|snipe|sniped|sniping|murder|murdered|stab|stabbed|blow up|blew up|bomb|bombed|destroy|destroyed|end|ended|beat|battered|rekt|wreck|wrecked|headshot|headshotted|one shot|one shotted) (?:you|him|her|them|me|us|everyone|people|loads of people|zombies|the boss|your base|your character)(?: so hard| again| all| twice)? (?:in|on|at|playing) (?:fortnite|minecraft|roblox|cod|call of duty|among us|valorant|apex|gta|the game|this game|that game|our game|a game|halo|zelda|pokemon|skyrim|overwatch|warzone|pubg|rocket league|bedwars|fifa|smash bros|smash|mario kart|brawl stars|fall guys|the match|the round|ranked|squads|duos)\b/g, 'played a game and won'],
];

/**
 * Words that are harmless when the message is about something else: `[word, topic, replacement]`;
 * the word is rewritten only when the topic appears anywhere in the message.
 */
const TOPICAL: ReadonlyArray<readonly [RegExp, RegExp, string]> = [
  // Farmyard and dog-breeding words: a cock is a male chicken, a bitch a female dog.
  [/\bcocks?\b/g, /\b(?:hens?|chickens?|rooster|roosters|farm|farmyard|poultry|eggs|crow|crows|crowed|crowing)\b/, 'rooster'],
  [/\bbitch(?:es)?\b/g, /\b(?:dogs?|puppy|puppies|breed|breeder|vet|kennel|crufts|dog show|litter)\b/, 'female dog'],
  // Regional food and old slang: faggots are meatballs, fags cigarettes; a dyke an embankment; "retard" a tempo marking.
  [/\bfaggots?\b/g, /\b(?:peas|gravy|meatballs?|dish|tea|dinner|butcher|black country|midlands|mash|onions?)\b/, 'meatballs'],
  [/\bfags?\b/g, /\b(?:cigarettes?|ciggies?|ciggy|smok\w*|lighter|tobacco|vape)\b/, 'cigarettes'],
  [/\bdykes?\b/g, /\b(?:wall|embankment|flood|floods|netherlands|dutch|holland|sea|water|dam|levee|ditch|offa|offas|geography|river)\b/, 'embankment'],
  [/\bretard\b/g, /\b(?:music|musical|tempo|slow down|slows down|italian|ritardando|sheet music|score|piano)\b/, 'slow'],
  [/\b(?:ass|asses)\b/g, /\b(?:donkeys?|mules?|bible|sanctuary|nativity)\b/, 'donkey'],
  [/\btits?\b/g, /\b(?:birds?|feeder|nest|nests|species|robin|sparrow|birdwatching|rspb)\b/, 'bird'],
  // Religious fasting is not an eating disorder.
  [/\b(?:fasting|fast|skip(?:ping)? (?:lunch|breakfast|dinner|meals?)|not eating)\b/g, /\b(?:ramadan|lent|yom kippur|eid)\b/, 'religious fast'],
];

/** Rewrite known harmless idioms to neutral words on the normalised text. */
export function neutraliseIdioms(text: string): string {
  let t = text;
  for (const [re, replacement] of IDIOMS) t = t.replace(re, replacement);
  for (const [word, topic, replacement] of TOPICAL) if (topic.test(t)) t = t.replace(word, replacement);
  return t;
}
