// Inbound SMS: whether a reply is an opt-out, opt-in or help keyword, or a longer request to stop (DESIGN §4).

/**
 * Opt-out keywords: a message that is one of these, alone, withdraws SMS consent on the number. The union of
 * - AWS End User Messaging SMS, "Required opt-out keywords": ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT, REMOVE, STOP,
 *   TD, UNSUBSCRIBE (ARRET and TD for French-speaking Canada);
 * - the FCC's revocation rule, 47 CFR 64.1200(a)(12) (FCC 24-24, 2024; in force since 11 April 2025): stop, quit,
 *   end, revoke, opt out, cancel, unsubscribe;
 * - the carriers' standard words as messaging providers apply them: Twilio's STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
 *   QUIT, REVOKE, OPTOUT, and Telnyx's STOP ALL.
 * Spelling variants (STOP-ALL, OPT_OUT, S.T.O.P) match the listed spelling they compact to.
 */
export const optOutKeywords = ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT-OUT', 'OPT OUT', 'REMOVE', 'ARRET', 'TD'] as const;

/** Re-grant SMS consent: START and UNSTOP (carriers; AWS's toll-free resubscribe words), YES (Twilio's and Braze's defaults). */
export const optInKeywords = ['START', 'UNSTOP', 'YES'] as const;

/**
 * A help reply, no change: HELP (required by carriers and AWS) and INFO, which carriers treat as HELP (Twilio's and
 * Braze's defaults). Answering INFO with the help text costs nothing and changes no consent.
 */
export const helpKeywords = ['HELP', 'INFO'] as const;

export type OptOutKeyword = (typeof optOutKeywords)[number];
export type OptInKeyword = (typeof optInKeywords)[number];
export type HelpKeyword = (typeof helpKeywords)[number];

/** Why a longer message was flagged as a request to stop, for the agent who reviews it. */
export type StopRequestCue =
  /** An opt-out word with courtesy words, stretched, or as one sentence of a longer message: "Stop please", "STOPPP", "Who is this? Stop". */
  | 'opt-out-word'
  /** Stop, quit, cease or end the messages or calls: "please stop texting me", "end these messages". */
  | 'stop-messages'
  /** "don't text me anymore", "never call me again", "no more texts", "leave me alone". */
  | 'do-not-contact'
  /** "remove me from your list", "take my number off", "delete my number". */
  | 'remove-me'
  /** The words of opting out anywhere in the message: "unsubscribe me please", "I want to opt out", "I revoke consent". */
  | 'unsubscribe'
  | 'not-interested'
  /** The consent may not be this person's: "wrong number", "how did you get my number", "I never signed up". */
  | 'disputes-consent';

export type InboundSmsIntent =
  | { kind: 'opt-out'; keyword: OptOutKeyword }
  | { kind: 'opt-in'; keyword: OptInKeyword }
  | { kind: 'help'; keyword: HelpKeyword }
  /** Not a keyword, but asks to stop: an agent reviews it, and nothing is sent to the number until then. */
  | { kind: 'stop-request'; cue: StopRequestCue }
  | { kind: 'other' };

/**
 * What an inbound SMS asks for. Keywords are exact: the whole message, in any case, with surrounding whitespace,
 * punctuation, quotes and emoji ignored (`stop!`, ` STOP  `, `"Stop."`, `ＳＴＯＰ`, `Arrêt`). Opt-in and help are
 * never read out of a longer message (a stray "yes" must not re-grant consent). A longer message is matched against
 * the stop-request rules below, which are deliberately generous: a false flag costs an agent a glance, a miss a fine.
 */
export function classifyInboundSms(text: string): InboundSmsIntent {
  const normalised = normalise(text);
  const form = keywordForm(normalised);
  if (form === '') return { kind: 'other' };
  const keyword = keywordIntents.get(form) ?? compactKeywordIntents.get(compact(form));
  if (keyword) return keyword;
  const cue = stopRequestCue(normalised.toLowerCase());
  return cue ? { kind: 'stop-request', cue } : { kind: 'other' };
}

// --- Keywords ---

type KeywordIntent = Extract<InboundSmsIntent, { keyword: string }>;

