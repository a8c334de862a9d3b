package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/incidentbot/incidentbot/bot/discord"
	"github.com/incidentbot/incidentbot/bot/slack"
	"github.com/incidentbot/incidentbot/cmd/internal/exit"
)

// slackManifest writes the Slack app manifest: Socket Mode's, or with
// --url the HTTP mode's, every endpoint at that URL.
func slackManifest(_ context.Context, args []string, _ func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("slack-manifest", stderr)
	base := fs.String("url", "", "the public https URL serve is reached at: writes an HTTP-mode manifest (Socket Mode off)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return exit.Usagef("slack-manifest takes no arguments, got %q", pos[0])
	}
	out := slack.Manifest()
	if *base != "" {
		if out, err = slack.HTTPManifest(*base); err != nil {
			return exit.Usage(fmt.Errorf("--url: %w", err))
		}
	}
	_, err = stdout.Write(out)
	return err
}

// discordRegister registers the commands over Discord's REST API, as the
// gateway does at start: for HTTP-only deployments, which have no gateway.
func discordRegister(ctx context.Context, args []string, getenv func(string) string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("discord-register", stderr)
	guild := fs.String("guild", getenv("DISCORD_GUILD_ID"), "register in this server only (instant; for testing) instead of globally (default: DISCORD_GUILD_ID)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return exit.Usagef("discord-register takes no arguments, got %q", pos[0])
	}
	token, app := getenv("DISCORD_BOT_TOKEN"), getenv("DISCORD_APP_ID")
	if token == "" || app == "" {
		return exit.Usage(errors.New("discord-register needs DISCORD_BOT_TOKEN and DISCORD_APP_ID (developer portal: Bot › Reset Token; General Information › Application ID)"))
	}
	if *guild != "" && !snowflake(*guild) {
		return exit.Usage(errors.New("--guild and DISCORD_GUILD_ID take a server ID: a number of 17 to 20 digits"))
	}
	b, err := discord.New(nil, nil, discord.Config{Token: token, AppID: app, GuildID: *guild})
	if err != nil {
		return exit.Usage(err)
	}
	n, err := b.Register(ctx)
	if err != nil {
		return err
	}
	where := "globally (every server; changes can take a while to show)"
	if *guild != "" {
		where = "in server " + *guild
	}
	_, err = fmt.Fprintf(stdout, "registered %d commands %s\n", n, where)
	return err
}
