// Inbound SMS classification: every keyword in every common form, stop requests flagged, ordinary messages left alone.
import { describe, expect, it } from 'vitest';
import { classifyInboundSms, helpKeywords, optInKeywords, optOutKeywords } from '#domain/consent/sms-keywords';

/** The ways people type a keyword: any case, padded, with trailing punctuation, quoted. */
function variantsOf(keyword: string): string[] {
  const lower = keyword.toLowerCase();
  const title = lower.replace(/(^|[\s-])(\p{L})/gu, (_, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
  return [keyword, lower, title, ` ${keyword}  `, `\t${lower}\n`, `${lower}!`, `${title}.`, `${lower}!!`, `${keyword}?`, `"${keyword}"`, `${title}...`, `  ${lower} !`];
}

const table = (keywords: readonly string[]) => keywords.flatMap((keyword) => variantsOf(keyword).map((text) => [text, keyword] as const));

describe('classifyInboundSms: keywords', () => {
  it('lists the opt-out words of AWS End User Messaging, the FCC rule and the carriers', () => {
    // Assess
    expect([...optOutKeywords].sort()).toEqual(['ARRET', 'CANCEL', 'END', 'OPT OUT', 'OPT-OUT', 'OPTOUT', 'QUIT', 'REMOVE', 'REVOKE', 'STOP', 'STOP ALL', 'STOPALL', 'TD', 'UNSUBSCRIBE']);
    expect(optInKeywords).toEqual(['START', 'UNSTOP', 'YES']);
    expect(helpKeywords).toEqual(['HELP', 'INFO']);
  });

  it.each(table(optOutKeywords))('reads %j as the opt-out keyword %s', (text, keyword) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'opt-out', keyword });
  });

  it.each(table(optInKeywords))('reads %j as the opt-in keyword %s', (text, keyword) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'opt-in', keyword });
  });

  it.each(table(helpKeywords))('reads %j as the help keyword %s', (text, keyword) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'help', keyword });
  });

  it.each([
    ['STOP-ALL', 'STOPALL'],
    ['stop_all', 'STOPALL'],
    ['Opt_Out', 'OPTOUT'],
    ['opt  out', 'OPT OUT'],
    ['S.T.O.P.', 'STOP'],
    ['Arrêt', 'ARRET'],
    ['ＳＴＯＰ', 'STOP'],
    ['STOP 🛑', 'STOP'],
    ['\u200bstop\u200b', 'STOP'],
    ['«Stop»', 'STOP'],
  ])('reads the spelling variant %j as %s', (text, keyword) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'opt-out', keyword });
  });

  it.each(['', '   ', '\n', '!!!', '👍'])('reads the empty message %j as other', (text) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'other' });
  });

  it.each(['Yes please', 'yes, 5pm works', 'START the car at 5', 'Help me with my bill', 'info about my order?'])(
    'never reads opt-in or help out of a longer message: %j',
    (text) => {
      // Act
      const intent = classifyInboundSms(text);

      // Assess
      expect(intent).toEqual({ kind: 'other' });
    },
  );
});

describe('classifyInboundSms: stop requests', () => {
  it.each([
    ['please stop texting me', 'stop-messages'],
    ['Stop calling me!', 'stop-messages'],
    ['STOP SENDING ME THESE', 'stop-messages'],
    ['Please stop with the calls.', 'stop-messages'],
    ['quit messaging me', 'stop-messages'],
    ['cease all contact', 'stop-messages'],
    ['end these messages', 'stop-messages'],
    ['Cancel all texts please', 'stop-messages'],
    ["don't text me anymore", 'do-not-contact'],
    ['Don’t text me anymore', 'do-not-contact'],
    ['dont call me again', 'do-not-contact'],
    ['Never contact me again', 'do-not-contact'],
    ['do not call this number', 'do-not-contact'],
    ["I don't want any more texts", 'do-not-contact'],
    ['I do not wish to receive these messages', 'do-not-contact'],
    ['no more texts', 'do-not-contact'],
    ['No more of these messages!', 'do-not-contact'],
    ['Put me on your do not call list', 'do-not-contact'],
    ['leave me alone', 'do-not-contact'],
    ['remove me from your list', 'remove-me'],
    ['Please delete my number', 'remove-me'],
    ['take me off', 'remove-me'],
    ['Take my name off your mailing list', 'remove-me'],
    ['unsubscribe me please', 'unsubscribe'],
    ['How do I unsubscribe?', 'unsubscribe'],
    ['I want to opt out', 'unsubscribe'],
    ['opt me out', 'unsubscribe'],
    ['I opted out already, why are you still writing?', 'unsubscribe'],
    ['I revoke my consent', 'unsubscribe'],
    ['STOP please', 'opt-out-word'],
    ['stop it now!!', 'opt-out-word'],
    ['I said STOP', 'opt-out-word'],
    ['stop stop stop', 'opt-out-word'],
    ['STOPPP', 'opt-out-word'],
    ['Stooop!', 'opt-out-word'],
    ['Who is this? Stop.', 'opt-out-word'],
    ['STOP\n- Sam', 'opt-out-word'],
    ['stop help', 'opt-out-word'],
    ['Reply STOP to end', 'opt-out-word'],
    ['Not interested.', 'not-interested'],
    ['Wrong number', 'disputes-consent'],
    ['How did you get my number?', 'disputes-consent'],
    ['I never signed up for this', 'disputes-consent'],
  ] as const)('flags %j for an agent (%s)', (text, cue) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'stop-request', cue });
  });

  it.each([
    "I can't stop laughing, see you at 5",
    "I'm at the bus stop, will call you later",
    'Stop by the office anytime',
    "Don't stop believing",
    'I stopped by yesterday, nobody was there',
    'Cancel my appointment for tomorrow',
    'Can we end the meeting early? Call me',
    'Remove the extra item from my order',
    "Don't forget to call me",
    "Sorry I don't text, call me",
    'You never call me anymore',
    "I don't want to call you",
    'No more questions, thanks!',
    'Thanks, see you at the end of the week',
    'Never mind, I will call you',
    'Text me when you arrive',
    'Great game. TD!',
    'I quit smoking',
    'The End.',
    'Who is this?',
    'Ok thanks',
  ])('leaves the ordinary message %j alone', (text) => {
    // Act
    const intent = classifyInboundSms(text);

    // Assess
    expect(intent).toEqual({ kind: 'other' });
  });
});