const keywordIntents = new Map<string, KeywordIntent>();
/** The listed spelling for each compacted form: the first listed wins (OPT_OUT reads as OPTOUT). */
const compactKeywordIntents = new Map<string, KeywordIntent>();
for (const intent of [
  ...optOutKeywords.map((keyword): KeywordIntent => ({ kind: 'opt-out', keyword })),
  ...optInKeywords.map((keyword): KeywordIntent => ({ kind: 'opt-in', keyword })),
  ...helpKeywords.map((keyword): KeywordIntent => ({ kind: 'help', keyword })),
]) {
  keywordIntents.set(intent.keyword, intent);
  if (!compactKeywordIntents.has(compact(intent.keyword))) compactKeywordIntents.set(compact(intent.keyword), intent);
}

/**
 * Compatibility forms folded (full-width letters, ligatures), accents dropped (ARRÊT is ARRET), typographic
 * apostrophes made plain, and invisible format characters (zero-width spaces, direction marks) removed.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'");
}

/** Upper case, without anything but letters and digits at either end, inner whitespace collapsed. */
function keywordForm(normalised: string): string {
  return normalised
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
}

/** Without spaces, dashes, underscores and dots between the letters: STOP-ALL, STOP ALL and STOPALL are one word. */
function compact(form: string): string {
  return form.replace(/[\s\p{Pd}_.]+/gu, '');
}

// --- Stop requests ---

/**
 * Words that may surround an opt-out word in a sentence without changing what it asks: "STOP please", "just stop it
 * now", "I said STOP", "ok stop", "STOP HELP", "reply STOP to end" (the instruction typed back).
 */
const courtesyWords = new Set([
  'please', 'pls', 'plz', 'plse', 'kindly', 'thanks', 'thank', 'you', 'thx', 'ty', 'ok', 'okay', 'now', 'right', 'away',
  'immediately', 'asap', 'already', 'just', 'it', 'all', 'again', 'seriously', 'i', 'said', 'told', 'u', 'sir', 'omg',
  'help', 'info', 'reply', 'to',
]);

/** The opt-out words as one lower-case token, except TD: two letters that, in a sentence, mostly mean something else. */
const sentenceOptOutWords = new Set(optOutKeywords.filter((keyword) => keyword !== 'TD').map((keyword) => compact(keyword).toLowerCase()));

/** STOPPP, Stooop, QUIIIT: an opt-out word with letters repeated, which no list spells but a reader understands. */
const stretchedOptOutWords = [...sentenceOptOutWords].map((word) => new RegExp(`^${[...word].map((letter) => `${letter}+`).join('')}$`, 'u'));

// The phrase rules read one sentence at a time, as lower-case words separated by single spaces, so that "I'm at the
// bus stop, will call you later" is two sentences and "stop … call" never meets.

/** What people ask to stop receiving, as verbs, gerunds and nouns. */
const contactWords =
  "(?:texts?|texting|texted|txts?|txting|msgs?|messages?|messaging|sms|mms|calls?|calling|ringing|emails?|emailing|contact|contacting|sending|send|spam|spamming|bothering|bugging|harassing|pestering|notifications?|alerts?|reminders?|promos?|promotions?|marketing|ads|robocalls?|robotexts?|subscriptions?)";
/** The same as things one receives (not "to call"): what "I don't want any …" may be followed by. */
const receivedContactNouns = '(?:texts|text messages|txts|msgs|messages|sms|smss|mms|calls|phone calls|emails|notifications|alerts|reminders|promos|promotions|marketing|ads|spam|robocalls|robotexts)';
const contactVerbs = '(?:text|texting|txt|msg|message|messaging|call|calling|ring|ringing|contact|contacting|email|emailing|sms|send|sending|bother|bothering|spam|spamming|harass|harassing|pester|pestering)';
/** Someone's number or details, as people name them. */
const myNumber = "(?:me|us|my (?:phone |cell |mobile )?(?:number|no|info|information|details|data)|this (?:phone |cell )?number)";

