package bot

import (
	"fmt"
	"strings"

	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Plain renders an Answer as plain text, as a chat user would read it
// without markup: for the command line and the console.
func Plain(a Answer) string {
	var b strings.Builder
	b.WriteString(a.Title)
	if a.Pages > 1 {
		b.WriteString(i18n.T(a.Locale, " (page %d of %d, %d items)", a.Page, a.Pages, a.Total))
	}
	b.WriteString("\n")
	if a.Intro != "" {
		b.WriteString(a.Intro + "\n")
	}
	if a.Lead != nil {
		b.WriteString("\n")
		writeItem(&b, a.Locale, "", *a.Lead)
		if len(a.Items) > 0 {
			b.WriteString("\n" + i18n.T(a.Locale, "More:") + "\n")
		}
	}
	for i, it := range a.Items {
		// A blank line sets off each entry of more than one line, and the
		// first; one-line entries of a list follow each other directly.
		if a.Lead == nil && (i == 0 || !oneLine(it) || !oneLine(a.Items[i-1])) {
			b.WriteString("\n")
		}
		writeItem(&b, a.Locale, fmt.Sprintf("%d. ", a.Number(i)), it)
	}
	if a.Pages > 1 && a.Page < a.Pages {
		b.WriteString("\n" + i18n.T(a.Locale, "More: page %d of %d.", a.Page+1, a.Pages) + "\n")
	}
	if l := IncidentLine(a); l != "" {
		b.WriteString("\n" + l + "\n")
	}
	return b.String()
}

// oneLine reports whether an item shows as a single line.
func oneLine(it Item) bool {
	return it.Words.Text == "" && len(it.Lines) == 0 && it.Meta == "" && !it.HasDetails()
}

// writeItem writes an item: numbered heading, words, lines, meta, then
// the details when filled in.
func writeItem(b *strings.Builder, locale, n string, it Item) {
	indent := strings.Repeat(" ", len(n))
	first := true
	line := func(s string) {
		if first {
			b.WriteString(n + s + "\n")
			first = false
			return
		}
		b.WriteString(indent + s + "\n")
	}
	if h := heading(locale, it); h != "" {
		line(h)
	}
	if it.Words.Text != "" {
		for _, l := range strings.Split(PlainWordsIn(locale, it.Words), "\n") {
			line(l)
		}
	}
	for _, w := range it.Lines {
		line("- " + PlainWordsIn(locale, w))
	}
	if it.Meta != "" {
		// Under words, the meta line says whose they are; under a list
		// line it is the rest of the line.
		if it.Words.Text != "" {
			line("— " + it.Meta)
		} else {
			line(it.Meta)
		}
	}
	for _, note := range it.Notes {
		line(note.Label + ": " + note.Text)
	}
	for _, e := range it.Excerpts {
		if e.About != "" {
			line(e.About + ":")
		}
		line("  > " + e.Text)
		line("    — " + knowledge.JoinNonEmpty(" · ", e.Source, e.URL))
		if e.Archived != "" {
			line("      " + i18n.T(locale, "Archived copy") + ": " + e.Archived)
		}
	}
}

// heading is an item's first line with a claim's status beside it.
func heading(locale string, it Item) string {
	if it.Status == "" {
		return it.Heading
	}
	return it.Heading + " [" + i18n.Word(locale, it.Status) + "]"
}

// PlainWordsIn shows words as marked: exact words in quotation marks, a
// paraphrase labelled (in locale's language), a source's words as a block
// quote, and a subject ("US officials assess") before them.
func PlainWordsIn(locale string, w Words) string {
	text := w.Text
	switch w.Mark {
	case MarkExact:
		text = "“" + text + "”"
	case MarkParaphrase:
		text = "(" + i18n.T(locale, ParaphraseLabel) + ") " + text
	case MarkCited:
		text = "> " + strings.ReplaceAll(text, "\n", "\n> ")
	}
	switch {
	case w.Who == "":
		return text
	case text == "":
		return w.Who + "."
	}
	return w.Who + ": " + text
}
