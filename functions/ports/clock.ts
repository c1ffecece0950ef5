/** Time is a port: rules take `now` from it, so no test has to fake global time. */
export interface Clock {
  now(): Date;
}
