/**
 * Broad weighted lexicons with context: the recall layer of the chat
 * classifier. Where rules.ts and concepts.ts match whole phrasings, this layer
 * scores the *vocabulary* of a message: every label has a lexicon of words and
 * short phrases (slang, UK slang, euphemisms, emoji words) sorted into
 * categories ("act", "weapon", "secrecy", "method"...), each term with a weight.
 *
 * A label's raw score is the sum over its categories (each category capped, so
 * one noisy category cannot flag alone), plus context bonuses:
 *   - target: a second- or third-person target ("you", "him", "that kid") for
 *     violence, bullying and sexual; first person for self-harm;
 *   - intent: future or intent markers ("going to", "ill", "imma", "tomorrow");
 * and is multiplied down by benign-context guards (a game, a text or topic
 * studied in class, an accident, cooking or art). A raw score of 1.0 is the
 * flag line. Every hit is listed in the reason, so a flag is explainable.
 *
 * Matching is a dictionary lookup of the message's 1- to 4-word n-grams on the
 * `clean` view (lower case, shorthand expanded, idioms neutralised); lexicon
 * phrases are normalised the same way at load, so "u", "ur", "don't" in the
 * lexicon mean what they mean in a message. Cost is linear in message length.
 */
import type { ChatLabel } from '../../../shared/taxonomy';
import { GUARDS } from './concepts';
import { normalise } from './normalise';

export type LexLabel = Exclude<ChatLabel, 'pii' | 'profanity'>;

interface Term {
  readonly label: LexLabel;
  readonly cat: string;
  readonly w: number;
  readonly phrase: string;
}

/** `[category, weight, terms separated by commas]` per label. */
type Block = readonly [string, number, string];

