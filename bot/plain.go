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
	for i, it := range a.Items {
		b.WriteString("\n")
		n := fmt.Sprintf("%d. ", (a.Page-1)*PageSize+i+1)
		indent := strings.Repeat(" ", len(n))
		b.WriteString(n + itemHeadline(it) + "\n")
		if it.Text != "" {
			text := it.Text
			if it.Direct {
				text = "“" + text + "”"
			} else if it.Kind == KindQuote {
				text = "(paraphrase) " + text
			}
			b.WriteString(indent + text + "\n")
		}
		if it.Context != "" {
			b.WriteString(indent + "Context: " + it.Context + "\n")
		}
		for _, p := range it.Positions {
			line := p.Actor
			if p.Role != "" {
				line += " (" + p.Role + ")"
			}
			line += " " + p.Stance
			if p.Quote != "" {
				if p.Direct {
					line += ": “" + p.Quote + "”"
				} else {
					line += " (paraphrase): " + p.Quote
				}
			}
			b.WriteString(indent + "- " + line + "\n")
			for _, c := range p.Citations {
				writeCitation(&b, indent+"  ", c)
			}
		}
		for _, c := range it.Citations {
			writeCitation(&b, indent, c)
		}
	}
	if a.Pages > 1 && a.Page < a.Pages {
		fmt.Fprintf(&b, "\nMore: page %d of %d.\n", a.Page+1, a.Pages)
	}
	return b.String()
}

// itemHeadline is the first line of an item: what it is, who, when, how.
func itemHeadline(it Item) string {
	switch it.Kind {
	case KindQuote:
		return JoinNonEmpty(" — ", JoinNonEmpty(", ", it.Speaker, it.Role), Attribution(it))
	case KindEvent:
		return JoinNonEmpty(" — ", it.Date, it.Heading)
	case KindClaim:
		return it.Heading + " [" + it.Status + "]"
	}
	return it.Heading
}

// Attribution says when, where and through whom a quote was reported:
// "3 May 2023, daily briefing, via TASS".
func Attribution(it Item) string {
	via := ""
	if len(it.Via) > 0 {
		via = "via " + strings.Join(it.Via, " → ")
	}
	return JoinNonEmpty(", ", it.Date, it.Medium, via)
}

// SourceLine names a source with everything known of it, nothing more:
// "Title · Outlet · Author · May 2023 · URL".
func SourceLine(c Citation) string {
	return JoinNonEmpty(" · ", c.Title, c.Outlet, c.Author, c.Published, c.URL)
}

func writeCitation(b *strings.Builder, indent string, c Citation) {
	b.WriteString(indent + "Source: " + SourceLine(c) + "\n")
	if c.Excerpt != "" {
		b.WriteString(indent + "  > " + c.Excerpt + "\n")
	}
}

// JoinNonEmpty joins the parts that are not empty, so that an unknown
// field leaves no stray separator: renderers show only what is known.
func JoinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
