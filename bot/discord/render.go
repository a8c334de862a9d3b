package discord

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/incident"
	"github.com/incidentbot/incidentbot/internal/platform"
	"github.com/incidentbot/incidentbot/knowledge"
)

// Rendering choices.
const (
	// noCap shows excerpts whole.
	noCap = -1
	// maxFooter is Discord's limit on an embed footer's text.
	maxFooter = 2048
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

// part is the embeds of one engine page that fit one Discord message, and
// the numbers of the first and last item they show.
type part struct {
	from, to int
	embeds   []*discordgo.MessageEmbed
}

// render turns one engine page of an answer into a message: a header in
// the content, the lead and the items as embeds (one-line items together
// in one), the buttons for how it is shown (actPrivate, actPublic or
// actPosted) and a Details menu. When the page does not fit one message
// it is split into parts, in order; which selects the part (0: the last).
// poster is the user who posted it (actPosted only).
func render(a bot.Answer, line string, which int, shown byte, poster string) *discordgo.InteractionResponseData {
	parts := packParts(a)
	if which < 1 || which > len(parts) {
		which = len(parts)
	}
	p := parts[which-1]
	// Every control answers from the same incident, on any replica.
	line = incident.LineIn(line, a.Incident)

	label := ""
	if (a.Pages > 1 || len(parts) > 1) && p.to >= p.from {
		label = phrases.T(a.Locale, "items %d–%d of %d", p.from, p.to, a.Total)
		if p.from == p.to {
			label = phrases.T(a.Locale, "item %d of %d", p.from, a.Total)
		}
	}
	components := buttons(a, line, which, len(parts), shown, poster)
	if menu := detailsMenu(a); menu != nil {
		components = append(components, menu)
	}
	if votes := voteRow(a); votes != nil {
		components = append(components, votes)
	}
	return &discordgo.InteractionResponseData{
		Content:         header(a, label, poster),
		Embeds:          p.embeds,
		Components:      components,
		AllowedMentions: noMentions(),
	}
}

// detailsID is the custom_id of the Details menu; the chosen option's
// value is the entry's reference, or citePrefix and the reference for its
// citation, so the menu needs no other state.
const (
	detailsID  = "d:details"
	citePrefix = "cite:"
)

// detailsMenu lets the reader open any entry of the answer, or cite it: a
// select menu whose options are the entries shown, by number, then their
// citations. Nil when there is no entry (help, a citation).
func detailsMenu(a bot.Answer) discordgo.MessageComponent {
	type entry struct {
		n  int
		it *bot.Item
	}
	entries := make([]entry, 0, len(a.Items)+1)
	if a.Lead != nil {
		entries = append(entries, entry{max(a.First, 1), a.Lead})
	}
	for i := range a.Items {
		entries = append(entries, entry{a.Number(i), &a.Items[i]})
	}
	// A label is worked out only for an option the menu has room for,
	// and once for an entry's two options.
	labels := make([]string, len(entries))
	label := func(i int) string {
		if labels[i] == "" {
			labels[i] = itemLabel(a.Locale, *entries[i].it)
		}
		return labels[i]
	}
	opts := make([]discordgo.SelectMenuOption, 0, min(2*len(entries), maxChoices))
	add := func(label func() string, value string) {
		if len(opts) < maxChoices && platform.UTF16Len(value) <= maxChoice {
			opts = append(opts, discordgo.SelectMenuOption{Label: fitPlain(label(), maxChoice), Value: value})
		}
	}
	for i, e := range entries {
		if e.it.Ref != "" && !e.it.HasDetails() {
			add(func() string { return strconv.Itoa(e.n) + ". " + label(i) }, incident.StateIn(e.it.Ref, a.Incident))
		}
	}
	for i, e := range entries {
		if e.it.Ref != "" {
			add(func() string { return phrases.T(a.Locale, "Cite %d. %s", e.n, label(i)) }, incident.StateIn(citePrefix+e.it.Ref, a.Incident))
		}
	}
	if len(opts) == 0 {
		return nil
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.SelectMenu{
		MenuType:    discordgo.StringSelectMenu,
		CustomID:    detailsID,
		Placeholder: phrases.Word(a.Locale, "Details, sources and citations…"),
		Options:     opts,
	}}}
}