// ---- lexicons --------------------------------------------------------------------
const LEX: Readonly<Record<LexLabel, readonly Block[]>> = {
  violence: [
    ['act', 0.75, 'stab, stabbing, stab up, stabbed up, shank, shanked, shanking, merk, merked, merking, wet up, wet you up, get wet, getting wet up, wetted, murk, murked, bodied, body you, strangle, choke you, slit, slash, behead, shot up, shoot up, blast you, bun you, smoke you, duppy, dun you'],
    ['act', 0.5, 'kill, murder, shoot, stabbed, killed, murdered, shot'],
    ['act', 0.6, 'batter, battered, battering, beat up, beat you up, beat the shit, punch, punched, punching, kick in, kicked in, kick your head in, head kicked in, stamp on, stamp on you, stomp, stomped, smash your, smash his, smash her, glass you, bottle you, bottled, headbutt, knock you out, knock out, knocked out, bang you out, bang him out, bang her out, lamp you, lamp him, deck you, deck him, slap, slapped, slap you, drag you, drag him, drag her, drag you by your hair, rearrange your face, break your, break his, break her, snap your, cave your head in, jump him, jump her, jump you, jumped, rush him, rush her, rush you, rushing him, rushing her, ride on, ride on you, pull up on, pulling up on, pull up on you, opp, opps, violate you, violated, hurt you, hurt him, hurt her, burn your house, burn his house, burn down, torch, torched, brick through, put a brick, throw acid, acid attack, run you over, run him over, punch your, smack you, smack him, bash, bash you, bash his, beat him, beat her, beat you, kick you, kick him, kick her, fight you, fight him, batter you, batter him, batter her, mash you up, mash him up, do you in, sort you out, sort him out, sort them out, sorting them out, dealing with you'],
    ['weapon', 0.7, 'zombie knife, rambo knife, machete, machetes, strap, the strap, shank, my shank'],
    ['weapon', 0.55, 'knife, knives, blade, blades, shank, machete, zombie knife, rambo knife, flick knife, stanley knife, kitchen knife, gun, guns, strap, strapped, ting, the ting, nine, glock, pistol, shotgun, rifle, piece, burner, acid, corrosive, knuckle duster, baseball bat, bat, hammer, crowbar, brick, bricks, bottle, machetes, sword, samurai sword, axe, crossbow, taser, pepper spray, petrol, lighter fluid, bomb, pipe bomb, molotov'],
    ['outcome', 0.55, 'hospital, ambulance, a and e, wheelchair, coffin, body bag, six feet under, in the ground, the morgue, intensive care, stitches, bleed, bleeding, bleed out, dead meat, a dead man, wont recognise you, not recognise you, wont recognise, unrecognisable, next victim, get merked, get stabbed, get shanked, get shot, get jumped, get battered, get hurt, end up dead, leaving school in, in a cast, broken nose, broken jaw, your jaw, your teeth, teeth out, your head in, your skull, your kneecaps, your legs broken'],
    ['menace', 0.45, 'watch your back, watch yourself, see what happens, watch what happens, keep talking, keep chatting, keep running your mouth, wait and see, wait till, just wait, you wait, you are done, you are finished, your done, your finished, you are dead, your dead, on my mum, on my life, swear down, i swear, i know where you live, find out where you live, see you outside, see you after school, after school, at the gates, one call, hope your ready, hope you are ready, you will regret, regret it, last warning, dont test me, try me, you are getting it, your getting it, your getting, you are getting, its on sight, on sight, catch you, catch him, when i catch, round our ends, our ends, my ends, the gates'],
    ['menace', 0.6, 'when i am done with you, when im done with you, by the time i am done with you, catch you slipping, catch you slippin, caught slipping, lights out, its lights out, who its for, who it is for, know exactly who, i know who, got something for you, got something for him, got something for her, its for him, its for her, its for you'],
    ['crew', 0.3, 'my olders, my older brother, my brothers, my cousin, my cousins, my boys, the mandem, mandem, my mandem, the boys, my gang, my crew, 5 of us, five of us, all of us, the whole of us, my uncle, we are coming, we will, we are going to, were going to, we should, someone needs to, someone should, somebody needs to'],
    ['property', 0.5, 'car windows, his car, her car, your car, teachers car, your house, his house, her house, your window, his window, your windows, your tyres, his tyres, your bike, burn his, burn her, burn your, smash his car, smash your car, key his car, key your car'],
  ],
  self_harm: [
    ['wish1', 1.4, 'kill myself, killing myself, kms, unalive myself, unaliving myself, unalive me, end myself, end my life, ending my life, take my own life, take my life, hang myself, off myself'],
    ['wish', 0.8, 'suicide'],
    ['wish', 1.1, 'painless way to go, painless way to die, most painless way, quickest way to die, easiest way to die, be here much longer, be around much longer, not be here much longer, wont be here much longer, will not be here much longer, not here much longer, suicidal, commit suicide, suicidal thoughts, want to die, wanna die, want to be dead, wish i was dead, wish i were dead, rather be dead, better off dead, id rather be dead, i would rather be dead, want to disappear, wish i could disappear, dont want to be here, do not want to be here anymore, dont want to exist, not want to exist, tired of existing, tired of living, sick of living, sick of existing, dont want to live, do not want to live, no reason to live, nothing to live for, cant go on, can not go on, cant do this anymore, can not do this anymore, cant take it anymore, can not take it anymore, end it all, end it, ending it, end everything, want it all to stop, want everything to stop, everything to stop, make it stop, stop existing, never wake up, not wake up, go to sleep forever, sleep forever, wont be a problem anymore, will not be a problem anymore, give up on everything, giving up on everything, give up on life, better off without me, happier without me, easier without me, easier for everyone, a burden, burden to everyone, burden on everyone, everyone would be better, no one would miss me, nobody would miss me, no one would notice, nobody would notice, no one would care, nobody would care, come to my funeral, my funeral, my own funeral, goodbye letters, goodbye letter, suicide note, goodbye note, my last day, last goodbye, say goodbye, goodbye forever, this is goodbye, last time you will see me, wont see me again, not see me again, never see me again, disappear forever, disappear for good, not worth living, life is pointless, whats the point, what is the point, no point living, no point anymore, i deserve pain, i deserve to suffer, i deserve it, feel pain, pain on the outside, given away my stuff, given away all my stuff, give away my stuff, giving my stuff away, '],
    ['method', 0.6, 'bottle of paracetamol, bottle of pills, box of tablets, pills, tablets, paracetamol, sleeping tablets, sleeping pills, painkillers, my meds, all my meds, overdose, overdosing, od, how many paracetamol, how many pills, how many tablets, it takes, razor, razors, razor blade, blade, blades, sharpener, sharpener blade, compass, lighter, rope, noose, hang, hanging, hang myself, the bridge, a bridge, off a bridge, the canal, the river, jump off, jumping off, jump in front, step in front, in front of a train, in front of a bus, in front of a car, train tracks, the tracks, railway, multi storey, roof, rooftop, off the roof, cliff, bleach, drown, drowning, the garage, car park, saving up, stockpiling, stockpile, saving up my mums, my mums tablets'],
    ['injury', 1.0, 'urge to cut, urges to cut, the urge to cut, cut myself, cutting myself, cut my wrists, cut my arms, cut my legs, cut my thighs, burn myself, burning myself, self harm, selfharm, self harming, relapse, relapsed, harm myself, hurt myself on purpose, fresh cuts, my cuts, my scars, hide my cuts, hide my scars'],
    ['injury', 0.6, 'scars on my, cuts on my, cut, cutting, cuts, cut myself, cutting myself, my cuts, fresh cuts, scars, my scars, the scars, scar, bleed, bleeds, bleeding, til it bleeds, till it bleeds, until it bleeds, burn myself, burning myself, burn my arm, burn my arms, burn my skin, urge to cut, urges, relapse, relapsed, self harm, selfharm, self harming, sh, harm myself, hurt myself, hurting myself, punish myself, press the compass, scratch myself, scratching, marks on my, under my sleeves, long sleeves, hide my arms, wear joggers, no one sees, nobody sees, a mess, hit myself, punch walls, bang my head'],
    ['body', 0.25, 'my wrists, my wrist, my arm, my arms, my thighs, my legs, my skin, my stomach, my body'],
    ['ed', 0.55, 'stopped eating, stop eating, not eating, not eaten, havent eaten, have not eaten, skip meals, skipping meals, skipped lunch, skipping lunch, skip lunch, skip dinner, not eaten in, starve, starving myself, starve myself, drop a stone, drop another stone, lose another stone, lose weight, losing weight, calories, calorie, counting calories, purge, purging, make myself sick, made myself sick, throw up after, threw up after, throwing up after, sick after eating, sick after tea, sick after dinner, feel fat, still feel fat, so fat, too fat, hate my body, disgusting body, thigh gap, pro ana, ana, thinspo, laxatives, weigh myself, fasting, dont deserve food, do not deserve food'],
    ['despair', 0.35, 'keep looking at it, keep staring at it, not be around, wont be around, will not be around, not be here, be gone, gone for good, for good, permanently, never come back, do not worry about me, dont worry about me, feel something, numb, hate being alive, hate my life, hate myself, i hate me, worthless, i am worthless, wont need it, will not need it, die, dead, dying, death, disappear, gone, tired, exhausted, empty, alone, hopeless, no point, pointless, give up, giving up, cant cope, can not cope, not coping, breaking down, falling apart, crying every night, every night, sorry everyone, sorry for everything, im done, i am done, thought about, keep picturing, keep thinking, crossing my mind, thinking about jumping, thought about jumping, sat on the bathroom floor, for like an hour, just want'],
  ],
  bullying: [
    ['insult', 0.7, 'loser, losers, freak, freaks, weirdo, weirdos, waste of space, waste of oxygen, waste of air, pathetic, worthless, ugly, ugliest, minger, minging, tramp, tramps, crybaby, cry baby, unlikeable, unlovable, disgusting, vile, repulsive, hideous, reject, nobody, no one likes you, nobody likes you, no friends, got no friends, have no friends, having no friends, an embarrassment, embarrassment, failure, a failure, skank, slag, sket, stink, you stink, walking skip, pea brain, brain the size of a pea, size of a pea, braindead, brain dead, melt, wasteman, neek, fatso, fatty, whale, dumbass, thick as, sad little, little loser, little freak, nobody can stand you, cant stand you, can not stand you, most annoying, ugly bus, hit by the ugly, ugly stick, get a life, no life, lowlife, low life, scum, the weirdo, unwashed, dont wash, do not wash, not wash, never washes, shop at the tip, tramp clothes'],
    ['mild', 0.4, 'rank, gross, a joke, a clown, smelly, stinky, you smell, smell like, geek, nerd, virgin, fat, pig, cow, potato, goblin, troll, rat, muppet, donut, idiot, moron, dumb, stupid, thick, dense, slow, annoying, so annoying, cringe, cringey, sad, face like, trash, rubbish at everything, useless, weird, weird kid, dirty, wet dog, nits, fleas, lice, charity shop, the tip, poor, your dad left'],
    ['mild', 0.4, 'no wonder your dad left, your dad left, even the teachers think, even your mum'],
    ['exclusion', 0.6, 'not invited, were not invited, werent invited, uninvited, who invited, go away, leave, leave the group, nobody wants you, no one wants you, nobody wants, no one wants, no one cares, nobody cares, nobody asked, no one asked, feel sorry for you, feel sorry, only talk to you because, sit somewhere else, not sitting with you, this table is for, table is for people, people with friends, ignore him, ignore her, ignore you, lets all ignore, everyone ignore, dont talk to him, dont talk to her, kick her out, kick him out, kicked out of the group, remove her, remove him, not welcome, not one of us, dont bother coming, do not bother coming, stop turning up, stop coming, never came back, never come back, never speak again, never talk again, shut up, stfu, do everyone a favour, why are you even, why are you even alive, why do you exist, why do you even, why are you alive, cry more, go cry, go and cry, cry to miss, cry to sir, run to miss, no one would notice, nobody would notice, everyone hates you, we all hate you, everyone voted'],
    ['harass', 0.6, 'spread it round, spread it around, spreading it round, tell everyone, told everyone, sent it to the whole year, sent it to everyone, the whole year, whole school, screenshot, screenshotted, screenshotting, going viral, made a tiktok about, made a video about, posted a video of, post it, leak, leaked, expose, exposed, laughing at you, laughing at him, laughing at her, laugh at you, behind your back, everyone knows, everyone is talking about, made a group chat about, rate her, ranked, voted, wet yourself, wet himself, wet herself, pissed yourself, someone tell her, someone tell him, someone tell you, she thinks she is, he thinks he is, she thinks shes, he thinks hes, you think you are, look at his, look at her, look at your, the state of you, the state of her, the state of him, imagine being, imagine having, couldnt be me, could not be me, nobody would ever, no one will ever'],
  ],
  hate: [
    ['group', 0.45, 'all muslims are, all jews are, all immigrants are, all black people are, muslim, muslims, islam, jew, jews, jewish, black people, black ppl, blacks, black kids, immigrant, immigrants, migrant, migrants, foreigner, foreigners, refugee, refugees, asylum seeker, asylum seekers, polish, poles, polish lot, romanian, romanians, albanian, albanians, gypsy, gypsies, gyppo, traveller, travellers, pikey, pikeys, trans, trans people, transgender, trans person, tranny, trannies, gay, gays, gay people, lesbian, lesbians, homo, homos, homosexual, homosexuals, queer, queers, bisexual, disabled, disabled kids, disabled people, autistic, autistics, retard, retards, spastic, spaz, chinese, chinese ppl, chinese people, asian, asians, indian, indians, pakistani, pakistanis, paki, pakis, arab, arabs, african, africans, somali, somalians, nigerian, nigerians, eastern europeans, mexicans, hindu, hindus, sikh, sikhs, christians, women, girls, females, feminists, your religion, their religion, dirty religion, your kind, your lot, their kind, people like you, your people, you people, those people, these people, them lot, their culture, your country, own country'],
    ['attack', 0.7, 'scum, vermin, animals, animal, rats, cockroaches, parasites, scroungers, thieves, steal everything, steal, criminals, terrorists, terrorist, dirty, filthy, disgusting, gross, eww, ew, nasty, smell, smell different, stink, freaks, freak, mental disorder, mental illness, not a real, not a girl, not a boy, never be a real, real girl, real woman, real man, unnatural, a sin, should be locked up, locked up, deported, deport them, send them back, send them all back, go back, go back to, go back to your, back to your country, back where you came from, only care about money, greedy, inferior, subhuman, not human, dont sit next to, dont want a, never be mates with, not sitting next to, aint sitting next to, shouldnt be allowed, should not be allowed, shouldnt be here, not welcome here, out of our school, out of our country, ruining this country, taking our jobs, slow us down, normal classes, diversity quota, diversity quotas, quotas, monkey, monkeys, monkey noises, ape, gorilla, bats, eat bats, eat dogs, smells of curry, curry, bomb, boom, kill them all, hate them, hate all, i hate, thats all they are, all the same'],
    ['slur', 1.2, 'nigger, nigga, niggers, niggas, paki, pakis, chink, chinks, gook, kike, kikes, yid, yids, wog, wogs, coon, coons, spic, raghead, towelhead, sand nigger, faggot, faggots, fag, fags, tranny, trannies, dyke, retard, retarded, spastic, spaz, mong, gyppo, pikey, pikeys, golliwog, jungle bunny, kaffir, shemale, batty boy, battyman, batty man, bender, poof, poofter, nonce lover'],
    ['gayinsult', 0.9, 'thats so gay, that is so gay, so gay, you are gay, your gay, ur gay, no homo, you are such a gay, gayboy, gay boy'],
  ],
  extremism: [
    ['core', 0.8, 'caliphate, kuffar, kafir, kaffir, infidel, infidels, crusade, crusader, crusaders, race war, rahowa, 1488, 14 88, 14 words, fourteen words, 88, white power, white pride, great replacement, replacement, white genocide, remigration, ethnostate, ethno state, accelerationism, accelerate, accelerate the collapse, day of the rope, zog, isis, isil, daesh, islamic state, the state, al qaeda, al qaida, taliban, jihad, jihadi, jihadis, mujahideen, mujahid, martyr, martyrs, martyrdom, shaheed, manifesto, the manifesto, invaders, invasion, the invaders, homeland, pure, racial purity, the collapse, holy war, sieg heil, heil hitler, heil, hitler, the fuhrer, third reich, national action, patriotic alternative, britain first, combat 18, atomwaffen, breivik, tarrant, christchurch, christchurch shooter, mosque shooting, the mosque shooter, the shooter, bombers, the bombers, suicide bomber, bin laden, osama, syria, join isis, the brotherhood, the ummah, kill the kuffar, death to, death to the, clean this country, cleanse, ethnic cleansing, take our country back, take back our country, the west, the jews control, jews control, control the media, control the banks, holocaust never happened, never happened, gas chambers, made up, were made up, was made up, fake, a lie, lies, hoax, zionists, globalists, white race, our race, our people, our blood, blood and soil, the system has to burn, the system must burn'],
    ['support', 0.5, 'hero, my hero, heroes, legend, a legend, saint, a saint, should be a saint, did nothing wrong, was right, were right, is right, makes sense, it makes sense, honestly it makes sense, deserves, deserved, deserve, deserve it, deserves every, gods work, god work, should have finished, shouldve finished, finish what he started, finish the job, what he started, support, i support, we support, join, joining, join the cause, the cause, fight for, fight the, soldiers, needs soldiers, brother, brothers, by any means, any means necessary, wake up, open your eyes, open ur eyes, red pill, redpilled, based, inspiring, inspired, glory, victory, rise up, take back, has to burn, must burn, should burn, trains to fight, training to fight, go to syria, fight for the state, deport every, blow up the mosques, blow up, kill them all, all of them, must be stopped, purge, clean, cleanse'],
  ],
  sexual: [
    ['body', 0.5, 'thighs, thigh, chest, boobs, boobies, tits, titties, bum, booty, arse, ass, butt, bra, bra size, knickers, underwear, panties, thong, boxers, lips, your lips, mouth, your mouth, body, your body, figure, curves, cleavage, legs, your legs, naked, nude, nudes, topless, without clothes, no clothes, without your clothes, without clothes on, without your uniform, uniform off, top off, clothes off, pjs, pyjamas, in the shower, the shower, in the bath, in bed, in bed together, bed together, your bed, my bed, bikini, leggings, shorts, skirt, privates, private parts, down there, his thing, my thing, dick, cock, willy, penis, vagina, pussy, nipples, see everything, where i can see everything, all of you, under the hoodie, under your, whats under, what is under, everything off, mirror selfie, bare'],
    ['act', 0.65, 'sex, sexy, sexting, sext, sex tape, porn, p0rn, porno, onlyfans, only fans, horny, turned on, turn me on, touch yourself, touched yourself, touching yourself, feel you up, feel up, finger, fingered, wank, wanking, jerk off, suck, suck my, blowjob, head, give head, smash, shag, bang, hook up, hookup, make out, moan, moaning, twerk, twerking, strip, stripping, undress, kiss you all over, all over your body, lips on me, your lips on me, doing something else, would look good doing, ride me, sit on my, on top of you, on top of me, under me, inside me, spicy, naughty, dirty, nsfw, 18 plus, x rated, rate my body, rate my, ill show you mine, show you mine, show me yours, you show me yours, if you show me, had a dream about you, dream about you, dreaming about you, thinking about you, been thinking about your, peng, fit, hot, thicc, sexemoji, hotemoji, droolemoji, aubergine, peach'],
    ['request', 0.3, 'smirkemoji, winkemoji'],
    ['request', 0.45, 'send me, send a, send it, send one, send pics, send a pic, send a picture, send a vid, send a video, a pic of you, pics of you, picture of you, picture of your, pic of your, prove it, show me, let me see, lemme see, can i see, i want to see, wanna see, want to see, go on cam, on cam, on camera, vid call, video call, facetime, for me, just for me, i will send, ill send, keep the door shut, lock the door, door shut, nobody will know, no one will know, bet you look, bet you, imagine us, imagine you, would look good'],
  ],
  grooming: [
    ['secrecy', 0.75, 'off the record, between us, between you and me, between me and you, stays between us, our secret, our little secret, our little thing, our thing, keep this between, keep it between, keep it quiet, keep this quiet, keep it to yourself, dont tell, do not tell, dont tell anyone, do not tell anyone, dont tell your, do not tell your, dont mention me, do not mention me, dont mention, do not mention, dont say who, do not say who, dont say anything, do not say anything, just dont tell, no one needs to know, nobody needs to know, nobody has to know, no one has to know, wouldnt understand, would not understand, wont understand, will not understand, get the wrong idea, the wrong idea, delete this, delete it after, delete the chat, delete our chat, delete this convo, delete the convo, delete our messages, delete these messages, delete after, once you have read it, wipe your phone, clear your history, clear the chat, doesnt log, does not log, this chat doesnt, not logged, without anyone seeing, without anyone knowing, no one will see, nobody will see, my wife doesnt know, wife doesnt know, my girlfriend doesnt know, secret account, secret, private account, hidden, on the down low, lowkey between us, just to be safe, just me though, only me though, keep it private, just for me, only for me, for my eyes only'],
    ['platform', 0.45, 'snap me, telegram, snap, snapchat, whatsapp, kik, discord, wickr, signal app, instagram, insta dm, dm me, message me, text me, call me, ring me, facetime, vid call, video call, hop on a call, on a call, call later, my number, other number, my other number, new account, make a new account, second account, another account, alt account, spare phone, burner, more private, its more private, somewhere private, private chat, privately, chat on, talk on, move to, instead'],
    ['meet', 0.6, 'meet me, meet up, meet you, meet at, link up, come over, come round, come to mine, at mine, stay at mine, come stay, round mine, my place, my flat, my house, swing by, pop round, drive over, pick you up, get you after school, collect you, my car, in my car, give you a lift, round the corner, the corner, the station, the park, behind the, come to the park, the bus stop, which bus, what bus, bus home, walk home, in person, irl, face to face, see you in person'],
    ['alone', 0.6, 'house to yourself, the house to yourself, have the house, on nights, working nights, out all night, away for the weekend, by yourself, on your own, home alone, alone, home by yourself, your own, just you, just us, only us, us two, just the two of us, the two of us, without your parents, without your mum, without your friends, without telling'],
    ['gift', 0.55, 'vbucks, v bucks, robux, gift card, gift cards, amazon voucher, iphone, a new phone, spare iphone, airpods, present, a present, money, cash, send you money, top up, top up your phone, topup, buy you, get you, get you that, i can get you, i will buy, ill buy, treat you, spoil you, pay you, free stuff, post you, post you something'],
    ['condition', 0.45, 'do me a favour, a favour, favour first, in return, its yours, its urs, yours if, urs if, if you meet, if you send, if you keep, only if you, but you have to, but you got to, you owe me'],
    ['age', 0.5, 'how old are you, how old r you, how old, what age, what year are you in, year 7, year 8, year 9, yr 7, yr 8, yr 9, in year, still in year, still in your 8, still in your 7, still in your 9, your 8, past 13, 12, 13, 14, 15, age is just a number, just a number, im 22, i am 22, i am 20, i am 21, i am 23, i am 24, i am 25, i am 19, older than you, an older guy, older man, much older'],
    ['flattery', 0.5, 'mature, so mature, grown up, more grown up, seem older, you seem older, look older, talk like someone, way past, older than, i see the real you, the real you, special, so special, my special, a bond, we have got a bond, got a bond, our bond, a connection, connection, gets you, really gets you, only person who, only one who, the only one, understands you, appreciates you, appreciate you, nobody appreciates, no one appreciates, have fun like i would, fun like i would, like i would, i would never, i care about you more, love you more than, pretty for your age, beautiful for your age'],
    ['isolation', 0.55, 'your parents, your mum, your dad, your family, your friends are fake, friends are fake, your friends dont, your teachers, teachers wouldnt, teachers would not, wouldnt get, would not get, proper strict, so strict, too strict, never let you, try to ruin, ruin it, ruin us, they are jealous, jealous of us, nobody at your school, nobody else would get, no one else would get, nobody else, no one else, do not need them, dont need them, things are bad at home, bad at home, does your mum check, check your phone, checks your phone, read your messages, go through your phone'],
    ['probe', 0.5, 'when your dad, when your mum, when your parents, your dads on, your mums on, dads on nights, mums on nights, what school, which school, what school do you go to, where do you live, where abouts, whereabouts, name of your road, your road, your street, what road, what street, your address, your postcode, send me a selfie, a selfie, what you look like, so i know what you look like, send me a pic, send a pic, a pic of you, your bedroom, your room, in your room, are you alone, who else is home, when are you, next home, home by yourself, parents out, parents away, when do your parents'],
  ],
};

