package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
)

// Slack's Block Kit limits, in characters, and the Socket Mode ack limit in
// bytes. See platforms.md.
const (
	maxBlocks       = 50
	maxSectionText  = 3000
	maxHeaderText   = 150
	maxContextElems = 10
	maxButtonValue  = 2000
	// maxValueBytes bounds a button value as encoded in the message JSON,
	// so that three buttons leave room for the answer under the ack limit.
	maxValueBytes = 1500
	// maxMessageBytes leaves room for the Socket Mode envelope around a
	// message: an ack of 20,480 bytes or more is dropped.
	maxMessageBytes = 20480 - 480
)

// Action IDs of the buttons under an answer.
const (
	actionPrev  = "incidentbot_prev"
	actionNext  = "incidentbot_next"
	actionShare = "incidentbot_share"
	// actionDetails opens an entry's details; its value is the entry's
	// reference (bot.Item.Ref), so it needs no other state.
	actionDetails = "incidentbot_details"
)

// state is what a button carries so that a click can be answered by any
// replica, after any restart: the command line, the engine page, how many
// items of that page earlier Slack messages already showed, and how the
// message is shown.
type state struct {
	Line   string `json:"l"`
	Page   int    `json:"p,omitempty"`
	Skip   int    `json:"s,omitempty"`
	Public bool   `json:"pub,omitempty"`
	// By is the Slack user ID of whoever shared the answer into the
	// channel; ByName stands in for By when the payload has no usable user ID.
	By     string `json:"by,omitempty"`
	ByName string `json:"bn,omitempty"`
}

func (s state) encode() string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func decodeState(value string) (state, error) {
	var s state
	if err := json.Unmarshal([]byte(value), &s); err != nil {
		return state{}, fmt.Errorf("decoding button value: %w", err)
	}
	if s.Line == "" || s.Page < 0 || s.Skip < 0 || s.Skip >= bot.LinePageSize || (s.By != "" && !isUserID(s.By)) {
		return state{}, errors.New("button value out of range")
	}
	return s, nil
}

// render turns one page of an answer into a Slack message within Slack's
// limits. Items that do not fit move to the next message: Next then points
// at the same engine page with the skip advanced. Ephemeral replies get a
// "Share in channel" button.
func render(a bot.Answer, st state) *slackapi.WebhookMessage {
	if a.Private {
		// Only the asker sees it, whatever the reply setting; nothing to
		// page or share.
		st.Public, st.By, st.ByName = false, "", ""
	}
	skip := min(st.Skip, len(a.Items))
	for n := len(a.Items) - skip; n > 1; n-- {
		if msg, blocks := compose(a, st, skip, n, 0); fits(msg, blocks) {
			return msg
		}
	}
	n := min(1, len(a.Items)-skip)
	// A single entry too big for a message loses its last blocks, marked.
	most := 0
	if n == 1 {
		most = len(itemBlocks(a.Locale, a.Items[skip], 0, a.Help)) - 1
	}
	for trim := 0; trim <= most; trim++ {
		if msg, blocks := compose(a, st, skip, n, trim); fits(msg, blocks) {
			return msg
		}
	}
	return tooLong(a)
}

// tooLong is the last resort when even one entry cannot be shown: the
// answer's own text (an echoed query thousands of characters long) is too
// big for a Slack message.
func tooLong(a bot.Answer) *slackapi.WebhookMessage {
	title := cut(escape(a.Title), maxHeaderText, "…")
	if title == "" {
		title = "incidentbot"
	}
	return &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral,
		Text:         title,
		Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewHeaderBlock(plain(title)),
			section(cut(escape(a.Intro)+"\n\n", 1000, "…\n\n") + "_This answer is too long to show in Slack; ask a shorter question._"),
		}},
	}
}

func jsonLen(s string) int {
	raw, err := json.Marshal(s)
	if err != nil {
		return len(s) * 6
	}
	return len(raw)
}

func fits(msg *slackapi.WebhookMessage, blocks int) bool {
	if blocks > maxBlocks {
		return false
	}
	if sizeBound(msg) <= maxMessageBytes {
		return true
	}
	raw, err := json.Marshal(msg)
	return err == nil && len(raw) <= maxMessageBytes
}

// Generous allowances for the JSON around the text of a block and of an
// element (type names, keys, action ids, flags), for sizeBound.
const (
	blockOverhead   = 200
	elementOverhead = 200
)

