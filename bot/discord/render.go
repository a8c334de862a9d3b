package discord

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
)

// Rendering choices.
const (
	// noCap shows excerpts whole.
	noCap = -1
	// minExcerpt is the shortest cut excerpt worth showing; an excerpt
	// that would be shorter is left out, saying so.
	minExcerpt = 40
	// maxEcho bounds how much of a long query the header repeats.
	maxEcho = 200
)

// Embed colours by what an item is; claims by their status.
var (
	kindColours = map[string]int{
		bot.KindEvent:  0x3BA55D,
		bot.KindQuote:  0x5865F2,
		bot.KindSource: 0x99AAB5,
		bot.KindHelp:   0x99AAB5,
	}
	statusColours = map[string]int{
		"confirmed":           0x3BA55D,
		"assessed-likely":     0xFEE75C,
		"alleged":             0xFAA61A,
		"disputed":            0xFAA61A,
		"unverified":          0xFAA61A,
		"under-investigation": 0xFAA61A,
		"assessed-unlikely":   0xED4245,
		"denied":              0xED4245,
		"refuted":             0xED4245,
	}
)

// part is the items of one engine page that fit one Discord message.
type part struct {
	start  int // index of the first item in the page
	embeds []*discordgo.MessageEmbed
}

// render turns one engine page of an answer into a message: a header in
// the content, one embed per item, and the buttons for how it is shown
// (actPrivate, actPublic or actPosted). When the page's items do not fit
// one message they are split into parts, in order; which selects the part
// (0: the last). poster is the user who posted it (actPosted only).
func render(a bot.Answer, line string, which int, shown byte, poster string) *discordgo.InteractionResponseData {
	first := (a.Page-1)*bot.PageSize + 1
	parts := pack(a.Items, first)
	if which < 1 || which > len(parts) {
		which = len(parts)
	}
	p := parts[which-1]

	label := ""
	if a.Pages > 1 || len(parts) > 1 {
		from, to := first+p.start, first+p.start+len(p.embeds)-1
		label = fmt.Sprintf("items %d–%d of %d", from, to, a.Total)
		if from == to {
			label = fmt.Sprintf("item %d of %d", from, a.Total)
		}
	}
	return &discordgo.InteractionResponseData{
		Content:         header(a, label, poster),
		Embeds:          p.embeds,
		Components:      buttons(a, line, which, len(parts), shown, poster),
		AllowedMentions: noMentions(),
	}
}

// noMentions lets nothing in a message ping anyone. The empty, non-nil
// slice matters: a nil one is sent as null, which lets Discord parse
// mentions by default.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// header is the message content above the embeds: who posted it, the
// title, where in the answer this is, and the intro.
func header(a bot.Answer, label, poster string) string {
	title, intro := a.Title, a.Intro
	if q := a.Query; utf8.RuneCountInString(q) > maxEcho {
		short, _ := cutWords(q, maxEcho)
		title = strings.ReplaceAll(title, q, short)
		intro = strings.ReplaceAll(intro, q, short)
	}
	var top strings.Builder
	if poster != "" {
		top.WriteString("Posted by <@" + poster + ">\n")
	}
	t, _ := fitEscaped(title, maxTitle)
	top.WriteString("**" + t + "**")
	if label != "" {
		top.WriteString(" · " + label)
	}
	if intro == "" {
		return top.String()
	}
	head := top.String() + "\n"
	rest, _ := fitEscaped(intro, maxContent-width(head))
	return head + rest
}

// fitEscaped escapes s, first cutting it at a word boundary, marked, if
// the escaped text would be wider than limit. It reports whether it cut.
func fitEscaped(s string, limit int) (string, bool) {
	if e := Escape(s); width(e) <= limit {
		return e, false
	}
	n := largest(1, utf8.RuneCountInString(s), func(n int) bool {
		cut, _ := cutWords(s, n)
		return width(Escape(cut)) <= limit
	})
	cut, _ := cutWords(s, max(n, 1))
	return Escape(cut), true
}