// ---- compiled dictionary -------------------------------------------------------------
const MAX_N = 6;

function buildDictionary(): Map<string, Term[]> {
  const dict = new Map<string, Term[]>();
  for (const label of Object.keys(LEX) as LexLabel[]) {
    for (const [cat, w, list] of LEX[label]) {
      for (const raw of list.split(',')) {
        const phrase = normalise(raw.trim()).text;
        if (!phrase) continue;
        const terms = dict.get(phrase) ?? [];
        // The same phrase listed twice in a label/category keeps its highest weight.
        const dup = terms.find((t) => t.label === label && t.cat === cat);
        if (dup) continue;
        terms.push({ label, cat, w, phrase });
        dict.set(phrase, terms);
      }
    }
  }
  return dict;
}

const DICT = buildDictionary();
/** Number of lexicon entries (phrase × label × category), for tests and docs. */
export const LEXICON_SIZE = [...DICT.values()].reduce((n, t) => n + t.length, 0);

// ---- context ---------------------------------------------------------------------------
const SECOND = /\b(?:you|your|yours|yourself|yourselves|urs)\b/;
const THIRD = /\b(?:he|she|him|her|his|hes|shes|they|them|their|theyre|that kid|that boy|that girl|that teacher|sir|miss|someone|somebody|everyone|people)\b/;
const FIRST = /\b(?:i|me|my|myself|mine|im|id|ive|ill)\b/;
const INTENT =
  /\b(?:going to|about to|will|ill|i will|we will|well|imma|want to|gonna|swear|tomorrow|tonight|after school|at lunch|next time|when i see|when he|when she|if you|if he|if she|keep|on my mum|on my life|wait|watch)\b/;