// sizeBound is an upper bound on the message's encoded size, from its text
// alone: most pages are far under the limit, and this spares encoding them
// twice (here and when sent). Only a message near the limit is encoded to
// be measured exactly.
func sizeBound(msg *slackapi.WebhookMessage) int {
	n := jsonLen(msg.Text) + blockOverhead
	text := func(t *slackapi.TextBlockObject) int {
		if t == nil {
			return 0
		}
		return jsonLen(t.Text) + elementOverhead
	}
	if msg.Blocks == nil {
		return n
	}
	for _, b := range msg.Blocks.BlockSet {
		n += blockOverhead
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			n += text(b.Text)
		case *slackapi.SectionBlock:
			n += text(b.Text)
			if b.Accessory != nil {
				btn := b.Accessory.ButtonElement
				if btn == nil {
					return maxMessageBytes + 1
				}
				n += elementOverhead + text(btn.Text) + jsonLen(btn.Value)
			}
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				t, ok := e.(*slackapi.TextBlockObject)
				if !ok {
					return maxMessageBytes + 1 // not one this renderer makes: measure it
				}
				n += text(t)
			}
		case *slackapi.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				btn, ok := e.(*slackapi.ButtonBlockElement)
				if !ok {
					return maxMessageBytes + 1
				}
				n += text(btn.Text) + jsonLen(btn.Value)
			}
		case *slackapi.DividerBlock:
		default:
			return maxMessageBytes + 1
		}
	}
	return n
}

// compose builds the message showing n items of a.Items from skip on,
// with the last trim blocks of the last item replaced by a note.
func compose(a bot.Answer, st state, skip, n, trim int) (*slackapi.WebhookMessage, int) {
	items := a.Items[skip : skip+n]
	title := a.Title
	if title == "" {
		title = "incidentbot"
	}
	var blocks []slackapi.Block
	blocks = append(blocks, slackapi.NewHeaderBlock(plain(cut(escape(title), maxHeaderText, "…"))))
	if a.Total > len(items) && len(items) > 0 && a.Lead == nil {
		first := a.Number(skip)
		blocks = append(blocks, note(bot.T(a.Locale, "Items %d–%d of %d · page %d of %d",
			first, first+len(items)-1, a.Total, a.Page, a.Pages)))
	}
	if a.Intro != "" {
		blocks = append(blocks, section(cut(escape(a.Intro), maxSectionText, cutMark)))
	}
	if a.Lead != nil && skip == 0 {
		blocks = append(blocks, leadBlocks(a.Locale, *a.Lead)...)
	}
	for i, it := range items {
		if i > 0 && !a.Help && !oneLine(it) {
			blocks = append(blocks, slackapi.NewDividerBlock())
		}
		ib := itemBlocks(a.Locale, it, a.Number(skip+i), a.Help)
		if i == len(items)-1 && trim > 0 {
			ib = trimItem(a.Locale, ib, trim)
		}
		blocks = append(blocks, ib...)
	}
	if a.Help {
		blocks = append(blocks, note(bot.Word(a.Locale, "Where these names are taken, use the umbrella command: `/incident who-said Peskov`, `/incident timeline`.")))
	}
	switch {
	case st.By != "":
		blocks = append(blocks, note(bot.T(a.Locale, "Shared by %s", "<@"+st.By+">")))
	case st.ByName != "":
		blocks = append(blocks, note(bot.T(a.Locale, "Shared by %s", cut(escape(st.ByName), 200, "…"))))
	}
	if nav, ok := navigation(a, st, skip, n); ok {
		if len(nav) > 0 {
			blocks = append(blocks, slackapi.NewActionBlock("incidentbot_nav", nav...))
		}
	} else {
		blocks = append(blocks, note("_"+bot.Word(a.Locale, "This question is too long to page or share from here; ask a shorter one to see more.")+"_"))
	}

	// The text is what notifications show: the title, short.
	text := cut(escape(title), maxHeaderText, "…")
	if a.Pages > 1 {
		text += bot.T(a.Locale, " (page %d of %d)", a.Page, a.Pages)
	}
	msg := &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral,
		Text:         text,
		Blocks:       &slackapi.Blocks{BlockSet: blocks},
	}
	if st.Public {
		msg.ResponseType = slackapi.ResponseTypeInChannel
	}
	return msg, len(blocks)
}

// trimItem drops trim sections from the end of an item's blocks, keeping
// its sources (the context block last) and saying that it was cut.
func trimItem(loc string, ib []slackapi.Block, trim int) []slackapi.Block {
	var sources []slackapi.Block
	if _, ok := ib[len(ib)-1].(*slackapi.ContextBlock); ok && len(ib) > 1 {
		ib, sources = ib[:len(ib)-1], ib[len(ib)-1:]
	}
	out := append([]slackapi.Block{}, ib[:max(len(ib)-trim, 1)]...)
	out = append(out, note("_… "+bot.Word(loc, "the rest of this entry is too long for one Slack message and is cut here.")+"_"))
	return append(out, sources...)
}

