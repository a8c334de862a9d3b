package slack

import (
	"strings"

	"github.com/incidentbot/incidentbot/bot/echo"
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes text safe to show in a Slack message: with &, < and >
// escaped, no mention (<!channel>, <!here>, <@U…>) or link can be formed,
// and with invisible formatting characters (bidi controls) dropped, so
// that echoed text reads as it is.
func escape(s string) string { return escaper.Replace(echo.Visible(s)) }