const BANTER = /\b(?:lol|lmao|haha+|hehe|jk|jokes|joking|only joking|love you|love ya|bestie|ily|xd)\b/;
// Being ill, not "i'll".
const ART_CRAFT =
  /\b(?:art|project|collage|scissors|glue|paper|card|cardboard|pictures out|picture out|shapes|diagram|worksheet|onions?|vegetables|veg|hair|haircut|fringe|grass|hedge|lawn|nails|cake|pizza|cut out|cutting out|cut it out|power cut|cut off|cutting off|short cut|shortcut|cut the|wifi|signal|internet|connection|lagging|cuts out|cutting out)\b/;
const SPORT = /\b(?:football|match|goal|goals|rugby|netball|hockey|cricket|tennis|basketball|boxing|mma|ufc|wrestling|ref|referee|team|league|fifa|game|pe|training|practice)\b/;
const SELF_BENIGN =
  /\b(?:last time you will see me (?:in|with|wearing|at)|leavers|dye|dyed|dying my hair|dying her hair|die my hair|tired of (?:this|the|homework|revision|school|maths)|so tired|tired i could|sleep for a week|dead tired|died laughing|dying laughing|my (?:dog|cat|nan|grandad|grandma|granddad|hamster|fish|rabbit|phone|laptop|battery) (?:died|is dead|is dying)|phone died|battery died|laptop died|plant died)\b/;
