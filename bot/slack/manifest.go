package slack

import _ "embed"

// manifest creates the app in Socket Mode. For HTTP mode, set
// socket_mode_enabled to false and add url (commands) and request_url
// (interactivity, event_subscriptions) pointing at /slack/commands,
// /slack/interactivity and /slack/events; see the README.
//
//go:embed manifest.yaml
var manifest string
