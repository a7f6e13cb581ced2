// A search the server cannot run as asked: a 400 (or the status given) with the reason.
export class SearchError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}