const SEXUAL_BENIGN =
  /\b(?:its so hot|it is so hot|so hot in|too hot|hot in here|hot outside|boiling|heatwave|sweaty|sweating|after the match|after football|after pe|biology|reproduction|puberty|pshe|sex ed|sex education|dangers of|safety|consent lesson|breaststroke|breast stroke|chicken|turkey|hot chocolate|hot water|hot day|so hot today|weather|sunny|food|pe kit|kit|shopping|bought|buy|new|sale|outfit|dress|shoes|trainers)\b/;
const EXT_STUDY =
  /\b(?:history|historical|lesson|teacher|miss said|sir said|article|documentary|doc|news|we learned|we learnt|learning about|we studied|studying|studied|textbook|essay|assembly|pshe|re lesson|in re|rs|sociology|prevent|why people join|extremist groups|radicalisation|radicalization|propaganda|defeated|ww2|world war|war|1930s|1940s|nazi germany|rise of)\b/;

// "my mum will kill me", "he's going to murder me": hyperbole about the speaker.
const AT_SPEAKER = /\b(?:kill|murder|batter|slap|strangle|kick|beat|hurt|end|destroy|smash) me\b/;
// "i'm such an idiot": insults the speaker aims at themself.
const SELF_TALK = /\b(?:i am|i feel|i look|i sound|im|me) (?:such |so |a |an |literally |actually |the )*(?:idiot|dumb|stupid|thick|loser|ugly|fat|weird|annoying|cringe|useless|failure|muppet|donut|clown)\b/;