// buttons returns the action row for an answer: Previous and Next when it
// has more than one part, and Post to channel on an ephemeral reply. The
// buttons' state must fit a custom_id; when the command line is too long
// for that, one disabled button says so instead.
func buttons(a bot.Answer, line string, which, parts int, shown byte, poster string) []discordgo.MessageComponent {
	pageable := a.Pages > 1 || parts > 1
	// Usage text and answers meant for the asker alone are not worth
	// posting.
	postable := shown == actPrivate && !a.Help && !a.Private
	if !pageable && !postable {
		return []discordgo.MessageComponent{}
	}
	var row []discordgo.MessageComponent
	fits := true
	if pageable {
		prev := discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: "x:prev", Disabled: true}
		next := discordgo.Button{Label: "Next", Style: discordgo.SecondaryButton, CustomID: "x:next", Disabled: true}
		at := state{action: shown, page: a.Page, part: which, poster: poster, line: line}
		switch {
		case which > 1:
			prev.CustomID, prev.Disabled = stateID(at, a.Page, which-1, &fits), false
		case a.Page > 1:
			prev.CustomID, prev.Disabled = stateID(at, a.Page-1, 0, &fits), false
		}
		switch {
		case which < parts:
			next.CustomID, next.Disabled = stateID(at, a.Page, which+1, &fits), false
		case a.Page < a.Pages:
			next.CustomID, next.Disabled = stateID(at, a.Page+1, 1, &fits), false
		}
		row = append(row, prev, next)
	}
	if postable {
		id := stateID(state{action: actPost, line: line}, a.Page, which, &fits)
		row = append(row, discordgo.Button{Label: "Post to channel", Style: discordgo.PrimaryButton, CustomID: id})
	}
	if !fits {
		what := map[[2]bool]string{{true, false}: "page", {false, true}: "post", {true, true}: "page or post"}[[2]bool{pageable, postable}]
		row = []discordgo.MessageComponent{discordgo.Button{
			Label: "Query too long to " + what, Style: discordgo.SecondaryButton, CustomID: "x:long", Disabled: true,
		}}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// stateID encodes s at another page and part, clearing *fits if it is too
// long for a custom_id.
func stateID(s state, page, which int, fits *bool) string {
	s.page, s.part = page, which
	id, ok := s.encode()
	if !ok {
		*fits = false
	}
	return id
}

// pack splits a page's items into parts that each fit one message: as many
// whole items as fit, in order. An item too large for a message on its own
// gets its excerpts shortened until it fits.
func pack(items []bot.Item, first int) []part {
	var parts []part
	for i := 0; i < len(items); {
		p := part{start: i}
		total := 0
		for i < len(items) && len(p.embeds) < maxEmbeds {
			e := itemEmbed(first+i, items[i], noCap)
			n := embedWidth(e)
			if !embedFits(e) || total+n > maxEmbedTotal {
				if len(p.embeds) == 0 {
					p.embeds = append(p.embeds, fitAlone(first+i, items[i]))
					i++
				}
				break
			}
			p.embeds = append(p.embeds, e)
			total += n
			i++
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = []part{{embeds: []*discordgo.MessageEmbed{}}}
	}
	return parts
}

// fitAlone renders an item that does not fit a message whole: with its
// excerpts cut as little as needed, and as a last resort with the end of
// its text cut, marked.
func fitAlone(n int, it bot.Item) *discordgo.MessageEmbed {
	longest := 0
	for _, c := range allCitations(it) {
		longest = max(longest, utf8.RuneCountInString(c.Excerpt))
	}
	excerptCap := largest(0, longest, func(c int) bool { return embedFits(itemEmbed(n, it, c)) })
	e := itemEmbed(n, it, max(excerptCap, 0))
	if embedFits(e) {
		return e
	}
	e.Description = cutLines(e.Description, min(maxDescription, maxEmbedTotal-width(e.Title)))
	return e
}

// cutLines shortens markdown to at most n, dropping whole paragraphs from
// the end and saying so, so that no formatting is left half open.
func cutLines(md string, n int) string {
	const note = "\n…\n*(shortened to fit Discord’s limits; see the source)*"
	// Whole paragraphs go first: a claim's position is one paragraph, its
	// words with their sources, and must not lose its sources alone.
	paras := strings.Split(md, "\n\n")
	for len(paras) > 1 && width(strings.Join(paras, "\n\n"))+width(note) > n {
		paras = paras[:len(paras)-1]
	}
	out := strings.Join(paras, "\n\n")
	if width(out)+width(note) > n {
		// One line longer than the limit: cut it by words, keeping no
		// dangling escape.
		runes := []rune(out)
		keep := largest(0, len(runes), func(k int) bool { return width(string(runes[:k]))+width(note) <= n })
		out, _ = cutWords(out, max(keep, 1))
		out = strings.TrimSuffix(strings.TrimSuffix(out, "…"), `\`)
	}
	return out + note
}

func embedFits(e *discordgo.MessageEmbed) bool {
	return width(e.Title) <= maxTitle && width(e.Description) <= maxDescription && embedWidth(e) <= maxEmbedTotal
}

// embedWidth is what an embed counts towards a message's 6000 characters.
func embedWidth(e *discordgo.MessageEmbed) int {
	n := width(e.Title) + width(e.Description)
	for _, f := range e.Fields {
		n += width(f.Name) + width(f.Value)
	}
	if e.Footer != nil {
		n += width(e.Footer.Text)
	}
	if e.Author != nil {
		n += width(e.Author.Name)
	}
	return n
}

// itemEmbed renders one item, numbered n, with every citation; excerpts
// longer than excerptCap characters are cut at a word and marked (noCap:
// never).
func itemEmbed(n int, it bot.Item, excerptCap int) *discordgo.MessageEmbed {
	heading := it.Heading
	if it.Kind == bot.KindQuote {
		heading = bot.JoinNonEmpty(", ", it.Speaker, it.Role)
	}
	title, cut := fitEscaped(fmt.Sprintf("%d. %s", n, heading), maxTitle)
	var d []string
	if cut {
		d = append(d, "**"+Escape(heading)+"**")
	}
	switch it.Kind {
	case bot.KindQuote:
		d = append(d, quoteText(it.Text, it.Direct, true))
		if at := bot.Attribution(it); at != "" {
			d = append(d, "*"+Escape(at)+"*")
		}
	case bot.KindEvent:
		if it.Date != "" {
			d = append(d, "*"+Escape(it.Date)+"*")
		}
		if it.Text != "" {
			d = append(d, Escape(it.Text))
		}
	case bot.KindClaim:
		d = append(d, "Status: **"+Escape(it.Status)+"**")
	default:
		if it.Text != "" {
			d = append(d, Escape(it.Text))
		}
	}
	if it.Context != "" {
		d = append(d, "Context: "+Escape(it.Context))
	}
	for _, p := range it.Positions {
		d = append(d, "")
		who := "**" + Escape(p.Actor) + "**"
		if p.Role != "" {
			who += " (" + Escape(p.Role) + ")"
		}
		who += " " + Escape(p.Stance)
		if p.Quote != "" {
			who += ": " + quoteText(p.Quote, p.Direct, false)
		}
		d = append(d, who)
		for _, c := range p.Citations {
			d = append(d, citationLines(c, excerptCap)...)
		}
	}
	for _, c := range it.Citations {
		d = append(d, citationLines(c, excerptCap)...)
	}
	return &discordgo.MessageEmbed{
		Title:       title,
		URL:         itemURL(it),
		Description: strings.Join(d, "\n"),
		Color:       colour(it),
	}
}

// quoteText shows a speaker's words verbatim in quotation marks, and
// anything else marked as a paraphrase.
func quoteText(text string, direct, markParaphrase bool) string {
	switch {
	case direct:
		return "“" + Escape(text) + "”"
	case markParaphrase:
		return "*(paraphrase)* " + Escape(text)
	}
	return Escape(text)
}

// citationLines are a citation as the user reads it: "Source: …" with
// everything known of the source, the title linked when a URL is known,
// then the excerpt as a block quote.
func citationLines(c bot.Citation, excerptCap int) []string {
	rest := Escape(bot.SourceLine(bot.Citation{Outlet: c.Outlet, Author: c.Author, Published: c.Published}))
	title := Escape(c.Title)
	if u, ok := linkable(c.URL); ok {
		if title == "" {
			title = u
		} else {
			title = "[" + title + "](" + u + ")"
		}
	} else if c.URL != "" {
		rest = bot.JoinNonEmpty(" · ", rest, Escape(c.URL))
	}
	lines := []string{"Source: " + bot.JoinNonEmpty(" · ", title, rest)}
	if c.Excerpt == "" {
		return lines
	}
	excerpt, cut := c.Excerpt, false
	if excerptCap != noCap {
		if excerptCap < minExcerpt && utf8.RuneCountInString(excerpt) > excerptCap {
			return append(lines, "*(excerpt left out to fit Discord’s limits; see source)*")
		}
		excerpt, cut = cutWords(excerpt, excerptCap)
	}
	for _, l := range strings.Split(excerpt, "\n") {
		lines = append(lines, "> "+Escape(l))
	}
	if cut {
		lines = append(lines, "*(excerpt shortened; see source)*")
	}
	return lines
}

// linkable returns u if it can be a link target in markdown and an embed
// URL: http or https, no spaces or parentheses, within Discord's length.
// Discord refuses a whole message with a bad embed URL.
func linkable(u string) (string, bool) {
	if u == "" || len(u) > maxURL || strings.ContainsAny(u, " ()<>\n\t") {
		return "", false
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return "", false
	}
	return u, true
}

// itemURL links an embed's title to its source when every citation of the
// item points to the same known URL.
func itemURL(it bot.Item) string {
	link := ""
	for _, c := range allCitations(it) {
		u, ok := linkable(c.URL)
		if !ok || (link != "" && u != link) {
			return ""
		}
		link = u
	}
	return link
}

func allCitations(it bot.Item) []bot.Citation {
	cs := append([]bot.Citation(nil), it.Citations...)
	for _, p := range it.Positions {
		cs = append(cs, p.Citations...)
	}
	return cs
}

func colour(it bot.Item) int {
	if it.Kind == bot.KindClaim {
		return statusColours[it.Status]
	}
	return kindColours[it.Kind]
}