// navigation returns the Previous, Next and Share buttons for a message
// showing n items from skip on; ok is false when the command line is too
// long for a button value to carry.
func navigation(a bot.Answer, st state, skip, n int) (buttons []slackapi.BlockElement, ok bool) {
	ok = true
	add := func(action, label string, to state) {
		value := to.encode()
		if chars(value) > maxButtonValue || jsonLen(value) > maxValueBytes {
			ok = false
			return
		}
		buttons = append(buttons, slackapi.NewButtonBlockElement(action, value, plain(bot.Word(a.Locale, label))))
	}
	if a.Page > 1 || skip > 0 {
		to := st
		if skip > 0 {
			// Back to the start of this engine page.
			to.Page, to.Skip = a.Page, 0
		} else {
			to.Page, to.Skip = a.Page-1, 0
		}
		add(actionPrev, "Previous", to)
	}
	if skip+n < len(a.Items) || a.Page < a.Pages {
		to := st
		if skip+n < len(a.Items) {
			to.Page, to.Skip = a.Page, skip+n
		} else {
			to.Page, to.Skip = a.Page+1, 0
		}
		add(actionNext, "Next", to)
	}
	if !st.Public && !a.Help && !a.Private {
		to := st
		to.Page, to.Skip = a.Page, skip
		add(actionShare, "Share in channel", to)
	}
	if !ok {
		return nil, false
	}
	return buttons, true
}

// oneLine reports whether an item is shown as a line of a list: a
// heading, with at most a status and a meta line.
func oneLine(it bot.Item) bool {
	return it.Words.Text == "" && len(it.Lines) == 0 && !it.HasDetails() && it.Heading != ""
}

// leadBlocks render an answer's lead (or a details view) as an item
// without a number: it is the answer, not one of a list.
func leadBlocks(loc string, it bot.Item) []slackapi.Block { return itemBlocks(loc, it, 0, false) }

// itemBlocks renders one item: a section with its number and heading (and
// status), its words and lines, with a Details button; its meta line as
// context; then its details when filled in, as further sections.
func itemBlocks(loc string, it bot.Item, n int, help bool) []slackapi.Block {
	if help {
		return []slackapi.Block{section("*`" + escape(it.Heading) + "`*\n" + escape(it.Words.Text))}
	}
	var paras []string
	head := ""
	if n > 0 {
		head = fmt.Sprintf("*%d.*", n)
	}
	if it.Heading != "" {
		head = bot.JoinNonEmpty(" ", head, "*"+escape(it.Heading)+"*")
	}
	if it.Status != "" {
		head += " · _" + escape(bot.Word(loc, it.Status)) + "_"
	}
	switch {
	case it.Words.Text == "":
	case head == "":
		head = words(loc, it.Words)
	case it.Heading == "":
		head += " " + words(loc, it.Words)
	default:
		head += "\n" + words(loc, it.Words)
	}
	paras = append(paras, head)
	for _, l := range it.Lines {
		paras = append(paras, "• "+words(loc, l))
	}
	if oneLine(it) && it.Meta != "" {
		// A list line keeps its meta beside it, in one section.
		paras = []string{head + "\n" + escape(it.Meta)}
	}
	var blocks []slackapi.Block
	for i, text := range pack(paras, "\n", maxSectionText) {
		b := section(text)
		if i == 0 {
			b = withDetails(loc, b, it)
		}
		blocks = append(blocks, b)
	}
	if it.Meta != "" && !oneLine(it) {
		blocks = append(blocks, note(cut(escape(it.Meta), maxSectionText, cutMark)))
	}
	return append(blocks, detailBlocks(it)...)
}

// detailBlocks are an item's details: its notes, then each excerpt as a
// block quote with its source, one section each so that a cut never
// separates words from their source.
func detailBlocks(it bot.Item) []slackapi.Block {
	var paras []string
	for _, n := range it.Notes {
		paras = append(paras, "*"+escape(n.Label)+":* "+escape(n.Text))
	}
	var blocks []slackapi.Block
	for _, text := range pack(paras, "\n", maxSectionText) {
		blocks = append(blocks, section(text))
	}
	for _, x := range it.Excerpts {
		var lines []string
		if x.About != "" {
			lines = append(lines, "_"+escape(x.About)+":_")
		}
		lines = append(lines, blockquote(x.Text), "— "+link(x.Source, x.URL))
		blocks = append(blocks, section(cut(strings.Join(lines, "\n"), maxSectionText, cutMark)))
	}
	return blocks
}

