package draft

import (
	"regexp"
	"strings"
)

// The channel a quotation came through, from the words around its cue.
var (
	interviewRE = regexp.MustCompile(`\bin an? (?:[a-zA-Z-]+ )?interview with ((?:[A-Z][^\s,.;]*|’s|'s|the|“[^”]+”|"[^"]+")(?:[ ’']+(?:[A-Z][^\s,.;]*|s|“[^”]+”|"[^"]+"))*)`)
	platformRE  = regexp.MustCompile(`\bon (?:his |her |its |their |the )?(Telegram channel|Telegram messaging app|Telegram|Twitter|X|Facebook|Instagram|YouTube|TikTok|Weibo|VKontakte|Truth Social|LinkedIn|Reddit)\b`)
	mediumRE    = regexp.MustCompile(`\bin (?:a|an|his|her|its|their|the|one) ((?:[A-Za-z-]+ ){0,3}?(?:statement|interview|e-?mail|letter|briefing|press conference|news conference|release|analysis|speech|video|address|post|blog post|op-ed|testimony|report|message|podcast|broadcast|tweet|note|posting|announcement|remarks)(?: (?:with|to) (?:reporters|journalists|lawmakers|the press))?)\b`)
	outletRE    = regexp.MustCompile(`(?:the |The )?(?:[A-Z][\w.’'&-]*)(?: (?:[A-Z][\w.’'&-]*|of|for|and))*`)
	accordingRE = regexp.MustCompile(`\baccording to ((?:the |The )?[A-Z][\w.’'&-]*(?: (?:[A-Z][\w.’'&-]*|of))*)`)
)

// channel reads the medium ("Telegram channel", "daily briefing with
// reporters") and the outlets it went through ("a wire agency", "the
// Example Gazette") from the words after a cue. told is the object of
// "told", if any.
func channel(rest, verb, told string) (medium string, via []string) {
	if m := interviewRE.FindStringSubmatch(rest); m != nil {
		medium = "interview"
		via = append(via, strings.TrimSpace(m[1]))
	} else if m := mediumRE.FindStringSubmatch(rest); m != nil {
		medium = m[1]
	}
	if m := platformRE.FindStringSubmatch(rest); m != nil {
		if medium == "" || medium == "post" || medium == "letter" {
			if medium != "" {
				medium += " on " + m[1]
			} else {
				medium = m[1]
			}
		}
	}
	if medium == "" && (verb == "tweeted" || verb == "tweets") {
		medium = "tweet"
	}
	if told != "" {
		// The last name in "the US-based news agency the Example Gazette
		// that …": the outlet.
		if i := strings.Index(told, " that "); i >= 0 {
			told = told[:i]
		}
		if i := strings.IndexAny(told, ",“\""); i >= 0 {
			told = told[:i]
		}
		for _, m := range outletRE.FindAllString(told, -1) {
			if !strings.HasSuffix(m, "-based") && !isAudience(m) && !timeWords[strings.ToLower(strings.Fields(m)[0])] {
				via = append(via, strings.TrimSpace(m))
				break
			}
		}
	}
	for _, m := range accordingRE.FindAllStringSubmatch(rest, -1) {
		via = append(via, strings.TrimSpace(m[1]))
	}
	return medium, dedupe(via)
}

// isAudience reports whether the object of "told" is an audience rather
// than an outlet: "told reporters".
func isAudience(s string) bool {
	switch strings.ToLower(s) {
	case "reporters", "journalists", "lawmakers", "police", "the committee", "congress", "parliament":
		return true
	}
	return false
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		s = strings.TrimRight(s, ".,;: ")
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
