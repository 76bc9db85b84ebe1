/** Every failure that crosses a process boundary is one of these codes plus a message a person can read. */
export const API_ERROR_CODES = [
  'engine-unreachable',
  'not-found',
  'conflict',
  'invalid-input',
  'forbidden',
  'internal',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message);
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