// withDetails gives a section a Details button when the item has details
// not shown yet.
func withDetails(loc string, s *slackapi.SectionBlock, it bot.Item) *slackapi.SectionBlock {
	if it.Ref == "" || it.HasDetails() || chars(it.Ref) > maxButtonValue {
		return s
	}
	s.Accessory = slackapi.NewAccessory(slackapi.NewButtonBlockElement(actionDetails, it.Ref, plain(bot.Word(loc, "Details"))))
	return s
}

// words shows words as the answer marks them: a speaker's exact words in
// quotation marks, a paraphrase marked, a source's words as a block quote,
// each after its subject ("US officials assess:").
func words(loc string, w bot.Words) string {
	text := escape(w.Text)
	switch w.Mark {
	case bot.MarkExact:
		text = "“" + text + "”"
	case bot.MarkParaphrase:
		text = "_" + bot.Word(loc, bot.ParaphraseLabel) + ":_ " + text
	case bot.MarkCited:
		text = blockquote(w.Text)
	}
	switch {
	case w.Who == "":
		return text
	case w.Text == "":
		return "*" + escape(w.Who) + "*."
	case w.Mark == bot.MarkCited:
		return "*" + escape(w.Who) + ":*\n" + text
	}
	return "*" + escape(w.Who) + ":* " + text
}

func blockquote(s string) string {
	lines := strings.Split(escape(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// link is a mrkdwn link to url labelled title, or the escaped title alone
// when no usable URL is known.
func link(title, url string) string {
	if title == "" {
		title = url
	}
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return escape(title)
	}
	// "|" would end the URL part early; the label may hold anything escaped.
	url = strings.ReplaceAll(escape(url), "|", "%7C")
	return "<" + url + "|" + escape(title) + ">"
}

// pack joins paragraphs into as few texts of at most limit characters as
// possible, never splitting a paragraph unless it alone is too long; such a
// paragraph is cut with a visible mark.
func pack(paras []string, sep string, limit int) []string {
	var out []string
	cur := ""
	for _, p := range paras {
		if p == "" {
			continue
		}
		p = cut(p, limit, cutMark)
		switch {
		case cur == "":
			cur = p
		case chars(cur)+chars(sep)+chars(p) <= limit:
			cur += sep + p
		default:
			out = append(out, cur)
			cur = p
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// cutMark ends text cut to fit a limit, so that no reader mistakes a cut
// quote for the whole of it.
const cutMark = " … _[cut to fit Slack]_"

// cut shortens s to at most limit characters (as Slack counts them, in
// UTF-16 units) at a space outside any <link|label>, and ends it with mark.
func cut(s string, limit int, mark string) string {
	if chars(s) <= limit {
		return s
	}
	budget := limit - chars(mark)
	end, n, open := 0, 0, 0
	lastSafe := 0
	for i, r := range s {
		n += runeChars(r)
		if n > budget {
			break
		}
		switch r {
		case '<':
			open++
		case '>':
			open = max(open-1, 0)
		}
		end = i + utf8.RuneLen(r)
		if (r == ' ' || r == '\n') && open == 0 {
			lastSafe = i
		}
	}
	if lastSafe == 0 {
		// No safe space: cut at a rune boundary, dropping any half
		// entity or link so the markup stays whole.
		lastSafe = end
		if i := strings.LastIndexAny(s[:lastSafe], "&<"); i >= 0 && !strings.ContainsAny(s[i:lastSafe], ";>") {
			lastSafe = i
		}
	}
	return strings.TrimRight(s[:lastSafe], " \n") + mark
}

// chars counts s as Slack counts characters: in UTF-16 code units.
func chars(s string) int {
	n := 0
	for _, r := range s {
		n += runeChars(r)
	}
	return n
}

func runeChars(r rune) int {
	if l := utf16.RuneLen(r); l > 0 {
		return l
	}
	return 1
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes text safe to show in a Slack message: with &, < and >
// escaped, no mention (<!channel>, <!here>, <@U…>) or link can be formed,
// and with invisible formatting characters (bidi controls) dropped, so
// that echoed text reads as it is.
func escape(s string) string { return escaper.Replace(bot.Visible(s)) }

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, false, false)
}

// mrkdwn is a text object of Slack markup. Verbatim, so that Slack does
// not turn names or channel words in it into mentions or links: the text
// is escaped and means exactly what it says.
func mrkdwn(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, true)
}

func note(s string) *slackapi.ContextBlock {
	return slackapi.NewContextBlock("", mrkdwn(s))
}

func section(s string) *slackapi.SectionBlock {
	return slackapi.NewSectionBlock(mrkdwn(s), nil, nil)
}