export interface LexHit {
  readonly label: LexLabel;
  readonly raw: number;
  readonly reason: string;
}

interface Acc {
  cats: Map<string, number>;
  words: string[];
}

function tally(tokens: readonly string[]): Map<LexLabel, Acc> {
  const acc = new Map<LexLabel, Acc>();
  // Per label, the end of the last matched span: a shorter n-gram inside a
  // longer one already counted ("your body" then "body") adds nothing.
  const coveredUntil = new Map<LexLabel, number>();
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const grams: string[] = [];
    let gram = '';
    for (let n = 0; n < MAX_N && i + n < tokens.length; n++) {
      gram = n === 0 ? (tokens[i] as string) : `${gram} ${tokens[i + n] as string}`;
      grams.push(gram);
    }
    for (let n = grams.length; n >= 1; n--) {
      const terms = DICT.get(grams[n - 1] as string);
      if (!terms) continue;
      const end = i + n;
      const fresh = terms.filter((t) => end > (coveredUntil.get(t.label) ?? -1));
      for (const t of fresh) {
        const key = `${t.label}|${t.cat}|${t.phrase}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let a = acc.get(t.label);
        if (!a) {
          a = { cats: new Map(), words: [] };
          acc.set(t.label, a);
        }
        a.cats.set(t.cat, (a.cats.get(t.cat) ?? 0) + t.w);
        a.words.push(`${t.phrase}:${t.cat}`);
      }
      for (const t of fresh) coveredUntil.set(t.label, Math.max(coveredUntil.get(t.label) ?? -1, end));
    }
  }
  return acc;
}

const cat = (a: Acc, c: string, cap: number): number => Math.min(cap, a.cats.get(c) ?? 0);

/**
 * Label raw scores from the lexicon and context. Returns only labels with a
 * non-trivial score; callers compare `raw` with 1.0 (the flag line).
 */
export function lexiconScores(clean: string): LexHit[] {
  const tokens = clean.split(' ').filter((t) => t.length > 0).slice(0, 150);
  const acc = tally(tokens);
  if (acc.size === 0) return [];
  const second = SECOND.test(clean);
  const third = THIRD.test(clean);
  const first = FIRST.test(clean);
  const intent = INTENT.test(clean);
  const banter = BANTER.test(clean);
  const study = GUARDS.study.test(clean);
  const game = GUARDS.game.test(clean.replace(/\bzombie knife/g, 'knife'));
  const accident = GUARDS.accident.test(clean);
  const out: LexHit[] = [];
  const ctx: string[] = [];
  const push = (label: LexLabel, raw: number, a: Acc, notes: string[]): void => {
    if (raw <= 0.3) return;
    out.push({ label, raw, reason: `lexicon [${a.words.slice(0, 5).join(', ')}${notes.length ? `; ${notes.join(', ')}` : ''}]` });
  };

  for (const [label, a] of acc) {
    ctx.length = 0;
    let raw = 0;
    switch (label) {
      case 'violence': {
        const act = cat(a, 'act', 1.0), weapon = cat(a, 'weapon', 0.7), outcome = cat(a, 'outcome', 0.8);
        const menace = cat(a, 'menace', 0.7), crew = cat(a, 'crew', 0.3), property = cat(a, 'property', 0.5);
        raw = act + weapon + outcome + menace + crew + property;
        if (act + weapon + outcome + property === 0) raw = Math.min(raw, 0.6); // menace alone is not a threat
        if (second || third) { raw += 0.25; ctx.push('target'); } else raw *= 0.8;
        if (intent) { raw += 0.2; ctx.push('intent'); }
        if (act + weapon + menace === 0) raw = Math.min(raw, 0.8); // a hospital or a car alone is not a threat
        if (game || study || SPORT.test(clean)) { raw *= 0.45; ctx.push('game/study/sport context'); }
        if (AT_SPEAKER.test(clean)) { raw *= 0.5; ctx.push('aimed at the speaker'); }
        break;
      }
      case 'self_harm': {
        const wish = cat(a, 'wish', 1.3) + cat(a, 'wish1', 1.4), body = cat(a, 'body', 0.25), method = cat(a, 'method', 0.9), injury = cat(a, 'injury', 1.0);
        const ed = cat(a, 'ed', 1.0), despair = cat(a, 'despair', 0.6);
        raw = wish + method + injury + ed + despair + (injury + method > 0 ? body : 0);
        if (wish === 0 && method + injury + ed <= 0.6) raw = Math.min(raw, 0.85);
        // Places and medicines alone are not intent: a method needs a wish, despair or injury with it.
        if (wish + injury + ed + despair === 0) raw = Math.min(raw, 0.8);
        if (first) { raw += 0.15; ctx.push('first person'); } else if (cat(a, 'wish1', 1) === 0) raw *= 0.75;
        if (second && !first) raw *= 0.6; // about someone else
        if (study || game) { raw *= 0.5; ctx.push('study/game context'); }
        if ((accident || ART_CRAFT.test(clean)) && injury < 1) { raw -= Math.min(0.6, injury + method) * 0.9; ctx.push('accident/craft context'); }
        if (SELF_BENIGN.test(clean)) { raw *= 0.4; ctx.push('benign context'); }
        if (/\b(?:by accident|accidentally|on accident|paper cut|papercut)\b/.test(clean)) { raw *= 0.4; ctx.push('accident'); }
        break;
      }
      case 'bullying': {
        const insult = Math.min(1.2, cat(a, 'insult', 1.2) + cat(a, 'mild', 0.8)), excl = cat(a, 'exclusion', 1.0), harass = cat(a, 'harass', 1.0);
        raw = insult + excl + harass;
        if (second) { raw += 0.3; ctx.push('second person'); } else if (third) { raw += 0.15; ctx.push('third person'); } else raw *= 0.65;
        if (banter && harass + excl === 0) { raw -= 0.45; ctx.push('banter'); }
        if (SELF_TALK.test(clean) && !second) { raw *= 0.5; ctx.push('about the speaker'); }
        if (study) { raw *= 0.6; ctx.push('study context'); }
        break;
      }
      case 'hate': {
        const group = cat(a, 'group', 0.6), attack = cat(a, 'attack', 1.0), slur = cat(a, 'slur', 1.2), gay = cat(a, 'gayinsult', 1.0);
        raw = slur + gay + (group > 0 ? group + attack : attack * 0.4);
        if (group > 0 && attack === 0) raw = Math.min(raw, 0.6);
        if (study && slur === 0) { raw *= 0.5; ctx.push('study context'); }
        break;
      }
      case 'extremism': {
        const core = cat(a, 'core', 1.3), support = cat(a, 'support', 0.8);
        raw = core + support;
        if (core === 0) raw = Math.min(raw, 0.5);
        if (EXT_STUDY.test(clean) || study) { raw *= 0.45; ctx.push('study context'); }
        break;
      }
      case 'sexual': {
        const body = cat(a, 'body', 1.0), act = cat(a, 'act', 1.2), req = cat(a, 'request', 0.7);
        raw = body + act + req;
        if (body + act === 0) raw = Math.min(raw, 0.5);
        if (act === 0 && req === 0) raw = Math.min(raw, 0.6); // anatomy words alone are biology
        if (second) { raw += 0.25; ctx.push('second person'); }
        if (SEXUAL_BENIGN.test(clean) || study) { raw *= 0.55; ctx.push('benign context'); }
        break;
      }
      case 'grooming': {
        const secrecy = cat(a, 'secrecy', 1.0), platform = cat(a, 'platform', 0.6), meet = cat(a, 'meet', 0.8);
        const alone = cat(a, 'alone', 0.7), gift = cat(a, 'gift', 0.8), condition = cat(a, 'condition', 0.5), age = cat(a, 'age', 0.7);
        const flattery = cat(a, 'flattery', 0.8), isolation = cat(a, 'isolation', 0.8), probe = cat(a, 'probe', 0.7);
        const parts = [secrecy, platform, meet, alone, gift, condition, age, flattery, isolation, probe].filter((x) => x > 0).length;
        raw = secrecy + platform + meet + alone + gift + condition + age + flattery + isolation + probe;
        // One cue on its own is ordinary chat; grooming is cues combined.
        if (parts < 2 && secrecy < 1) raw = Math.min(raw, 0.75);
        if (second) { raw += 0.15; ctx.push('second person'); } else raw *= 0.8;
        if (study) { raw *= 0.6; ctx.push('study context'); }
        break;
      }
    }
    push(label, Math.round(raw * 1000) / 1000, a, [...ctx]);
  }
  return out;
}

/** Map a lexicon raw score onto the classifier's score scale (flag line 1.0 → 0.66). */
export function lexiconConfidence(raw: number): number {
  if (raw < 1) return 0.6 * raw;
  return Math.min(0.82, 0.66 + 0.12 * (raw - 1));
}

/**
 * The lexicon's vocabulary classes present in a message, as model features
 * ("@violence:weapon", "@ctx:second"): the learned model weighs word classes,
 * not only the words it saw in training, so a weapon or slur it never saw in
 * a training line still counts.
 */
export function lexiconFeatures(clean: string): string[] {
  const tokens = clean.split(' ').filter((t) => t.length > 0).slice(0, 150);
  const out: string[] = [];
  for (const [label, a] of tally(tokens)) for (const c of a.cats.keys()) out.push(`@${label}:${c}`);
  if (SECOND.test(clean)) out.push('@ctx:second');
  if (THIRD.test(clean)) out.push('@ctx:third');
  if (FIRST.test(clean)) out.push('@ctx:first');
  if (INTENT.test(clean)) out.push('@ctx:intent');
  if (BANTER.test(clean)) out.push('@ctx:banter');
  if (GUARDS.study.test(clean)) out.push('@ctx:study');
  if (GUARDS.game.test(clean)) out.push('@ctx:game');
  if (GUARDS.accident.test(clean)) out.push('@ctx:accident');
  return out;
}

/**
 * Labels whose benign-context guards (the same ones lexiconScores discounts
 * by: a game, a lesson, sport, art and craft, an accident, hyperbole aimed at
 * the speaker...) match the message. classify.ts keeps the learned model from
 * raising these labels on its own, as the lexicon would not.
 */
export function benignContextLabels(clean: string): Set<LexLabel> {
  const out = new Set<LexLabel>();
  const study = GUARDS.study.test(clean);
  if (study || GUARDS.game.test(clean) || SPORT.test(clean) || AT_SPEAKER.test(clean)) out.add('violence');
  if (study || GUARDS.game.test(clean) || GUARDS.accident.test(clean) || ART_CRAFT.test(clean) || SELF_BENIGN.test(clean)) out.add('self_harm');
  if (study || SEXUAL_BENIGN.test(clean)) out.add('sexual');
  if (study || EXT_STUDY.test(clean)) out.add('extremism');
  if (study) { out.add('hate'); out.add('grooming'); }
  if (study || SELF_TALK.test(clean)) out.add('bullying');
  return out;
}
