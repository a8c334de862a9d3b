package slack

import (
	"embed"

	"github.com/incidentbot/incidentbot/bot/i18n"
)

// localeFiles are the words only this platform shows (its controls'
// labels, its limits' notes), in every language the bot speaks.
//
//go:embed locales/*.json
var localeFiles embed.FS

// phrases are the engine's catalogue and this platform's own words: every
// text the adapter shows in the asker's language comes from it.
var phrases = i18n.MustLoad(i18n.EngineFiles, localeFiles)
