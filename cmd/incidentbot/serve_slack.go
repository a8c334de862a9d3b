package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/slack"
)

// SlackConfig is the Slack part of the environment: SLACK_* variables.
type SlackConfig struct {
	// BotToken (xoxb-) posts answers; with AppToken it starts Socket Mode.
	BotToken string `envconfig:"SLACK_BOT_TOKEN"`
	// AppToken (xapp-, scope connections:write) opens Socket Mode.
	AppToken string `envconfig:"SLACK_APP_TOKEN"`
	// SigningSecret starts the HTTP transport and verifies its requests.
	SigningSecret string `envconfig:"SLACK_SIGNING_SECRET"`
	// Reply is "ephemeral" (the default: only the asker sees the answer,
	// with a Share in channel button) or "public".
	Reply string `envconfig:"SLACK_REPLY" default:"ephemeral"`
	// ResponseHosts are the host[:port]s a response_url may name; empty
	// means Slack's own (hooks.slack.com, slack.com).
	ResponseHosts string `envconfig:"SLACK_RESPONSE_HOSTS"`
	// Locale is the language of the bot's own words: en (the default),
	// ru or uk.
	Locale string `envconfig:"SLACK_LOCALE"`
}

func (SlackConfig) enable() string {
	return "SLACK_APP_TOKEN and SLACK_BOT_TOKEN (Slack Socket Mode) or SLACK_SIGNING_SECRET (Slack HTTP)"
}

// transports returns the Slack transports whose credentials are set:
// Socket Mode with the app and bot tokens, HTTP with the signing secret,
// or both. Errors name the variable at fault, never its value.
func (cfg *SlackConfig) transports(d deps) ([]transport, error) {
	botToken := strings.TrimSpace(cfg.BotToken)
	appToken := strings.TrimSpace(cfg.AppToken)
	secret := strings.TrimSpace(cfg.SigningSecret)
	if botToken == "" && appToken == "" && secret == "" {
		return nil, nil
	}
	public := false
	switch strings.ToLower(strings.TrimSpace(cfg.Reply)) {
	case "", "ephemeral":
	case "public":
		public = true
	default:
		return nil, fmt.Errorf("SLACK_REPLY must be ephemeral or public, not %q", cfg.Reply)
	}
	if botToken != "" && !strings.HasPrefix(botToken, "xoxb-") {
		return nil, errors.New("SLACK_BOT_TOKEN is not a bot token: it must start with xoxb- (OAuth & Permissions → Bot User OAuth Token)")
	}
	if appToken != "" && !strings.HasPrefix(appToken, "xapp-") {
		return nil, errors.New("SLACK_APP_TOKEN is not an app-level token: it must start with xapp- (Basic Information → App-Level Tokens, scope connections:write)")
	}
	if appToken != "" && botToken == "" {
		return nil, errors.New("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs both")
	}
	if appToken == "" && secret == "" {
		return nil, errors.New("SLACK_BOT_TOKEN alone starts nothing: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)")
	}

	locale := strings.TrimSpace(cfg.Locale)
	if _, ok := i18n.ParseLocale(locale); locale != "" && !ok {
		return nil, fmt.Errorf("SLACK_LOCALE must be en, ru or uk, not %q", cfg.Locale)
	}
	hosts, err := slack.ParseResponseHosts(cfg.ResponseHosts)
	if err != nil {
		return nil, err
	}
	b, err := slack.New(d.log, d.engine, slack.Config{BotToken: botToken, AppToken: appToken, SigningSecret: secret, Public: public,
		ResponseHosts: hosts, Bodies: d.bodies, SharedReplays: d.replays, Locale: locale, Registry: d.reg})
	if err != nil {
		return nil, err
	}
	var ts []transport
	if appToken != "" {
		ts = append(ts, connTransport("slack-socket-mode", b))
	}
	if secret != "" {
		if botToken == "" {
			d.log.Warn("slack mentions will not be answered: SLACK_BOT_TOKEN is not set")
		}
		ts = append(ts, httpTransport("slack-http", b))
	}
	return ts, nil
}
