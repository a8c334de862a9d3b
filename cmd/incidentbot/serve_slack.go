package main

// slackConfig is the Slack part of the environment: SLACK_* variables.
type slackConfig struct{}

// slackTransports returns the Slack transports whose credentials are set.
func slackTransports(cfg slackConfig, d deps) ([]transport, error) {
	return nil, nil
}
