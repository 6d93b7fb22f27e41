// Prompt-injection markers: phrases, chat-template tokens and invisible characters.
import type { Detector, RawMatch } from '../types';
import { CODEPOINT_MARKERS, PHRASE_MARKERS, TOKEN_MARKERS } from './injection-markers';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

const phraseIds = new Map(PHRASE_MARKERS.map((m) => [normalise(m.phrase), m.id]));
// Literal words joined by \s+: a failed attempt stops at the first mismatching letter.
const PHRASES = new RegExp(
  `\\b(?:${[...phraseIds.keys()].map((p) => p.split(' ').map(escape).join('\\s+')).join('|')})\\b`,
  'gi',
);
const tokenIds = new Map(TOKEN_MARKERS.map((m) => [m.token, m.id]));
const TOKENS = new RegExp([...tokenIds.keys()].map(escape).join('|'), 'g');

const codepointRes = CODEPOINT_MARKERS.map((m) => ({
  id: m.id,
  re: new RegExp(
    `(?:${m.ranges.map(([a, b]) => `[\\u{${a.toString(16)}}-\\u{${b.toString(16)}}]`).join('|')}){${m.minRun},}`,
    'gu',
  ),
}));

// The England, Scotland and Wales flags are a black flag plus up to 7 tag characters.
const BLACK_FLAG = '\u{1F3F4}';
const CANCEL_TAG = '\u{E007F}';

const MIN_PHRASE = Math.min(...[...phraseIds.keys()].map((p) => p.length));
// Every phrase contains its longest word, so a text without any of those words cannot match:
// one cheap pass rules out almost all text before the full phrase expression runs.
const PHRASE_GATE = new RegExp(
  [...new Set([...phraseIds.keys()].map((p) => p.split(' ').reduce((a, b) => (b.length > a.length ? b : a))))]
    .map(escape)
    .join('|'),
  'i',
);
const TOKEN_STARTS = [...new Set(TOKEN_MARKERS.map((m) => m.token.slice(0, 2)))];
// One pass to tell whether any invisible character of any marker is present at all.
const ANY_CODEPOINT = new RegExp(
  `[${CODEPOINT_MARKERS.flatMap((m) => m.ranges.map(([a, b]) => `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`)).join('')}]`,
  'u',
);

export const injectionDetector: Detector = {
  type: 'prompt_injection',
  find(text: string, out: RawMatch[]): void {
    let m: RegExpExecArray | null;
    if (text.length >= MIN_PHRASE && PHRASE_GATE.test(text)) {
      PHRASES.lastIndex = 0;
      while ((m = PHRASES.exec(text)) !== null) {
        const id = phraseIds.get(normalise(m[0])) ?? 'phrase';
        out.push({ start: m.index, end: m.index + m[0].length, label: id, hint: id });
      }
    }
    if (TOKEN_STARTS.some((t) => text.includes(t))) {
      TOKENS.lastIndex = 0;
      while ((m = TOKENS.exec(text)) !== null) {
        out.push({ start: m.index, end: m.index + m[0].length, label: 'chat_template_token', hint: m[0] });
      }
    }
    if (!ANY_CODEPOINT.test(text)) return;
    for (const { id, re } of codepointRes) {
      re.lastIndex = 0;
      while ((m = re.exec(text)) !== null) {
        if (id === 'unicode_tag_characters' && isFlagSequence(text, m.index, m[0])) continue;
        out.push({
          start: m.index,
          end: m.index + m[0].length,
          label: id,
          hint: `${[...m[0]].length} invisible characters`,
        });
      }
    }
  },
};

function isFlagSequence(text: string, index: number, run: string): boolean {
  return text.startsWith(BLACK_FLAG, index - 2) && run.endsWith(CANCEL_TAG) && run.length <= 16;
}
