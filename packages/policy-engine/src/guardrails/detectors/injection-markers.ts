// Prompt-injection markers looked for in tool results. Data, not code: add a line to extend.

/** Words matched case-insensitively, any whitespace between them, on word boundaries. */
export interface PhraseMarker {
  id: string;
  phrase: string;
}

/** Literal text matched exactly (chat-template control tokens). */
export interface TokenMarker {
  id: string;
  token: string;
}

/** Invisible characters: a run of at least `minRun` of them is suspicious. */
export interface CodepointMarker {
  id: string;
  ranges: ReadonlyArray<readonly [number, number]>;
  minRun: number;
}

export const PHRASE_MARKERS: readonly PhraseMarker[] = [
  ...['ignore', 'disregard', 'forget', 'override'].flatMap((verb) =>
    [
      'previous',
      'all previous',
      'the previous',
      'prior',
      'all prior',
      'the above',
      'all above',
      'your',
      'all your',
    ].map((what) => ({ id: 'ignore_previous_instructions', phrase: `${verb} ${what} instructions` })),
  ),
  { id: 'system_prompt', phrase: 'system prompt' },
  { id: 'new_instructions', phrase: 'new instructions' },
  { id: 'do_not_tell_the_user', phrase: 'do not tell the user' },
  { id: 'developer_mode', phrase: 'developer mode enabled' },
];

export const TOKEN_MARKERS: readonly TokenMarker[] = [
  '<|im_start|>',
  '<|im_end|>',
  '<|system|>',
  '<|endoftext|>',
  '<|begin_of_text|>',
  '<|start_header_id|>',
  '<|eot_id|>',
  '[INST]',
  '[/INST]',
  '<<SYS>>',
  '<</SYS>>',
].map((token) => ({ id: 'chat_template_token', token }));

export const CODEPOINT_MARKERS: readonly CodepointMarker[] = [
  // Unicode tag characters render as nothing and can smuggle ASCII text to a model.
  { id: 'unicode_tag_characters', ranges: [[0xe0000, 0xe007f]], minRun: 1 },
  // Runs of zero-width characters hide text or encode bits between visible characters.
  {
    id: 'zero_width_run',
    ranges: [
      [0x200b, 0x200d],
      [0x2060, 0x2064],
      [0xfeff, 0xfeff],
    ],
    minRun: 3,
  },
];
