import { SecretBox } from '@portcullis/auth-core';
import type { AppConfig } from '../config/config';

export const SECRET_BOX = Symbol('SECRET_BOX');

export function createSecretBox(config: AppConfig): SecretBox {
  return new SecretBox(config.MASTER_KEY);
}
