package bot

import (
	"fmt"
	"strings"
)

// Plain renders an Answer as plain text, as a chat user would read it
// without markup: for the command line and the console.
func Plain(a Answer) string {
	var b strings.Builder
	b.WriteString(a.Title)
	if a.Pages > 1 {
		fmt.Fprintf(&b, " (page %d of %d, %d items)", a.Page, a.Pages, a.Total)
	}
	b.WriteString("\n")
	if a.Intro != "" {
		b.WriteString(a.Intro + "\n")
	}
	if a.Lead != nil {
		b.WriteString("\n")
		writeItem(&b, "", *a.Lead)
		if len(a.Items) > 0 {
			b.WriteString("\nMore:\n")
		}
	}
	for i, it := range a.Items {
		if a.Lead == nil && !oneLine(it) || i == 0 && a.Lead == nil {
			b.WriteString("\n")
		}
		writeItem(&b, fmt.Sprintf("%d. ", a.Number(i)), it)
	}
	if a.Pages > 1 && a.Page < a.Pages {
		fmt.Fprintf(&b, "\nMore: page %d of %d.\n", a.Page+1, a.Pages)
	}
	return b.String()
}

// oneLine reports whether an item shows as a single line.
func oneLine(it Item) bool {
	return it.Words.Text == "" && len(it.Lines) == 0 && it.Meta == "" && !it.HasDetails()
}

// writeItem writes an item: numbered heading, words, lines, meta, then
// the details when filled in.
func writeItem(b *strings.Builder, n string, it Item) {
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
	if h := heading(it); h != "" {
		line(h)
	}
	if it.Words.Text != "" {
		for _, l := range strings.Split(PlainWords(it.Words), "\n") {
			line(l)
		}
	}
	for _, w := range it.Lines {
		line("- " + PlainWords(w))
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
		line("    — " + JoinNonEmpty(" · ", e.Source, e.URL))
	}
}

// heading is an item's first line with a claim's status beside it.
func heading(it Item) string {
	if it.Status == "" {
		return it.Heading
	}
	return it.Heading + " [" + it.Status + "]"
}

// PlainWords shows words as marked: exact words in quotation marks, a
// paraphrase labelled, a source's words as a block quote, and a subject
// ("US officials assess") before them.
func PlainWords(w Words) string {
	text := w.Text
	switch w.Mark {
	case MarkExact:
		text = "“" + text + "”"
	case MarkParaphrase:
		text = "(" + ParaphraseLabel + ") " + text
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
