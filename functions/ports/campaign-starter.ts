// Starting a campaign run happens in its own invocation: the API returns at once, and a large run continues itself.
export interface StartRunRequest {
  campaignId: string;
  runId: string;
  /** Where the previous invocation stopped, for a run too large for one invocation. */
  cursor?: string | undefined;
}

export interface CampaignStarter {
  startRun(request: StartRunRequest): Promise<void>;
}
