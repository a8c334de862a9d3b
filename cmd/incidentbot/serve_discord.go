package main

// discordConfig is the Discord part of the environment: DISCORD_* variables.
type discordConfig struct{}

// discordTransports returns the Discord transports whose credentials are set.
func discordTransports(cfg discordConfig, d deps) ([]transport, error) {
	return nil, nil
}