// itemLabel is what names an item in the Details menu: its heading, or
// the start of its words, marked as the answer marks them (a speaker's
// words in quotation marks, a paraphrase labelled).
func itemLabel(loc string, it bot.Item) string {
	switch {
	case it.Heading != "":
		return it.Heading
	case it.Words.Mark == bot.MarkCited:
		return it.Words.Text
	}
	return bot.PlainWordsIn(loc, it.Words)
}

// fitPlain cuts plain text (no markdown: labels, footers) to a limit: as
// cutWords cuts it for the most runes that fit. What cutWords keeps only
// grows with the runes it is given, so one pass finds that cut, stopping
// at the first that does not fit (FuzzFitPlain holds it to trying every
// cut).
func fitPlain(s string, limit int) string {
	if platform.UTF16Len(s) <= limit {
		return s
	}
	const ellipsis = 1 // "…", in UTF-16 units
	if limit < ellipsis {
		return "…"
	}
	var (
		units     int // of the runes read so far
		wordEnd   int // where the runes read so far end without trailing space, in bytes
		wordUnits int // and in UTF-16 units
		// where and how long the words before the last space read are
		// (cutWords keeps those when it would cut a word), and where
		// that space is
		beforeEnd, beforeUnits, lastSpace = 0, 0, -1
		keep                              = 0 // the longest cut that fits, in bytes
	)
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, size = utf8.DecodeRuneInString(s[i:]) // 1 for a byte that is not UTF-8
		}
		if i+size == len(s) {
			break // cutWords keeps all the runes whole
		}
		// Before rune i, with the runes before it read: the cut that
		// keeps them.
		end, u := wordEnd, wordUnits
		if !unicode.IsSpace(r) && lastSpace > 0 {
			end, u = beforeEnd, beforeUnits
		}
		if u+ellipsis > limit {
			break
		}
		keep = end
		units += platform.RuneUTF16Len(r)
		if unicode.IsSpace(r) {
			beforeEnd, beforeUnits, lastSpace = wordEnd, wordUnits, i
		} else {
			wordEnd, wordUnits = i+size, units
		}
	}
	return s[:keep] + "…"
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
		top.WriteString(phrases.T(a.Locale, "Posted by %s", "<@"+poster+">") + "\n")
	}
	t, _ := fitEscaped(title, maxTitle)
	top.WriteString("**" + t + "**")
	if label != "" {
		top.WriteString(" · " + label)
	}
	// The incident that answered, when there are several, is the last
	// line, in italics.
	last := ""
	if l := bot.IncidentLine(a); l != "" {
		last = "\n*" + Escape(l) + "*"
	}
	if intro == "" {
		return top.String() + last
	}
	head := top.String() + "\n"
	rest, _ := fitEscaped(intro, maxContent-platform.UTF16Len(head)-platform.UTF16Len(last))
	return head + rest + last
}

