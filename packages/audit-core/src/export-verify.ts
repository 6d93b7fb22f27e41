// Verifying an NDJSON export as it streams by: header and checkpoints first, then each event
// line straight into the chain verifier (hashed as it stands when it is in the export layout).
import type { JSONWebKeySet } from 'jose';
import { entryFromLine } from './entry';
import { type ExportHeader, EXPORT_FORMAT } from './export';
import { ExportFormatError } from './line';
import type { ChainVerifier } from './verifier';
import { isBlank } from './lines';
import { startVerification } from './verify';
import type { VerifyResult } from './verify-types';

export interface VerifyExportOptions {
  /** Trusted keys (the tenant's published JWKS). Falls back to the JWKS in the header. */
  jwks?: JSONWebKeySet;
  /**
   * More checkpoints (compact JWS) from outside the export, such as the copies pushed to a
   * sink or an object store. Whoever can edit the export can drop its checkpoint lines along
   * with its tail; these cannot be dropped that way. All must be covered by the export.
   */
  checkpoints?: Iterable<string>;
}

export interface VerifyExportResult extends VerifyResult {
  header: ExportHeader;
  /** Where the keys came from. "header" proves consistency only, not who signed. */
  jwksSource: 'option' | 'header' | 'none';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function lineType(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
}

export function parseHeader(text: string, lineNo: number): ExportHeader {
  const value = parseJson(text) as Partial<ExportHeader> | undefined;
  if (lineType(value) !== 'header' || !value)
    throw new ExportFormatError('not a Portcullis audit export (no header line)', lineNo);
  if (value.format !== EXPORT_FORMAT)
    throw new ExportFormatError(`unsupported export format ${String(value.format)}`, lineNo);
  if (typeof value.tenantId !== 'string' || value.tenantId === '')
    throw new ExportFormatError('header has no tenantId', lineNo);
  return value as ExportHeader;
}

export function checkpointJws(value: unknown, lineNo: number): string {
  const jws = (value as { jws?: unknown }).jws;
  if (typeof jws !== 'string') throw new ExportFormatError('checkpoint line without a jws', lineNo);
  return jws;
}

export class ExportVerification {
  private lineNo = 0;
  private header: ExportHeader | undefined;
  private readonly checkpoints: string[] = [];
  private verifier: ChainVerifier | undefined;

  constructor(private readonly options: VerifyExportOptions) {}

  /**
   * Feeds the next line. True once the verdict is known. Synchronous for event lines; a
   * promise only while the preamble is read (the checkpoints are verified then, once).
   */
  line(text: string): boolean | Promise<boolean> {
    this.lineNo++;
    if (isBlank(text)) return false;
    if (this.verifier) return this.verifier.pushEntry(entryFromLine(text, this.lineNo));
    return this.preamble(text);
  }

  async finish(): Promise<VerifyExportResult> {
    if (!this.header) throw new ExportFormatError('empty export', Math.max(1, this.lineNo));
    const verifier = this.verifier ?? (await this.begin());
    return { ...verifier.finish(), header: this.header, jwksSource: this.jwksSource() };
  }

  private async preamble(text: string): Promise<boolean> {
    if (!this.header) {
      this.header = parseHeader(text, this.lineNo);
      return false;
    }
    const value = parseJson(text);
    if (lineType(value) === 'checkpoint') {
      this.checkpoints.push(checkpointJws(value, this.lineNo));
      return false;
    }
    const verifier = await this.begin();
    return verifier.pushEntry(entryFromLine(text, this.lineNo));
  }

  private jwksSource(): VerifyExportResult['jwksSource'] {
    return this.options.jwks ? 'option' : this.header?.jwks ? 'header' : 'none';
  }

  private async begin(): Promise<ChainVerifier> {
    const header = this.header as ExportHeader;
    this.verifier = await startVerification({
      checkpoints: [...this.checkpoints, ...(this.options.checkpoints ?? [])],
      jwks: this.options.jwks ?? header.jwks,
      anchor: header.anchor,
      tenantId: header.tenantId,
    });
    return this.verifier;
  }
}
