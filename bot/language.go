package bot

import (
	"strings"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// The answerer's words in the language the answer is asked in
// (bot/i18n holds the catalogues).

// n is N in the language the answer is asked in.
func (r answerer) n(key string, n int) string { return i18n.N(r.loc, key, n) }

// t is T in the language the answer is asked in.
func (r answerer) t(key string, args ...any) string { return i18n.T(r.loc, key, args...) }

// word is Word in the language the answer is asked in.
func (r answerer) word(s string) string { return i18n.Word(r.loc, s) }

// date is a date in the answer's language.
func (r answerer) date(d knowledge.Date) string { return i18n.Dates(r.loc, d.Human()) }

// sourceNote says, in an answer in another language, that what it quotes
// is English.
const sourceNote = "The sources are in English: quotes and excerpts are shown as they print them."

// localise finishes an answer in the asker's language: every line of the
// bot's own words is written in it where it is built; what is left is to
// say that what the answer quotes is English.
func (r answerer) localise(a Answer) Answer {
	a.Locale = r.loc
	if r.loc == i18n.LocaleEN {
		return a
	}
	if !a.Help && (a.Lead != nil || a.Total > 0) {
		if strings.HasSuffix(a.Intro, ":") {
			// The intro leads into the items ("They are mentioned here:").
			a.Intro = knowledge.JoinNonEmpty(" ", r.t(sourceNote), a.Intro)
		} else {
			a.Intro = knowledge.JoinNonEmpty(" ", a.Intro, r.t(sourceNote))
		}
	}
	return a
}