// fitEscaped escapes s, first cutting it at a word boundary, marked, if
// the escaped text would be wider than limit. It reports whether it cut.
func fitEscaped(s string, limit int) (string, bool) {
	if e := Escape(s); platform.UTF16Len(e) <= limit {
		return e, false
	}
	n := largest(1, utf8.RuneCountInString(s), func(n int) bool {
		cut, _ := cutWords(s, n)
		return platform.UTF16Len(Escape(cut)) <= limit
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
		prev := discordgo.Button{Label: phrases.Word(a.Locale, "Previous"), Style: discordgo.SecondaryButton, CustomID: "x:prev", Disabled: true}
		next := discordgo.Button{Label: phrases.Word(a.Locale, "Next"), Style: discordgo.SecondaryButton, CustomID: "x:next", Disabled: true}
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
		row = append(row, discordgo.Button{Label: phrases.Word(a.Locale, "Post to channel"), Style: discordgo.PrimaryButton, CustomID: id})
	}
	if !fits {
		what := map[[2]bool]string{{true, false}: "page", {false, true}: "post", {true, true}: "page or post"}[[2]bool{pageable, postable}]
		row = []discordgo.MessageComponent{discordgo.Button{
			Label: phrases.Word(a.Locale, "Query too long to "+what), Style: discordgo.SecondaryButton, CustomID: "x:long", Disabled: true,
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

// shown is an embed with the numbers of the items it shows.
type shown struct {
	from, to int
	embed    *discordgo.MessageEmbed
}

// embeds renders the lead and the items, one embed each, except that
// consecutive one-line items share one embed, a line each.
func embeds(a bot.Answer) []shown {
	var out []shown
	if a.Lead != nil {
		n := max(a.First, 1)
		out = append(out, shown{n, n, fitEmbed(a.Locale, n, *a.Lead, true)})
	}
	for i := 0; i < len(a.Items); {
		if !oneLine(a.Items[i]) {
			n := a.Number(i)
			out = append(out, shown{n, n, fitEmbed(a.Locale, n, a.Items[i], false)})
			i++
			continue
		}
		e := &discordgo.MessageEmbed{Color: kindColours[a.Items[i].Kind]}
		from := a.Number(i)
		var lines []string
		total := -1 // the width of lines joined, with a newline between
		for ; i < len(a.Items) && oneLine(a.Items[i]); i++ {
			l := itemLine(a.Locale, a.Number(i), a.Items[i])
			if total+1+platform.UTF16Len(l) > maxDescription || len(lines) == bot.LinePageSize {
				break
			}
			lines = append(lines, l)
			total += 1 + platform.UTF16Len(l)
		}
		e.Description = strings.Join(lines, "\n")
		out = append(out, shown{from, from + len(lines) - 1, e})
	}
	return out
}

// oneLine reports whether an item is shown as a line of a list: a
// heading, with at most a status and a meta line.
func oneLine(it bot.Item) bool {
	return it.Words.Text == "" && len(it.Lines) == 0 && !it.HasDetails() && it.Heading != ""
}

// itemLine is a one-line item: "**3.** Heading · *status*", with its meta
// under it.
func itemLine(loc string, n int, it bot.Item) string {
	heading := Escape(it.Heading)
	if it.Meta != "" {
		// A line with a second line under it (a claim and who stands
		// where) is set off in bold, so that the entries can be told apart.
		heading = "**" + heading + "**"
	}
	l := "**" + strconv.Itoa(n) + ".** " + heading
	if it.Status != "" {
		l += " · *" + Escape(phrases.Word(loc, it.Status)) + "*"
	}
	if it.Meta != "" {
		l += "\n\u2003" + Escape(it.Meta)
	}
	return l
}

// packParts splits a page's embeds into parts that each fit one message: as
// many whole embeds as fit, in order.
func packParts(a bot.Answer) []part {
	var parts []part
	es := embeds(a)
	for i := 0; i < len(es); {
		p := part{from: es[i].from}
		total := 0
		for i < len(es) && len(p.embeds) < maxEmbeds {
			n := embedWidth(es[i].embed)
			if total+n > maxEmbedTotal && len(p.embeds) > 0 {
				break
			}
			p.embeds = append(p.embeds, es[i].embed)
			p.to = es[i].to
			total += n
			i++
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = []part{{from: 1, to: 0, embeds: []*discordgo.MessageEmbed{}}}
	}
	return parts
}

// fitEmbed renders an item, with its excerpts cut as little as needed to
// fit an embed, and as a last resort with the end of its text cut, marked.
func fitEmbed(loc string, n int, it bot.Item, lead bool) *discordgo.MessageEmbed {
	if e := itemEmbed(loc, n, it, noCap, lead); embedFits(e) {
		return e
	}
	longest := 0
	for _, x := range it.Excerpts {
		longest = max(longest, utf8.RuneCountInString(x.Text))
	}
	excerptCap := largest(0, longest, func(c int) bool { return embedFits(itemEmbed(loc, n, it, c, lead)) })
	e := itemEmbed(loc, n, it, max(excerptCap, 0), lead)
	if embedFits(e) {
		return e
	}
	e.Description = cutLines(loc, e.Description, min(maxDescription, maxEmbedTotal-platform.UTF16Len(e.Title)-footerWidth(e)))
	return e
}

func footerWidth(e *discordgo.MessageEmbed) int {
	if e.Footer == nil {
		return 0
	}
	return platform.UTF16Len(e.Footer.Text)
}

// cutLines shortens markdown to at most n, dropping whole paragraphs from
// the end and saying so, so that no formatting is left half open.
func cutLines(loc, md string, n int) string {
	note := "\n…\n*(" + phrases.Word(loc, "shortened to fit Discord’s limits; see the source") + ")*"
	// Whole paragraphs go first: an excerpt is one paragraph with its
	// source, and must not lose its source alone.
	paras := strings.Split(md, "\n\n")
	for len(paras) > 1 && platform.UTF16Len(strings.Join(paras, "\n\n"))+platform.UTF16Len(note) > n {
		paras = paras[:len(paras)-1]
	}
	out := strings.Join(paras, "\n\n")
	if platform.UTF16Len(out)+platform.UTF16Len(note) > n {
		// One line longer than the limit: cut it by words, keeping no
		// dangling escape.
		runes := []rune(out)
		keep := largest(0, len(runes), func(k int) bool { return platform.UTF16Len(string(runes[:k]))+platform.UTF16Len(note) <= n })
		out, _ = cutWords(out, max(keep, 1))
		out = strings.TrimSuffix(strings.TrimSuffix(out, "…"), `\`)
	}
	return out + note
}

func embedFits(e *discordgo.MessageEmbed) bool {
	t, d, f := platform.UTF16Len(e.Title), platform.UTF16Len(e.Description), footerWidth(e)
	return t <= maxTitle && d <= maxDescription && f <= maxFooter && t+d+f+extraWidth(e) <= maxEmbedTotal
}

// embedWidth is what an embed counts towards a message's 6000 characters.
func embedWidth(e *discordgo.MessageEmbed) int {
	return platform.UTF16Len(e.Title) + platform.UTF16Len(e.Description) + footerWidth(e) + extraWidth(e)
}

// extraWidth is what an embed's fields and author count towards it.
func extraWidth(e *discordgo.MessageEmbed) int {
	n := 0
	for _, f := range e.Fields {
		n += platform.UTF16Len(f.Name) + platform.UTF16Len(f.Value)
	}
	if e.Author != nil {
		n += platform.UTF16Len(e.Author.Name)
	}
	return n
}

// itemEmbed renders one item, numbered n: the heading as the title (with
// the number), then the status, the words, the lines, the details, and
// the meta line as the footer. A lead has no number: it is the answer.
// Excerpts longer than excerptCap characters are cut at a word and
// marked (noCap: never).
func itemEmbed(loc string, n int, it bot.Item, excerptCap int, lead bool) *discordgo.MessageEmbed {
	var d []string
	title := ""
	number := strconv.Itoa(n) + ". "
	if lead {
		number = ""
	}
	if it.Heading != "" {
		t, cut := fitEscaped(number+it.Heading, maxTitle)
		title = t
		if cut {
			d = append(d, "**"+Escape(it.Heading)+"**")
		}
	}
	if it.Status != "" {
		d = append(d, phrases.Word(loc, "Status")+": **"+Escape(phrases.Word(loc, it.Status))+"**")
	}
	if it.Words.Text != "" {
		w := it.Words.Show(marks, loc)
		if title == "" && !lead {
			w = "**" + strconv.Itoa(n) + ".** " + w
		}
		d = append(d, w)
	}
	for _, l := range it.Lines {
		d = append(d, "• "+l.Show(marks, loc))
	}
	for _, note := range it.Notes {
		d = append(d, "**"+Escape(note.Label)+":** "+Escape(note.Text))
	}
	for _, x := range it.Excerpts {
		d = append(d, excerptLines(loc, x, excerptCap))
	}
	e := &discordgo.MessageEmbed{
		Title:       title,
		URL:         itemURL(it),
		Description: strings.Join(d, "\n"),
		Color:       colour(it),
	}
	if it.Meta != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: fitPlain(it.Meta, maxFooter)}
	}
	return e
}

// marks is Discord's markdown for marked words.
var marks = bot.Markup{
	Escape:     Escape,
	Strong:     func(s string) string { return "**" + s + "**" },
	Paraphrase: func(loc, text string) string { return "*(" + phrases.Word(loc, bot.ParaphraseLabel) + ")* " + text },
	Cited:      func(text string) string { return "> " + strings.ReplaceAll(Escape(text), "\n", "\n> ") },
	Copy:       escapeKeepingLinks,
}

// bareURL is a link written out in text.
var bareURL = regexp.MustCompile(`https?://[^\s<>]+`)

// escapeKeepingLinks escapes text to copy (a citation) but leaves its
// links as they are: Discord links a bare URL whole, so a backslash
// before an underscore in it would end up in the link and in the copy.
func escapeKeepingLinks(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range bareURL.FindAllStringIndex(text, -1) {
		u := text[m[0]:m[1]]
		if _, ok := linkable(u); !ok {
			continue
		}
		b.WriteString(Escape(text[last:m[0]]))
		b.WriteString(u)
		last = m[1]
	}
	b.WriteString(Escape(text[last:]))
	return b.String()
}

// excerptLines are an excerpt as the reader sees it in the details: what
// it supports, the words as a block quote, then "— Source", the title
// linked when a URL is known. It is one paragraph, so that a cut never
// separates the words from their source.
func excerptLines(loc string, x bot.Excerpt, excerptCap int) string {
	var lines []string
	if x.About != "" {
		lines = append(lines, "*"+Escape(x.About)+":*")
	}
	text, cut := x.Text, false
	if excerptCap != noCap {
		if excerptCap < minExcerpt && utf8.RuneCountInString(text) > excerptCap {
			return strings.Join(append(lines, "*("+phrases.Word(loc, "excerpt left out to fit Discord’s limits; see source")+")*", "— "+sourceLink(loc, x)), "\n")
		}
		text, cut = cutWords(text, excerptCap)
	}
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, "> "+Escape(l))
	}
	if cut {
		lines = append(lines, "*("+phrases.Word(loc, "excerpt shortened; see source")+")*")
	}
	lines = append(lines, "— "+sourceLink(loc, x))
	return "\n" + strings.Join(lines, "\n")
}

// sourceLink names an excerpt's source, linked when its URL is usable.
func sourceLink(loc string, x bot.Excerpt) string {
	s := link(Escape(x.Source), x.URL)
	if x.Archived != "" {
		s += " · " + link(Escape(phrases.Word(loc, "archived copy")), x.Archived)
	}
	return s
}

// link is name linked to u when u is usable, or both as text.
func link(name, u string) string {
	if u, ok := linkable(u); ok {
		if name == "" {
			return u
		}
		return "[" + name + "](" + u + ")"
	}
	return knowledge.JoinNonEmpty(" · ", name, Escape(u))
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

// itemURL links an embed's title to its source when every excerpt of the
// item points to the same known URL.
func itemURL(it bot.Item) string {
	link := ""
	for _, x := range it.Excerpts {
		u, ok := linkable(x.URL)
		if !ok || (link != "" && u != link) {
			return ""
		}
		link = u
	}
	return link
}

func colour(it bot.Item) int {
	if it.Kind == bot.KindClaim {
		return statusColours[it.Status]
	}
	return kindColours[it.Kind]
}