/** Rules in the order they are tried; the first that matches names the cue. */
const phraseRules: ReadonlyArray<{ cue: StopRequestCue; pattern: RegExp }> = [
  // "please stop texting me", "stop with the calls", "quit messaging me", "cease all contact"; "I can't stop
  // laughing" names nothing one receives.
  { cue: 'stop-messages', pattern: new RegExp(`\\b(?:stop|stp|quit|cease|halt)(?: [\\p{L}\\p{N}']+){0,3} ${contactWords}\\b`, 'u') },
  // "end these messages", "cancel all texts", "cancel the reminders"; "cancel my appointment" is not one.
  { cue: 'stop-messages', pattern: new RegExp(`\\b(?:end|cancel)(?: (?:all|the|these|those|your|my|this|any|of))* ${contactWords}\\b`, 'u') },
  // "unsubscribe me please", "I want to opt out", "opt me out", "I opted out already", "I revoke my consent".
  { cue: 'unsubscribe', pattern: /\b(?:unsubscrib(?:e|ed|ing)|unsub|optout|opt out|opt me out|opting out|opted out|revoke[ds]?|revoking|withdraw(?:ing)? (?:my )?consent)\b/u },
  // "don't text me anymore", "do not call me again", "never contact me", "don't call this number", or a bare "don't
  // call"; not "I don't text much" nor "you never call me", which speak of someone's habits.
  {
    cue: 'do-not-contact',
    pattern: new RegExp(`(?<!\\b(?:i|we|they|he|she|you) )\\b(?:don't|dont|do not|never|no longer) (?:ever )?${contactVerbs}(?: (?:me|us|this|here|again|anymore|ever|my)\\b|$)`, 'u'),
  },
  // "I don't want any more texts", "do not wish to receive these messages"; not "I don't want to call you".
  { cue: 'do-not-contact', pattern: new RegExp(`\\b(?:don't|dont|do not|no longer|never) (?:want|wish|need|like)(?: (?:to|receive|get|getting|any|more|these|those|your|the|of|further))* ${receivedContactNouns}\\b`, 'u') },
  // "no more texts", "no more of these messages", "no further calls".
  { cue: 'do-not-contact', pattern: new RegExp(`\\bno (?:more|further)(?: [\\p{L}']+){0,2} ${contactWords}\\b`, 'u') },
  { cue: 'do-not-contact', pattern: /\b(?:leave me alone|dnc|(?:do not|don't|dont) (?:call|contact|text)(?:ing)? list)\b/u },
  // "remove me from your list", "please delete my number", "take me off", "take my name off your list".
  { cue: 'remove-me', pattern: new RegExp(`\\b(?:remove|delete|erase|unlist) ${myNumber}\\b`, 'u') },
  { cue: 'remove-me', pattern: new RegExp(`\\btake ${myNumber} (?:off|out)\\b`, 'u') },
  { cue: 'remove-me', pattern: /\b(?:off|from) (?:your|ur) (?:[\p{L}]+ )?(?:list|database|system)\b/u },
  // Not a revocation in so many words, but a reasonable reader of a marketing reply may take it for one.
  { cue: 'not-interested', pattern: /\b(?:not interested|no interest)\b/u },
  // Consent given by someone else is no consent: an agent checks who holds the number.
  {
    cue: 'disputes-consent',
    pattern: /\b(?:wrong (?:number|person|phone)|(?:how did you|where did you|who gave you) (?:get )?my (?:number|phone number|cell|info)|(?:never|didn't|didnt|did not) (?:sign(?:ed)? up|subscribed?|opt(?:ed)? in|consent(?:ed)?|agreed?))\b/u,
  },
];

/**
 * Whether a message that is not a keyword still asks to stop. Limits, accepted because the cost of a false flag is an
 * agent's glance: the rules read English only (plus the French ARRET among the keywords); they do not read negation
 * or irony ("please don't stop texting me" is flagged); a sentence without punctuation can join unrelated words
 * ("at the bus stop call me" is flagged); and misspellings beyond repeated letters ("stpo") are missed.
 */
function stopRequestCue(lowerCase: string): StopRequestCue | undefined {
  for (const sentence of sentencesOf(lowerCase)) {
    if (isOptOutWordSentence(sentence)) return 'opt-out-word';
    const phrase = sentence.join(' ');
    const rule = phraseRules.find(({ pattern }) => pattern.test(phrase));
    if (rule) return rule.cue;
  }
  return undefined;
}

/** Sentences as lists of words: split at sentence punctuation, line breaks and spaced dashes; emoji dropped. */
function sentencesOf(lowerCase: string): string[][] {
  return lowerCase
    .split(/[.!?;,:()[\]{}"\n\r]+|\s\p{Pd}+\s/u)
    .map((sentence) => sentence.match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [])
    .filter((words) => words.length > 0);
}

/** "STOP please", "I said STOP", "stop stop stop", "Stoooop", or a sentence that is just "Stop" in a longer message. */
function isOptOutWordSentence(words: string[]): boolean {
  const rest = words
    .filter((word) => !courtesyWords.has(word))
    .join(' ')
    .replace(/\bopt out\b/g, 'optout')
    .split(' ')
    .filter((word) => word !== '');
  return rest.length > 0 && rest.every((word) => sentenceOptOutWords.has(word) || stretchedOptOutWords.some((stretched) => stretched.test(word)));
}
