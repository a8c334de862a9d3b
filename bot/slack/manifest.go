package slack

import (
	"bytes"
	_ "embed"
)

// manifest creates the app in Socket Mode. For HTTP mode, set
// socket_mode_enabled to false and add url (commands) and request_url
// (interactivity, event_subscriptions) pointing at /slack/commands,
// /slack/interactivity and /slack/events; see the README. Its slash
// commands are made from bot's command table by makeManifest, in a test
// that keeps the file the same as what it makes (go test -update rewrites it).
//
//go:embed manifest.yaml
var manifest []byte

// Manifest returns the Slack app manifest that creates the app
// (manifest.yaml): a slash command for every command of bot's table and the
// /incident umbrella for workspaces where the short names are taken. The
// file is made from the table by a test (TestManifestFile), not at run
// time.
func Manifest() []byte { return bytes.Clone(manifest) }
